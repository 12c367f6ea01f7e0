"""Every unit through nbgrader as a cohort would: release, hand in, autograde, check scores."""

from __future__ import annotations

import ast

import nbformat
import pytest

from digiculture.course import learner_version
from digiculture.course import nbgrader_ops as ops
from digiculture.course.checks import source_notebook
from tests.units.conftest import SETTINGS, UNIT_IDS

pytestmark = pytest.mark.slow


def _first_answer_only(release_nb, source_nb):
    """Only the first exercise done (the rest left as released): a partly right submission."""
    full = ops.with_solutions(release_nb, source_nb)
    nb = nbformat.from_dict(release_nb)
    done = False
    for cell, solved in zip(nb.cells, full.cells, strict=True):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code" and not done:
            cell.source, done = solved.source, True
    return nb


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """unit id -> (course folder, nbgrader API, learner version): each unit released once."""
    cache: dict = {}

    def release(unit_id: str):
        if unit_id not in cache:
            folder = tmp_path_factory.mktemp(unit_id) / "course"
            course = ops.new_course(folder, SETTINGS.course_dir / "source", [unit_id])
            api = ops.make_api(course)
            cache[unit_id] = (course, api, ops.generate_release(api, unit_id))
        return cache[unit_id]

    return release


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_unit_round_trip(unit_id, released):
    course, api, release_path = released(unit_id)
    release = nbformat.read(release_path, as_version=4)
    source = nbformat.read(source_notebook(SETTINGS.course_dir, unit_id), as_version=4)

    submissions = {
        "right": ops.with_solutions(release, source),
        "blank": release,
        "partly": _first_answer_only(release, source),
    }
    for learner, nb in submissions.items():
        ops.submit(course, learner, unit_id, nb)
        ops.autograde(api, unit_id, learner)
    scores = {learner: ops.code_scores(api, unit_id, learner) for learner in submissions}

    right, maximum = scores["right"]
    assert maximum > 0
    assert right == maximum, f"the solution should score full points: {scores}"
    assert scores["blank"][0] == 0, f"a blank notebook should score 0: {scores}"
    assert 0 < scores["partly"][0] < maximum, f"one exercise done should score between: {scores}"
    for learner in submissions:
        graded = course / "autograded" / learner / unit_id / f"{unit_id}.ipynb"
        assert graded.is_file(), f"{learner}'s graded notebook is missing"


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_release_has_no_solutions_or_hidden_tests(unit_id, released):
    release_path = released(unit_id)[2]
    text = release_path.read_text(encoding="utf-8")
    source = nbformat.read(source_notebook(SETTINGS.course_dir, unit_id), as_version=4)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    release = nbformat.read(release_path, as_version=4)
    released_lines = {line.strip() for c in release.cells for line in c.source.splitlines()}
    for cell in source.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            inside, body = False, []
            for line in cell.source.splitlines():
                if line.strip() == "### BEGIN SOLUTION":
                    inside = True
                elif line.strip() == "### END SOLUTION":
                    inside = False
                elif inside and line.strip():
                    body.append(line)
            for line in body:
                assert line.strip() not in released_lines, f"solution line leaked: {line!r}"


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_release_check_cells_are_collapsed_short_and_hold_no_answer(unit_id, released):
    """A learner runs a check without reading test code, and cannot read the answer in it."""
    release = nbformat.read(released(unit_id)[2], as_version=4)
    checks = [c for c in release.cells if learner_version.is_check(c)]
    assert checks, f"{unit_id} has no check cells"
    for cell in checks:
        grade_id = cell.metadata.nbgrader.grade_id
        view = cell.metadata.get("jupyter", {})
        assert view.get("source_hidden") is True, f"{grade_id} is not collapsed"
        assert view.get("outputs_hidden") is False, f"{grade_id} hides its message"
        lines = cell.source.strip().splitlines()
        assert len(lines) <= 3, f"{grade_id} has {len(lines)} lines"
        assert all(len(line) <= 100 for line in lines), f"{grade_id} has a long line"
        tree = ast.parse(cell.source)
        docstring = tree.body[0].value
        literals = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node is not docstring
        ]
        assert literals == [], f"{grade_id} shows literal values: {ast.unparse(tree)}"
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert [ast.unparse(c.func) for c in calls][:1] == [
            f"{unit_id[:3]}.{c.func.attr}" for c in calls[:1]
        ], f"{grade_id} should call the unit's module"
