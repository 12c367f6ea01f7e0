"""Run learner notebooks top to bottom as a learner who answered nothing, and report errors.

    python execute_units.py NOTEBOOK... > report.json

Runs under the Python of the environment being tested (the fresh Binder environment), not the
test runner's, so it uses only what that environment has (nbclient, nbformat). Each notebook
runs in its own kernel, with the notebook's folder as working directory (as in JupyterLab),
and every cell runs even after an error. The report says, per notebook, whether the kernel
survived, how many code cells ran, and each error with the cell's nbgrader role and tags.
A first "probe" entry tells which Python and which kit the kernels use.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

PROBE = "import sys, digiculture\nprint(sys.prefix)\nprint(digiculture.__file__)"
PARALLEL = 2


def _role(cell) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("solution"):
        return "answer"
    return "other"


async def _run(nb, folder: Path, name: str, gate: asyncio.Semaphore) -> dict:
    async with gate:
        client = NotebookClient(
            nb,
            timeout=120,
            allow_errors=True,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        )
        crash = None
        try:
            await client.async_execute()
        except Exception as exc:  # a dead kernel or a cell that never ends
            crash = f"{type(exc).__name__}: {exc}"
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [
        {
            "cell": index,
            "role": _role(cell),
            "grade_id": cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"),
            "tags": cell.get("metadata", {}).get("tags", []),
            "ename": out.get("ename"),
            "evalue": out.get("evalue"),
        }
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    return {
        "notebook": name,
        "crash": crash,
        "code_cells": len(code),
        "ran": sum(1 for c in code if c.get("execution_count")),
        "errors": errors,
        "outputs": [
            "".join(o.get("text", "")) for c in code for o in c.get("outputs", []) if "text" in o
        ],
    }


async def main(paths: list[str]) -> list[dict]:
    gate = asyncio.Semaphore(PARALLEL)
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    jobs = [_run(probe, Path.cwd(), "probe", gate)]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        jobs.append(_run(nb, Path(path).resolve().parent, path, gate))
    return await asyncio.gather(*jobs)


if __name__ == "__main__":
    json.dump(asyncio.run(main(sys.argv[1:])), sys.stdout, ensure_ascii=False, indent=1)
