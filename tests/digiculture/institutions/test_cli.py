"""`digiculture institution ...` on the example programme: list, codes, a check out and back
in, the plan of the 3-person museum in its language, and sentences for mistakes."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from tests.digiculture.outcomes.cohort import generated_programme, programme_cli

SMALL = "Heimatmuseum Kleinbach"


@pytest.fixture(scope="module")
def programme(tmp_path_factory):
    return generated_programme(tmp_path_factory)


@pytest.fixture(scope="module")
def run(programme):
    return programme_cli(programme)


def _pdf_text(path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_list_shows_small_institutions_without_small_counts(run):
    result = run("institution", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    small = rows[SMALL]
    assert (small["type"], small["size_band"], small["country"]) == ("museum", "1-4", "DE")
    assert small["staff_assessed"] is None  # 3 staff: not counted out loud
    assert small["staff_sharing"] == 2 and small["checks"] == ["2025-11-24", "2026-11-23"]
    assert "director_key" not in json.dumps(rows)
    assert rows["Stadtmuseum Lindenau"]["staff_assessed"] == 40
    assert sum(1 for r in rows.values() if r["size_band"] == "1-4") >= 5
    assert sum(1 for r in rows.values() if len(r["checks"]) == 2) >= 3
    for r in rows.values():
        n = r["staff_assessed"]
        assert n is None or n == 0 or n >= 5


def test_the_three_person_museum_gets_its_plan_in_german(run, tmp_path, programme):
    _, summary = programme
    out = tmp_path / "plan.pdf"
    result = run("institution", "report", SMALL, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    assert f"Entwicklungsplan: {SMALL}" in text
    assert "Veränderung seit dem Check vom 24. November 2025" in text
    anonymous = run(
        "institution", "report", SMALL, "--format", "json", "-o", str(tmp_path / "a.json")
    )
    assert anonymous.exit_code == 0, anonymous.output
    plan = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert plan["shared"] == []  # shared results by name only with the director key
    assert not [a for a in plan["actions"] if a["kind"] == "training"]
    with_key = run(
        "institution",
        "report",
        SMALL,
        "--format",
        "json",
        "-o",
        str(tmp_path / "p.json"),
        "--key",
        summary["director_keys"][SMALL],
    )
    assert with_key.exit_code == 0, with_key.output
    plan = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert plan["lang"] == "de" and [s["shown_as"] for s in plan["shared"]] == [
        "Anna Weber",
        "Jonas Keller",
    ]
    assert all(1 <= a["month"] <= 12 and a["owner"] for a in plan["actions"])
    assert plan["like_yours"]["count"] >= 5  # small museums that did the check
    english = run(
        "institution",
        "report",
        SMALL,
        "--lang",
        "en",
        "--format",
        "html",
        "-o",
        str(tmp_path / "p.html"),
    )
    assert english.exit_code == 0
    assert f"Development plan: {SMALL}" in (tmp_path / "p.html").read_text(encoding="utf-8")
    wrong = run("institution", "report", SMALL, "--key", "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert wrong.exit_code == 2 and "not Heimatmuseum Kleinbach's director key" in wrong.output


def test_a_check_goes_out_as_csv_and_comes_back(run, tmp_path):
    out = tmp_path / "check.csv"
    result = run("institution", "check", "export", SMALL, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8").replace("2026-11-23", "2026-12-01")
    changed = tmp_path / "new.csv"
    changed.write_text(text.replace(",1,2,", ",2,3,"), encoding="utf-8")
    result = run("institution", "check", "import", SMALL, str(changed))
    assert result.exit_code == 0, result.output
    listed = json.loads(run("institution", "list", "--json").output)
    (small,) = [r for r in listed if r["name"] == SMALL]
    assert small["checks"][-1] == "2026-12-01"
    broken = tmp_path / "broken.json"
    broken.write_text('{"taken_on": "yesterday", "areas": {}}', encoding="utf-8")
    result = run("institution", "check", "import", SMALL, str(broken))
    assert result.exit_code == 2 and "nothing changed" in result.output
    assert "not a date" in result.output


def test_mistakes_get_sentences(run, tmp_path):
    unknown = run("institution", "check", "export", "Museum of Nowhere")
    assert (
        unknown.exit_code == 2 and "There is no institution 'Museum of Nowhere'" in unknown.output
    )
    bad = run(
        "institution",
        "add",
        "Neues Museum",
        "--type",
        "zoo",
        "--size",
        "1-4",
        "--country",
        "DE",
        "--language",
        "de",
    )
    assert bad.exit_code == 2 and "Unknown type 'zoo'" in bad.output
    lang = run("institution", "report", SMALL, "--lang", "fr")
    assert lang.exit_code == 2 and "Unknown language 'fr'" in lang.output
    added = run(
        "institution",
        "add",
        "Neues Museum",
        "--type",
        "museum",
        "--size",
        "1-4",
        "--country",
        "de",
        "--language",
        "de",
    )
    assert added.exit_code == 0 and "Director key" in added.output
    refused = run("institution", "report", "Neues Museum", "-o", str(tmp_path / "x.pdf"))
    assert refused.exit_code == 1 and "needs a check first" in refused.output
