"""`digiculture course ...`: build and publish the course for learners."""

from __future__ import annotations

from pathlib import Path

import typer
from tqdm import tqdm

from digiculture.cli.grading import init
from digiculture.cli.units import COURSE_OPTION, manifest_or_exit
from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.errors import fail
from digiculture.settings import Settings

app = typer.Typer(
    help="Build the course for learners; make a cohort's course folder.", no_args_is_help=True
)
app.command("init")(init)

LANG_OPTION = typer.Option(
    "en", "--lang", help="Language of the learner versions (units, feedback) and the start page."
)


def _known_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(LANGUAGES)}.", 2)


@app.command()
def build(
    lang: str = LANG_OPTION,
    course_dir: Path | None = COURSE_OPTION,
) -> None:
    """Make the learner versions of all units (release/) and the start page."""
    _known_language(lang)
    from digiculture.course.build import build_course

    settings = Settings.load(course_dir=course_dir)
    manifest = manifest_or_exit(settings)
    with tqdm(total=len(manifest.units), desc="Building units", unit="unit") as bar:
        built = build_course(settings, lang, progress=lambda _id: bar.update(1))
    typer.echo(
        f"Built {len(built)} units in {settings.course_dir / 'release'} and the start "
        f"page {settings.course_dir / 'start_here.ipynb'} ({lang})."
    )
    say_english_left(settings.course_dir / "source", [u.id for u in manifest.units], lang)


def say_english_left(source_dir: Path, unit_ids: list[str], lang: str) -> None:
    """One line on the texts still in English in a build in `lang` (nothing when none)."""
    from digiculture.translations.learner_versions import english_left, english_left_line

    line = english_left_line(english_left(source_dir, unit_ids, lang), lang)
    if line:
        typer.echo(line)


@app.command()
def publish(
    lang: str = LANG_OPTION,
    branch: str | None = typer.Option(
        None, "--branch", help="The learners' branch (default: learners, or learners-LANG)."
    ),
    push: bool = typer.Option(False, "--push", help="Push the branch to the git remote."),
    remote: str | None = typer.Option(
        None, "--remote", help="The remote to push to (default: origin, else the only one)."
    ),
    course_dir: Path | None = COURSE_OPTION,
) -> None:
    """Commit the learner versions, without solutions, to the learners' branch (for links)."""
    _known_language(lang)
    from digiculture.course.publish import publish as publish_course
    from digiculture.course.publish import repository_root

    settings = Settings.load(course_dir=course_dir)
    manifest = manifest_or_exit(settings)
    repository_root(settings)  # not a git repository: said before any work starts
    with tqdm(total=len(manifest.units), desc="Building units", unit="unit") as bar:
        done = publish_course(
            settings, lang, branch, push, remote, progress=lambda _id: bar.update(1)
        )
    say_english_left(settings.course_dir / "source", done.units, lang)
    short = done.commit[:7]
    if done.changed:
        typer.echo(
            f"Published the learner versions ({lang}) of {len(done.units)} units, the start "
            f"page, the data and the learner helpers ({done.files} files) to the branch "
            f"'{done.branch}' of {done.root} (commit {short}, built from {done.built_from}). "
            "No unit's source, solution or hidden test is on it."
        )
    else:
        typer.echo(
            f"Nothing new to publish: the branch '{done.branch}' of {done.root} (commit "
            f"{short}) already holds these learner versions ({lang}, {len(done.units)} units)."
        )
    if done.uncommitted:
        typer.echo(
            f"Note: {len(done.uncommitted)} file(s) had uncommitted changes and were published "
            f"as they are (for example {done.uncommitted[0]})."
        )
    if done.pushed_to:
        what = "was already up to date on" if done.push_note != "pushed" else "is now on"
        typer.echo(f"The branch '{done.branch}' {what} {done.pushed_to}.")
        option = "" if lang == "en" else f" --lang {lang}"
        typer.echo(f"Links for learners: digiculture links{option} [--unit u01] [--hub URL]")
    else:
        typer.echo(
            "Learners reach it once it is on the course's repository: publish again with "
            "--push (or `git push origin " + done.branch + "`)."
        )
