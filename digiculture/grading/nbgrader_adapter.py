"""nbgrader's own steps, run in the coordinator: sanitising a submission before it runs, and
saving the executed notebook with nbgrader's Autograde (graded notebook and gradebook)."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from digiculture.grading.results import GRADED, SubmissionResult
from digiculture.grading.sandbox import Limits

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


class NbgraderAdapter:
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
