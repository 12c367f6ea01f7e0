"""The facilitator's grading commands: course init, roster import, grade, feedback, gradebook.

Registered by `digiculture.cli`:

- `init` as `digiculture course init` (a plain function; `course.app.command("init")(init)`);
- `roster_app` as `digiculture roster` (its command: `import`);
- `grade`, `feedback`, `gradebook` as top-level commands.

Exit codes: 0 when the command did its work (a grading run with failed submissions still
exits 0: the summary says which and why); 1 for a roster with mistakes; 2 for the
facilitator's own mistakes (no course, unknown unit or language, no sandbox without
--no-sandbox); 3 for a bug in the kit (traceback in the log).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import typer
from tqdm import tqdm

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.folder import choose_units, init_course
from digiculture.errors import fail
from digiculture.settings import Settings

COURSE_DIR = typer.Option(
    None,
    "--course-dir",
    help="The cohort's course folder (default: the kit's notebooks/ or DIGICULTURE_COURSE_DIR).",
    file_okay=False,
)


def _course_dir(course_dir: Path | None) -> Path:
    return Path(course_dir) if course_dir is not None else Settings.load().course_dir


def quiet_nbgrader() -> None:
    # nbgrader's database layer warns about its own session handling; not the facilitator's
    # business (the grading log has the details).
    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    logging.getLogger("traitlets").setLevel(logging.ERROR)


def init(
    course_dir: Path = typer.Argument(..., help="Folder for the cohort's course (new or empty)."),
    units: str = typer.Option("all", "--units", help="'all' or unit ids separated by commas."),
    lang: str = typer.Option(
        "en", "--lang", help=f"The cohort's language: {', '.join(COURSE_LANGUAGES)}."
    ),
) -> None:
    """Make a ready nbgrader course folder for a cohort: config, units, release, gradebook."""
    quiet_nbgrader()
    if lang not in COURSE_LANGUAGES:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(COURSE_LANGUAGES)}.", 2)
    settings = Settings.load()
    unit_ids = choose_units(settings, units)
    with tqdm(total=len(unit_ids), desc="Releasing units", unit="unit") as bar:
        course = init_course(
            course_dir, settings, unit_ids, lang, progress=lambda _u: bar.update(1)
        )
    folder = Path(course_dir).expanduser().resolve()
    typer.echo(
        f"The course '{course.id}' is ready in {folder}: {len(course.units)} unit(s) "
        f"released in {folder / 'release'}, gradebook {folder / 'gradebook.db'}, start page "
        f"({course.language}) {folder / 'start_here.ipynb'}. Next: `digiculture roster import "
        f"ROSTER.csv --course-dir {folder}`."
    )


roster_app = typer.Typer(help="The cohort's learners.", no_args_is_help=True)


@roster_app.command("import")
def import_roster(
    roster: Path = typer.Argument(
        ..., help="CSV file with the columns id,name,email,country,language,institution."
    ),
    course_dir: Path | None = COURSE_DIR,
) -> None:
    """Add the learners of a CSV roster to the course's gradebook (all or nothing)."""
    from digiculture.grading.roster import import_roster as do_import

    quiet_nbgrader()
    learners, problems = do_import(_course_dir(course_dir), roster)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        raise fail(
            f"The roster has {len(problems)} problem(s); nothing was imported. Fix the lines "
            "above and import it again."
        )
    typer.echo(f"Imported {len(learners)} learners into {_course_dir(course_dir).resolve()}.")


def grade(
    unit: str = typer.Argument(..., help="The unit to grade, for example u01_jupyter_first_steps."),
    course_dir: Path | None = COURSE_DIR,
    workers: int = typer.Option(0, "--workers", min=0, help="Parallel workers (0: one per core)."),
    timeout: float | None = typer.Option(
        None,
        "--timeout",
        min=1,
        help="Seconds one cell may run (a notebook: 3 times that); default: the course's "
        "Execute.timeout in nbgrader_config.py, or nbgrader's 30 s.",
    ),
    memory_mb: int = typer.Option(
        1024, "--memory-mb", min=64, help="Memory a notebook may use beyond Python itself, in MB."
    ),
    no_sandbox: bool = typer.Option(
        False,
        "--no-sandbox",
        help="Run learner code with your own rights, without the sandbox (trusted work only).",
    ),
    no_wait: bool = typer.Option(
        False,
        "--no-wait",
        help="If another grading run of this course is under way, stop instead of waiting.",
    ),
) -> None:
    """Autograde every submission of UNIT in parallel, sandboxed; then print a summary."""
    from digiculture.grading.run import GradingOptions, grade_unit
    from digiculture.grading.sandbox import Limits

    quiet_nbgrader()
    options = GradingOptions(
        workers=workers,
        limits=Limits(timeout=timeout, memory_mb=memory_mb),
        sandbox=not no_sandbox,
        wait=not no_wait,
    )
    bar: tqdm | None = None

    def start(count: int) -> None:
        nonlocal bar
        bar = tqdm(total=count, desc=f"Grading {unit}", unit="submission")

    try:
        summary = grade_unit(
            _course_dir(course_dir),
            unit,
            options,
            progress=lambda _o: bar.update(1) if bar else None,
            on_start=start,
            on_wait=lambda message: typer.echo(message, err=True),
        )
    finally:
        if bar is not None:
            bar.close()
    if summary.refused:
        typer.echo(
            f"Not graded: {len(summary.refused)} folder(s) in submitted/ that are not "
            "the course's learners' submissions:"
        )
        for item in summary.refused:
            typer.echo(f"  {item.shown}: {item.reason}")
    if not summary.results:
        typer.echo(
            f"No submissions of {unit} to grade: nothing in "
            f"{_course_dir(course_dir).resolve() / 'submitted'}/<learner>/{unit}/."
        )
        return
    mode = "sandboxed" if summary.sandboxed else "WITHOUT sandbox"
    typer.echo(
        f"Graded {len(summary.graded)} of {len(summary.results)} submissions of {unit} in "
        f"{summary.seconds:.1f} s ({summary.workers} workers, {mode})."
    )
    if summary.failed:
        typer.echo(f"Not graded ({len(summary.failed)}):")
        for o in summary.failed:
            typer.echo(f"  {o.learner}: {o.reason}")
    noted = [o for o in summary.results if o.notes]
    if noted:
        typer.echo("Worth a look:")
        for o in noted:
            for note in o.notes:
                typer.echo(f"  {o.learner}: {note}")
    manual = sum(1 for o in summary.graded if o.needs_manual_grade)
    if manual:
        typer.echo(f"{manual} graded submission(s) have answers to grade by hand in formgrader.")
    if summary.log_file:
        typer.echo(f"Details: {summary.log_file}")


def feedback(
    unit: str = typer.Argument(..., help="The unit to make feedback for."),
    course_dir: Path | None = COURSE_DIR,
) -> None:
    """Make each graded learner's HTML feedback page for UNIT (nbgrader generate_feedback)."""
    from digiculture.course.codes import language_name
    from digiculture.grading.feedback import generate_feedback

    quiet_nbgrader()
    folder = _course_dir(course_dir)
    with tqdm(desc=f"Feedback for {unit}", unit="learner") as bar:
        report = generate_feedback(folder, unit, progress=lambda _l: bar.update(1))
    where = folder.resolve() / "feedback"
    typer.echo(
        f"Made {len(report.pages)} feedback page(s) for {unit} in {where}/<learner>/{unit}/."
    )
    if report.not_in_language:
        wanted = sorted({language_name(code) for code in report.not_in_language.values()})
        typer.echo(
            f"{len(report.not_in_language)} learner(s) prefer {', '.join(wanted)}; the units "
            "exist in English only for now, so their feedback is in English."
        )
    for learner, why in sorted(report.skipped.items()):
        typer.echo(f"  no page for {learner}: {why}")


def gradebook(
    course_dir: Path | None = COURSE_DIR,
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    output: Path | None = typer.Option(
        None, "--output", help="File to write (default: print to the screen).", dir_okay=False
    ),
) -> None:
    """One row per learner and unit: learner, unit, score, max_score, status, reason."""
    from digiculture.grading.gradebook import FORMATS, gradebook_rows, render

    quiet_nbgrader()
    if fmt not in FORMATS:
        raise fail(f"Unknown format '{fmt}': use csv or json.", 2)
    rows = gradebook_rows(_course_dir(course_dir))
    text = render(rows, fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    output = output.expanduser()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("graded", "failed", "missing")}
    typer.echo(
        f"Wrote {len(rows)} rows to {output.resolve()} ({counts['graded']} graded, "
        f"{counts['failed']} failed, {counts['missing']} missing)."
    )
