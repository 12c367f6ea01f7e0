"""`digiculture report programme` and `digiculture institution report` as a facilitator runs
them: PDFs whose text can be extracted, HTML, JSON, and sentences for mistakes."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from digiculture.outcomes.service import render
from digiculture.outcomes.words import Words
from tests.digiculture.outcomes.cohort import programme_cli


@pytest.fixture(scope="module")
def run(programme):
    return programme_cli(programme)


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_programme_report_as_pdf_html_and_json(run, tmp_path, outcomes, data):
    result = run("report", "programme", "--format", "pdf", "--output", str(tmp_path / "p.pdf"))
    assert result.exit_code == 0, result.output
    text = _text(tmp_path / "p.pdf")
    assert "Professionals reached" in text and "Unit completion funnel" in text
    assert "400" in text and "By language" in text
    page = render(outcomes.programme(["2026-autumn"], data=data), "html").decode()
    assert page.startswith("<!DOCTYPE html>") and "2026-autumn" in page
    assert page.count("data:image/png;base64,") == 2  # the funnel and the change charts
    assert (
        run(
            "report",
            "programme",
            "--format",
            "json",
            "-o",
            str(tmp_path / "p.json"),
            "--country",
            "pt",
        ).exit_code
        == 0
    )
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["country"] == "PT" and data["min_group"] == 5
    assert [t["target"] for t in data["targets"]] == [400, 60, 12]


def test_institution_report_pdf_in_greek_and_the_refusal(run, tmp_path):
    name = "Δημοτική Πινακοθήκη Καλαμού"
    result = run("institution", "report", name, "--staff-report", "-o", str(tmp_path / "i.pdf"))
    assert result.exit_code == 0, result.output
    text = " ".join(_text(tmp_path / "i.pdf").split())
    # A Greek gallery's report is in Greek unless asked otherwise (--lang).
    greek = Words("el")
    assert name in text and greek("12-month development plan") in text
    assert greek("Priority areas and the units that close them") in text
    english = run(
        "institution",
        "report",
        name,
        "--staff-report",
        "--lang",
        "en",
        "-o",
        str(tmp_path / "e.pdf"),
    )
    assert english.exit_code == 0 and "12-month development plan" in _text(tmp_path / "e.pdf")
    refused = run(
        "institution",
        "report",
        "Heimatmuseum Kleinbach",
        "--staff-report",
        "--lang",
        "en",
        "-o",
        str(tmp_path / "x"),
    )
    assert refused.exit_code == 1 and "Fewer than 5 staff" in refused.output
    assert not (tmp_path / "x").exists()


def test_mistakes_get_sentences(run, tmp_path):
    wrong = run("report", "programme", "--cohort", "2025-winter")
    assert wrong.exit_code == 2 and "Unknown cohort 2025-winter: use one of" in wrong.output
    fmt = run("report", "programme", "--format", "docx", "-o", str(tmp_path / "r.docx"))
    assert fmt.exit_code == 2 and "use pdf, html or json" in fmt.output
    missing = run("report", "programme", "--store", f"sqlite:///{tmp_path}/none.sqlite")
    assert missing.exit_code == 2 and "There is no results store" in missing.output
    assert "demo-data" in missing.output
