"""`digiculture run`: the kit's main job on embedded defaults (what `make run` starts)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from competence_profile import DataInvalid
from digiculture.self_assessment.page import self_assessment_server
from digiculture.server import free_port, jupyter_lab, stop_all, stop_on_signals
from digiculture.settings import Settings


def run(
    port: int = typer.Option(
        8888, "--port", help="Preferred port of JupyterLab (a free one is used if busy)."
    ),
    assessment_port: int = typer.Option(
        8866, "--assessment-port", help="Preferred port of the self-assessment (Voilà)."
    ),
    lang: str = typer.Option(
        "en",
        "--lang",
        envvar="DIGICULTURE_LANG",
        help="The learners' language: the start page and units, JupyterLab's menus and the "
        "kernels' messages are in it; the self-assessment is ready in it.",
    ),
    visitors: int = typer.Option(
        2,
        "--visitors",
        min=1,
        max=200,
        help="How many people may open the self-assessment at the same moment without "
        "waiting (a workshop: its size). Each place keeps a prepared Voilà kernel, about "
        "100 MB of memory.",
    ),
    course_dir: Path | None = typer.Option(None, "--course-dir", help="Default: notebooks/."),
) -> None:
    """Build what changed, then start JupyterLab (the course) and Voilà (the self-assessment)
    on 127.0.0.1. Runs until Ctrl-C.
    """
    from digiculture.course.build import build_course
    from digiculture.course.nbgrader_ops import NbgraderFailed
    from digiculture.course.start_page import START_PAGE
    from digiculture.lab_language import lab_locale

    lab_locale(lang)  # a course language, else a clear error before anything is built
    settings = Settings.load(course_dir=course_dir)
    log_dir = settings.log_dir
    try:
        built = build_course(
            settings,
            lang,
            only_stale=True,
            progress=lambda unit: typer.echo(f"Preparing {unit} for learners"),
        )
        if built:
            typer.echo(f"{len(built)} unit(s) prepared.")
    except (DataInvalid, NbgraderFailed) as exc:
        typer.echo(
            "The course could not be prepared completely; JupyterLab starts anyway.\n"
            f"{exc}\nRun `digiculture units validate` to see what to fix.",
            err=True,
        )
    lab, lab_url = jupyter_lab(
        settings.course_dir,
        free_port(port),
        default_path=START_PAGE,
        log_path=log_dir / "jupyterlab.log",
        lang=lang,
    )
    voila, voila_url = self_assessment_server(
        free_port(assessment_port),
        settings,
        pool_size=visitors,
        lang=lang,
        log_path=log_dir / "voila.log",
    )
    typer.echo("Starting JupyterLab and the self-assessment ...")
    stop_on_signals()
    try:
        lab.start()
        voila.start()
        typer.echo("")
        typer.echo(
            "The BoostDigiCulture course kit is running. Open these addresses in your browser:"
        )
        typer.echo(f"  Course and start page (JupyterLab): {lab_url}")
        typer.echo(f"  Self-assessment (Voilà):            {voila_url}?lang={lang}")
        typer.echo("")
        typer.echo(f"Server messages go to {log_dir}. Press Ctrl-C here to stop.")
        while all(s.running() for s in (lab, voila)):
            time.sleep(0.5)
    except KeyboardInterrupt:
        typer.echo("\nStopping ...")
    finally:
        stop_all((voila, lab))
    stopped = [s for s in (lab, voila) if s.failed()]
    if stopped:
        typer.echo(f"{stopped[0].name} stopped unexpectedly; see {log_dir}.", err=True)
        raise typer.Exit(1)
