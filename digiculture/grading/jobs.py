"""A job: one learner's prepared submission on its way to a worker, and the folder it runs in."""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from digiculture.grading.protocol import JobRequest
from digiculture.grading.sandbox import Limits

if TYPE_CHECKING:
    pass

#: Jobs handed to a worker at a time (the one it runs, and the next).
JOBS_AHEAD = 2


@dataclass
class Job:
    learner: str
    unit: str
    name: str
    limits: Limits
    notes: list[str]
    #: The submission's notebooks as nbgrader sanitised them (the notebook files' text), by
    #: name (without .ipynb), in the order nbgrader runs them.
    sanitized: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None
    started: float = 0.0
    attempts: int = 0
    #: Cells of each released notebook (to tell a notebook padded with cells).
    released_cells: dict[str, int] = field(default_factory=dict)

    def request(self, execute: dict) -> JobRequest:
        """The job as the worker gets it (with nbgrader's Execute settings)."""
        return JobRequest(
            id=self.name,
            dir=self.name,
            unit=self.unit,
            limits=self.limits,
            execute=execute,
            notebooks=list(self.sanitized),
        )


@dataclass(frozen=True)
class UnitFiles:
    """Which files nbgrader puts beside a submission's notebooks while it grades them.

    As `nbgrader autograde` does: every file of the submission, then every file of the unit's
    source folder over them, except the ones the course's `Autograde.exclude_overwriting`
    keeps from the submission; notebooks and what `CourseDirectory.ignore` names (for
    example `*.pyc`, `.ipynb_checkpoints`) are left out.
    """

    source: Path
    ignore: tuple[str, ...]
    exclude_overwriting: tuple[str, ...] = ()

    def copy(self, snapshot: Path, target: Path) -> None:
        from nbgrader.utils import find_all_files

        target.mkdir(parents=True, exist_ok=True)
        skip = [*self.ignore, "*.ipynb"]
        # Compared as nbgrader compares them: the source folder joined with each name.
        kept = {os.path.join(str(self.source), name) for name in self.exclude_overwriting}
        for folder, from_source in ((snapshot, False), (self.source, True)):
            if not folder.is_dir():
                continue
            for name in find_all_files(str(folder), skip):
                path = Path(name)
                rel = path.relative_to(folder)
                if from_source and name in kept:
                    continue
                mode = path.lstat().st_mode
                if not stat.S_ISREG(mode):
                    continue
                dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                if dest.exists() or dest.is_symlink():
                    dest.unlink()
                shutil.copyfile(path, dest)


def copy_written_files(files: Path, dest: Path, notebooks: list[str]) -> list[str]:
    """Put what the working folder held after the notebooks ran (`files`: the submission's
    and the unit's files plus what the notebooks wrote) into the graded folder `dest`, as
    nbgrader leaves it in autograded/; the graded notebooks themselves are left alone.
    Returns the files copied (relative paths)."""
    copied: list[str] = []
    graded = {f"{name}.ipynb" for name in notebooks}
    if not files.is_dir():
        return copied
    for folder, _dirs, names in os.walk(files):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(files)
            if str(rel) in graded or not stat.S_ISREG(path.lstat().st_mode):
                continue
            target = dest / rel
            if target.is_file() and not target.is_symlink() and filecmp.cmp(path, target, False):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                target.unlink()
            shutil.copyfile(path, target)
            copied.append(str(rel))
    return copied
