"""Roster files as facilitators save them (issue 20): ',' or ';', UTF-8 with or without a BOM,
Windows code pages, .xlsx; a preview of every problem; nothing imported while there is one,
unless the facilitator imports the good lines. Every file here is a real file on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from openpyxl import Workbook
from typer.testing import CliRunner

from digiculture.cli import grading
from digiculture.course.gradebook import open_gradebook
from digiculture.course.roster import ROSTER_FILE, load_course_roster, read_roster
from digiculture.course.roster_import import import_roster, preview_roster, split_fix
from digiculture.csv_rows import decode
from digiculture.errors import KitCommands

HEADER = ["id", "name", "email", "country", "language", "institution"]
PEOPLE = [
    ["de-001", "Jürgen Müller", "j.mueller@museum.de", "DE", "de", "Städtisches Museum Göttingen"],
    ["pt-002", "João Gonçalves", "joao@museu.pt", "PT", "pt", "Museu de Évora"],
    ["it-003", "Françoise Rossi", "", "IT", "it", "Biblioteca «Città di Ferrara»"],
]

app = typer.Typer(add_completion=False, cls=KitCommands)
app.add_typer(grading.roster_app, name="roster")


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def write_csv(path: Path, rows: list[list[str]], sep: str, encoding: str) -> Path:
    text = "\r\n".join(sep.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "sep", "shown"),
    [
        ("cp1252", ";", "Windows-1252 (Western European), ';' between the columns"),
        ("utf-8-sig", ";", "UTF-8 with a byte-order mark, ';' between the columns"),
        ("utf-8", ",", "UTF-8, ',' between the columns"),
        ("latin-1", ";", "Windows-1252 (Western European), ';' between the columns"),
        ("utf-16", "\t", "UTF-16 (Unicode text), tabs between the columns"),
    ],
)
def test_european_csv_files_are_read_as_saved(tmp_path, encoding, sep, shown):
    path = write_csv(tmp_path / "roster.csv", [HEADER, *PEOPLE], sep, encoding)
    learners, problems = read_roster(path)
    assert problems == []
    assert [x.name for x in learners] == [p[1] for p in PEOPLE]
    assert learners[2].institution == "Biblioteca «Città di Ferrara»"
    assert preview_roster(path).how == f"CSV, {shown}"


def test_croatian_and_greek_code_pages_are_told_apart(tmp_path):
    croatian = [
        HEADER,
        ["hr-001", "Ivana Lončar", "", "HR", "hr", "Gradska knjižnica Čakovec"],
        ["hr-002", "Đurđa Kovačević", "", "HR", "hr", "Muzej Međimurja"],
    ]
    path = write_csv(tmp_path / "hr.csv", croatian, ";", "cp1250")
    learners, problems = read_roster(path)
    assert problems == []
    assert [x.name for x in learners] == ["Ivana Lončar", "Đurđa Kovačević"]
    assert "Windows-1250" in preview_roster(path).how

    greek = [HEADER, ["gr-001", "Ελένη Παπαδοπούλου", "", "GR", "el", "Μουσείο Μπενάκη"]]
    path = write_csv(tmp_path / "el.csv", greek, ";", "cp1253")
    learners, problems = read_roster(path)
    assert problems == [] and learners[0].name == "Ελένη Παπαδοπούλου"
    assert learners[0].institution == "Μουσείο Μπενάκη"


def test_a_file_no_code_page_reads_cleanly_is_refused_not_guessed(tmp_path):
    # A byte that no code page makes into a letter of the word's own script: undefined, a
    # control character, or a Cyrillic letter inside a Latin word.
    raw = b"id,name\nx-1,Ana\x81Bela\n"
    assert decode(raw) == (None, "")
    path = tmp_path / "odd.csv"
    path.write_bytes(raw)
    _, problems = read_roster(path)
    assert len(problems) == 1
    assert "its encoding could not be recognised for sure" in problems[0].message
    assert "CSV UTF-8" in problems[0].message


def make_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Teilnehmende"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_roster_with_numbers_extra_columns_and_a_formula(tmp_path):
    rows = [
        [*HEADER, "languages", "wants", "capacity", "Notizen"],
        ["de-001", "Jürgen Müller", "j@m.de", "DE", "de", "Stadtmuseum", "en;it", "mentor", 2, 3.5],
        [101, "Ana Horvat", None, "hr", "HR", "Knjižnica", None, None, None, None],
        ["gr-003", '=HYPERLINK("http://evil.example/","x")', "", "GR", "el", "Μουσείο"],
    ]
    path = make_xlsx(tmp_path / "roster.xlsx", rows)
    book = __import__("openpyxl").load_workbook(path)
    book.active["F4"] = "=CONCAT(A1,B1)"  # a formula where the institution belongs
    book.save(path)

    preview = preview_roster(path)
    assert preview.how == "Excel workbook, sheet 'Teilnehmende'"
    assert [x.id for x in preview.learners] == ["de-001", "101"]
    first = preview.learners[0]
    assert first.languages == ("de", "en", "it") and (first.wants, first.capacity) == ("mentor", 2)
    rows_ = preview.problem_rows()
    assert [(r.line, r.column) for r in rows_] == [(4, "name")]  # the first formula
    assert "holds a formula" in rows_[0].what and "type the value itself" in rows_[0].fix
    assert preview.can_import_good_rows


def test_problems_split_into_what_and_fix():
    assert split_fix(
        "unknown country code 'UK' (the United Kingdom (GB) is not in the EU or EEA): use X"
    ) == ("unknown country code 'UK' (the United Kingdom (GB) is not in the EU or EEA)", "use X")
    assert split_fix("'a: b' is not an id: use letters") == ("'a: b' is not an id", "use letters")
    assert split_fix("is empty") == ("is empty", "")


@pytest.mark.slow  # nbgrader's gradebook
def test_nothing_is_imported_until_the_facilitator_chooses_the_good_lines(course, tmp_path):
    rows = [
        HEADER,
        *PEOPLE,
        ["de 004", "Anna Becker", "anna(at)x.de", "GER", "de", "Museum"],
        ["cy-005", '=HYPERLINK("http://evil.example/")', "", "CY", "el", "@SUM(1+1)"],
    ]
    path = write_csv(tmp_path / "roster.csv", rows, ";", "cp1252")

    out = run("roster", "import", path, "--course-dir", course, "--preview")
    assert out.exit_code == 1
    assert "Read roster.csv as CSV, Windows-1252 (Western European), ';'" in out.stdout
    assert "Jürgen Müller, João Gonçalves, Françoise Rossi" in out.stdout
    assert "4 learner(s) ready to import, 1 line(s) with a problem." in out.stdout
    assert "  line 5, column id: 'de 004' contains a space\n" in out.stderr
    assert "      how to fix it: use letters, digits" in out.stderr
    assert "This was a preview: nothing was imported." in out.stdout
    assert not (course / ROSTER_FILE).exists()

    out = run("roster", "import", path, "--course-dir", course)
    assert out.exit_code == 1
    assert "Nothing was imported." in out.stderr and "--good-rows" in out.stderr
    assert not (course / ROSTER_FILE).exists()
    with open_gradebook(course) as gb:
        assert gb.student_ids() == set()

    out = run("roster", "import", path, "--course-dir", course, "--good-rows", "--lang", "de")
    assert out.exit_code == 0, out.output
    assert "4 Lernende in" in out.stdout and "ausgelassen (5)" in out.stdout
    with open_gradebook(course) as gb:
        names = {s.id: s.name for s in gb.students()}
    assert names["de-001"] == "Jürgen Müller" and "de 004" not in names
    kept = load_course_roster(course)
    assert (
        kept["cy-005"].name.startswith("=HYPERLINK") and kept["cy-005"].institution == "@SUM(1+1)"
    )
    text = (course / ROSTER_FILE).read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(1+1)" in text  # neutralised in the file


@pytest.mark.slow  # nbgrader's gradebook
def test_import_library_call_and_a_broken_header(course, tmp_path):
    path = write_csv(tmp_path / "r.csv", [["id", "name"], ["x-1", "A"]], ";", "utf-8")
    result = import_roster(course, path, good_rows=True)
    assert not result.done and not result.preview.can_import_good_rows
    assert [str(p).split(": ", 1)[1] for p in result.preview.problems][0].startswith(
        "line 1: column 'email' is missing"
    )
    xlsx = make_xlsx(tmp_path / "r.xlsx", [HEADER, *PEOPLE])
    result = import_roster(course, xlsx)
    assert result.done and [x.id for x in result.imported] == ["de-001", "pt-002", "it-003"]


def test_files_the_kit_does_not_read_are_refused_with_what_to_do(tmp_path):
    old = tmp_path / "roster.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old Excel file")
    broken = tmp_path / "roster.xlsx"
    broken.write_text("id,name\nx-1,A\n", encoding="utf-8")  # a CSV file renamed
    for path, words in ((old, "save it as Excel workbook (.xlsx)"), (broken, "save it again")):
        preview = preview_roster(path)
        assert not preview.can_import_good_rows and preview.learners == []
        assert len(preview.problems) == 1 and words in preview.problems[0].message
