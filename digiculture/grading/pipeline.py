"""Grade every submission of a unit: in parallel, sandboxed, and with nbgrader's own results.

How a run goes (`grade_unit`):

1. **Collect.** Each `submitted/<learner>/<unit>/` folder is copied into a private run folder
   (a snapshot: a learner who hands in again while grading runs does not disturb it, and the
   copy is what gets graded). Links and special files are left out.
2. **Inspect** (`submissions.py`, no learner code runs): empty, damaged or foreign notebooks
   fail here with a plain reason; tampered or deleted graded cells are put back as released.
3. **Prepare.** nbgrader's own sanitising steps (ClearOutput, DeduplicateIds,
   OverwriteKernelspec, OverwriteCells, CheckCellMetadata) make the notebook that will run
   and be saved: test cells and their metadata come from the gradebook, never from the
   submission. (They run once, here; step 5 is set not to repeat them.)
4. **Run** in a worker (`worker.py`): one per core, each with a prepared interpreter that
   forks a fresh, sandboxed kernel per submission, and nbgrader's Execute step driving it.
5. **Save** with nbgrader's Autograde (in this process only, so the SQLite gradebook has one
   writer): the same converter as `nbgrader autograde`, with its Execute step replaced by one
   that takes the outputs of step 4. The graded notebook lands in `autograded/` and the scores
   in the gradebook exactly as `nbgrader autograde` would put them, so formgrader,
   `nbgrader export` and `nbgrader generate_feedback` work as usual.

Steps 2-3 and 5 happen in this process while the workers run step 4 for other learners. A
failure (a reason in plain words) never stops the others; nothing already graded is removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import shutil
import stat
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from digiculture.course.folder import Course, CourseError, open_course
from digiculture.grading import runs, sandbox, slots
from digiculture.grading.records import Record, fingerprint, now, save_records
from digiculture.grading.sandbox import Limits
from digiculture.grading.slots import Slot
from digiculture.settings import Settings

if TYPE_CHECKING:
    import nbformat

# nbformat and nbgrader are imported where used: they take seconds to load, and the workers
# should start (and warm up) first.

log = logging.getLogger("digiculture.grading")

GRADED, FAILED, GRADING = "graded", "failed", "grading"
#: Jobs handed to a worker at a time (the one it runs, and the next).
JOBS_AHEAD = 2
#: Seconds a worker may take to start (its interpreters import IPython, pandas, nbgrader).
WORKER_START_LIMIT = 300


class SandboxUnavailable(CourseError):
    """Learner code cannot be sandboxed here; the message says why and what to do."""


@dataclass(frozen=True)
class GradingOptions:
    #: Parallel workers; 0 means one per processor core.
    workers: int = 0
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True
    #: Keep the run folder (snapshots, worker logs) for inspection.
    keep_run_folder: bool = False
    #: When another run grades the course: wait for it (True) or stop with CourseBusy.
    wait: bool = True


@dataclass
class Outcome:
    learner: str
    status: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    #: From the gradebook, filled in when the run ends (progress callbacks see None).
    score: float | None = None
    max_score: float | None = None
    needs_manual_grade: bool = False
    seconds: float = 0.0


@dataclass
class Summary:
    unit: str
    outcomes: list[Outcome]
    seconds: float
    workers: int
    sandboxed: bool
    log_file: Path | None = None
    #: Folders under submitted/ that were not graded (not learners of the course, links).
    refused: list[Refused] = field(default_factory=list)

    @property
    def graded(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == GRADED]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    def as_dict(self) -> dict:
        return {
            "unit": self.unit,
            "seconds": round(self.seconds, 2),
            "workers": self.workers,
            "sandboxed": self.sandboxed,
            "outcomes": [asdict(o) for o in self.outcomes],
            "refused": [asdict(r) for r in self.refused],
        }


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class Refused:
    """A folder under `submitted/` that was not graded, and why (never a learner's row)."""

    folder: str
    reason: str

    @property
    def shown(self) -> str:
        """The folder's name as it can be printed safely (quoted, control characters escaped)."""
        return ascii(self.folder) if not self.folder.isprintable() else repr(self.folder)


def find_submissions(
    course_dir: Path, unit_id: str, learners: set[str] | None = None
) -> tuple[list[str], list[Refused]]:
    """Learners of the course with a folder `submitted/<learner>/<unit_id>/`, sorted; and the
    other folders under `submitted/`, each with the reason it is not graded.

    `learners` are the course's learners (default: `roster.course_learner_ids`). Links are
    never followed: a learner's folder, unit folder or notebook that is a link is refused.
    """
    from digiculture.course.roster import is_learner_id
    from digiculture.grading.roster import course_learner_ids

    submitted = Path(course_dir) / "submitted"
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
            notebook = unit / f"{unit_id}.ipynb"
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
            elif notebook.is_symlink():
                why = f"its notebook {unit_id}.ipynb is a link, and links are not followed"
            else:
                found.append(name)
                continue
            refused.append(Refused(name, why))
    return found, refused


# --------------------------------------------------------------------------------------
# nbgrader's steps, run from here


def _sandbox_outputs_class():
    from nbgrader.preprocessors import NbGraderPreprocessor

    class SandboxOutputs(NbGraderPreprocessor):
        """Stands in for nbgrader's Execute: the outputs of the sandboxed run of this notebook.

        nbgrader hands over the sanitised notebook that the sandbox ran; only outputs,
        execution counts and timing move across, after checking that every cell is the one
        that ran.
        """

        executed: dict[tuple[str, str], nbformat.NotebookNode] = {}

        def preprocess(self, nb, resources):
            key = (resources["nbgrader"]["student"], resources["nbgrader"]["notebook"])
            done = self.executed[key]
            if len(done.cells) != len(nb.cells):
                raise RuntimeError("the notebook that ran differs from the one to save")
            for cell, ran in zip(nb.cells, done.cells, strict=True):
                if cell.cell_type != ran.cell_type or cell.source != ran.source:
                    raise RuntimeError("the notebook that ran differs from the one to save")
                if cell.cell_type == "code":
                    cell.outputs = ran.outputs
                    cell.execution_count = ran.get("execution_count")
                    if "execution" in ran.get("metadata", {}):
                        cell.metadata["execution"] = ran.metadata["execution"]
            for key_ in ("language_info", "widgets"):
                if key_ in done.metadata:
                    nb.metadata[key_] = done.metadata[key_]
            return nb, resources

    return SandboxOutputs


class Nbgrader:
    """nbgrader's sanitising and saving steps for one unit of one course."""

    def __init__(self, course: Course, unit_id: str, snapshot_root: Path, limits: Limits):
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import Execute

        self.unit_id = unit_id
        self.api = course.api()
        config = self.api.config
        autograde = Autograde(coursedir=self.api.coursedir, parent=self.api)
        self.sanitizers = [pp(config=config) for pp in autograde.sanitize_preprocessors]
        outputs = _sandbox_outputs_class()
        self.outputs = outputs
        steps = [
            outputs if isinstance(pp, type) and issubclass(pp, Execute) else pp
            for pp in autograde.autograde_preprocessors
        ]
        self.saver = course.api(
            CourseDirectory={"submitted_directory": str(snapshot_root)},
            Autograde={"autograde_preprocessors": steps, "sanitize_preprocessors": []},
        )
        execute = Execute(config=config)
        self.execute_settings = {
            name: getattr(execute, name)
            for name in (
                "interrupt_on_timeout",
                "allow_errors",
                "raise_on_iopub_timeout",
                "iopub_timeout",
                "startup_timeout",
                "error_on_timeout",
                "record_timing",
                "store_widget_state",
                "skip_cells_with_tag",
                "ipython_hist_file",
            )
        }
        self.execute_settings["timeout"] = int(limits.timeout)
        self.db_url = self.api.coursedir.db_url
        self.course_id = self.api.coursedir.course_id

    def sanitize(self, nb: nbformat.NotebookNode, learner: str) -> nbformat.NotebookNode:
        import nbformat

        resources = {
            "unique_key": self.unit_id,
            "nbgrader": {
                "student": learner,
                "assignment": self.unit_id,
                "notebook": self.unit_id,
                "db_url": self.db_url,
            },
        }
        nb = nbformat.from_dict(nb)
        for step in self.sanitizers:
            nb, resources = step.preprocess(nb, resources)
        return nb

    def save(self, learner: str, executed: nbformat.NotebookNode) -> tuple[bool, str]:
        """nbgrader Autograde for one learner with the sandbox's outputs; (ok, error text)."""
        self.outputs.executed[(learner, self.unit_id)] = executed
        try:
            with contextlib.redirect_stdout(sys.stderr):
                result = self.saver.autograde(self.unit_id, learner, force=True, create=True)
        finally:
            self.outputs.executed.pop((learner, self.unit_id), None)
        if result.get("success"):
            return True, ""
        log.error("nbgrader could not save %s of %s:\n%s", self.unit_id, learner, result)
        text = str(result.get("error") or result.get("log") or "").strip().splitlines()
        return False, (text[-1] if text else "no details")

    def add_scores(self, outcomes: list[Outcome]) -> None:
        """Scores of the graded outcomes from the gradebook (one connection for all)."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.course_id) as gb:
            for outcome in outcomes:
                if outcome.status != GRADED:
                    continue
                try:
                    sub = gb.find_submission(self.unit_id, outcome.learner)
                except Exception:
                    log.exception("no score for %s", outcome.learner)
                else:
                    outcome.score, outcome.max_score = float(sub.score), float(sub.max_score)
                    outcome.needs_manual_grade = bool(sub.needs_manual_grade)


# --------------------------------------------------------------------------------------
# Workers


class Worker:
    def __init__(
        self,
        index: int,
        run_dir: Path,
        spec_file: Path,
        sandboxed: bool,
        env: dict[str, str],
        slot: Slot | None = None,
        cgroups: list[Path] | None = None,
    ):
        self.index = index
        self.slot = slot
        self.area = run_dir / f"w{index}"
        self.jobs = self.area / "jobs"
        self.jobs.mkdir(parents=True, exist_ok=True)
        os.chmod(self.area, 0o700)
        os.chmod(self.jobs, 0o711)
        self.log_file = run_dir / f"worker{index}.log"
        commands_r, commands_w = os.pipe()
        results_r, results_w = os.pipe()
        args = [
            "--spec",
            str(spec_file),
            "--area",
            str(self.area),
            "--commands-fd",
            str(commands_r),
            "--results-fd",
            str(results_w),
        ]
        keep = [commands_r, results_w]
        if slot is not None:
            args += ["--uid", str(slot.uid), "--gid", str(slot.gid)]
            args += [f"--cgroup={folder}" for folder in cgroups or []]
            # The worker and its prepared interpreter hold the slot's lock while they live.
            keep.append(slot.lock_fd)
        with open(self.log_file, "ab") as err:
            # A fresh exec with an environment built from an allow-list: nothing of this
            # process's environment (the facilitator's secrets) reaches the worker's memory.
            self.process = subprocess.Popen(
                sandbox.worker_command(sys.executable, args, sandboxed),
                pass_fds=keep,
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=True,
                env=env,
                cwd="/",
                close_fds=True,
            )
        os.close(commands_r)
        os.close(results_w)
        self.commands = os.fdopen(commands_w, "w", buffering=1)
        self.results_fd = results_r
        os.set_blocking(results_r, False)
        self.buffer = b""
        self.ready = False
        #: Jobs sent and not answered yet, oldest first (the worker runs them in order).
        self.in_flight: deque[Job] = deque()
        self.dead = False
        self.started = time.monotonic()
        #: When the worker last answered (or got work while idle).
        self.last_seen = self.started

    def age(self) -> float:
        return time.monotonic() - self.started

    def send(self, job: Job, execute: dict) -> None:
        if not self.in_flight:
            self.last_seen = time.monotonic()
        self.in_flight.append(job)
        # A worker that has stopped is noticed when its results pipe closes.
        with contextlib.suppress(OSError):
            self.commands.write(json.dumps({**job.message(), "execute": execute}) + "\n")

    def read_messages(self) -> list[dict]:
        try:
            chunk = os.read(self.results_fd, 1 << 20)
        except BlockingIOError:
            return []
        if not chunk:
            self.dead = True
            return []
        self.last_seen = time.monotonic()
        self.buffer += chunk
        messages = []
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            messages.append(json.loads(line))
        return messages

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.commands.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(OSError):
            os.close(self.results_fd)
        if self.slot is not None:
            self.slot.release()


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

    def message(self) -> dict:
        return {
            "id": self.name,
            "dir": self.name,
            "unit": self.unit,
            "limits": asdict(self.limits),
        }


def _kernel_env(settings: Settings) -> dict[str, str]:
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NBGRADER_EXECUTION": "autograde",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "DIGICULTURE_DATA_DIR": str(settings.data_dir),
        "DIGICULTURE_PROFILE_DIR": str(settings.profile_dir),
        "DIGICULTURE_COURSE_DIR": str(settings.course_dir),
        "DIGICULTURE_BANK_DIR": str(settings.bank_dir),
    }
    for key in ("DIGICULTURE_LANG", "TZ"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    return env


def _copy_regular(src: Path, dst: Path, skipped: list[str]) -> None:
    """Copy a folder tree with regular files and folders only (no links, devices, pipes)."""
    dst.mkdir(parents=True, exist_ok=True)
    for entry in sorted(src.iterdir()):
        mode = entry.lstat().st_mode
        if stat.S_ISDIR(mode):
            _copy_regular(entry, dst / entry.name, skipped)
        elif stat.S_ISREG(mode):
            shutil.copyfile(entry, dst / entry.name)
        else:
            skipped.append(entry.name)


def _unit_files(course_dir: Path, unit_id: str, snapshot: Path, target: Path) -> None:
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


#: Words in an error or in printed output that mean the sandbox stopped something.
SANDBOX_MARKS = (
    "Permission denied",
    "Read-only file system",
    "Network is unreachable",
    "name resolution",
    "Operation not permitted",
)


def _run_notes(nb: nbformat.NotebookNode, limits: Limits, cut_bytes: int) -> list[str]:
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
                f"cell {number} ran longer than {limits.timeout:g} s and was stopped (an "
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


def _failure_reason(result: dict, limits: Limits) -> str:
    problem = result.get("problem")
    cell = result.get("cell", -1)
    where = f"cell {cell + 1}" if isinstance(cell, int) and cell >= 0 else "its first cell"
    kernel_log = result.get("kernel_log", "")
    if problem == "timeout":
        printed = int(result.get("output_bytes") or 0)
        cells, released = int(result.get("cells") or 0), int(result.get("released_cells") or 0)
        stopped = f"it was stopped after {limits.total_seconds:g} s at {where}"
        if result.get("cut_bytes") and printed > limits.output_mb * 1024 * 1024:
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
    if problem == "iopub_timeout" and int(result.get("output_bytes") or 0) < 2**20:
        return (
            f"{where} was stopped at its time limit ({limits.timeout:g} s) and Python did not "
            "answer afterwards: the cell probably started processes or threads that kept it "
            "busy; ask the learner to fix that cell and hand in again"
        )
    if problem == "iopub_timeout":
        return (
            f"{where} sent output faster than it could be collected (it prints too much at "
            "once); ask the learner to print less and hand in again"
        )
    detail = result.get("detail", "")
    return f"the notebook could not be run ({detail or 'no details'}); see the grading log"


# --------------------------------------------------------------------------------------
# The run


def grade_unit(
    course_dir: Path,
    unit_id: str,
    options: GradingOptions | None = None,
    settings: Settings | None = None,
    progress: Callable[[Outcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Summary:
    """Autograde every submission of `unit_id` in `course_dir`; see the module's docstring.

    Raises CourseError (or SandboxUnavailable) for the facilitator's own mistakes; a
    submission that cannot be graded is an outcome with status `failed` and a reason.
    """
    options = options or GradingOptions()
    settings = settings or Settings.load()
    started = time.monotonic()
    course = open_course(course_dir)
    release_path = course.require_unit(unit_id)
    course_dir = course.folder
    if options.sandbox:
        problem = sandbox.sandbox_problem()
        if problem:
            raise SandboxUnavailable(problem, 2)
    # One run per course at a time: a second one waits (or stops, with a sentence).
    with runs.course_lock(course_dir, unit_id, wait=options.wait, on_wait=on_wait):
        removed = runs.clean_dead_runs()
        learners, refused = find_submissions(course_dir, unit_id)
        if on_start:
            on_start(len(learners))
        n_workers = min(options.workers or cores(), len(learners))
        if not learners:
            return Summary(
                unit_id, [], time.monotonic() - started, 0, options.sandbox, refused=refused
            )

        logs = course_dir / "grading" / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log_file = logs / f"{unit_id}-{time.strftime('%Y%m%d-%H%M%S')}.log"
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        for folder in removed:
            log.info("removed the run folder %s of a grading run that was stopped", folder)
        for item in refused:
            log.info("not graded: submitted/%s: %s", item.shown, item.reason)
        run = GradingRun(course, unit_id, release_path, options, settings, progress)
        try:
            outcomes = run.grade(learners, n_workers)
        finally:
            run.close()
            log.removeHandler(handler)
            handler.close()
    return Summary(
        unit_id,
        outcomes,
        time.monotonic() - started,
        n_workers,
        options.sandbox,
        log_file,
        refused,
    )


class GradingRun:
    """One grading run of one unit: snapshots, workers, and the coordinator's loop."""

    def __init__(
        self,
        course: Course,
        unit_id: str,
        release_path: Path,
        options: GradingOptions,
        settings: Settings,
        progress: Callable[[Outcome], None] | None,
    ):
        self.course = course
        self.course_dir = course.folder
        self.unit_id = unit_id
        self.options = options
        self.limits = options.limits
        self.settings = settings
        self.progress = progress
        self.release_path = release_path
        self.run_dir = runs.new_run_folder()
        self.snapshot_root = self.run_dir / "submitted"
        self.spec_file = self.run_dir / "spec.json"
        self.workers: list[Worker] = []
        self.selector = selectors.DefaultSelector()
        self.outcomes: dict[str, Outcome] = {}
        self.notes: dict[str, list[str]] = {}
        self.snapshots: dict[str, str] = {}
        self.pending: deque[str] = deque()
        self.retry: deque[Job] = deque()
        self.prepared: deque[Job] = deque()
        self.saves: deque[tuple[Job, dict]] = deque()
        self.jobs_made = 0
        self.nbgrader: Nbgrader | None = None

    # -- set-up --------------------------------------------------------------------------

    def _write_spec(self) -> None:
        spec: dict = {
            "sandboxed": self.options.sandbox,
            "uid": None,
            "gid": None,
            "kernel_env": _kernel_env(self.settings),
        }
        self.worker_env = sandbox.worker_environment(spec["kernel_env"])
        if self.options.sandbox:
            try:
                view = sandbox.build_view(
                    [self.settings.data_dir, self.settings.profile_dir],
                    [self.settings.course_dir / "units.yaml"],
                    [self.course_dir, self.settings.course_dir / "source", self.run_dir],
                )
            except ValueError as exc:
                raise SandboxUnavailable(str(exc), 2) from None
            spec["view"] = {
                "read_only": list(view.read_only),
                "symlinks": [list(x) for x in view.symlinks],
                "files": list(view.files),
            }
        self.spec_file.write_text(json.dumps(spec), encoding="utf-8")
        os.chmod(self.spec_file, 0o644)

    def _start_worker(self) -> Worker:
        slot, cgroups = None, []
        if self.options.sandbox:
            try:
                slot = slots.claim_slot()
            except (OSError, subprocess.CalledProcessError) as exc:
                raise SandboxUnavailable(
                    f"No Unix user to run learner code could be made or used ({exc}): check "
                    f"that useradd works, or create the users {slots.USER_PREFIX}1, "
                    f"{slots.USER_PREFIX}2, ... (one per worker) with useradd --system; or "
                    "pass --no-sandbox.",
                    2,
                ) from None
            cgroups = slots.cgroup_folders(slot.number, self.limits.max_processes + 64)
            log.info("worker %d runs learner code as %s", len(self.workers), slot.user)
        worker = Worker(
            len(self.workers),
            self.run_dir,
            self.spec_file,
            self.options.sandbox,
            self.worker_env,
            slot,
            cgroups,
        )
        self.workers.append(worker)
        self.selector.register(worker.results_fd, selectors.EVENT_READ, worker)
        return worker

    def _snapshot(self, learner: str) -> None:
        skipped: list[str] = []
        target = self.snapshot_root / learner / self.unit_id
        try:
            _copy_regular(self.course_dir / "submitted" / learner / self.unit_id, target, skipped)
        except OSError as exc:
            log.error("could not copy the submission of %s: %s", learner, exc)
        self.snapshots[learner] = fingerprint(target)
        self.notes[learner] = (
            [f"left out {len(skipped)} link(s) or special file(s): {', '.join(skipped[:3])}"]
            if skipped
            else []
        )

    def _known_units(self) -> list[str]:
        names = set(self.course.units)
        for source in (self.course_dir / "source", self.settings.course_dir / "source"):
            if source.is_dir():
                names |= {p.name for p in source.iterdir() if p.is_dir()}
        return sorted(names)

    # -- the loop ------------------------------------------------------------------------

    def grade(self, learners: list[str], n_workers: int) -> list[Outcome]:
        self._write_spec()
        # Workers first: their interpreters warm up while nbgrader is loaded here and the
        # submissions are collected.
        for _ in range(n_workers):
            self._start_worker()
        import nbformat

        self.nbgrader = Nbgrader(self.course, self.unit_id, self.snapshot_root, self.limits)
        self.release = nbformat.read(self.release_path, as_version=4)
        for learner in learners:
            self._snapshot(learner)
        save_records(
            self.course_dir,
            self.unit_id,
            {
                learner: Record(learner, GRADING, fingerprint=self.snapshots[learner])
                for learner in learners
            },
        )
        self.known_units = self._known_units()
        log.info("%d submissions collected; %d workers starting", len(learners), n_workers)
        self.pending.extend(learners)
        while self.pending or self.prepared or self.retry or self.saves or self._busy():
            if not any(not w.dead for w in self.workers):
                self._give_up("the grading workers stopped unexpectedly; see the grading log")
                break
            # Collect finished runs and hand out the next ones before each save, so that
            # no worker waits while a result is saved; prepare submissions while waiting.
            self._collect(timeout=0 if self.saves or self.pending else 1.0)
            self._feed()
            if self.saves:
                job, result = self.saves.popleft()
                self._finish(_save(self.nbgrader, job, result, self.limits))
            elif self.pending:
                job = self._prepare(self.pending.popleft())
                if job is not None:
                    self.prepared.append(job)
        log.info("all submissions done")
        return self._conclude(learners)

    def _busy(self) -> bool:
        return any(w.in_flight for w in self.workers if not w.dead)

    def _finish(self, outcome: Outcome) -> None:
        self.outcomes[outcome.learner] = outcome
        # At once, not at the end: a run stopped half-way leaves true statuses behind.
        record = Record(
            learner=outcome.learner,
            status=outcome.status,
            reason=outcome.reason,
            notes=outcome.notes,
            fingerprint=self.snapshots.get(outcome.learner, ""),
            graded_at=now(),
        )
        try:
            save_records(self.course_dir, self.unit_id, {outcome.learner: record})
        except OSError:
            log.exception("could not write the status of %s", outcome.learner)
        if self.progress:
            self.progress(outcome)

    def _give_up(self, reason: str) -> None:
        for job in (*self.retry, *self.prepared):
            self.pending.append(job.learner)
        for worker in self.workers:
            self.pending.extend(job.learner for job in worker.in_flight)
            worker.in_flight.clear()
        for learner in self.pending:
            if learner not in self.outcomes:
                self._finish(Outcome(learner, FAILED, reason, self.notes[learner]))
        self.pending.clear()
        self.retry.clear()
        self.prepared.clear()

    def _prepare(self, learner: str) -> Job | None:
        """Inspect and sanitise one snapshot; a failure finishes the learner here."""
        import nbformat

        from digiculture.grading.submissions import inspect_submission

        folder = self.snapshot_root / learner / self.unit_id
        inspection = inspect_submission(folder, self.unit_id, self.release, self.known_units)
        notes = self.notes[learner] + inspection.notes
        if not inspection.ok:
            self._finish(Outcome(learner, FAILED, inspection.failure or "", notes))
            return None
        try:
            sanitized = self.nbgrader.sanitize(inspection.notebook, learner)
        except Exception as exc:
            log.exception("nbgrader could not prepare %s of %s", self.unit_id, learner)
            reason = (
                "nbgrader could not read the grading information of this notebook "
                f"({type(exc).__name__}: {str(exc)[:150]}); see the grading log"
            )
            self._finish(Outcome(learner, FAILED, reason, notes))
            return None
        # What nbgrader saves from is the sanitised notebook: its own sanitising steps ran
        # once, here (the saver is set not to run them again).
        nbformat.write(sanitized, folder / f"{self.unit_id}.ipynb")
        self.jobs_made += 1
        name = f"j{self.jobs_made:05d}"
        return Job(
            learner,
            self.unit_id,
            name,
            self.limits,
            notes,
            sanitized=sanitized,
            released_cells=len(self.release.cells),
        )

    def _dispatch(self, worker: Worker, job: Job) -> None:
        import nbformat

        folder = worker.jobs / job.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o711)
        os.chmod(folder, 0o711)
        files = folder / "files"
        snapshot = self.snapshot_root / job.learner / self.unit_id
        _unit_files(self.course_dir, self.unit_id, snapshot, files)
        os.chmod(files, 0o700)
        fd = os.open(folder / "in.ipynb", os.O_WRONLY | os.O_CREAT, 0o600)
        with open(fd, "w", encoding="utf-8") as fh:
            nbformat.write(job.sanitized, fh)
        job.folder = folder
        job.started = time.monotonic()
        job.attempts += 1
        worker.send(job, self.nbgrader.execute_settings)

    def _feed(self) -> None:
        """Keep every worker supplied: the job it runs and the next one, so that it never
        waits while this process saves a result."""
        for worker in self.workers:
            while not worker.dead and worker.ready and len(worker.in_flight) < JOBS_AHEAD:
                job = self.retry.popleft() if self.retry else None
                if job is None and self.prepared:
                    job = self.prepared.popleft()
                while job is None and self.pending:
                    job = self._prepare(self.pending.popleft())
                if job is None:
                    return
                self._dispatch(worker, job)

    def _collect(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout=timeout):
            worker: Worker = key.data
            for message in worker.read_messages():
                if message.get("ready"):
                    worker.ready = True
                    log.info("worker %d ready after %.1f s", worker.index, worker.age())
                    continue
                job = next((j for j in worker.in_flight if j.name == message.get("id")), None)
                if job is not None:
                    worker.in_flight.remove(job)
                    self.saves.append((job, message))
            if worker.dead:
                self._replace(worker)
        for worker in self.workers:  # a worker that hangs: stop it (it is then replaced)
            quiet = time.monotonic() - worker.last_seen
            if not worker.dead and (
                (not worker.ready and quiet > WORKER_START_LIMIT)
                or (worker.in_flight and quiet > self.limits.total_seconds + 60)
            ):
                log.error("worker %d stopped answering; stopping it", worker.index)
                worker.process.kill()
        for worker in self.workers:  # a worker that stopped before it was ready
            if not worker.dead and not worker.ready and worker.process.poll() is not None:
                worker.dead = True
                self.selector.unregister(worker.results_fd)
                code = worker.process.poll()
                log.error("worker %d could not start (exit %s)", worker.index, code)

    def _replace(self, worker: Worker) -> None:
        self.selector.unregister(worker.results_fd)
        log.error("worker %d stopped (exit %s)", worker.index, worker.process.poll())
        while worker.in_flight:
            job = worker.in_flight.popleft()
            if job.attempts < 2:
                self.retry.append(job)
            else:
                reason = (
                    "the grading worker stopped unexpectedly while running this notebook "
                    "(twice); see the grading log"
                )
                self._finish(Outcome(job.learner, FAILED, reason, job.notes))
        if worker.ready:  # it worked before: start another one in its place
            self._start_worker()

    def _conclude(self, learners: list[str]) -> list[Outcome]:
        """Scores; notes for re-submissions during the run; the kit's records; in order."""
        self.nbgrader.add_scores(list(self.outcomes.values()))
        records: dict[str, Record] = {}
        result = []
        for learner in learners:
            outcome = self.outcomes.get(learner) or Outcome(
                learner, FAILED, "grading did not reach this submission; grade again"
            )
            live = fingerprint(self.course_dir / "submitted" / learner / self.unit_id)
            if live != self.snapshots[learner]:
                outcome.notes.append(
                    "handed in again while grading ran: this result is for the version "
                    "collected at the start; grade again to include the new one"
                    if live
                    else "the submission was removed while grading ran"
                )
            records[learner] = Record(
                learner=learner,
                status=outcome.status,
                reason=outcome.reason,
                notes=outcome.notes,
                fingerprint=self.snapshots[learner],
                graded_at=now(),
            )
            result.append(outcome)
        save_records(self.course_dir, self.unit_id, records)
        return result

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
            with contextlib.suppress(OSError):
                text = worker.log_file.read_text(encoding="utf-8", errors="replace")
                if text.strip():
                    log.info("worker %d said:\n%s", worker.index, text[-20000:])
        self.selector.close()
        if self.options.keep_run_folder:
            log.info("run folder kept: %s", self.run_dir)
        else:
            shutil.rmtree(self.run_dir, ignore_errors=True)


def _save(nbg: Nbgrader, job: Job, result: dict, limits: Limits) -> Outcome:
    """nbgrader's Autograde for one executed notebook; the learner's outcome."""
    import nbformat

    seconds = float(result.get("seconds") or time.monotonic() - job.started)
    folder = job.folder
    try:
        if not result.get("ok"):
            log.info("%s of %s did not run: %s", job.unit, job.learner, result)
            result.setdefault("released_cells", job.released_cells)
            reason = _failure_reason(result, limits)
            return Outcome(job.learner, FAILED, reason, job.notes, seconds=seconds)
        if result.get("timings"):
            log.info("%s of %s: %s", job.unit, job.learner, result["timings"])
        executed = nbformat.read(folder / "out.ipynb", as_version=4)
        notes = job.notes + _run_notes(executed, limits, int(result.get("cut_bytes") or 0))
        ok, error = nbg.save(job.learner, executed)
        if not ok:
            reason = f"nbgrader could not save the grade ({error[:200]}); see the grading log"
            return Outcome(job.learner, FAILED, reason, notes, seconds=seconds)
        return Outcome(job.learner, GRADED, "", notes, seconds=seconds)
    except Exception as exc:
        log.exception("saving %s of %s failed", job.unit, job.learner)
        reason = f"the result could not be saved ({type(exc).__name__}); see the grading log"
        return Outcome(job.learner, FAILED, reason, job.notes, seconds=seconds)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
