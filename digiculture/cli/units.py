"""`digiculture units ...`: the units manifest and the unit notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from competence_profile import check_profile
from competence_profile.units import UnitManifest, check_units
from digiculture.course.checks import check_notebooks
from digiculture.errors import fail
from digiculture.settings import Settings

app = typer.Typer(help="The microlearning units and their manifest.", no_args_is_help=True)

COURSE_OPTION = typer.Option(
    None,
    "--course-dir",
    help="Course folder with units.yaml and source/ (default: the kit's notebooks/).",
    file_okay=False,
)


def manifest_or_exit(settings: Settings, with_notebooks: bool = True) -> UnitManifest:
    """The checked manifest, or exit 1 after one line per problem."""
    profile, profile_problems = check_profile(settings.profile_dir)
    if profile is None:
        raise fail(
            "The competence profile has problems; run `digiculture profile validate`.",
            problems=profile_problems,
        )
    path = settings.course_dir / "units.yaml"
    manifest, problems = check_units(path, profile, settings.data_dir)
    if manifest is not None and with_notebooks:
        problems = check_notebooks(settings.course_dir, manifest)
    if problems or manifest is None:
        raise fail(
            f"The units in {settings.course_dir} have {len(problems)} problem(s); "
            "fix the lines above.",
            problems=problems,
        )
    return manifest


@app.command()
def validate(course_dir: Path | None = COURSE_OPTION) -> None:
    """Check units.yaml against the notebooks and the profile, and the grading conventions."""
    settings = Settings.load(course_dir=course_dir)
    m = manifest_or_exit(settings)
    minutes = sum(u.minutes for u in m.units)
    covered = sorted({cid.split(".")[0] for u in m.units for cid in u.competences})
    typer.echo(
        f"{len(m.units)} units are valid: {minutes} minutes in all, areas "
        f"{', '.join(covered)} covered."
    )


@app.command("list")
def list_units(
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON."),
    lang: str = typer.Option("en", "--lang", help="Language of the titles."),
    course_dir: Path | None = COURSE_OPTION,
) -> None:
    """Print the units in learning order."""
    settings = Settings.load(course_dir=course_dir)
    m = manifest_or_exit(settings, with_notebooks=False)
    units = m.in_learning_order()
    if as_json:
        typer.echo(json.dumps([u.model_dump() for u in units], ensure_ascii=False, indent=2))
        return
    for u in units:
        after = f"  (after {', '.join(u.prerequisites)})" if u.prerequisites else ""
        typer.echo(
            f"{u.id:<32} {u.level} {u.minutes:>3} min  {', '.join(u.competences):<18} "
            f"{u.title_in(lang)}{after}"
        )
