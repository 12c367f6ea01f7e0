"""The notebook a kernel runs for, read from its saved file (what a learner's kernel forgot).

Jupyter tells a kernel which notebook it belongs to (the JPY_SESSION_NAME setting, also
`__session__` in the notebook's names); the front end says which cell runs (`cellId`).
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path
from typing import Any


def path(shell: Any | None = None) -> Path | None:
    """The notebook file of this kernel, or None when Jupyter did not say."""
    names = getattr(shell, "user_ns", {}) if shell is not None else {}
    session = names.get("__session__") or os.environ.get("JPY_SESSION_NAME", "")
    if not session:
        return None
    candidate = Path(session)
    if not candidate.is_absolute():
        candidate = Path.cwd() / candidate.name
    return candidate if candidate.is_file() and candidate.suffix == ".ipynb" else None


def read(shell: Any | None = None) -> list[dict] | None:
    """The saved notebook's cells (dicts with a `source` text), or None when it cannot be read.

    Plain JSON, not nbformat: this runs in every kernel, which should start fast.
    """
    found = path(shell)
    if found is None:
        return None
    try:
        cells = json.loads(found.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if isinstance(cell.get("source"), list):
                cell["source"] = "".join(cell["source"])
        return cells
    except Exception:  # a half-written or broken file: no help rather than an error
        return None


def current_cell_id(shell: Any | None) -> str | None:
    """The id of the cell being run, when the front end sent it (JupyterLab does)."""
    try:
        parent = shell.get_parent() if hasattr(shell, "get_parent") else shell.parent_header
        return (parent or {}).get("metadata", {}).get("cellId")
    except Exception:
        return None


def cells_above(cells: list[dict], shell: Any | None) -> list[dict]:
    """The code cells above the running one (all of them when it is not known)."""
    cells = [c for c in cells if c.get("cell_type") == "code"]
    running = current_cell_id(shell)
    ids = [c.get("id") for c in cells]
    return cells[: ids.index(running)] if running in ids else cells


def is_check(cell: Any) -> bool:
    """An nbgrader test cell (a check)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def names_made(source: str) -> set[str]:
    """The names a cell's code keeps (x = ..., import x, def x, for x in ...)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(re.findall(r"^\s*([A-Za-z_]\w*)\s*=(?!=)", source, flags=re.MULTILINE))
    made: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            made.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            made.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            made |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return made


def names_made_above(shell: Any | None = None) -> set[str]:
    """The names the cells above the running one keep, from the saved notebook."""
    cells = read(shell)
    if cells is None:
        return set()
    made: set[str] = set()
    for cell in cells_above(cells, shell):
        made |= names_made(cell.get("source", ""))
    return made
