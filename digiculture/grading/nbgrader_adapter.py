"""nbgrader's own steps, run in the coordinator: sanitising a submission before it runs, and
saving the executed notebook with nbgrader's Autograde (graded notebook and gradebook)."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from digiculture.grading.results import GRADED, SubmissionResult
from digiculture.grading.sandbox import NO_TIMEOUT_SECONDS, Limits

if TYPE_CHECKING:
    import nbformat

    from digiculture.course.folder import Course

log = logging.getLogger("digiculture.grading")


def _sandbox_outputs_class():
    from nbgrader.preprocessors import NbGraderPreprocessor

    class SandboxOutputs(NbGraderPreprocessor):
        """Stands in for nbgrader's Execute: the outputs of the sandboxed run of this notebook.

        nbgrader hands over the sanitised notebook that the sandbox ran; only outputs,
        execution counts and timing move across, after checking that every cell is the one
        that ran.
        """

        executed: dict[tuple[str, str], nbformat.NotebookNode] = {}
        #: learner -> (the job's working folder after the run, autograded folder, notebooks):
        #: what the notebooks wrote goes into autograded/ with the first notebook saved.
        working_folders: dict[str, tuple[Path, Path, list[str]]] = {}

        def preprocess(self, nb, resources):
            from digiculture.grading.jobs import copy_written_files

            learner = resources["nbgrader"]["student"]
            key = (learner, resources["nbgrader"]["notebook"])
            done = self.executed[key]
            if len(done.cells) != len(nb.cells):
                raise RuntimeError("the notebook that ran differs from the one to save")
            folders = self.working_folders.pop(learner, None)
            if folders is not None:
                copy_written_files(*folders)
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


def _saving_autograde_class():
    from nbgrader import utils
    from nbgrader.converters import Autograde

    class SavingAutograde(Autograde):
        """nbgrader's Autograde for a notebook that was sanitised already (by its own
        sanitising steps, before it ran): only Autograde's second pass, which saves.

        nbgrader's first pass would run no step (they ran before) and write the notebook
        unchanged, for the second pass to read it back; this reads the sanitised notebook.
        """

        def convert_single_notebook(self, notebook_filename: str) -> None:
            self.log.info("Autograding %s", notebook_filename)
            # Learner, unit and notebook named from the submission's path, as the first pass
            # names them (the second pass reads the first's copy in autograded/).
            self._sanitizing = True
            resources = self.init_single_notebook_resources(notebook_filename)
            self._sanitizing = False
            self._init_preprocessors()
            try:
                with utils.setenv(NBGRADER_EXECUTION="autograde"):
                    output, resources = self.exporter.from_filename(
                        notebook_filename, resources=resources
                    )
                    self.write_single_notebook(output, resources)
            finally:
                self._sanitizing = True

    return SavingAutograde


class _NotSaved(Exception):
    """nbgrader's Autograde said it failed: its writes are rolled back."""


class NbgraderAdapter:
    """nbgrader's sanitising and saving steps for one unit of one course, with the course's
    own nbgrader settings (time limit, late penalties, files not to overwrite, ...)."""

    def __init__(self, course: Course, unit_id: str, snapshot_root: Path, limits: Limits):
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import CheckCellMetadata, Execute

        from digiculture.grading.jobs import UnitFiles

        self.unit_id = unit_id
        self.api = course.api()
        config = self.api.config
        autograde = Autograde(coursedir=self.api.coursedir, parent=self.api)
        self.sanitizers = [pp(config=config) for pp in autograde.sanitize_preprocessors]
        outputs = _sandbox_outputs_class()
        self.outputs = outputs
        # Execute is replaced by the sandbox's outputs; the metadata check is left out, as
        # it ran on this very notebook when it was sanitised (only outputs changed since).
        steps = [
            outputs if isinstance(pp, type) and issubclass(pp, Execute) else pp
            for pp in autograde.autograde_preprocessors
            if not (isinstance(pp, type) and issubclass(pp, CheckCellMetadata))
        ]
        self.saver = course.api(
            CourseDirectory={"submitted_directory": str(snapshot_root)},
            Autograde={"autograde_preprocessors": steps, "sanitize_preprocessors": []},
        )
        self.saving_autograde = _saving_autograde_class()
        execute = Execute(config=config)
        #: nbgrader's time limit per cell for this course (None: no limit).
        self.course_timeout: float | None = execute.timeout
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
        self.set_limits(limits)
        coursedir = self.api.coursedir
        self.db_url = coursedir.db_url
        self.course_id = coursedir.course_id
        self.unit_files = UnitFiles(
            source=Path(coursedir.format_path(coursedir.source_directory, ".", unit_id)),
            ignore=tuple(coursedir.ignore),
            exclude_overwriting=tuple(autograde.exclude_overwriting.get(unit_id, [])),
        )
        self._coursedir = coursedir
        #: The unit's notebooks (names); set by the grading run from the gradebook.
        self.unit_notebooks: list[str] = []
        #: What makes one learner's save one transaction of the gradebook (set by the run:
        #: `RunGradebook.transaction`).
        self.transaction: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext

    def resolve(self, limits: Limits) -> Limits:
        """`limits` with the course's time limit per cell when they leave it open."""
        if limits.timeout is not None:
            return limits
        timeout = self.course_timeout
        if timeout is None or timeout <= 0:
            return dataclasses.replace(limits, timeout=NO_TIMEOUT_SECONDS)
        return dataclasses.replace(limits, timeout=float(timeout))

    def set_limits(self, limits: Limits) -> None:
        self.execute_settings["timeout"] = int(self.resolve(limits).cell_seconds)

    def graded_folder(self, learner: str) -> Path:
        """autograded/<learner>/<unit>/, where nbgrader puts the graded submission."""
        coursedir = self._coursedir
        return Path(coursedir.format_path(coursedir.autograded_directory, learner, self.unit_id))

    def sanitize(
        self, nb: nbformat.NotebookNode, learner: str, notebook: str | None = None
    ) -> nbformat.NotebookNode:
        import nbformat

        resources = {
            "unique_key": notebook or self.unit_id,
            "nbgrader": {
                "student": learner,
                "assignment": self.unit_id,
                "notebook": notebook or self.unit_id,
                "db_url": self.db_url,
            },
        }
        nb = nbformat.from_dict(nb)
        with self.transaction():  # reads only: one connection for all the steps
            for step in self.sanitizers:
                nb, resources = step.preprocess(nb, resources)
        return nb

    def save(
        self,
        learner: str,
        executed: dict[str, nbformat.NotebookNode],
        working_folder: Path | None = None,
    ) -> tuple[bool, str]:
        """nbgrader Autograde for one learner with the sandbox's outputs (notebook name ->
        executed notebook); what the notebooks left in their working folder goes into
        autograded/ as with nbgrader. (ok, error text)."""
        for name, nb in executed.items():
            self.outputs.executed[(learner, name)] = nb
        if working_folder is not None:
            # The unit's notebooks are nbgrader's to write, whatever the learner's code left.
            self.outputs.working_folders[learner] = (
                working_folder,
                self.graded_folder(learner),
                sorted({*executed, *self.unit_notebooks}),
            )
        try:
            with contextlib.redirect_stdout(sys.stderr), self.transaction():
                result = self._autograde(learner)
                if not result.get("success"):
                    raise _NotSaved  # nothing of a failed save stays in the gradebook
        except _NotSaved:
            pass
        finally:
            for name in executed:
                self.outputs.executed.pop((learner, name), None)
            self.outputs.working_folders.pop(learner, None)
        if result.get("success"):
            return True, ""
        log.error("nbgrader could not save %s of %s:\n%s", self.unit_id, learner, result)
        text = str(result.get("error") or result.get("log") or "").strip().splitlines()
        return False, (text[-1] if text else "no details")

    def _autograde(self, learner: str) -> dict:
        """What nbgrader's API does for `autograde(unit, learner, force=True, create=True)`,
        with the saving Autograde (nbgrader's result: success, error, log)."""
        from nbgrader.utils import capture_log, temp_attrs

        api = self.saver
        with temp_attrs(api.coursedir, assignment_id=self.unit_id, student_id=learner):
            app = self.saving_autograde(coursedir=api.coursedir, parent=api)
            app.force = True
            app.create_student = True
            return capture_log(app)

    def add_scores(self, outcomes: list[SubmissionResult]) -> None:
        """Scores of the graded outcomes from the gradebook (one query for all)."""
        from digiculture.course.gradebook import open_gradebook_at

        with open_gradebook_at(self.db_url, self.course_id) as gb:
            scores = gb.scores(self.unit_id)
        for outcome in outcomes:
            if outcome.status != GRADED:
                continue
            score = scores.get(outcome.learner)
            if score is None:
                log.error("no score for %s", outcome.learner)
                continue
            outcome.score, outcome.max_score = score.score, score.max_score
            outcome.needs_manual_grade = score.needs_manual_grade
