from __future__ import annotations

import csv
import io
import json

import pytest

from tests.competence_profile.conftest import BROKEN_CASES, assemble, expected_lines


def test_version_and_help(cli):
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("digiculture ")
    for cmd in (
        ["--help"],
        ["profile", "--help"],
        ["profile", "validate", "--help"],
        ["profile", "export", "--help"],
        ["profile", "translations", "--help"],
        ["profile", "docs", "--help"],
        ["units", "--help"],
        ["run", "--help"],
    ):
        result = cli(*cmd)
        assert result.returncode == 0, cmd
        assert "Usage" in result.stdout


def test_validate_shipped_profile(cli):
    out = cli("profile", "validate")
    assert out.returncode == 0
    assert out.stdout.count("\n") == 1
    assert "24 competences" in out.stdout and "all 21 DigComp 2.2 competences" in out.stdout


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_validate_broken_fixture_exits_1_with_clear_lines(cli, case, tmp_path):
    folder = assemble(case, tmp_path / "p")
    out = cli("profile", "validate", "--data", str(folder))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    for line in expected_lines(case):
        assert line in out.stderr
    assert "fix the lines above" in out.stderr.splitlines()[-1]


def test_export_json_in_german(cli):
    out = cli("profile", "export", "--format", "json", "--lang", "de")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["language"] == "de" and data["levels"][0]["id"] == "L1"
    assert data["areas"][0]["competences"][0]["id"] == "P1.1"


def test_export_csv_and_md_to_file(cli, tmp_path):
    target = tmp_path / "profile.csv"
    assert cli("profile", "export", "--format", "csv", "--output", str(target)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 24
    md = cli("profile", "export", "--format", "md", "--lang", "it")
    assert md.returncode == 0 and md.stdout.startswith("# ")


def test_export_unknown_language_and_format(cli):
    out = cli("profile", "export", "--lang", "fr")
    assert out.returncode == 2
    assert "Unknown language 'fr'" in out.stderr and "Traceback" not in out.stderr
    bad = cli("profile", "export", "--format", "xml")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_translations_lists_drafts_for_a_reviewer(cli):
    out = cli("profile", "translations", "--status", "draft", "--lang", "el")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines and all(line.startswith("el\tdraft\t") for line in lines)
    assert any("\tcompetence:P1.1\t" in line for line in lines)
    reviewed = cli("profile", "translations", "--status", "reviewed", "--lang", "el")
    assert reviewed.returncode == 0  # nothing reviewed yet is an honest, valid answer


def test_translations_reports_reviewed_entries(cli, tmp_path):
    folder = assemble(None, tmp_path / "p")
    out = cli("profile", "translations", "--status", "reviewed", "--data", str(folder))
    assert out.stdout.splitlines() == ["de\treviewed\tprofile\tDE A small test profile"]


def test_docs_check_detects_stale_pages(cli, tmp_path):
    out_dir = tmp_path / "docs"
    assert cli("profile", "docs", "--out-dir", str(out_dir)).returncode == 0
    assert len(list(out_dir.glob("competence_profile*.md"))) == 6
    assert cli("profile", "docs", "--check", "--out-dir", str(out_dir)).returncode == 0
    (out_dir / "competence_profile.hr.md").write_text("old", encoding="utf-8")
    stale = cli("profile", "docs", "--check", "--out-dir", str(out_dir))
    assert stale.returncode == 1 and "competence_profile.hr.md is out of date" in stale.stderr


def test_environment_variable_points_the_cli_at_other_data(cli, tmp_path):
    import os

    folder = assemble("duplicate_id", tmp_path / "p")
    env = dict(os.environ, DIGICULTURE_PROFILE_DIR=str(folder))
    out = cli("profile", "validate", env=env)
    assert out.returncode == 1 and "duplicate id" in out.stderr
