"""`digiculture run`: the kit's main job on embedded defaults (what `make run` starts)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from competence_profile import DataInvalid
from digiculture.course.build import build_course
from digiculture.course.nbgrader_ops import NbgraderFailed
from digiculture.course.start_page import START_PAGE
from digiculture.server import free_port, jupyter_lab
from digiculture.settings import Settings


def run(
    port: int = typer.Option(8888, "--port", help="Preferred port (a free one is used if busy)."),
    lang: str = typer.Option("en", "--lang", help="Language of the start page."),
    course_dir: Path | None = typer.Option(None, "--course-dir", help="Default: notebooks/."),
) -> None:
    """Build what changed, then start JupyterLab on 127.0.0.1 on the kit's start page.

    Runs until Ctrl-C.
    """
    settings = Settings.load(course_dir=course_dir)
    log_dir = settings.state_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        built = build_course(settings, lang, only_stale=True,
                             progress=lambda unit: typer.echo(f"Preparing {unit} for learners"))
        if built:
            typer.echo(f"{len(built)} unit(s) prepared.")
    except (DataInvalid, NbgraderFailed) as exc:
        typer.echo("The course could not be prepared completely; JupyterLab starts anyway.\n"
                   f"{exc}\nRun `digiculture units validate` to see what to fix.", err=True)
    lab, lab_url = jupyter_lab(
        settings.course_dir, free_port(port), default_path=START_PAGE,
        log_path=log_dir / "jupyterlab.log",
    )
    typer.echo("Starting JupyterLab ...")
    with lab:
        typer.echo("")
        typer.echo("The BoostDigiCulture course kit is running. Open this address in your browser:")
        typer.echo(f"  Course and start page (JupyterLab): {lab_url}")
        typer.echo("")
        typer.echo(f"Server messages go to {log_dir}. Press Ctrl-C here to stop.")
        try:
            while lab.process is not None and lab.process.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            typer.echo("\nStopping ...")
    if lab.process is not None and lab.process.returncode not in (0, None, -15):
        raise typer.Exit(1)
