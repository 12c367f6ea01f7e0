"""Each unit's learner version, done by a beginner who makes the mistakes beginners make first.

A real kernel from the kit's environment runs the learner version with the solutions, except
for the scripted mistakes below. Every message must say what to do, in plain words: no
traceback, no library jargon, and no wrong answer ever gets a ✓.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from digiculture.course import learner_version
from digiculture.course import nbgrader_ops as ops
from digiculture.course.checks import source_notebook
from tests.units.conftest import SETTINGS, UNIT_IDS

pytestmark = pytest.mark.slow

#: unit -> [(answer cell, the beginner's answer, cell whose message is read, words it must say)]
#: The cell read is the answer cell itself (an error there) or its check ("…_check").
#: An answer starting with "+" is run before the right answer (a first try, then a fix).
MISTAKES: dict[str, list[tuple[str, str, str, list[str]]]] = {
    "u01_jupyter_first_steps": [
        (
            "u01_february",
            "february_books = 1180 + 596\nfebruary_per_day = round(february_books / 29,2)\n"
            "february_per_day = february_books * 1,1",
            "u01_february_per_day_check",
            ["decimals with a point"],
        ),
        (
            "u01_harbour_films",
            'harbour_march_films = loans.loc[2, "films"]',
            "u01_harbour_films_check",
            ["not right yet", "row"],
        ),
    ],
    "u02_finding_open_collections": [
        (
            "u02_harbour_records",
            'harbour = records[records["title"].str.contains("harbour")]',
            "u02_harbour_records_check",
            ["case=False"],
        ),
    ],
    "u03_collection_tables": [
        (
            "u03_recent",
            'recent = objects[objects["acquisition_year"] >= 2000]\nrecent_count = COUNT(recent)',
            "u03_recent",
            ["COUNT(...) is a spreadsheet formula", "len(table)"],
        ),
        (
            "u03_recent_departments",
            'recent_per_department = objects["department"].value_counts()',
            "u03_recent_departments_check",
            ["the table recent, not objects"],
        ),
    ],
    "u04_describing_objects": [
        (
            "u04_vocabulary",
            '+other_terms = {"Glass": "glass", "glas": "glass", '
            '"ceramics": "ceramics", "Metal": "metal", "Paper": "paper", "fabric": "textiles"}\n'
            'objects["material_clean"] = objects["material_clean"].replace(other_terms)',
            "u04_vocabulary_check",
            ["example cell with wood_terms", "again"],
        ),
        (
            "u04_before_1900",
            'before_1900 = with_years[with_years["year_to"] < "1900"]',
            "u04_before_1900",
            ["Write numbers without quotes"],
        ),
    ],
    "u05_copyright_and_licences": [
        (
            "u05_commercial_labels",
            'commercial_labels = ["CC0", "PDM", "CC BY", "CC BY-NC"]',
            "u05_commercial_labels_check",
            ["NC means non-commercial"],
        ),
        (
            "u05_choose_labels",
            'choice_map = "public domain"\nchoice_poster = "InC"\nchoice_model = "CC BY"',
            "u05_choose_labels_check_map",
            ["not a label of the table"],
        ),
    ],
    "u06_digitised_images": [
        (
            "u06_new_file_name",
            'new_name = "IMG_0042 final(2).JPG"',
            "u06_new_file_name_check",
            ["does not follow the rule"],
        ),
    ],
    "u07_writing_for_the_web": [
        (
            "u07_weak_alt",
            'weak_alt = images[images["alt_length"] < "15"]',
            "u07_weak_alt",
            ["Write numbers without quotes"],
        ),
    ],
    "u08_social_media_exhibition": [
        (
            "u08_plan",
            'plan = pd.DataFrame({"day": ["Monday", "Tuesday", "Thursday"],\n'
            '                     "platform": ["Facebook", "Instagram", "Instagram", "Facebook"]})',
            "u08_plan",
            ["day: 3, platform: 4", "shorter list"],
        ),
        (
            "u08_engagement_rate",
            'engagement_rate = SUM(posts["engagement"])',
            "u08_engagement_rate",
            ["spreadsheet formula", ".sum()"],
        ),
    ],
    "u09_web_and_visitor_analytics": [
        (
            "u09_views_or_visitors",
            "exhibition_page_views = 2\nexhibition_visitors = 2",
            "u09_views_or_visitors_check",
            ["not right yet"],
        ),
        (
            "u09_impossible",
            'impossible = visits[visits["visitors"] > visits["page_views"]]\n'
            'reason = "b) because a visitor can not see a page without a view"',
            "u09_impossible_reason_check",
            ["only", "not a sentence"],
        ),
    ],
    "u10_data_protection": [
        (
            "u10_direct_identifiers",
            'direct_identifiers = ["Name", "email"]',
            "u10_direct_identifiers_check",
            ["not column names", "exactly"],
        ),
    ],
    "u11_digital_storytelling": [
        (
            "u11_sea_story",
            'sea_story = objects[objects["theme"] == "the sea"]',
            "u11_sea_story_check",
            ["oldest object should come first"],
        ),
    ],
    "u12_digital_strategy": [
        (
            "u12_museum_swot",
            'museum_swot = {"S": ["F1", "F2"], "W": ["F3", "F4"], '
            '"O": ["F5", "F6"], "T": ["F7", "F8"]}',
            "u12_museum_swot_check",
            ["checked when your work is graded"],
        ),
        (
            "u12_website_visits",
            'visits_today = profile["website"]["visits_2024"]\n'
            'website_visits = Indicator(name="Website visits per year", baseline=visits_today,\n'
            '    target=round(visits_today * 1,15), deadline="end of 2025", source="statistics")',
            "u12_website_visits_check",
            ["decimals with a point"],
        ),
    ],
}

JARGON = ("Traceback", "UFuncTypeError", "dtype", "Series", "Index(", "DataFrame", "int64")


def _by_id(nb) -> dict[str, int]:
    return {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)}


def _shown(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] == "error":
            parts.append("\n".join(out["traceback"]))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "\n".join(parts)


def test_every_unit_has_scripted_mistakes():
    assert sorted(MISTAKES) == sorted(UNIT_IDS)


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_beginner_mistakes_get_advice_and_never_a_tick(unit_id, tmp_path, monkeypatch):
    course = ops.new_course(tmp_path / "course", SETTINGS.course_dir / "source", [unit_id])
    release_path = ops.generate_release(ops.make_api(course), unit_id)
    release = nbformat.read(release_path, as_version=4)
    source = nbformat.read(source_notebook(SETTINGS.course_dir, unit_id), as_version=4)
    nb = ops.with_solutions(release, source)
    read = []
    for answer_id, wrong, read_id, words in MISTAKES[unit_id]:
        index = _by_id(nb)[answer_id]
        if wrong.startswith("+"):  # a first try, then the right answer
            nb.cells.insert(index, nbformat.v4.new_code_cell(wrong[1:]))
            read.append((read_id, words))
        else:
            learner = nb.cells[index]
            nb.cells[index] = nbformat.v4.new_code_cell(wrong, metadata=learner.metadata)
            read.append((read_id, words))
    path = tmp_path / f"{unit_id}.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    cells = _by_id(nb)
    for read_id, words in read:
        text = _shown(nb.cells[cells[read_id]])
        assert text.strip(), f"{read_id} shows nothing"
        for word in words:
            assert word in text, f"{read_id} should say {word!r}; it says:\n{text}"
        assert "well done" not in text, f"a wrong answer got a ✓ in {read_id}:\n{text}"
        for jargon in JARGON:
            assert jargon not in text, f"{read_id} shows {jargon!r}:\n{text}"
    for cell in nb.cells:
        text = _shown(cell)
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            assert "Traceback" not in text, text


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_checks_run_straight_after_a_restart_say_run_the_cells_above(
    unit_id, tmp_path, monkeypatch
):
    """The learner opens the unit the next day and runs a check first: plain guidance."""
    course = ops.new_course(tmp_path / "course", SETTINGS.course_dir / "source", [unit_id])
    saved = ops.generate_release(ops.make_api(course), unit_id)
    release = nbformat.read(saved, as_version=4)
    checks = nbformat.v4.new_notebook(
        cells=[c for c in release.cells if learner_version.is_check(c)],
        metadata=release.metadata,
    )
    monkeypatch.setenv("JPY_SESSION_NAME", str(saved))
    NotebookClient(
        checks,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(saved.parent)}},
    ).execute()
    for cell in checks.cells:
        text = _shown(cell)
        grade_id = cell.metadata.nbgrader.grade_id
        assert "made in a cell above" in text and "catch_up()" in text, f"{grade_id}:\n{text}"
        assert "Traceback" not in text and "well done" not in text, f"{grade_id}:\n{text}"
