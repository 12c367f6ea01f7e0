"""A job: one prepared submission on its way to a worker, and the folder it runs in."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from digiculture.grading.protocol import JobRequest
from digiculture.grading.sandbox import Limits

if TYPE_CHECKING:
    import nbformat

#: Jobs handed to a worker at a time (the one it runs, and the next).
JOBS_AHEAD = 2


@dataclass
class Job:
    learner: str
    unit: str
    name: str
    limits: Limits
    notes: list[str]
    sanitized: nbformat.NotebookNode | None = None
    folder: Path | None = None
    started: float = 0.0
    attempts: int = 0
    #: Cells of the unit's released notebook (to tell a notebook padded with cells).
    released_cells: int = 0

    def request(self, execute: dict) -> JobRequest:
        """The job as the worker gets it (with nbgrader's Execute settings)."""
        return JobRequest(
            id=self.name, dir=self.name, unit=self.unit, limits=self.limits, execute=execute
        )


def unit_files(course_dir: Path, unit_id: str, snapshot: Path, target: Path) -> None:
    """The files nbgrader puts beside the notebook: the submission's, then the source's."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in (snapshot, course_dir / "source" / unit_id):
        for path in folder.rglob("*"):
            rel = path.relative_to(folder)
            if path.suffix == ".ipynb" or path.name == "timestamp.txt":
                continue
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.is_dir() and not path.is_symlink():
                (target / rel).mkdir(parents=True, exist_ok=True)
            elif path.is_file() and not path.is_symlink():
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target / rel)
