"""How the CLI reports trouble: sentences on the screen, tracebacks in the log."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path

import typer

log = logging.getLogger("digiculture")


class UserError(Exception):
    """A mistake the person running the command can fix; the message says how."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


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
