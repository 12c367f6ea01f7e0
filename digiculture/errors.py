"""How the CLI reports trouble: sentences on the screen, tracebacks in the log.

`UserError` is the one base of every error whose message a person reads: the kit's parts
raise a subclass (`CourseError`, `HubError`, `GitFailed`, ...), and the `digiculture` command
shows its message (and its `problems`, one a line) and exits with its `exit_code`, in one
place (`KitCommands` below). Anything else is a bug: `report_crash` writes the traceback to
the log and tells the person where it is.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path

import typer
from typer.core import TyperGroup

log = logging.getLogger("digiculture")


class UserError(Exception):
    """A mistake the person running the command can fix, or a machine problem they can
    solve; the message is a sentence that says how. `exit_code` is what the CLI exits with
    (a subclass may change the default); `problems` are lines shown before the message."""

    exit_code: int = 1
    problems: tuple[object, ...] = ()

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class KitCommands(TyperGroup):
    """The command group of `digiculture`: a UserError raised by any command becomes its
    problems and message on stderr and its exit code; nothing else is caught here."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise fail(str(exc), exc.exit_code, exc.problems) from None


def fail(message: str, exit_code: int = 1, problems: Iterable[object] = ()) -> typer.Exit:
    """Print each problem (one line each), then `message`, to stderr; return the Exit to raise."""
    for problem in problems:
        typer.echo(str(problem), err=True)
    typer.echo(message, err=True)
    return typer.Exit(exit_code)


def report_crash(exc: BaseException, log_dir: Path) -> int:
    """Write the traceback of an unexpected error to the log; tell the user where it is."""
    log_file = log_dir / "digiculture.log"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
        where = f"The details are in {log_file}."
    except OSError:
        where = "The details could not be written to a log file."
    print(
        f"Something went wrong inside the kit ({type(exc).__name__}: {exc}). {where} "
        "Please send that file to the kit's maintainer.",
        file=sys.stderr,
    )
    return 3
