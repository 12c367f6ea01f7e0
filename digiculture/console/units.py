"""The console's page *Units*: release, collect, grade and return feedback, unit by unit.

- Release, collect and release feedback are nbgrader's own operations through its API, on the
  hub's exchange with the kit's exchange classes (`hub_course_api`: the settings a
  facilitator's formgrader has, `hub.layout`), run as root by the console.
- Grade is the kit's sandboxed grader, `grading.run.grade_unit` (what `digiculture grade`
  runs), in a thread of the console: the page polls `units/progress` (JSON) and shows the
  count and, at the end, the summary in sentences.
- Feedback is `grading.feedback.generate_feedback` (what `digiculture feedback` runs), then
  nbgrader's release_feedback.
Each action reports what it did in sentences, in the facilitator's language.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tornado.ioloop import IOLoop

from digiculture.console.base import ConsoleHandler, NavEntry, column_headers, esc
from digiculture.console.words import N_, Words
from digiculture.course.folder import Course
from digiculture.errors import UserError

log = logging.getLogger("digiculture.console")

NAV = NavEntry("units", N_("Units"))
ACTIONS = ("release", "collect", "grade", "feedback")


def hub_course_api(course: Course, exchange_root: Path):
    """nbgrader's API on the cohort's course with the hub's exchange and the kit's exchange
    classes (as the facilitators' formgrader has them: `hub.layout._nbgrader_config`)."""
    from digiculture.hub.layout import EXCHANGE_CLASSES

    factory = {
        action: "digiculture.hub.exchange.KitExchange"
        + "".join(p.title() for p in action.split("_"))
        for action in EXCHANGE_CLASSES
    }
    return course.api(
        Exchange={"root": str(exchange_root), "path_includes_course": True},
        ExchangeFactory=factory,
        CourseDirectory={"groupshared": True},
    )


def _run(call, what: str, words: Words) -> dict:
    """An nbgrader call; UserError with its last log line when it did not succeed."""
    _ = words
    with contextlib.redirect_stdout(sys.stderr):
        result = call()
    if not result.get("success"):
        log.warning("%s failed: %s\n%s", what, result.get("error"), result.get("log"))
        lines = [ln for ln in str(result.get("error") or result.get("log") or "").splitlines()]
        detail = lines[-1].strip() if lines else ""
        raise UserError(
            _("{what} did not work: {detail}", what=what, detail=detail)
            + " "
            + _("Nothing else was changed; the console's log has the details.")
        )
    return result


# -- the state of each unit -------------------------------------------------------------------
@dataclass(frozen=True)
class UnitState:
    unit: str
    released: bool
    handed_in: int
    collected: int
    graded: int
    feedback: int


def unit_states(course: Course, exchange_root: Path) -> list[UnitState]:
    """What has happened to each unit of the course (from the folders nbgrader uses)."""
    outbound = Path(exchange_root) / course.id / "outbound"
    inbound = Path(exchange_root) / course.id / "inbound"
    handed: dict[str, set[str]] = {}
    if inbound.is_dir():
        for entry in inbound.iterdir():
            parts = entry.name.split("+")
            if len(parts) >= 3:
                handed.setdefault(parts[1], set()).add(parts[0])

    def count(step: str, unit: str) -> int:
        folder = course.folder / step
        if not folder.is_dir():
            return 0
        return sum(1 for p in folder.iterdir() if (p / unit).is_dir())

    return [
        UnitState(
            unit,
            (outbound / unit).is_dir(),
            len(handed.get(unit, ())),
            count("submitted", unit),
            count("autograded", unit),
            count("feedback", unit),
        )
        for unit in course.units
    ]


# -- grading runs in the console ---------------------------------------------------------------
@dataclass
class GradingJob:
    course: str
    unit: str
    total: int | None = None
    done: int = 0
    waiting: str = ""
    finished: bool = False
    report: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""


class GradingJobs:
    """The grading runs this console started: one at a time per course and unit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.jobs: dict[tuple[str, str], GradingJob] = {}

    def get(self, course: Path, unit: str) -> GradingJob | None:
        return self.jobs.get((str(course), unit))

    def start(self, course: Course, unit: str, settings, words: Words) -> GradingJob:  # noqa: ANN001
        key = (str(course.folder), unit)
        with self._lock:
            job = self.jobs.get(key)
            if job is not None and not job.finished:
                return job
            job = GradingJob(course.id, unit)
            self.jobs[key] = job
        thread = threading.Thread(
            target=grade_in_background,
            args=(job, course.folder, unit, settings, words),
            name=f"grading-{course.id}-{unit}",
            daemon=True,
        )
        thread.start()
        return job


def grade_in_background(
    job: GradingJob, course_dir: Path, unit: str, settings, words: Words
) -> None:  # noqa: ANN001
    """`digiculture grade` for the console: the same run, its summary in sentences."""
    from digiculture.grading.run import GradingOptions, grade_unit

    _ = words

    def started(count: int) -> None:
        job.total = count
        job.waiting = ""

    def one_done(_outcome) -> None:  # noqa: ANN001
        job.done += 1

    try:
        summary = grade_unit(
            course_dir,
            unit,
            GradingOptions(),
            settings=settings,
            progress=one_done,
            on_start=started,
            on_wait=lambda message: setattr(job, "waiting", message),
        )
        job.report = summary_sentences(summary, _)
        job.failed = [(o.learner, o.reason) for o in summary.failed]
    except UserError as exc:
        job.error = str(exc)
    except Exception:  # noqa: BLE001 (the facilitator reads a sentence; the log has the rest)
        log.exception("grading %s in %s failed", unit, course_dir)
        job.error = _(
            "Grading stopped because of an error in the kit; the console's log has the details."
        )
    finally:
        job.finished = True


def summary_sentences(summary, words: Words) -> list[str]:  # noqa: ANN001 (grading Summary)
    """What a grading run did, in sentences (the CLI's summary, for the page)."""
    _ = words
    if not summary.results:
        lines = [_("No submissions of {unit} to grade: collect them first.", unit=summary.unit)]
    else:
        lines = [
            _(
                "Graded {graded} of {count} submissions of {unit}.",
                graded=len(summary.graded),
                count=len(summary.results),
                unit=summary.unit,
            )
        ]
        if not summary.sandboxed:
            lines.append(_("The learners' code ran without the sandbox."))
    if summary.failed:
        lines.append(_("Not graded: {count}.", count=len(summary.failed)))
    manual = sum(1 for o in summary.graded if o.needs_manual_grade)
    if manual:
        lines.append(
            _(
                "{count} graded submissions have answers to grade by hand (the reflections).",
                count=manual,
            )
        )
    if summary.refused:
        lines.append(
            _(
                "Not graded: {count} folders in submitted/ that are not the course's learners' "
                "submissions.",
                count=len(summary.refused),
            )
        )
    return lines


def progress_data(job: GradingJob | None, words: Words) -> dict:
    """The JSON the grading page polls: done, total, a sentence, finished, the report."""
    _ = words
    if job is None:
        return {"done": 0, "total": 0, "finished": True, "message": _("No grading run.")}
    if job.finished:
        items = "".join(f"<p>{esc(line)}</p>" for line in job.report)
        if job.failed:
            items += (
                "<ul>"
                + "".join(
                    f"<li>{esc(learner)}: {esc(reason)}</li>" for learner, reason in job.failed
                )
                + "</ul>"
            )
        if job.error:
            items = f'<p role="alert" class="problem">{esc(job.error)}</p>'
        message = job.error or _("Grading finished.")
        return {
            "done": job.done,
            "total": job.total or 0,
            "finished": True,
            "message": message,
            "report_html": items,
            "error": bool(job.error),
        }
    if job.total is None:
        message = job.waiting or _("Getting the submissions ready…")
    else:
        message = _("Graded {done} of {total} submissions…", done=job.done, total=job.total)
    return {"done": job.done, "total": job.total or 0, "finished": False, "message": message}


# -- the pages -------------------------------------------------------------------------------------
class UnitsPage(ConsoleHandler):
    def get(self) -> None:
        from digiculture.hub.setup import layout_of

        _ = self.words
        states = unit_states(self.course, layout_of(self.kit).exchange)
        head = column_headers(
            (
                _("Unit"),
                _("Released"),
                _("Handed in"),
                _("Collected"),
                _("Graded"),
                _("Feedback pages"),
                _("Actions"),
            )
        )
        labels = {
            "release": _("Release"),
            "collect": _("Collect"),
            "grade": _("Grade"),
            "feedback": _("Feedback"),
        }
        jobs: GradingJobs = self.application.settings.setdefault("console_jobs", GradingJobs())
        rows = []
        for s in states:
            buttons = "".join(
                f'<button type="submit" name="action" value="{a}" '
                f'aria-label="{esc(labels[a] + " " + s.unit)}">{esc(labels[a])}</button> '
                for a in ACTIONS
            )
            job = jobs.get(self.course.folder, s.unit)
            if job is not None and not job.finished:
                href = self.url("units/grading", unit=s.unit)
                buttons += f'<a href="{esc(href)}">{esc(_("Grading now: see the progress"))}</a>'
            rows.append(
                f'<tr data-unit="{esc(s.unit)}"><th scope="row">{esc(s.unit)}</th>'
                f"<td>{esc(_('yes') if s.released else _('no'))}</td>"
                f'<td class="number">{s.handed_in}</td><td class="number">{s.collected}</td>'
                f'<td class="number">{s.graded}</td><td class="number">{s.feedback}</td>'
                f'<td><form method="post" action="{esc(self.url("units/action"))}">'
                f'{self.xsrf_form_html()}<input type="hidden" name="unit" value="{esc(s.unit)}">'
                f"{buttons}</form></td></tr>"
            )
        steps = _(
            "The steps of a unit: Release (learners can fetch it), Collect (their last "
            "hand-ins come into the course), Grade (the kit's sandboxed grader), then grade the "
            "reflections, then Feedback (the pages are made and returned; learners fetch them)."
        )
        self.render_page(
            _("Units"),
            f'<p>{esc(steps)}</p><table id="units"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>",
        )


def unit_action(
    course: Course, exchange_root: Path, unit: str, action: str, words: Words
) -> list[str]:
    """Release, collect or feedback (make the pages, then return them): what it did, in
    sentences. UserError when nbgrader could not."""
    from digiculture.grading.feedback import generate_feedback

    _ = words
    api = hub_course_api(course, exchange_root)
    if action == "release":
        _run(lambda: api.release_assignment(unit), _("Releasing {unit}", unit=unit), _)
        return [
            _(
                "Released {unit}: the learners of {cohort} can fetch it now in Assignments.",
                unit=unit,
                cohort=course.id,
            )
        ]
    if action == "collect":
        _run(lambda: api.collect(unit), _("Collecting {unit}", unit=unit), _)
        submitted = course.folder / "submitted"
        got = (
            sorted(p.name for p in submitted.iterdir() if (p / unit).is_dir())
            if submitted.is_dir()
            else []
        )
        report = [
            _(
                "Collected {unit}: {count} learners' hand-ins are in the course now.",
                unit=unit,
                count=len(got),
            )
        ]
        if got:
            report.append(_("From: {names}.", names=", ".join(got)))
        return report
    made = generate_feedback(course.folder, unit)
    report = [_("Made {count} feedback pages for {unit}.", count=len(made.pages), unit=unit)]
    for learner, why in sorted(made.skipped.items()):
        report.append(_("No page for {learner}: {why}", learner=learner, why=why))
    if made.pages:
        _run(
            lambda: api.release_feedback(unit),
            _("Returning the feedback of {unit}", unit=unit),
            _,
        )
        report.append(
            _("Returned them: each learner finds theirs with Fetch feedback in Assignments.")
        )
    return report


class UnitAction(ConsoleHandler):
    async def post(self) -> None:
        from digiculture.hub.setup import layout_of

        _ = self.words
        unit = self.get_body_argument("unit", "")
        action = self.get_body_argument("action", "")
        if unit not in self.course.units or action not in ACTIONS:
            raise UserError(_("Choose a unit of the course and an action on the page Units."))
        if action == "grade":
            jobs: GradingJobs = self.application.settings.setdefault("console_jobs", GradingJobs())
            jobs.start(self.course, unit, self.kit, _)
            self.redirect(self.url("units/grading", unit=unit))
            return
        exchange = layout_of(self.kit).exchange
        report = await IOLoop.current().run_in_executor(
            None, unit_action, self.course, exchange, unit, action, _
        )
        body = "".join(f"<p>{esc(line)}</p>" for line in report)
        self.render_page(
            _("Units"),
            f'<div class="report" role="status">{body}</div>'
            + self.back("units", _("Back to the units")),
        )


class GradingPage(ConsoleHandler):
    def get(self) -> None:
        _ = self.words
        unit = self.get_argument("unit", "")
        if unit not in self.course.units:
            raise UserError(_("Choose a unit of the course on the page Units."))
        self.render_page(
            _("Grading {unit}", unit=unit),
            f'<div id="grading" data-progress-url="{esc(self.url("units/progress", unit=unit))}">'
            f'<progress aria-label="{esc(_("Grading {unit}", unit=unit))}" max="1" value="0">'
            f'</progress><p role="status" aria-live="polite">'
            f"{esc(_('Getting the submissions ready…'))}</p></div>"
            f'<p><a href="{esc(self.url("units"))}">{esc(_("Back to the units"))}</a></p>',
        )


class GradingProgress(ConsoleHandler):
    def get(self) -> None:
        jobs: GradingJobs = self.application.settings.setdefault("console_jobs", GradingJobs())
        job = jobs.get(self.course.folder, self.get_argument("unit", ""))
        self.send_json(progress_data(job, self.words))


HANDLERS = [
    ("units", UnitsPage),
    ("units/action", UnitAction),
    ("units/grading", GradingPage),
    ("units/progress", GradingProgress),
]
