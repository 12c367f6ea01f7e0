"""Checks of the unit notebooks against the manifest and the kit's nbgrader conventions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from competence_profile.problems import Problem
from competence_profile.units import UnitManifest, unit_prefix


def source_notebook(course_dir: Path, unit_id: str) -> Path:
    return course_dir / "source" / unit_id / f"{unit_id}.ipynb"


def nbgrader_cells(nb: dict) -> list[tuple[dict, dict]]:
    """(cell, its nbgrader metadata) for every cell that has some."""
    return [
        (c, c["metadata"]["nbgrader"])
        for c in nb.get("cells", [])
        if isinstance(c.get("metadata", {}).get("nbgrader"), dict)
    ]


def is_autograded_test(cell: dict, meta: dict) -> bool:
    return (
        cell.get("cell_type") == "code"
        and meta.get("grade")
        and not meta.get("solution")
        and (meta.get("points") or 0) > 0
    )


def is_manual(cell: dict, meta: dict) -> bool:
    return bool(meta.get("grade") and meta.get("solution"))


def cell_text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def check_notebooks(course_dir: Path, manifest: UnitManifest) -> list[Problem]:
    problems: list[Problem] = []
    source = course_dir / "source"
    for unit in manifest.units:
        path = source_notebook(course_dir, unit.id)
        label = str(path.relative_to(course_dir)) if path.is_relative_to(course_dir) else str(path)
        if not path.is_file():
            problems.append(Problem("units.yaml", unit.id, f"missing notebook: create {label}"))
            continue
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(
                Problem(
                    label,
                    "",
                    f"is not a readable notebook ({exc}): restore it "
                    "from git or save it again from JupyterLab",
                )
            )
            continue
        problems.extend(_check_notebook(nb, unit.id, label))
    if source.is_dir():
        for folder in sorted(p for p in source.iterdir() if p.is_dir()):
            if folder.name not in manifest.ids and not folder.name.startswith("."):
                problems.append(
                    Problem(
                        f"source/{folder.name}",
                        "",
                        "this unit is not in units.yaml: add it there or remove the folder",
                    )
                )
    return problems


def _check_notebook(nb: dict, unit_id: str, label: str) -> list[Problem]:
    problems: list[Problem] = []
    graded = nbgrader_cells(nb)
    prefix = unit_prefix(unit_id) + "_"
    tests = [(c, m) for c, m in graded if is_autograded_test(c, m)]
    if not tests:
        problems.append(
            Problem(
                label,
                unit_id,
                "has no autograded test cell: add at least one (a locked code cell with points)",
            )
        )
    if not any(is_manual(c, m) for c, m in graded):
        problems.append(Problem(label, unit_id, "has no manually graded reflection: add one"))
    ids = [m.get("grade_id", "") for _, m in graded]
    for grade_id, n in Counter(ids).items():
        if n > 1:
            problems.append(Problem(label, grade_id, f"grade_id used {n} times: make each unique"))
    for grade_id in ids:
        if not grade_id.startswith(prefix):
            problems.append(
                Problem(
                    label,
                    grade_id or "(no grade_id)",
                    f"grade_id should start with '{prefix}' and say what it grades",
                )
            )
    for cell, meta in tests:
        first = cell_text(cell).lstrip()
        if not first.startswith(('"""', "'''")):
            problems.append(
                Problem(
                    label,
                    meta.get("grade_id", ""),
                    "test cell must begin with a one-line docstring saying what it checks",
                )
            )
    for index, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("outputs") or cell.get("execution_count"):
            problems.append(
                Problem(
                    label,
                    f"cell {index}",
                    "has outputs: clear them (Edit > Clear Outputs of All Cells) before committing",
                )
            )
    return problems
