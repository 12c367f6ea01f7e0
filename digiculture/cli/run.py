"""`digiculture run`: the kit's main job on embedded defaults (what `make run` starts)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from digiculture.server import free_port, jupyter_lab
from digiculture.settings import Settings

START_PAGE = "start_here.ipynb"


def run(
    port: int = typer.Option(8888, "--port", help="Preferred port (a free one is used if busy)."),
    course_dir: Path | None = typer.Option(None, "--course-dir", help="Default: notebooks/."),
) -> None:
    """Start JupyterLab on 127.0.0.1 on the kit's start page; stop it with Ctrl-C."""
    settings = Settings.load(course_dir=course_dir)
    log_dir = settings.state_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
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
        typer.echo(f"Server messages go to {log_dir}. Press Ctrl-C here to stop.", err=False)
        try:
            while lab.process is not None and lab.process.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            typer.echo("\nStopping ...")
    if lab.process is not None and lab.process.returncode not in (0, None, -15):
        raise typer.Exit(1)
