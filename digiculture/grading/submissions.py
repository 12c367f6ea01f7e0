"""Read one learner's submission of a unit, say plainly what is wrong with it, repair what can be.

Nothing here runs learner code. `inspect_submission` either fails the submission with a
sentence a facilitator can act on (empty file, broken JSON, the notebook of another unit, ...)
or returns the notebook with the unit's graded cells in their released form:

- a test or answer cell whose grading information (nbgrader metadata) was changed gets the
  unit's original information back;
- a deleted test (or answer) cell is put back where it was, as released;
- a copied graded cell, or a cell the learner marked as graded, becomes an ordinary cell.

The tests' code itself is then taken from the gradebook by nbgrader (its OverwriteCells
step), so an edited test never counts. Each repair adds a note to the learner's row.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

#: A bigger file is not a unit's notebook (units are a few hundred KB with outputs).
MAX_NOTEBOOK_MB = 300
_UNIT_ID = re.compile(r"^(u\d{2})_")


@dataclass
class Inspection:
    notebook: nbformat.NotebookNode | None = None
    failure: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failure is None


def graded_cells(nb: dict) -> list[tuple[int, dict]]:
    """(index, cell) of every cell with a grade_id, in order."""
    return [
        (i, c)
        for i, c in enumerate(nb.get("cells", []))
        if isinstance(c, dict)
        and isinstance(c.get("metadata"), dict)
        and isinstance(c["metadata"].get("nbgrader"), dict)
        and c["metadata"]["nbgrader"].get("grade_id")
    ]


def _is_test(cell: dict) -> bool:
    meta = cell["metadata"]["nbgrader"]
    return bool(meta.get("grade") and not meta.get("solution"))


def _kind(cell: dict) -> str:
    meta = cell["metadata"]["nbgrader"]
    if meta.get("solution"):
        return "answer cell"
    if meta.get("grade"):
        return "test cell"
    return "locked cell"


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def inspect_submission(
    folder: Path,
    unit_id: str,
    release: nbformat.NotebookNode | None,
    known_units: list[str],
    notebook: str | None = None,
) -> Inspection:
    """Check and repair the notebook `folder/<notebook>.ipynb` (by default the unit's own,
    `<unit_id>.ipynb`) against its released version (None: nothing to compare with)."""
    name = notebook or unit_id
    path = folder / f"{name}.ipynb"
    if not path.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        if others:
            names = ", ".join(others)
            other_unit = next((u for u in known_units if f"{u}.ipynb" in others), None)
            what = f"the notebook of another unit ({other_unit})" if other_unit else names
            return Inspection(
                failure=f"no notebook named {name}.ipynb was handed in, only {what}: ask "
                f"the learner to hand in {name}.ipynb (without renaming it)"
            )
        return Inspection(
            failure=f"the submission folder holds no notebook: ask the learner to hand in "
            f"{name}.ipynb again"
        )
    size = path.stat().st_size
    if size == 0:
        return Inspection(
            failure="the notebook file is empty (0 bytes), probably saved while the disk was "
            "full or the connection dropped: ask the learner to open the unit, save it "
            "(Ctrl + S) and hand it in again"
        )
    if size > MAX_NOTEBOOK_MB * 1024 * 1024:
        return Inspection(
            failure=f"the notebook file is {size / 1024**2:.0f} MB, too big for a unit "
            f"(at most {MAX_NOTEBOOK_MB} MB): ask the learner to clear all outputs "
            "(Edit > Clear Outputs of All Cells), save and hand it in again"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Inspection(
            failure="the file is not a notebook (it is not UTF-8 text): ask the learner to "
            "hand in the .ipynb file that JupyterLab saved"
        )
    try:
        data = json.loads(text)
    except RecursionError:
        return Inspection(
            failure="the notebook file is damaged (its JSON is nested too deeply): ask the "
            "learner to open the unit in JupyterLab, save it and hand it in again"
        )
    except json.JSONDecodeError as exc:
        return Inspection(
            failure=f"the notebook file is damaged (broken JSON at line {exc.lineno}, column "
            f"{exc.colno}), perhaps saved only in part or edited outside Jupyter: ask the "
            "learner to open the unit in JupyterLab, save it and hand it in again"
        )
    problem = _structure_problem(data)
    if problem:
        return Inspection(
            failure=f"the file is not a usable notebook ({problem}): ask the learner to hand "
            f"in the {name}.ipynb that JupyterLab saved"
        )
    notes: list[str] = []
    if size > 20 * 1024 * 1024:
        notes.append(
            f"the notebook carried {size / 1024**2:.0f} MB of saved output; outputs are "
            "cleared before grading"
        )
    del text, raw
    nb = nbformat.from_dict(data)
    for cell in nb.cells:
        # nbgrader's first step clears outputs anyway; doing it here keeps big files small.
        cell.setdefault("metadata", nbformat.NotebookNode())
        if isinstance(cell.get("source"), list):
            cell.source = "".join(str(s) for s in cell.source)
        cell.setdefault("source", "")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.setdefault("metadata", nbformat.NotebookNode())
    nb.setdefault("nbformat_minor", 4)
    if release is None:
        return Inspection(notebook=nb, notes=notes)
    released = {c["metadata"]["nbgrader"]["grade_id"]: c for _, c in graded_cells(release)}
    found_ids = [c["metadata"]["nbgrader"]["grade_id"] for _, c in graded_cells(nb)]
    # A notebook without graded cells (nbgrader grades it too, with no points) has nothing
    # to recognise it by.
    if released and not set(found_ids) & set(released):
        prefixes = {m.group(1) for g in found_ids if (m := _UNIT_ID.match(str(g)))}
        other = sorted(u for u in known_units if u.split("_", 1)[0] in prefixes and u != unit_id)
        if other:
            return Inspection(
                failure=f"this is the notebook of another unit ({', '.join(other)}), not of "
                f"{unit_id}: ask the learner to hand in {name}.ipynb"
            )
        return Inspection(
            failure=f"the notebook has none of the exercises of {unit_id} (it may be a "
            f"different notebook saved under this name): ask the learner to hand in the "
            f"unit's own notebook"
        )
    _restore_graded_cells(nb, release, released, notes)
    return Inspection(notebook=nb, notes=notes)


def _structure_problem(data: object) -> str | None:
    if not isinstance(data, dict):
        return "its content is not a notebook object"
    if data.get("nbformat") != 4:
        return f"notebook format {data.get('nbformat')!r}, the kit reads format 4"
    cells = data.get("cells")
    if not isinstance(cells, list):
        return "it has no list of cells"
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return f"cell {number} is damaged"
        if not isinstance(cell.get("source", ""), (str, list)):
            return f"cell {number} has damaged text"
        if not isinstance(cell.get("metadata", {}), dict):
            return f"cell {number} has damaged metadata"
    if not isinstance(data.get("metadata", {}), dict):
        return "its metadata is damaged"
    return None


def _restore_graded_cells(
    nb: nbformat.NotebookNode,
    release: nbformat.NotebookNode,
    released: dict[str, dict],
    notes: list[str],
) -> None:
    seen: set[str] = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not isinstance(meta, dict):
            continue
        grade_id = meta.get("grade_id")
        if grade_id not in released:
            del cell.metadata["nbgrader"]
            if grade_id:
                notes.append(
                    f"a cell marked as graded ('{grade_id}') is not part of the unit; it "
                    "was treated as an ordinary cell"
                )
            continue
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            notes.append(f"a copy of the {_kind(released[grade_id])} {grade_id} was ignored")
            continue
        seen.add(grade_id)
        original = released[grade_id]
        if meta != original["metadata"]["nbgrader"] or cell.cell_type != original["cell_type"]:
            cell.metadata["nbgrader"] = copy.deepcopy(original["metadata"]["nbgrader"])
            notes.append(
                f"the grading information of the {_kind(original)} {grade_id} had been "
                "changed; the unit's original was used"
            )
            if cell.cell_type != original["cell_type"]:
                _set_type(cell, original["cell_type"])
        if _is_test(original) and _text(cell).strip() != _text(original).strip():
            notes.append(
                f"the test cell {grade_id} had been edited; the unit's original test was used"
            )
    # Put back graded cells that are gone, after the released cell that preceded them.
    order = [c["metadata"]["nbgrader"]["grade_id"] for _, c in graded_cells(release)]
    for position, grade_id in enumerate(order):
        if grade_id in seen:
            continue
        restored = nbformat.from_dict(copy.deepcopy(released[grade_id]))
        if nb.nbformat_minor < 5:
            restored.pop("id", None)
        else:
            restored["id"] = f"restored-{grade_id}"[:64]
        if restored.cell_type == "code":
            restored.outputs, restored.execution_count = [], None
        index = 0
        for earlier in reversed(order[:position]):
            at = _index_of(nb, earlier)
            if at is not None:
                index = at + 1
                break
        nb.cells.insert(index, restored)
        seen.add(grade_id)
        kind = _kind(released[grade_id])
        notes.append(
            f"the {kind} {grade_id} had been deleted; it was put back as released"
            + (" (so that exercise counts as not answered)" if kind == "answer cell" else "")
        )


def _index_of(nb: nbformat.NotebookNode, grade_id: str) -> int | None:
    for i, cell in enumerate(nb.cells):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return i
    return None


def _set_type(cell: nbformat.NotebookNode, cell_type: str) -> None:
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
