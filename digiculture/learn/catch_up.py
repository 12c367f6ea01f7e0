"""`catch_up()`: after a restart or the next day, run the cells above again in one go.

It runs the unit's examples and the learner's answers from the saved notebook, in order, up
to the cell that calls it. Checks are skipped, and a cell that fails (an exercise not right
yet) is named and skipped too, so one unfinished exercise never blocks the rest.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import friendly, notebook_file
from digiculture.learn.messages import say


def catch_up(shell: Any | None = None) -> list[str]:
    """Run the code cells above again; returns the headings of the cells it skipped."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    cells = notebook_file.read(shell)
    if shell is None or cells is None:
        print(say("catch_up_no_notebook"))
        return []
    from IPython.utils.capture import capture_output

    headings = _headings(cells)
    ran, skipped = 0, []
    friendly.quiet = True
    try:
        for cell in notebook_file.cells_above(cells, shell):
            if notebook_file.is_check(cell) or "catch_up(" in cell["source"]:
                continue
            with capture_output():
                result = shell.run_cell(cell["source"], store_history=False, silent=True)
            if result.success:
                ran += 1
            else:
                where = headings.get(id(cell), "")
                if where not in skipped:
                    skipped.append(where)
    finally:
        friendly.quiet = False
    print(say("catch_up_done", ran=ran))
    if skipped:
        print(say("catch_up_skipped", cells="; ".join(s for s in skipped if s) or "?"))
    print(say("catch_up_save"))
    return skipped


def _headings(cells: list[dict]) -> dict[int, str]:
    """For each code cell, the last heading above it ("Exercise 2: ..."), as a learner sees it."""
    found, heading = {}, ""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in cell.get("source", "").splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        else:
            found[id(cell)] = heading
    return found
