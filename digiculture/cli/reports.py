"""`digiculture report ...` and `digiculture institution report`: programme outcomes.

- `report programme`: the facilitator's figures (as the dashboard shows them) as PDF, HTML
  or JSON;
- `report demo-data`: a synthetic programme of 400 learners to try the reports on;
- `institution ...` lives in `digiculture.cli.institution`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from competence_profile import DataInvalid
from digiculture.cli.institution import institution_app  # noqa: F401 (the CLI's `institution`)
from digiculture.errors import fail
from digiculture.outcomes.service import FORMATS, Outcomes, render
from digiculture.settings import Settings

report_app = typer.Typer(
    help="Programme reports: reach against targets, units, competence change.",
    no_args_is_help=True,
)

FORMAT_OPTION = typer.Option("pdf", "--format", help="pdf, html or json.")
OUTPUT_OPTION = typer.Option(
    None, "--output", "-o", help="File to write (default: var/reports/<report>-<date>.<format>)."
)
STORE_OPTION = typer.Option(
    None, "--store", help="Results store URL (default: var/results.sqlite, DIGICULTURE_STORE_URL)."
)
COHORTS_OPTION = typer.Option(
    None,
    "--cohorts-dir",
    help="Folder of the cohorts' course folders (default: cohorts/, DIGICULTURE_COHORTS_DIR).",
    file_okay=False,
)


@report_app.callback()
def _report() -> None:
    """Programme reports."""


def load_outcomes(store: str | None, cohorts_dir: Path | None) -> Outcomes:
    """The programme's reports from the settings (with --store, --cohorts-dir); the kit's
    data problems and a setting that is not a number as the facilitator's sentences."""
    try:
        return Outcomes.load(Settings.load(store_url=store, cohorts_dir=cohorts_dir))
    except DataInvalid as exc:
        raise fail(
            "The kit's data has problems: run `digiculture assess validate`.", problems=exc.problems
        ) from None
    except ValueError as exc:  # a setting that is not a number
        raise fail(str(exc), 2) from None


def _write(report, fmt: str, output: Path | None, name: str, settings: Settings) -> None:
    if fmt not in FORMATS:
        raise fail(f"Unknown format '{fmt}': use pdf, html or json.", 2)
    if output is None:
        output = settings.state_dir / "reports" / f"{name}-{date.today().isoformat()}.{fmt}"
    output = output.expanduser().resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(render(report, fmt))
    typer.echo(f"Wrote {output}")


@report_app.command("programme")
def programme(
    fmt: str = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
    cohort: list[str] | None = typer.Option(
        None, "--cohort", help="Only this cohort (a course folder's name); repeat for several."
    ),
    country: str | None = typer.Option(None, "--country", help="Only this country (DE, IT, ...)."),
    store: str | None = STORE_OPTION,
    cohorts_dir: Path | None = COHORTS_OPTION,
    lang: str = typer.Option("en", "--lang", help="en, de, it, hr, el or pt."),
) -> None:
    """Reach against the targets, enrolment, unit funnel, scores and competence change."""
    from digiculture.course.codes import COURSE_LANGUAGES

    if lang not in COURSE_LANGUAGES:
        raise fail(f"Unknown language '{lang}': use {', '.join(COURSE_LANGUAGES)}.", 2)
    outcomes = load_outcomes(store, cohorts_dir)
    report = outcomes.programme(cohort or None, country.upper() if country else None, lang=lang)
    _write(report, fmt, output, "programme", outcomes.settings)
    for note in report.notes:
        typer.echo(note, err=True)


@report_app.command("demo-data")
def demo_data(
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the example programme."),
    seed: int = typer.Option(2026, "--seed", help="Another seed gives another programme."),
) -> None:
    """Make a synthetic programme (400 learners, 2 cohorts) to try the dashboard on."""
    from digiculture.demo_programme import generate

    if output.exists() and not output.is_dir():
        raise fail(f"{output} is a file: give a folder for the example programme.", 2)
    summary = generate(output, seed=seed)
    typer.echo(
        f"Wrote an example programme to {summary['folder']}: {summary['people']} people, "
        f"{summary['assessed']} self-assessed ({summary['assessed_twice']} twice), "
        f"{summary['enrolled']} enrolled in 2 cohorts, {summary['workshop']} at the workshop.\n"
        "Use it with:\n"
        f"  export DIGICULTURE_STORE_URL={summary['store_url']}\n"
        f"  export DIGICULTURE_COHORTS_DIR={summary['cohorts_dir']}\n"
        "Director key of the 3-person Heimatmuseum Kleinbach (for its pages): "
        f"{summary['director_keys'].get('Heimatmuseum Kleinbach', '')}"
    )


@report_app.command("dashboard")
def dashboard(
    port: int = typer.Option(
        8867,
        "--port",
        help="Port of the dashboard (the next free one "
        "if taken); the institution pages take the two after it.",
    ),
    store: str | None = STORE_OPTION,
    cohorts_dir: Path | None = COHORTS_OPTION,
) -> None:
    """Start the facilitator dashboard and the institution pages on this computer."""
    import time

    from digiculture.server import free_port, stop_on_signals, voila_app

    settings = Settings.load(store_url=store, cohorts_dir=cohorts_dir)
    env = {
        "DIGICULTURE_STORE_URL": settings.results_store,
        "DIGICULTURE_COHORTS_DIR": str(settings.cohorts_dir),
    }
    log_dir = settings.log_dir
    first = free_port(port)
    servers = [
        voila_app(
            settings.apps_dir / f"{name}.ipynb",
            free_port(p),
            env=env,
            log_path=log_dir / f"voila-{name}.log",
        )
        for name, p in (
            ("facilitator_dashboard", first),
            ("institution_report", first + 1),
            ("institution_check", first + 2),
        )
    ]

    stop_on_signals()  # `kill` stops the pages as Ctrl-C does
    typer.echo("Starting the dashboard and the institution page ...")
    (dash, dash_url), (inst, inst_url), (check, check_url) = servers
    with dash, inst, check:
        typer.echo(
            f"\n  Facilitator dashboard:  {dash_url}\n  Institution report:     {inst_url}\n"
            f"  Institution's check:    {check_url}  (directors open both with their key)\n"
        )
        typer.echo(f"Server messages go to {log_dir}. Press Ctrl-C here to stop.")
        try:
            while all(s.running() for s in (dash, inst, check)):
                time.sleep(0.5)
        except KeyboardInterrupt:
            typer.echo("\nStopping ...")
