"""Reading a submission before anything runs: plain reasons, graded cells put back."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from digiculture.grading.submissions import graded_cells, inspect_submission
from tests.digiculture.grading.conftest import CORPUS, UNIT

pytestmark = [
    pytest.mark.slow,  # runs nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]


KNOWN = [UNIT, "u01_jupyter_first_steps", "u02_finding_open_collections"]


@pytest.fixture(scope="module")
def release(course_template):
    path = course_template / "release" / UNIT / f"{UNIT}.ipynb"
    return nbformat.read(path, as_version=4)


def inspect(tmp_path, release, case: str, name: str = f"{UNIT}.ipynb"):
    folder = tmp_path / case
    folder.mkdir()
    shutil.copyfile(CORPUS / f"{case}.ipynb", folder / name)
    return inspect_submission(folder, UNIT, release, KNOWN)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("empty", "the notebook file is empty (0 bytes)"),
        ("invalid_json", "the notebook file is damaged (broken JSON at line"),
        ("other_unit", "this is the notebook of another unit (u02_finding_open_collections)"),
    ],
)
def test_unusable_files_fail_with_a_plain_reason(tmp_path, release, case, words):
    result = inspect(tmp_path, release, case)
    assert not result.ok
    assert result.failure.startswith(words)
    assert "ask the learner" in result.failure


def test_a_renamed_notebook_is_named(tmp_path, release):
    result = inspect(tmp_path, release, "correct", name="u02_finding_open_collections.ipynb")
    assert result.failure.startswith(
        f"no notebook named {UNIT}.ipynb was handed in, only the notebook of another unit "
        "(u02_finding_open_collections)"
    )


def test_not_a_notebook(tmp_path, release):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / f"{UNIT}.ipynb").write_text('{"cells": 3, "nbformat": 4}', encoding="utf-8")
    result = inspect_submission(folder, UNIT, release, KNOWN)
    assert result.failure.startswith("the file is not a usable notebook (it has no list of cells)")


def ids(nb):
    return [c["metadata"]["nbgrader"]["grade_id"] for _, c in graded_cells(nb)]


def test_deleted_test_cell_is_put_back_in_its_place(tmp_path, release):
    result = inspect(tmp_path, release, "deleted_test")
    assert result.ok
    assert ids(result.notebook) == ids(release)
    assert result.notes == [
        "the test cell u98_total_check had been deleted; it was put back as released"
    ]


def test_changed_metadata_is_restored_and_fake_graded_cells_ignored(tmp_path, release):
    result = inspect(tmp_path, release, "changed_metadata")
    assert ids(result.notebook) == ids(release)
    released = {c.metadata.nbgrader.grade_id: c.metadata.nbgrader for _, c in graded_cells(release)}
    for _, cell in graded_cells(result.notebook):
        assert cell.metadata.nbgrader == released[cell.metadata.nbgrader.grade_id]
    assert len(result.notes) == 3
    assert "'u98_bonus'" in result.notes[2]


def test_edited_test_is_noted(tmp_path, release):
    result = inspect(tmp_path, release, "edited_test")
    assert result.notes == [
        "the test cell u98_total_check had been edited; the unit's original test was used"
    ]


def test_normal_submission_is_untouched(tmp_path, release):
    result = inspect(tmp_path, release, "correct")
    assert result.ok and result.notes == []
    original = nbformat.read(CORPUS / "correct.ipynb", as_version=4)
    assert [c.source for c in result.notebook.cells] == [c.source for c in original.cells]
