"""The `digiculture` command: one sub-command group per part of the kit."""

from __future__ import annotations

import sys

import typer

from assessment.databases import StoreUnavailable
from digiculture import __version__
from digiculture.cli import (
    assess,
    course,
    credentials,
    grading,
    hub,
    links,
    profile,
    reflections,
    run,
    spaces,
    translations,
    units,
)
from digiculture.cli.mentoring import mentoring_app, workshop_app
from digiculture.cli.reports import institution_app, report_app
from digiculture.errors import KitCommands, report_crash
from digiculture.settings import Settings

app = typer.Typer(
    cls=KitCommands,
    help="BoostDigiCulture course kit: the competence profile, units, cohorts and reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(profile.app, name="profile")
app.add_typer(units.app, name="units")
app.add_typer(course.app, name="course")
app.add_typer(assess.app, name="assess")
app.add_typer(grading.roster_app, name="roster")
app.command("grade")(grading.grade)
app.command("feedback")(grading.feedback)
app.command("gradebook")(grading.gradebook)
app.add_typer(reflections.app, name="reflections")
app.add_typer(mentoring_app, name="mentoring")
app.add_typer(workshop_app, name="workshop")
app.command("run")(run.run)
app.add_typer(credentials.app, name="credentials")
app.command("links")(links.links)
app.add_typer(report_app, name="report")
app.add_typer(institution_app, name="institution")
app.add_typer(hub.app, name="hub")
app.add_typer(spaces.app, name="spaces")
app.add_typer(translations.app, name="translations")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digiculture {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """BoostDigiCulture course kit."""


def main() -> None:
    try:
        app(standalone_mode=True)  # a UserError's sentence and exit code: KitCommands
    except StoreUnavailable as exc:  # the results store went away during a command
        print(str(exc), file=sys.stderr)
        sys.exit(1)
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: the log gets the traceback, the user a sentence
        sys.exit(report_crash(exc, Settings.load().state_dir / "logs"))
