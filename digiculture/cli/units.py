"""`digiculture units ...`: the units manifest and the unit notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from tqdm import tqdm

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


def _titles(title: str, title_in: list[str]) -> dict[str, str]:
    titles = {"en": title}
    for item in title_in:
        lang, sep, text = item.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise fail(f"--title-in '{item}' should look like de=\"Der Titel auf Deutsch\".", 2)
        titles[lang.strip()] = text.strip()
    return titles


@app.command()
def new(
    unit_id: str = typer.Argument(..., help="The new unit's id, e.g. u13_oral_history."),
    title: str = typer.Option(..., "--title", help="The English title."),
    title_in: list[str] = typer.Option(
        [], "--title-in", help='A translated title, LANG="...": repeat for each language.'
    ),
    competence: list[str] = typer.Option(
        [], "--competence", help="A profile competence the unit trains (repeat for more)."
    ),
    level: str = typer.Option("L1", "--level", help="The profile level, L1 to L4."),
    minutes: int = typer.Option(15, "--minutes", help="Time needed, 10 to 20."),
    after: list[str] = typer.Option([], "--after", help="A unit to take first (repeat for more)."),
    dataset: list[str] = typer.Option(
        [], "--dataset", help="A file of the data folder the unit loads (repeat for more)."
    ),
    course_dir: Path | None = COURSE_OPTION,
) -> None:
    """Start a unit from the template: source notebook, checks module, units.yaml entry."""
    from competence_profile import load_profile
    from digiculture.course.scaffold import plan_unit, write_unit
    from digiculture.errors import UserError

    settings = Settings.load(course_dir=course_dir)
    manifest = manifest_or_exit(settings, with_notebooks=False)
    try:
        unit = plan_unit(
            manifest,
            load_profile(settings.profile_dir),
            settings.data_dir,
            unit_id,
            _titles(title, title_in),
            competence,
            level,
            minutes,
            after,
            dataset,
        )
        written = write_unit(settings.course_dir, unit, manifest)
    except UserError as exc:
        raise fail(str(exc), exc.exit_code) from None
    typer.echo(
        f"Wrote {written.notebook}\nWrote {written.checks}\nAdded {unit_id} to {written.manifest}"
    )
    if written.missing_titles:
        typer.echo(
            f"Add the title in {', '.join(written.missing_titles)} to units.yaml "
            "(a draft, for a native reviewer)."
        )
    typer.echo(
        "Now write the unit: replace every TODO in the notebook, the checks module and "
        "units.yaml (docs/authoring_units.md), then run "
        f"`digiculture units check {unit_id}`."
    )


@app.command()
def check(
    unit_ids: list[str] = typer.Argument(None, help="The units to try (default: all)."),
    course_dir: Path | None = COURSE_OPTION,
) -> None:
    """Check units end to end: manifest, notebooks, checks, learner version, grading, start page."""
    from digiculture.course.build import build_course
    from digiculture.course.start_page import START_PAGE
    from digiculture.course.unit_trial import try_unit

    settings = Settings.load(course_dir=course_dir)
    manifest = manifest_or_exit(settings)
    unknown = [u for u in unit_ids or [] if u not in manifest.ids]
    if unknown:
        raise fail(
            f"Unknown unit '{unknown[0]}': use an id from units.yaml (`digiculture units list`).",
            2,
        )
    todo = unit_ids or manifest.ids
    typer.echo(f"units.yaml, the profile's competences and {len(manifest.units)} notebooks: valid.")
    problems = []
    for unit_id in tqdm(todo, desc="Trying units", unit="unit"):
        trial = try_unit(settings.course_dir, manifest.unit(unit_id))
        problems += trial.problems
        if trial.model is not None and trial.blank is not None:
            typer.echo(
                f"{unit_id}: a blank notebook scores {trial.blank[0]:g} of {trial.blank[1]:g}, "
                f"the model answers {trial.model[0]:g} of {trial.model[1]:g}."
            )
    if problems:
        raise fail(
            f"{len(problems)} problem(s) in {', '.join(todo)}: fix the lines above.",
            problems=problems,
        )
    build_course(settings, "en", only_stale=True)
    start_page = settings.course_dir / START_PAGE
    page = start_page.read_text(encoding="utf-8")
    absent = [u for u in todo if f"release/{u}/{u}.ipynb" not in page]
    if absent:
        raise fail(f"The start page {start_page} does not link {', '.join(absent)}.")
    typer.echo(
        f"{len(todo)} unit(s) ready: learner versions in {settings.course_dir / 'release'}, "
        f"listed on the start page {start_page}."
    )
