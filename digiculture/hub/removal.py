"""What `digiculture hub remove-learner` and `hub close-cohort` do, and what becomes of the files.

A learner leaves a cohort: their server is stopped, their hub account and pending invitation
are removed, they leave the group `nbgrader-<cohort>` and the hub's record, and their Unix
account is removed unless they are in another cohort. Their files are personal data; the
facilitator chooses (`FILES`):

- `keep`: nothing is deleted. Their folder (the home, or `~/<cohort>` when they stay in another
  cohort) is moved to `<hub>/kept/<cohort>/<learner>/` (root only); their hand-ins, grades and
  feedback stay in the cohort's course (for grades and credentials). Delete later with `delete`.
- `export`: one zip per learner (their folder, hand-ins, feedback, and a CSV of their grades),
  private to root, then everything is deleted as with `delete`.
- `delete`: their folder, hand-ins (course and exchange), feedback and grades are deleted.

Closing a cohort does this for each of its learners, then removes the cohort from the hub
(groups `nbgrader-`/`formgrade-<cohort>`, exchange folders, facilitators' links); its course
folder (units, gradebook, solutions) is kept under `kept/` with `keep`, exported with
`export` (in the cohort's zip of grades) and deleted with `delete`.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import stat
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from digiculture.hub import accounts, invitations
from digiculture.hub.api import HubAPIError
from digiculture.hub.layout import HubLayout
from digiculture.hub.state import HubState, save_state
from digiculture.settings import Settings

FILES = ("keep", "export", "delete")
#: The course's folders that hold one sub-folder per learner.
PER_LEARNER = ("submitted", "autograded", "feedback")


@dataclass
class LearnerFiles:
    """Where one learner's data of one cohort is."""

    learner: str
    course: str
    #: Their folder: the whole home, or ~/<course> when they stay in another cohort.
    folder: Path | None
    whole_home: bool
    #: Their hand-ins, graded copies and feedback in the course, and hand-ins in the exchange.
    course_items: list[Path] = field(default_factory=list)
    exchange_items: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        if self.folder is not None:
            what = "home folder" if self.whole_home else f"folder ~/{self.course}"
            parts.append(f"their {what} ({self.folder})")
        if self.course_items:
            parts.append(f"{len(self.course_items)} folder(s) of hand-ins/feedback in the course")
        if self.exchange_items:
            parts.append(f"{len(self.exchange_items)} hand-in(s) in the exchange")
        parts.append("their grades in the cohort's gradebook")
        return f"{self.learner}: " + "; ".join(parts)


@dataclass
class Removed:
    learner: str
    files: str
    kept_at: Path | None = None
    export: Path | None = None


def files_of(layout: HubLayout, state: HubState, course: str, learner: str) -> LearnerFiles:
    other = [c for c in state.cohort_of(learner) if c.course != course]
    home = Path(state.home_base) / learner
    try:
        import pwd

        home = Path(pwd.getpwnam(learner).pw_dir)
    except KeyError:
        pass
    folder: Path | None = home if not other else home / course
    if folder is not None and not folder.exists():
        folder = None
    course_dir = layout.course_dir(course)
    items = [course_dir / kind / learner for kind in PER_LEARNER]
    inbound = layout.exchange / course / "inbound"
    exchange = sorted(inbound.glob(f"{learner}+*")) if inbound.is_dir() else []
    return LearnerFiles(
        learner=learner,
        course=course,
        folder=folder,
        whole_home=not other,
        course_items=[p for p in items if p.exists()],
        exchange_items=exchange,
    )


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, 0, 0)
    os.chmod(path, 0o700)
    return path


def grades_csv(course_dir: Path, learner: str) -> str:
    """The learner's scores per unit (CSV text; formulas neutralised)."""
    from competence_profile.spreadsheet import csv_writer
    from digiculture.course.gradebook import gradebook_url, open_gradebook_at

    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["learner", "unit", "score", "max_score", "needs_manual_grade"])
    if (course_dir / "gradebook.db").is_file():
        with open_gradebook_at(gradebook_url(course_dir), course_dir.name) as gb:
            for unit in gb.unit_ids():
                score = gb.score(unit, learner)
                if score is not None:
                    writer.writerow(
                        [learner, unit, score.score, score.max_score, score.needs_manual_grade]
                    )
    return out.getvalue()


def export_zip(files: LearnerFiles, course_dir: Path, target: Path) -> Path:
    """One zip with everything of `files` and the learner's grades, readable by root only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        sources: list[tuple[Path, str]] = []
        if files.folder is not None:
            sources.append((files.folder, "folder"))
        sources += [(p, f"course/{p.parent.name}") for p in files.course_items]
        sources += [(p, "exchange/inbound") for p in files.exchange_items]
        for source, prefix in sources:
            add_tree(zf, source, f"{prefix}/{source.name}")
        zf.writestr("grades.csv", grades_csv(course_dir, files.learner))
    return target


def add_tree(zf: zipfile.ZipFile, top: Path, prefix: str) -> None:
    """Every regular file under `top` into `zf`, read without following any link.

    A learner's folder is theirs to change while root reads it (a learner in another cohort
    keeps their server): a file or folder swapped for a link to a file of the machine's must
    not end up in the zip given to them. `os.fwalk` walks by open folders and refuses a
    swapped top; each file is opened relative to its folder with O_NOFOLLOW and kept only
    when it is a regular file.
    """
    if top.is_symlink() or not top.exists():
        return
    if not top.is_dir():
        _add_file(zf, os.open(top, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), prefix)
        return
    for folder, _dirs, names, dir_fd in os.fwalk(top, follow_symlinks=False):
        relative = os.path.relpath(folder, top)
        for name in sorted(names):
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
            except OSError:  # a link, or gone
                continue
            _add_file(zf, fd, os.path.normpath(f"{prefix}/{relative}/{name}"))


def _add_file(zf: zipfile.ZipFile, fd: int, name: str) -> None:
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return
        with zf.open(name, "w") as out:
            shutil.copyfileobj(fh, out, 1024 * 1024)


def _delete(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _forget_account(settings: Settings, state: HubState, learner: str, api) -> None:
    """The learner's server stopped and their hub account gone (through the running hub's
    API, else in its database: NativeAuthenticator's row and JupyterHub's user)."""
    if api is not None:
        # JupyterHub stops the server first; while a start or stop is pending it answers 400.
        for _ in range(60):
            try:
                api.request("DELETE", f"/users/{learner}")
                return
            except HubAPIError as exc:
                if exc.status == 404:
                    return
                if exc.status != 400:
                    raise
            time.sleep(1)
        raise HubAPIError(400, f"the hub did not stop {learner}'s server within a minute")
    database = HubLayout(settings.hub_dir).database
    if database.is_file() and database.stat().st_size:
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA foreign_keys = ON")
            for table, column in (("users_info", "username"), ("users", "name")):
                # (a table JupyterHub has not made yet: nothing to delete)
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute(f"DELETE FROM {table} WHERE {column} = ?", (learner,))


def remove_learner(
    settings: Settings,
    state: HubState,
    course: str,
    learner: str,
    files: str,
    export_dir: Path,
    api=None,
    stamp: str = "",
) -> Removed:
    """Remove one learner from `course` (see the module's text); `state` is saved by the
    caller. `api`: the running hub's API client, or None."""
    assert files in FILES
    layout = HubLayout(settings.hub_dir)
    found = files_of(layout, state, course, learner)
    course_dir = layout.course_dir(course)
    cohort = state.cohorts[course]
    stays = any(c.course != course for c in state.cohort_of(learner))
    result = Removed(learner, files)
    if not stays:
        _forget_account(settings, state, learner, api)
        uid = _uid(learner)
        if uid is not None:
            accounts.stop_processes_of(uid)
        invitations.use(layout.root, learner)
    elif api is not None:
        with contextlib.suppress(HubAPIError):
            api.request("DELETE", f"/groups/nbgrader-{course}/users", {"users": [learner]})
    if files == "export":
        result.export = export_zip(found, course_dir, export_dir / f"{course}-{learner}.zip")
    if files == "keep" and found.folder is not None:
        kept = _private_dir(layout.root / "kept" / course) / f"{learner}{stamp}"
        shutil.move(str(found.folder), kept)
        _chown_tree(kept)
        result.kept_at = kept
    if files in ("export", "delete"):
        if found.folder is not None:
            _delete(found.folder)
        for path in found.course_items + found.exchange_items:
            _delete(path)
        if (course_dir / "gradebook.db").is_file():
            from digiculture.course.gradebook import gradebook_url, open_gradebook_at

            with open_gradebook_at(gradebook_url(course_dir), course) as gb:
                gb.remove_student(learner)
    cohort.learners = [n for n in cohort.learners if n != learner]
    if not stays:
        accounts.remove_user(learner, remove_home=files != "keep")
    return result


def _uid(name: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def _chown_tree(path: Path) -> None:
    """What is kept belongs to root only (the learner's Unix account may be gone)."""
    for entry in [path, *path.rglob("*")]:
        if entry.is_symlink():
            continue
        os.chown(entry, 0, 0, follow_symlinks=False)
        os.chmod(entry, 0o700 if entry.is_dir() else 0o600)


def close_cohort(
    settings: Settings,
    state: HubState,
    course: str,
    files: str,
    export_dir: Path,
    api=None,
    progress: Callable[[str], None] = lambda _m: None,
) -> list[Removed]:
    """Remove every learner of `course`, then the cohort itself (see the module's text)."""
    layout = HubLayout(settings.hub_dir)
    stamp = "-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    removed = []
    for learner in list(state.cohorts[course].learners):
        progress(learner)
        removed.append(
            remove_learner(settings, state, course, learner, files, export_dir, api, stamp)
        )
        save_state(layout.root, state)
    course_dir = layout.course_dir(course)
    if files == "export" and course_dir.is_dir():
        target = export_dir / f"{course}-course.zip"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            add_tree(zf, course_dir, course)
    if files == "keep" and course_dir.is_dir():
        target = _private_dir(layout.root / "kept" / course) / f"course{stamp}"
        shutil.move(str(course_dir), target)
        os.chmod(target, 0o700)
    else:
        _delete(course_dir)
    _delete(layout.exchange / course)
    _delete(layout.jupyter_config(f"formgrade-{course}"))
    _delete(layout.start_page(course))
    for name in set(state.cohorts[course].facilitators) | set(state.admins):
        link = Path(state.home_base) / name / course
        try:
            import pwd

            link = Path(pwd.getpwnam(name).pw_dir) / course
        except KeyError:
            pass
        if link.is_symlink():
            link.unlink()
    del state.cohorts[course]
    if api is not None:
        for group in (f"nbgrader-{course}", f"formgrade-{course}"):
            with contextlib.suppress(HubAPIError):
                api.request("DELETE", f"/groups/{group}")
    accounts.remove_group(f"formgrade-{course}")
    save_state(layout.root, state)
    return removed
