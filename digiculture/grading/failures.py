"""Plain-language texts for what happened to a submission while it ran: notes on a graded
one (`run_notes`) and the reason one could not be graded (`failure_reason`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from digiculture.grading.protocol import JobResult
from digiculture.grading.sandbox import Limits

if TYPE_CHECKING:
    import nbformat


#: Words in an error or in printed output that mean the sandbox stopped something.
SANDBOX_MARKS = (
    "Permission denied",
    "Read-only file system",
    "Network is unreachable",
    "name resolution",
    "Operation not permitted",
)


def run_notes(nb: nbformat.NotebookNode, limits: Limits, cut_bytes: int) -> list[str]:
    """Plain-language notes on what happened while the notebook ran (one per cell)."""
    notes = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        names = {
            o.get("ename", "") for o in cell.get("outputs", []) if o.get("output_type") == "error"
        }
        errors = " ".join(
            f"{o.get('ename', '')}: {o.get('evalue', '')}"
            for o in cell.get("outputs", [])
            if o.get("output_type") == "error"
        )
        printed = " ".join(
            str(o.get("text", ""))[:100000]
            for o in cell.get("outputs", [])
            if o.get("output_type") == "stream"
        )
        if names & {"CellTimeoutError", "KeyboardInterrupt"}:
            notes.append(
                f"cell {number} ran longer than {limits.cell_seconds:g} s and was stopped (an "
                "endless loop?); it counts as not done"
            )
        elif "MemoryError" in names:
            notes.append(
                f"cell {number} tried to use more than {limits.memory_mb} MB of memory and was "
                "stopped; it counts as not done"
            )
        else:
            mark = next((m for m in SANDBOX_MARKS if m in errors or m in printed), None)
            if mark:
                notes.append(
                    f"cell {number} tried to reach files or the network outside its sandbox "
                    f"('{mark}'); the sandbox did not allow it"
                )
    if cut_bytes:
        notes.append(
            f"the notebook printed about {cut_bytes / 1024**2:.0f} MB more output than the "
            f"{limits.output_mb:g} MB kept; the rest was cut (grading is not affected)"
        )
    return notes


def failure_reason(result: JobResult, limits: Limits, released_cells: int = 0) -> str:
    """Why a notebook that did not run to its end could not be graded, and what to do.

    `released_cells`: cells of the unit's released notebook (to tell a notebook padded with
    cells from one with an endless loop)."""
    problem = result.problem
    cell = result.cell
    where = f"cell {cell + 1}" if cell >= 0 else "its first cell"
    kernel_log = result.kernel_log
    if problem == "timeout":
        printed = result.output_bytes
        cells, released = result.cells, released_cells
        stopped = f"it was stopped after {limits.total_seconds:g} s at {where}"
        if result.cut_bytes and printed > limits.output_mb * 1024 * 1024:
            return (
                f"the notebook printed {printed / 1024**2:.0f} MB of output and had not "
                f"finished when {stopped} (only {limits.output_mb:g} MB are kept): ask the "
                "learner to print less (for example a table's head() instead of all of it) "
                "and hand in again"
            )
        if released and cells > max(10 * released, released + 500):
            return (
                f"the notebook has {cells} cells where the unit has {released}, and had not "
                f"run them all when {stopped}: ask the learner to remove the cells they "
                "added (or hand in the unit's notebook again) and hand in again"
            )
        return (
            f"the notebook did not finish within {limits.total_seconds:g} s (it was stopped "
            f"at {where} with everything it had started): it probably has an endless loop; "
            "ask the learner to fix it and hand in again"
        )
    if problem == "kernel_died":
        if "MemoryError" in kernel_log or "Cannot allocate memory" in kernel_log:
            return (
                f"Python ran out of memory in {where} (limit {limits.memory_mb} MB) and "
                "stopped, so nothing could be graded: ask the learner to make that cell use "
                "less data and hand in again"
            )
        return (
            f"Python stopped while running {where} (the notebook's code ended the kernel, "
            "for example with os._exit() or exit(), or crashed it), so nothing could be "
            "graded: ask the learner to remove that code and hand in again"
        )
    if problem == "iopub_timeout" and result.output_bytes < 2**20:
        return (
            f"{where} was stopped at its time limit ({limits.cell_seconds:g} s) and Python did not "
            "answer afterwards: the cell probably started processes or threads that kept it "
            "busy; ask the learner to fix that cell and hand in again"
        )
    if problem == "iopub_timeout":
        return (
            f"{where} sent output faster than it could be collected (it prints too much at "
            "once); ask the learner to print less and hand in again"
        )
    detail = result.detail
    return f"the notebook could not be run ({detail or 'no details'}); see the grading log"
