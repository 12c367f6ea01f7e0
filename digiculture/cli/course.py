"""`digiculture course ...`: build the course for learners."""

from __future__ import annotations

from pathlib import Path

import typer
from tqdm import tqdm

from digiculture.cli.grading import init
from digiculture.cli.units import COURSE_OPTION, manifest_or_exit
from digiculture.errors import fail
from digiculture.settings import Settings

app = typer.Typer(
    help="Build the course for learners; make a cohort's course folder.", no_args_is_help=True
)
app.command("init")(init)

LANGUAGES = ("en", "de", "it", "hr", "el", "pt")


@app.command()
def build(
    lang: str = typer.Option("en", "--lang", help="Language of the start page and unit titles."),
    course_dir: Path | None = COURSE_OPTION,
) -> None:
    """Make the learner versions of all units (release/) and the start page."""
    if lang not in LANGUAGES:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(LANGUAGES)}.", 2)
    from digiculture.course.build import build_course

    settings = Settings.load(course_dir=course_dir)
    manifest = manifest_or_exit(settings)
    with tqdm(total=len(manifest.units), desc="Building units", unit="unit") as bar:
        built = build_course(settings, lang, progress=lambda _id: bar.update(1))
    typer.echo(
        f"Built {len(built)} units in {settings.course_dir / 'release'} and the start "
        f"page {settings.course_dir / 'start_here.ipynb'} ({lang})."
    )
