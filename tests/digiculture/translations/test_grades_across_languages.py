"""The same answers get the same grade in every language of the kit.

One course per language (`init_course --lang`, as a language section is made), holding the
same units; the same three submissions in each (the solution, a blank notebook, the first
exercise only), each made from that language's own learner version. They are graded with
nbgrader's own autograde and with `digiculture grade` (without the sandbox, which needs root
and is tested with the grading pipeline); every score must equal the English course's. The
feedback pages (`digiculture feedback`) and the answer cells' placeholders are in the course's
language.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from digiculture.course import nbgrader_ops as ops
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.folder import init_course
from digiculture.grading.feedback import generate_feedback
from digiculture.grading.run import GradingOptions, grade_unit
from digiculture.grading.sandbox import Limits
from digiculture.translations.nbgrader_words import word
from tests.units.conftest import SETTINGS

pytestmark = pytest.mark.slow

#: The strategy unit: the most check texts put together by its own helpers (SWOT, indicators),
#: a reflection, and hidden tests. One unit keeps the test short (six courses are graded).
UNITS = ("u12_digital_strategy",)
SOURCES = SETTINGS.course_dir / "source"


def _first_answer_only(release_nb, source_nb):
    full = ops.with_solutions(release_nb, source_nb)
    nb = nbformat.from_dict(release_nb)
    for cell, solved in zip(nb.cells, full.cells, strict=True):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = solved.source
            break
    return nb


def _grade_ids(nb) -> list[tuple[str, float | None, str]]:
    """(grade id, points, code of a test cell) of every graded cell."""
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") or meta.get("solution"):
            code = cell.source if meta.get("grade") and not meta.get("solution") else ""
            code = "\n".join(
                line for line in code.splitlines() if not line.lstrip().startswith(('"""', "#"))
            )
            found.append((meta.get("grade_id"), meta.get("points"), code))
    return found


@pytest.fixture(scope="module")
def section(tmp_path_factory):
    """section(language) -> (course folder, {unit: scores by nbgrader}, {unit: by the kit}),
    each language's course made and graded once."""
    made: dict = {}

    def make(language: str):
        if language not in made:
            made[language] = _graded_section(tmp_path_factory, language)
        return made[language]

    return make


def _graded_section(tmp_path_factory, language: str):
    folder = tmp_path_factory.mktemp(f"section-{language}") / "course"
    course = init_course(folder, SETTINGS, list(UNITS), language)
    api = course.api()
    by_nbgrader, by_kit = {}, {}
    for unit_id in UNITS:
        release = nbformat.read(course.require_unit(unit_id) / f"{unit_id}.ipynb", as_version=4)
        source = nbformat.read(SOURCES / unit_id / f"{unit_id}.ipynb", as_version=4)
        submissions = {
            "right": ops.with_solutions(release, source),
            "blank": release,
            "partly": _first_answer_only(release, source),
        }
        for learner, nb in submissions.items():
            ops.submit(course.folder, learner, unit_id, nb)
            ops.autograde(api, unit_id, learner)
        by_nbgrader[unit_id] = {
            learner: ops.code_scores(api, unit_id, learner) for learner in submissions
        }
        summary = grade_unit(
            course.folder,
            unit_id,
            GradingOptions(limits=Limits(timeout=120, memory_mb=1024), sandbox=False),
        )
        by_kit[unit_id] = {r.learner: (r.status, r.score) for r in summary.results}
    pages = generate_feedback(course.folder, UNITS[0]).pages
    return course.folder, by_nbgrader, by_kit, pages


def test_the_english_grades_are_sensible(section):
    _, by_nbgrader, by_kit, _ = section("en")
    for unit_id in UNITS:
        scores = by_nbgrader[unit_id]
        right, maximum = scores["right"]
        assert right == maximum > 0 and scores["blank"][0] == 0
        assert 0 < scores["partly"][0] < maximum, scores
        assert {learner: status for learner, (status, _) in by_kit[unit_id].items()} == {
            "right": "graded",
            "blank": "graded",
            "partly": "graded",
        }


@pytest.mark.parametrize("language", [c for c in COURSE_LANGUAGES if c != "en"])
def test_same_answers_same_grade(section, language):
    english_folder, english_nbgrader, english_kit, _ = section("en")
    folder, by_nbgrader, by_kit, _ = section(language)
    assert by_nbgrader == english_nbgrader, "nbgrader's autograde gives other scores"
    assert by_kit == english_kit, "`digiculture grade` gives other scores"
    for unit_id in UNITS:
        english = nbformat.read(english_folder / "release" / unit_id / f"{unit_id}.ipynb", 4)
        translated = nbformat.read(folder / "release" / unit_id / f"{unit_id}.ipynb", 4)
        assert _grade_ids(translated) == _grade_ids(english), "grade ids, points or tests differ"
        assert translated.metadata["digiculture"]["language"] == language


@pytest.mark.parametrize("language", COURSE_LANGUAGES)
def test_feedback_page_and_placeholders_in_the_language(section, language):
    folder, _, _, pages = section(language)
    assert set(pages) == {"right", "blank", "partly"}
    page = pages["partly"].read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in page
    heading = f"{word('score', language)}:"
    assert heading in page and word("your_answer", language) in page
    if language != "en":
        assert word("score", language) != "Score", "the kit's catalog has no word for Score"
        assert "Score:" not in page and "Student&#39;s answer" not in page
        assert "Student's answer" not in page
    release = (folder / "release" / UNITS[0] / f"{UNITS[0]}.ipynb").read_text(encoding="utf-8")
    stub = json.dumps(word("code_stub", language), ensure_ascii=False)[1:-1]
    assert stub in release, "the answer cells' placeholder is not in the language"
