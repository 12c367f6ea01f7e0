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
        "en",
        "--lang",
        help=f"The cohort's language (its units, feedback, start page): "
        f"{', '.join(COURSE_LANGUAGES)}.",
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
    from digiculture.cli.course import say_english_left

    say_english_left(settings.course_dir / "source", unit_ids, lang)
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
        ...,
        help="The roster: CSV (',' or ';' between the columns, any common encoding) or an "
        "Excel workbook (.xlsx), with the columns id,name,email,country,language,institution.",
    ),
    course_dir: Path | None = COURSE_DIR,
    preview: bool = typer.Option(
        False, "--preview", help="Only show what would be imported and every problem."
    ),
    good_rows: bool = typer.Option(
        False,
        "--good-rows",
        help="When some lines have a problem, import the good lines anyway (the others are "
        "listed and left out).",
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="The CSV file's encoding, when the kit should not find it."
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of the messages (default: the course's)."
    ),
) -> None:
    """Add the learners of a roster to the course: every problem is shown first, and nothing
    is imported while there is one (unless you choose --good-rows)."""
    from digiculture.course.facilitator_texts import (
        check_language,
        facilitator_texts,
        translate_how,
    )
    from digiculture.course.folder import open_course
    from digiculture.course.roster_import import import_roster as do_import
    from digiculture.course.roster_import import preview_roster

    quiet_nbgrader()
    if (wrong := check_language(lang)) is not None:
        raise fail(wrong, 2)
    if not roster.is_file():
        raise fail(f"There is no roster file {roster}: check the path.", 2)
    course = open_course(_course_dir(course_dir))
    lang = lang or course.language
    say = facilitator_texts(lang)
    if preview:
        result_preview = preview_roster(roster, encoding)
        done = None
    else:
        result = do_import(course.folder, roster, good_rows=good_rows, encoding=encoding)
        result_preview, done = result.preview, result
    if result_preview.how:
        how = translate_how(result_preview.how, lang)
        typer.echo(say("roster_read_as", file=roster.name, how=how))
    names = result_preview.names_to_check()
    if names:
        typer.echo(say("roster_names_check", names=", ".join(names)))
    typer.echo(
        say(
            "roster_counts",
            good=len(result_preview.learners),
            bad=len(result_preview.check.bad_lines),
        )
    )
    for row in result_preview.problem_rows(lang):
        where = ", ".join(
            part
            for part in (
                f"{say('col_line')} {row.line}" if row.line else "",
                f"{say('col_column')} {row.column}" if row.column else "",
            )
            if part
        )
        typer.echo(f"  {where or roster.name}: {row.what}", err=True)
        if row.fix:
            typer.echo(f"      {say('col_fix')}: {row.fix}", err=True)
    if done is None:
        typer.echo(say("roster_preview_only"))
        if result_preview.problems:
            raise typer.Exit(1)
        return
    if done.imported:
        typer.echo(say("roster_imported", count=len(done.imported), course=course.folder))
        if done.left_out:
            lines = ", ".join(str(n) for n in done.left_out)
            typer.echo(say("roster_left_out", count=len(done.left_out), lines=lines))
        return
    if result_preview.can_import_good_rows:
        raise fail(say("roster_nothing_imported", good=len(result_preview.learners)))
    if result_preview.check.readable:
        raise fail(say("roster_fix_all"))
    raise fail(say("roster_unreadable"))


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
            f"{len(report.not_in_language)} learner(s) prefer {', '.join(wanted)}; their "
            "feedback is in the course's language. A language section is a course of its own: "
            "`digiculture course init FOLDER --lang LANG`."
        )
    for learner, why in sorted(report.skipped.items()):
        typer.echo(f"  no page for {learner}: {why}")


def gradebook(
    course_dir: Path | None = COURSE_DIR,
    fmt: str = typer.Option("csv", "--format", help="csv, json or xlsx (an Excel workbook)."),
    wide: bool = typer.Option(
        False,
        "--wide",
        help="One row per learner (name, country, language) and one column per unit; the CSV "
        "is for European Excel (UTF-8 with a BOM, ';').",
    ),
    output: Path | None = typer.Option(
        None, "--output", help="File to write (default: print to the screen).", dir_okay=False
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of the column names (default: the course's)."
    ),
) -> None:
    """The course's gradebook: by default one row per learner and unit (learner, unit, score,
    max_score, status, reason); with --wide one row per learner and one column per unit."""
    from digiculture.course.facilitator_texts import check_language, facilitator_texts
    from digiculture.course.folder import open_course
    from digiculture.course.gradebook_export import wide_csv, wide_xlsx
    from digiculture.grading.gradebook import (
        FORMATS,
        course_wide_gradebook,
        gradebook_rows,
        render,
    )

    quiet_nbgrader()
    if fmt not in (*FORMATS, "xlsx"):
        raise fail(f"Unknown format '{fmt}': use csv, json or xlsx.", 2)
    if wide and fmt == "json":
        raise fail("--wide makes a table for a spreadsheet: use --format csv or xlsx.", 2)
    if fmt == "xlsx" and output is None:
        raise fail("An Excel workbook cannot be shown on the screen: add --output FILE.xlsx.", 2)
    if (wrong := check_language(lang)) is not None:
        raise fail(wrong, 2)
    if output is not None and output.expanduser().is_dir():
        raise fail(f"{output} is a folder: give a file name for --output.", 2)
    course = open_course(_course_dir(course_dir))
    if wide or fmt == "xlsx":
        table = course_wide_gradebook(course.folder, Settings.load().unit_pass_mark, lang)
        data = wide_xlsx(table) if fmt == "xlsx" else wide_csv(table)
        if output is None:
            typer.echo(data.decode("utf-8-sig"), nl=False)
            return
        output = output.expanduser()
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        say = facilitator_texts(lang or course.language)
        typer.echo(
            say(
                "gradebook_written",
                learners=len(table.rows),
                units=len(table.units),
                file=output.resolve(),
            )
        )
        return
    rows = gradebook_rows(course.folder)
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
