"""Step 1 of a grading run: which learners handed in a unit, and a private copy of each
submission (a snapshot: a learner who hands in again while grading runs does not disturb it)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from digiculture.grading.results import Refused


def find_submissions(
    course_dir: Path,
    unit_id: str,
    learners: set[str] | None = None,
    submitted: Path | None = None,
) -> tuple[list[str], list[Refused]]:
    """Learners of the course with a folder `submitted/<learner>/<unit_id>/`, sorted; and the
    other folders under `submitted/`, each with the reason it is not graded.

    `learners` are the course's learners (default: `course.roster.course_learner_ids`); `submitted`
    the folder of submissions (default: the course's `submitted/`). Links are
    never followed: a learner's folder, unit folder or notebook that is a link is refused.
    """
    from digiculture.course.roster import course_learner_ids, is_learner_id

    submitted = Path(submitted) if submitted is not None else Path(course_dir) / "submitted"
    if not submitted.is_dir() or submitted.is_symlink():
        return [], []
    if learners is None:
        learners = course_learner_ids(course_dir)
    found: list[str] = []
    refused: list[Refused] = []
    with os.scandir(submitted) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name.startswith("."):
                continue
            unit = Path(entry.path) / unit_id
            if entry.is_symlink():
                why = "it is a link, and links under submitted/ are not followed"
            elif not entry.is_dir(follow_symlinks=False):
                why = "it is a file, not a learner's folder"
            elif not is_learner_id(name):
                why = (
                    "its name is not a learner id (letters, digits, '.', '_', '-'); it is "
                    "not graded and appears in no gradebook"
                )
            elif name not in learners:
                why = (
                    "no learner of the course has this id: import the roster with them "
                    "(digiculture roster import) if they belong to the cohort"
                )
            elif unit.is_symlink():
                why = f"its folder {unit_id} is a link, and links are not followed"
            elif not unit.is_dir():
                continue  # a learner who has not handed in this unit
            elif links := sorted(p.name for p in unit.glob("*.ipynb") if p.is_symlink()):
                why = f"its notebook {links[0]} is a link, and links are not followed"
            else:
                found.append(name)
                continue
            refused.append(Refused(name, why))
    return found, refused


def copy_regular(src: Path, dst: Path, skipped: list[str]) -> None:
    """Copy a folder tree with regular files and folders only (no links, devices, pipes)."""
    dst.mkdir(parents=True, exist_ok=True)
    for entry in sorted(src.iterdir()):
        mode = entry.lstat().st_mode
        if stat.S_ISDIR(mode):
            copy_regular(entry, dst / entry.name, skipped)
        elif stat.S_ISREG(mode):
            shutil.copyfile(entry, dst / entry.name)
        else:
            skipped.append(entry.name)
