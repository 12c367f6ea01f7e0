"""`digiculture spaces create|add|list`: affinity spaces on the course's hub (run as root).

Exit codes: 0 done; 1 a machine problem; 2 the facilitator's own mistakes (no hub, unknown
space, interest, language or person).
"""

from __future__ import annotations

from pathlib import Path

import typer

from digiculture.cli.hub import HUB_DIR, hub_settings

app = typer.Typer(
    help="Affinity spaces: shared folders and discussions across institutions and countries.",
    no_args_is_help=True,
)


def _told(change) -> str:
    if change.new and change.hub_told:
        return " Restart the hub once so that the space's access rule applies."
    return "" if change.hub_told else " The hub applies it when it starts."


@app.command("create")
def create(
    name: str = typer.Argument(..., help="Short name, for example small-museums."),
    title: str = typer.Option(
        ..., "--title", help="The space's title, for example 'Small museums'."
    ),
    interest: str = typer.Option(
        "",
        "--interest",
        help="small-museums, libraries-archives, social-media or digital-strategy.",
    ),
    lang: str = typer.Option("en", "--lang", help="Language of the space's page."),
    member: list[str] = typer.Option([], "--member", help="A member (repeatable)."),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Make a space: its folder, discussion, page and members."""
    from digiculture.spaces import manage

    settings = hub_settings(hub_dir)
    change = manage.create(settings, name, title, interest, lang, member)
    typer.echo(
        f"The space '{change.space.title}' ({name}) has {len(change.space.members)} member(s); "
        f"they open it at /user/space-{name}/.{_told(change)}"
    )


@app.command("add")
def add(
    name: str = typer.Argument(..., help="The space."),
    members: list[str] = typer.Argument(..., help="Learners or facilitators to add."),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Add members to a space."""
    from digiculture.spaces import manage

    change = manage.add(hub_settings(hub_dir), name, members)
    typer.echo(
        f"The space '{change.space.title}' now has {len(change.space.members)} member(s)."
        f"{_told(change)}"
    )


@app.command("list")
def list_spaces(hub_dir: Path | None = HUB_DIR) -> None:
    """The spaces with their interest and members."""
    from digiculture.spaces import manage

    found = manage.spaces(hub_settings(hub_dir))
    if not found:
        typer.echo("No spaces yet: make one with `digiculture spaces create NAME --title TITLE`.")
        return
    for space in found:
        typer.echo(
            f"{space.name}\t{space.title}\t{space.interest or '-'}\t"
            f"{len(space.members)} member(s): {', '.join(space.members)}"
        )
