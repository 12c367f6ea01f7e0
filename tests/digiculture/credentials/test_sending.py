"""The facilitator's files of a graded cohort (issue 20), from a roster saved as .xlsx: the
short credentials summary (units nobody started in one line), one zip per learner, the
mail-merge CSV, and the wide gradebook as .xlsx and as a CSV for European Excel. One course,
two units (nobody started the second), made through the kit's own commands."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.digiculture.credentials.conftest import (
    UNIT,
    grade_by_hand,
    graded_cohort,
    issue_credentials,
    run,
)

pytestmark = [
    pytest.mark.slow,  # runs nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]

UNSTARTED = "u02_finding_open_collections"
PEOPLE = [
    ["id", "name", "email", "country", "language", "institution"],
    ["de-001", "Anja Schneider", "anja@heimatmuseum.de", "DE", "de", "Heimatmuseum Kassel"],
    ["el-002", "Ελένη Παπαδοπούλου", None, "GR", "el", "Πινακοθήκη Αθηνών"],
    ["hr-003", "Ivana Horvat", "ivana@knjiznica.hr", "HR", "hr", "Gradska knjižnica"],
    ["pt-004", "-João Costa", "joao@museu.pt", "PT", "pt", "@Museu da Ciência"],
]


@pytest.fixture(scope="module")
def cohort(kit_env, tmp_path_factory) -> tuple[Path, str]:
    course = tmp_path_factory.mktemp("cohort") / "cohort-2027"
    book = Workbook()
    for row in PEOPLE:
        book.active.append(row)
    roster = course.parent / "roster.xlsx"
    book.save(roster)
    graded_cohort(course, [UNIT, UNSTARTED], roster, right=["de-001", "el-002", "pt-004"])
    grade_by_hand(course, UNIT, ["de-001", "el-002", "pt-004"])
    return course, issue_credentials(course)


def test_summary_leaves_out_units_nobody_started(cohort):
    course, output = cohort
    assert "Issued 3 credential(s)" in output
    assert f"Not started by anyone yet, so not listed: {UNSTARTED}." in output
    assert UNSTARTED + ":" not in output  # no line per learner for it
    assert (
        f"{UNIT}: 3 issued, 0 below the pass mark, 0 waiting for hand grading, 0 not graded, "
        "1 not handed in"
    ) in output
    assert "hr-003" not in output  # not handed in: counted, not listed
    assert len(output.splitlines()) <= 10, output
    details = (course / "credentials" / "_send" / "not_issued.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(details.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["learner", "name", "award", "reason"]
    assert sorted(r[0] for r in rows[1:] if r[2] == UNSTARTED) == [
        "de-001",
        "el-002",
        "hr-003",
        "pt-004",
    ]
    horvat = next(r for r in rows[1:] if r[0] == "hr-003" and r[2] == UNIT)
    assert horvat[1] == "Ivana Horvat" and horvat[3].startswith("not graded (missing")


def test_one_zip_per_learner_and_a_mail_merge(cohort):
    course, output = cohort
    send = course / "credentials" / "_send"
    assert "One zip per learner (3)" in output
    for learner in ("de-001", "el-002", "pt-004"):
        with zipfile.ZipFile(send / f"{learner}.zip") as archive:
            assert sorted(archive.namelist()) == [
                f"{learner}/{UNIT}.json",
                f"{learner}/{UNIT}.pdf",
            ]
            assert archive.testzip() is None
    assert not (send / "hr-003.zip").exists()
    raw = (send / "mail_merge.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [r["learner"] for r in rows] == ["de-001", "el-002", "pt-004"]
    anja, eleni, joao = rows
    assert (anja["name"], anja["email"]) == ("Anja Schneider", "anja@heimatmuseum.de")
    assert Path(anja["files"]) == (send / "de-001.zip").resolve()
    assert anja["subject"] == "Ihre BoostDigiCulture-Microcredentials"
    assert "Liebe/r Anja Schneider" in anja["message"] and UNIT in anja["message"]
    assert eleni["name"] == "Ελένη Παπαδοπούλου" and eleni["email"] == ""
    assert eleni["message"].startswith("Αγαπητέ/ή Ελένη")
    assert joao["name"] == "'-João Costa"  # neutralised against formulas
    assert "1 learner(s) have no e-mail address in the roster: el-002." in output


def test_wide_gradebook_as_csv_for_european_excel(cohort, tmp_path):
    course, _ = cohort
    target = tmp_path / "gradebook.csv"
    out = run("gradebook", "--course-dir", course, "--wide", "--format", "csv", "--output", target)
    assert out.exit_code == 0, out.output
    assert "Wrote the gradebook of 4 learner(s) and 2 unit(s)" in out.stdout
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["learner", "name", "country", "language"]
    assert header[4].startswith(f"{UNIT} (of ") and header[5].startswith(f"{UNSTARTED} (of ")
    assert header[6] == "units passed"
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["el-002"][1:4] == ["Ελένη Παπαδοπούλου", "Greece", "Greek"]
    assert by_id["de-001"][4].replace(",", "").isdigit() and by_id["de-001"][5] == ""
    assert by_id["de-001"][6] == "1"
    assert by_id["hr-003"][4] == "" and by_id["hr-003"][6] == "0"
    assert by_id["pt-004"][1] == "'-João Costa"


def test_wide_gradebook_as_xlsx_in_german(cohort, tmp_path):
    course, _ = cohort
    target = tmp_path / "gradebook.xlsx"
    out = run(
        "gradebook",
        "--course-dir",
        course,
        "--format",
        "xlsx",
        "--wide",
        "--output",
        target,
        "--lang",
        "de",
    )
    assert out.exit_code == 0, out.output
    book = load_workbook(target)
    sheet = book["Notenbuch"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Lernende/r", "Name", "Land", "Sprache"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["el-002"][1:4] == ["Ελένη Παπαδοπούλου", "Griechenland", "Griechisch"]
    assert isinstance(by_id["de-001"][4], int | float) and by_id["de-001"][5] is None
    assert by_id["pt-004"][1] == "-João Costa"  # as typed, stored as text
    for row in book["Details"].iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_long_gradebook_stays_and_wrong_options_are_sentences(cohort, tmp_path):
    course, _ = cohort
    out = run("gradebook", "--course-dir", course)
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0] == "learner,unit,score,max_score,status,reason"
    out = run("gradebook", "--course-dir", course, "--format", "xlsx")
    assert out.exit_code == 2 and "add --output FILE.xlsx" in out.stderr
    out = run("gradebook", "--course-dir", course, "--wide", "--format", "json")
    assert out.exit_code == 2 and "--wide makes a table for a spreadsheet" in out.stderr
