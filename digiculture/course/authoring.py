"""Write a unit's nbgrader source notebook from Python, with the kit's conventions built in.

A maintainer can also edit units in JupyterLab with nbgrader's "Create Assignment" toolbar;
this module is the quicker way to start a new unit and keeps the metadata right:

    u = UnitNotebook("u03_collection_tables")
    u.markdown("# Collection data as tables ...")
    u.setup("from digiculture.learn import check, load_data, start_unit\\n"
            "start_unit('u03_collection_tables')")
    u.exercise("count_by_century",
               "per_century = None\\n### BEGIN SOLUTION\\n...\\n### END SOLUTION")
    u.test("count_by_century",
           '\"\"\"Checks the number of objects per century.\"\"\"\\n...', points=2)
    u.reflection("reflection", "Which ...?", points=2)
    u.write(course_dir / "source")

Conventions (checked by `digiculture units validate`): grade ids begin with the unit's
number (`u03_`); the cell of exercise NAME is `u03_NAME` and its test `u03_NAME_check`;
every test cell starts with a one-line docstring saying what it checks.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from competence_profile.units import unit_prefix

SCHEMA_VERSION = 3
REFLECTION_MODEL_ANSWER = "### BEGIN SOLUTION\n{answer}\n### END SOLUTION"


def nbgrader_meta(
    grade_id: str, *, grade: bool, solution: bool, locked: bool, points: int | None = None
) -> dict:
    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "schema_version": SCHEMA_VERSION,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


class UnitNotebook:
    def __init__(self, unit_id: str):
        self.unit_id = unit_id
        self.prefix = unit_prefix(unit_id)
        self.cells: list = []

    def _id(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def markdown(self, text: str) -> UnitNotebook:
        self.cells.append(new_markdown_cell(text.strip("\n")))
        return self

    def code(self, source: str) -> UnitNotebook:
        """A worked example or a cell to try things: not graded, learners may change it."""
        self.cells.append(new_code_cell(source.strip("\n")))
        return self

    def setup(self, source: str, name: str = "setup") -> UnitNotebook:
        """A read-only code cell (imports, loading data); restored from the source at grading."""
        meta = nbgrader_meta(self._id(name), grade=False, solution=False, locked=True)
        self.cells.append(new_code_cell(source.strip("\n"), metadata=meta))
        return self

    def exercise(self, name: str, source: str) -> UnitNotebook:
        """An answer cell; the part between ### BEGIN/END SOLUTION is removed for learners."""
        meta = nbgrader_meta(self._id(name), grade=False, solution=True, locked=False)
        self.cells.append(new_code_cell(source.strip("\n"), metadata=meta))
        return self

    def test(self, name: str, source: str, points: int, suffix: str = "check") -> UnitNotebook:
        """An autograded test cell for exercise `name` (hidden parts between
        ### BEGIN/END HIDDEN TESTS)."""
        meta = nbgrader_meta(
            self._id(f"{name}_{suffix}"), grade=True, solution=False, locked=True, points=points
        )
        self.cells.append(new_code_cell(source.strip("\n"), metadata=meta))
        return self

    def reflection(self, name: str, model_answer: str, points: int) -> UnitNotebook:
        """A manually graded written answer; `model_answer` is kept for the facilitator only."""
        meta = nbgrader_meta(self._id(name), grade=True, solution=True, locked=False, points=points)
        text = REFLECTION_MODEL_ANSWER.format(answer=model_answer.strip())
        self.cells.append(new_markdown_cell(text, metadata=meta))
        return self

    def notebook(self) -> nbformat.NotebookNode:
        nb = new_notebook(cells=self.cells)
        nb.metadata["kernelspec"] = {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        }
        nb.metadata["language_info"] = {"name": "python"}
        return nb

    def write(self, source_dir: Path) -> Path:
        """Write `source_dir/<unit_id>/<unit_id>.ipynb` and return its path."""
        path = Path(source_dir) / self.unit_id / f"{self.unit_id}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nb = self.notebook()
        nbformat.validate(nb)
        nbformat.write(nb, path)
        return path
