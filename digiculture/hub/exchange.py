"""nbgrader's exchange on the kit's hub: folders made by the kit, submissions made by their owner.

The exchange root is root's and not writable by anyone else (0755): a learner cannot make a
cohort's folder before the kit does. `make_course_folders` makes each cohort's folders when
the cohort is made (`hub add-cohort`), owned by root and the cohort's group
`formgrade-<course>`, with nbgrader's own modes for a shared course:

| folder                       | mode | who may                                                   |
|------------------------------|------|-----------------------------------------------------------|
| exchange/                    | 0755 | everyone lists the courses; nobody but root writes        |
| exchange/<course>/           | 2775 | facilitators (the group) write; learners pass             |
| exchange/<course>/outbound/  | 2775 | facilitators release units; learners read them            |
| exchange/<course>/inbound/   | 2773 | learners drop a submission but cannot list the others'    |
| exchange/<course>/feedback/  | 2771 | facilitators write; learners open their own page by hash  |

nbgrader's exchange classes are replaced (through `ExchangeFactory` in the hub's nbgrader
config) by subclasses that first check those owners and modes (`folder_problems`) and refuse
to work, with a sentence naming the folder and the fix, in folders the kit did not make.
`KitExchangeSubmit` leaves a submission's folder open to the cohort's facilitators only
(nbgrader makes it open to all). `KitExchangeCollect` takes a submission only when its folder and
every file in it belong to the learner it names (their Unix id): one put there in another
learner's name is left out and reported in the collect log.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeList,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)

from digiculture.errors import UserError

ROOT_MODE = 0o755
#: Each cohort's folders and their modes (nbgrader's with `CourseDirectory.groupshared`).
COURSE_MODES = {"": 0o2775, "outbound": 0o2775, "inbound": 0o2773, "feedback": 0o2771}
FIX = "run `sudo digiculture hub add-cohort {course}` on the hub's machine, which repairs it"


class ExchangeFolderError(UserError):
    """A folder of the exchange that the kit did not make (or that was changed since)."""


def _mode_problem(path: Path, mode: int, gid: int | None, fix: str) -> str | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return f"The exchange folder {path} is missing: {fix}."
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} should be a folder of the exchange but is not: remove it, then {fix}."
    if st.st_uid != 0 or (gid is not None and st.st_gid != gid):
        try:
            owner = pwd.getpwuid(st.st_uid).pw_name
        except KeyError:
            owner = str(st.st_uid)
        return (
            f"The exchange folder {path} was not made by the kit (it belongs to {owner}): "
            f"someone may have taken it over. Look at what is inside, remove it, then {fix}."
        )
    if stat.S_IMODE(st.st_mode) != mode:
        return (
            f"The exchange folder {path} has the mode {stat.S_IMODE(st.st_mode):04o} instead of "
            f"{mode:04o}: {fix}."
        )
    return None


def course_group(course: str) -> int | None:
    try:
        return grp.getgrnam(f"formgrade-{course}").gr_gid
    except KeyError:
        return None


def folder_problems(root: Path, course: str = "") -> list[str]:
    """What is wrong with the exchange root and (when given) the course's folders."""
    fix = FIX.format(course=course or "COHORT")
    problems = []
    problem = _mode_problem(Path(root), ROOT_MODE, 0, fix)
    if problem:
        problems.append(problem)
    if course:
        gid = course_group(course)
        for name, mode in COURSE_MODES.items():
            problem = _mode_problem(Path(root) / course / name, mode, gid, fix)
            if problem:
                problems.append(problem)
                if not name:
                    break
    return problems


def make_course_folders(root: Path, course: str, gid: int) -> None:
    """Make (or repair the modes of) the exchange root and the course's folders, as root.

    A folder with another owner is not repaired: ExchangeFolderError says what to do.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    st = os.lstat(root)
    if st.st_uid != 0:
        raise ExchangeFolderError(
            _mode_problem(root, ROOT_MODE, 0, "make it again as root (sudo)")
            or f"{root} is not root's."
        )
    os.chown(root, 0, 0)
    os.chmod(root, ROOT_MODE)
    fix = FIX.format(course=course)
    for name, mode in COURSE_MODES.items():
        folder = root / course / name
        if not folder.exists() and not folder.is_symlink():
            folder.mkdir()
        else:
            st = os.lstat(folder)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != 0:
                raise ExchangeFolderError(_mode_problem(folder, mode, None, fix))
        os.chown(folder, 0, gid)
        os.chmod(folder, mode)


class KitFolders:
    """Mixin of the kit's exchange classes: check the kit's folders before any transfer."""

    def ensure_root(self):  # the kit made the root: nobody but root may change it
        return None

    def ensure_directory(self, path, mode):
        if not os.path.isdir(path):  # a unit's folder in outbound/, a feedback stamp ...
            return super().ensure_directory(path, mode)

    def start(self):
        course = self.coursedir.course_id if self.path_includes_course else ""
        problems = folder_problems(Path(self.root), course)
        if problems:
            self.fail(" ".join(problems))
        return super().start()


class KitExchangeFetchAssignment(KitFolders, ExchangeFetchAssignment):
    pass


class KitExchangeFetchFeedback(KitFolders, ExchangeFetchFeedback):
    pass


class KitExchangeList(KitFolders, ExchangeList):
    pass


class KitExchangeReleaseAssignment(KitFolders, ExchangeReleaseAssignment):
    pass


class KitExchangeReleaseFeedback(KitFolders, ExchangeReleaseFeedback):
    pass


class KitExchangeSubmit(KitFolders, ExchangeSubmit):
    """nbgrader's submit, but the submission is the learner's and the facilitators' only.

    nbgrader leaves its folder open to everyone (0777, hidden only by its random name); here
    the folder is 0770, of the group formgrade-<course> that the inbound folder gives it when
    it is made: another learner cannot enter it even knowing its name.
    """

    def copy_files(self):
        super().copy_files()
        os.chmod(Path(self.inbound_path) / self.assignment_filename, 0o770)


def forgery(path: Path, learner: str) -> str | None:
    """Why the submission folder `path` is not `learner`'s own, or None when it is.

    Its folder and everything in it must belong to the learner's Unix user (nbgrader submit,
    run by the learner's server, makes it so); links are never followed.
    """
    try:
        uid = pwd.getpwnam(learner).pw_uid
    except KeyError:
        return f"there is no account '{learner}' on this machine"

    def problem(entry: str) -> str | None:
        st = os.lstat(entry)
        if stat.S_ISLNK(st.st_mode):
            return f"{entry} is a link"
        if st.st_uid != uid:
            try:
                owner = pwd.getpwuid(st.st_uid).pw_name
            except KeyError:
                owner = str(st.st_uid)
            return f"{entry} belongs to {owner}, not to {learner}"
        return None

    unreadable: list[OSError] = []
    try:
        why = problem(str(path))
        if why is not None:
            return why
        for folder, dirs, files in os.walk(path, onerror=unreadable.append):
            for entry in (os.path.join(folder, n) for n in dirs + files):
                why = problem(entry)
                if why is not None:
                    return why
    except OSError as exc:
        unreadable.append(exc)
    if unreadable:
        error = unreadable[0]
        return f"the facilitators cannot read it ({error.strerror}: {error.filename})"
    return None


class KitExchangeCollect(KitFolders, ExchangeCollect):
    """nbgrader's collect, leaving out every submission its learner did not make."""

    def init_src(self):
        super().init_src()
        # nbgrader picked the newest submission per learner: pick again among genuine ones.
        pattern_learner = self.coursedir.student_id or "*"
        inbound = Path(self.inbound_path)
        genuine: dict[str, dict] = {}
        self.forged: list[str] = []
        for path in inbound.glob(f"{pattern_learner}+{self.coursedir.assignment_id}+*"):
            record = self._path_to_record(str(path))
            why = forgery(path, record["username"])
            if why is not None:
                self.forged.append(path.name)
                self.log.warning(
                    "Left out the submission %s in the name of %s: it was not made by that "
                    "learner (%s). Someone may have tried to submit in their name; the learner's "
                    "own submission, if any, is collected.",
                    path.name,
                    record["username"],
                    why,
                )
                continue
            kept = genuine.get(record["username"])
            if kept is None or record["timestamp"] > kept["timestamp"]:
                genuine[record["username"]] = record
        self.src_records = list(genuine.values())
