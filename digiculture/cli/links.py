"""`digiculture links`: the addresses a facilitator sends learners to open a unit."""

from __future__ import annotations

import json

import typer

from competence_profile import DataInvalid
from digiculture.cli.course import LANGUAGES
from digiculture.course.publish import repository_root
from digiculture.errors import fail
from digiculture.links import (
    binder_link,
    check_learners_branch,
    course_path,
    find_repository,
    nbgitpuller_link,
    resolve_unit,
    service_address,
)
from digiculture.settings import Settings


def links(
    unit: str | None = typer.Option(
        None, "--unit", help="Unit id (or its start, like u03); default: the start page."
    ),
    binder: str | None = typer.Option(
        None, "--binder", help="Binder service (default: https://mybinder.org)."
    ),
    hub: str | None = typer.Option(
        None, "--hub", help="Your JupyterHub, for an nbgitpuller link (or DIGICULTURE_HUB_URL)."
    ),
    repo: str | None = typer.Option(
        None,
        "--repo",
        help="The course's repository: ORG/REPO on GitHub or a git web address "
        "(default: DIGICULTURE_REPO_URL, else the kit's git remote).",
    ),
    ref: str | None = typer.Option(
        None,
        "--ref",
        help="Branch or tag (default: DIGICULTURE_REPO_REF, else the learners' branch that "
        "`digiculture course publish` makes). A branch with solutions is refused.",
    ),
    lang: str = typer.Option(
        "en", "--lang", help="Language of the learners' branch (learners, learners-de ...)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (for scripts)."),
) -> None:
    """Print links that open a unit on Binder and, with --hub, on your JupyterHub."""
    if lang not in LANGUAGES:
        raise fail(f"Unknown language '{lang}': use one of {', '.join(LANGUAGES)}.", 2)
    settings = Settings.load(binder_url=binder, hub_url=hub)
    try:
        unit_id, title = resolve_unit(settings, unit) if unit else (None, "start page")
    except DataInvalid as exc:
        raise fail(
            "The course's units have problems: run `digiculture units validate`.",
            problems=exc.problems,
        ) from None
    root = repository_root(settings)
    repository = find_repository(settings, repo, ref, root, lang)
    note = check_learners_branch(root, repository.ref, lang)
    path = course_path(unit_id)
    binder = service_address(settings.binder_url, "Binder service")
    binder_url = binder_link(binder, repository, path)
    hub_url = (
        nbgitpuller_link(service_address(settings.hub_url, "JupyterHub"), repository, path)
        if settings.hub_url
        else None
    )
    if note:
        typer.echo(f"Note: {note}", err=True)
    if as_json:
        data = {
            "unit": unit_id,
            "path": path,
            "repository": repository.url,
            "ref": repository.ref,
            "binder": binder_url,
            "hub": hub_url,
        }
        typer.echo(json.dumps(data, indent=2))
        return
    what = f"{unit_id} ({title})" if unit_id else "the course's start page"
    typer.echo(f"Links to {what}, from {repository.url} ({repository.ref}):")
    typer.echo("")
    typer.echo("On Binder, for anyone, no account needed (nothing is kept after the session):")
    typer.echo(f"  {binder_url}")
    typer.echo("")
    if hub_url:
        typer.echo("On your JupyterHub (learners log in; their work stays in their folder):")
        typer.echo(f"  {hub_url}")
    else:
        typer.echo("For your JupyterHub, add --hub https://your-hub.example.org.")
