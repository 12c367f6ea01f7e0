"""What the learner version of a unit looks like beyond nbgrader's own release.

A check cell is collapsed (JupyterLab shows "..." and its output, ✓ or a message): the learner
runs it without reading test code. nbgrader's `generate_assignment` applies `CollapseChecks`
last (see `digiculture.course.nbgrader_settings.configure`), so every release has it: the
course build, a cohort's release and the tests.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool


def is_check(cell: Any) -> bool:
    """An nbgrader test cell: graded code that is not an answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def collapse_check(cell: Any) -> Any:
    if is_check(cell):
        view = cell.setdefault("metadata", {}).setdefault("jupyter", {})
        view["source_hidden"] = True
        view["outputs_hidden"] = False
    return cell


class CollapseChecks(Preprocessor):
    """nbgrader preprocessor: collapse the source of every check cell, keep its output."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        return collapse_check(cell), resources


def release_preprocessors() -> list[type]:
    """nbgrader's preprocessors for generate_assignment, then the kit's learner view."""
    from nbgrader.converters import GenerateAssignment

    defaults = GenerateAssignment.class_traits()["preprocessors"].default()
    return [*defaults, CollapseChecks]
