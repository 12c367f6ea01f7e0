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
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from digiculture.course.folder import Course, CourseError, open_course
from digiculture.course.gradebook import one_engine_for_nbgrader
from digiculture.grading import runs, sandbox, slots
from digiculture.grading.collect import copy_regular, find_submissions
from digiculture.grading.failures import failure_reason, run_notes
from digiculture.grading.jobs import JOBS_AHEAD, Job
from digiculture.grading.nbgrader_adapter import NbgraderAdapter
from digiculture.grading.protocol import JobResult, Ready
from digiculture.grading.records import Record, fingerprint, now, save_records
from digiculture.grading.results import FAILED, GRADED, GRADING, SubmissionResult, Summary
from digiculture.grading.sandbox import Limits
from digiculture.grading.worker_process import WORKER_START_LIMIT, WorkerProcess
from digiculture.settings import Settings

# nbformat and nbgrader are imported where used: they take seconds to load, and the workers
# should start (and warm up) first.

log = logging.getLogger("digiculture.grading")


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


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def kernel_env(settings: Settings) -> dict[str, str]:
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


# --------------------------------------------------------------------------------------
# The run


def grade_unit(
    course_dir: Path,
    unit_id: str,
    options: GradingOptions | None = None,
    settings: Settings | None = None,
    progress: Callable[[SubmissionResult], None] | None = None,
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
    release_dir = course.require_unit(unit_id)
    course_dir = course.folder
    if options.sandbox:
        problem = sandbox.sandbox_problem()
        if problem:
            raise SandboxUnavailable(problem, 2)
    # One run per course at a time: a second one waits (or stops, with a sentence).
    with runs.course_lock(course_dir, unit_id, wait=options.wait, on_wait=on_wait):
        removed = runs.clean_dead_runs()
        learners, refused = find_submissions(
            course_dir, unit_id, submitted=course.step_folder("submitted")
        )
        excluded = excluded_learners(course)
        learners = [learner for learner in learners if learner not in excluded]
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
        run = GradingRun(course, unit_id, release_dir, options, settings, progress)
        try:
            results = run.grade(learners, n_workers)
        finally:
            run.close()
            log.removeHandler(handler)
            handler.close()
    return Summary(
        unit_id,
        results,
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
        release_dir: Path,
        options: GradingOptions,
        settings: Settings,
        progress: Callable[[SubmissionResult], None] | None,
    ):
        self.course = course
        self.course_dir = course.folder
        self.submitted = course.step_folder("submitted")
        self.unit_id = unit_id
        self.options = options
        self.limits = options.limits
        self.settings = settings
        self.progress = progress
        self.release_dir = release_dir
        #: The unit's notebooks (nbgrader's, from the gradebook) and their released versions.
        self.notebooks: list[str] = []
        self.releases: dict = {}
        self.run_dir = runs.new_run_folder()
        self.snapshot_root = self.run_dir / "submitted"
        self.spec_file = self.run_dir / "spec.json"
        self.workers: list[WorkerProcess] = []
        self.selector = selectors.DefaultSelector()
        self.results: dict[str, SubmissionResult] = {}
        self.notes: dict[str, list[str]] = {}
        self.snapshots: dict[str, str] = {}
        self.pending: deque[str] = deque()
        self.retry: deque[Job] = deque()
        self.prepared: deque[Job] = deque()
        self.saves: deque[tuple[Job, JobResult]] = deque()
        self.jobs_made = 0
        self.nbgrader: NbgraderAdapter | None = None

    # -- set-up --------------------------------------------------------------------------

    def _write_spec(self) -> None:
        spec: dict = {
            "sandboxed": self.options.sandbox,
            "uid": None,
            "gid": None,
            "kernel_env": kernel_env(self.settings),
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

    def _start_worker(self) -> WorkerProcess:
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
        worker = WorkerProcess(
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
            copy_regular(self.submitted / learner / self.unit_id, target, skipped)
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

    def grade(self, learners: list[str], n_workers: int) -> list[SubmissionResult]:
        self._write_spec()
        # Workers first: their interpreters warm up while nbgrader is loaded here and the
        # submissions are collected.
        for _ in range(n_workers):
            self._start_worker()
        import nbformat

        self.nbgrader = NbgraderAdapter(self.course, self.unit_id, self.snapshot_root, self.limits)
        # The course's own time limit (Execute.timeout) unless the facilitator gave one.
        self.limits = self.nbgrader.resolve(self.limits)
        self.notebooks = self.course.unit_notebooks(self.unit_id)
        self.nbgrader.unit_notebooks = self.notebooks
        for name in self.notebooks:
            path = self.release_dir / f"{name}.ipynb"
            self.releases[name] = nbformat.read(path, as_version=4) if path.is_file() else None
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
        # nbgrader's steps open the gradebook about eight times per submission: with one
        # connection, its SQL is compiled once per run instead of at every opening, and each
        # learner's save is one transaction (one write to disk, not one per grade).
        with one_engine_for_nbgrader(self.nbgrader.db_url) as gradebook:
            self.nbgrader.transaction = gradebook.transaction
            try:
                return self._loop(learners)
            finally:
                self.nbgrader.transaction = contextlib.nullcontext

    def _loop(self, learners: list[str]) -> list[SubmissionResult]:
        """Prepare, hand out, collect and save until every learner has an outcome."""
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
                self._finish(save_result(self.nbgrader, job, result, self.limits))
            elif self.pending:
                job = self._prepare(self.pending.popleft())
                if job is not None:
                    self.prepared.append(job)
        log.info("all submissions done")
        return self._conclude(learners)

    def _busy(self) -> bool:
        return any(w.in_flight for w in self.workers if not w.dead)

    def _finish(self, outcome: SubmissionResult) -> None:
        self.results[outcome.learner] = outcome
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
            if learner not in self.results:
                self._finish(SubmissionResult(learner, FAILED, reason, self.notes[learner]))
        self.pending.clear()
        self.retry.clear()
        self.prepared.clear()

    def _prepare(self, learner: str) -> Job | None:
        """Inspect and sanitise one snapshot; a failure finishes the learner here.

        As nbgrader: the unit's notebooks that were handed in are graded (one that is missing
        scores nothing); other notebooks in the folder are left alone.
        """
        import nbformat

        from digiculture.grading.submissions import inspect_submission

        folder = self.snapshot_root / learner / self.unit_id
        notes = list(self.notes[learner])
        handed_in = [n for n in self.notebooks if (folder / f"{n}.ipynb").is_file()]
        several = len(self.notebooks) > 1
        if not handed_in:
            # No notebook of the unit: the inspection of the first says what is there.
            handed_in = self.notebooks[:1]
        sanitized: dict[str, str] = {}
        for name in handed_in:
            inspection = inspect_submission(
                folder, self.unit_id, self.releases.get(name), self.known_units, notebook=name
            )
            prefix = f"{name}.ipynb: " if several else ""
            notes += [prefix + note for note in inspection.notes]
            if not inspection.ok:
                self._finish(
                    SubmissionResult(learner, FAILED, prefix + (inspection.failure or ""), notes)
                )
                return None
            try:
                nb = self.nbgrader.sanitize(inspection.notebook, learner, name)
            except Exception as exc:
                log.exception("nbgrader could not prepare %s of %s", name, learner)
                reason = (
                    f"nbgrader could not read the grading information of {name}.ipynb "
                    f"({type(exc).__name__}: {str(exc)[:150]}); see the grading log"
                )
                self._finish(SubmissionResult(learner, FAILED, reason, notes))
                return None
            # What nbgrader saves from is the sanitised notebook: its own sanitising steps
            # ran once, here (the saver is set not to run them again). Written (and checked
            # against the notebook format) once: the worker gets the same text.
            text = nbformat.writes(nb)
            sanitized[name] = text if text.endswith("\n") else text + "\n"
            (folder / f"{name}.ipynb").write_text(sanitized[name], encoding="utf-8")
        for name in self.notebooks:
            if name not in sanitized and several:
                notes.append(f"{name}.ipynb was not handed in; it scores no points")
        self.jobs_made += 1
        return Job(
            learner,
            self.unit_id,
            f"j{self.jobs_made:05d}",
            self.limits,
            notes,
            sanitized=sanitized,
            released_cells={
                name: len(nb.cells) for name, nb in self.releases.items() if nb is not None
            },
        )

    def _dispatch(self, worker: WorkerProcess, job: Job) -> None:
        folder = worker.jobs / job.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=0o711)
        os.chmod(folder, 0o711)
        files = folder / "files"
        snapshot = self.snapshot_root / job.learner / self.unit_id
        self.nbgrader.unit_files.copy(snapshot, files)
        os.chmod(files, 0o700)
        (folder / "in").mkdir(mode=0o700)
        for name, text in job.sanitized.items():
            fd = os.open(folder / "in" / f"{name}.ipynb", os.O_WRONLY | os.O_CREAT, 0o600)
            with open(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
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
            worker: WorkerProcess = key.data
            for message in worker.read_messages():
                if isinstance(message, Ready):
                    worker.ready = True
                    log.info("worker %d ready after %.1f s", worker.index, worker.age())
                    continue
                job = next((j for j in worker.in_flight if j.name == message.id), None)
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

    def _replace(self, worker: WorkerProcess) -> None:
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
                self._finish(SubmissionResult(job.learner, FAILED, reason, job.notes))
        if worker.ready:  # it worked before: start another one in its place
            self._start_worker()

    def _conclude(self, learners: list[str]) -> list[SubmissionResult]:
        """Scores; notes for re-submissions during the run; the kit's records; in order."""
        self.nbgrader.add_scores(list(self.results.values()))
        records: dict[str, Record] = {}
        result = []
        for learner in learners:
            outcome = self.results.get(learner) or SubmissionResult(
                learner, FAILED, "grading did not reach this submission; grade again"
            )
            live = fingerprint(self.submitted / learner / self.unit_id)
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
        for worker in self.workers:  # all at once: each then ends while the others do
            worker.ask_to_stop()
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


def save_result(
    nbg: NbgraderAdapter, job: Job, result: JobResult, limits: Limits
) -> SubmissionResult:
    """nbgrader's Autograde for one executed submission; the learner's outcome."""
    import nbformat

    seconds = float(result.seconds or time.monotonic() - job.started)
    folder = job.folder
    several = len(nbg_notebooks(job)) > 1
    try:
        if not result.ok:
            log.info("%s of %s did not run: %s", job.unit, job.learner, result)
            released = job.released_cells.get(result.notebook, 0)
            reason = failure_reason(result, limits, released)
            if several and result.notebook:
                reason = f"{result.notebook}.ipynb: {reason}"
            return SubmissionResult(job.learner, FAILED, reason, job.notes, seconds=seconds)
        if result.timings:
            log.info("%s of %s: %s", job.unit, job.learner, result.timings)
        executed = {
            name: nbformat.read(folder / "out" / f"{name}.ipynb", as_version=4)
            for name in job.sanitized
        }
        notes = list(job.notes)
        for name, nb in executed.items():
            prefix = f"{name}.ipynb: " if several else ""
            cut = result.cut_bytes if name == result.notebook else 0
            notes += [prefix + note for note in run_notes(nb, limits, cut)]
        ok, error = nbg.save(job.learner, executed, folder / "files")
        if not ok:
            reason = f"nbgrader could not save the grade ({error[:200]}); see the grading log"
            return SubmissionResult(job.learner, FAILED, reason, notes, seconds=seconds)
        return SubmissionResult(job.learner, GRADED, "", notes, seconds=seconds)
    except Exception as exc:
        log.exception("saving %s of %s failed", job.unit, job.learner)
        reason = f"the result could not be saved ({type(exc).__name__}); see the grading log"
        return SubmissionResult(job.learner, FAILED, reason, job.notes, seconds=seconds)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def nbg_notebooks(job: Job) -> list[str]:
    """The unit's notebooks as far as the job knows them (released or handed in)."""
    return sorted(set(job.released_cells) | set(job.sanitized))


def excluded_learners(course: Course) -> set[str]:
    """Learners the course's config leaves out of grading (`CourseDirectory.student_id_exclude`,
    as nbgrader does)."""
    config = course.config
    if config is None or "CourseDirectory" not in config:
        return set()
    text = config.CourseDirectory.get("student_id_exclude", "") or ""
    return {name.strip() for name in str(text).split(",") if name.strip()}
