"""`digiculture hub ...`: the kit's JupyterHub on one machine (init, add-cohort, add-learners,
invite, start, remove-learner, close-cohort).

Run as root (the hub makes a Unix account per person). Exit codes: 0 done; 1 a roster with
mistakes or a machine problem; 2 the facilitator's own mistakes (no hub, unknown cohort).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from competence_profile.spreadsheet import csv_writer
from digiculture.errors import fail
from digiculture.hub.state import Limits
from digiculture.settings import Settings

app = typer.Typer(help="The course's JupyterHub: cohorts, learners, start.", no_args_is_help=True)

HUB_DIR = typer.Option(
    None, "--hub-dir", help="The hub's folder (default: var/hub or DIGICULTURE_HUB_PATH)."
)


def hub_settings(hub_dir: Path | None) -> Settings:
    """The settings with the hub's folder from --hub-dir (shared by `spaces`)."""
    return Settings.load(hub_path=str(hub_dir) if hub_dir else None)


def show_invitations(made) -> None:
    """Print each facilitator's personal sign-up link (they are few; learners get a CSV)."""
    for invitation in made:
        typer.echo(
            f"Invitation for {invitation.name} (send it to them only; valid until "
            f"{invitation.expires:%Y-%m-%d}): {invitation.link}"
        )


def write_invitations(path: Path, rows) -> None:
    """The invitations as CSV for a mail merge (id, name, email, link, valid until), private."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv_writer(fh, lineterminator="\n")
        writer.writerow(["id", "name", "email", "link", "valid_until"])
        for learner, invitation in rows:
            writer.writerow(
                [
                    invitation.name,
                    getattr(learner, "name", ""),
                    getattr(learner, "email", ""),
                    invitation.link,
                    f"{invitation.expires:%Y-%m-%d}",
                ]
            )


@app.command("init")
def init(
    admin: list[str] = typer.Option(..., "--admin", help="A facilitator's name (repeatable)."),
    port: int = typer.Option(
        8000, "--port", help="The port people open in the browser (the hub also uses +1, +2)."
    ),
    ip: str = typer.Option("127.0.0.1", "--ip", help="The address to listen on."),
    public_url: str = typer.Option(
        "", "--public-url", help="The hub's address as people open it (for invitation links)."
    ),
    home_base: Path = typer.Option(Path("/home"), "--home-base", help="Where homes are made."),
    memory_mb: int = typer.Option(2048, "--memory-mb", min=256, help="Memory per process, MB."),
    processes: int = typer.Option(256, "--processes", min=16, help="Processes per learner."),
    idle_minutes: int = typer.Option(60, "--idle-minutes", min=5, help="Stop idle servers."),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Set up the hub's folder, secrets and exchange; name the facilitators (admins)."""
    from digiculture.hub import setup

    settings = hub_settings(hub_dir)
    limits = Limits(memory_mb=memory_mb, processes=processes, idle_minutes=idle_minutes)
    state = setup.init(
        settings,
        admin,
        port=port,
        ip=ip,
        home_base=home_base,
        hub_port=port + 1,
        proxy_api_port=port + 2,
        limits=limits,
        public_url=public_url,
    )

    typer.echo(
        f"The hub is set up in {settings.hub_dir} (facilitators: {', '.join(state.admins)}). "
        "Add a cohort with `digiculture hub add-cohort NAME` (also while the hub runs); "
        "`make hub` or `digiculture hub start` starts the hub."
    )
    show_invitations(setup.invite(settings, state, admin))


@app.command("add-cohort")
def add_cohort(
    course: str = typer.Argument(..., help="The cohort's name, for example spring-2027."),
    units: str = typer.Option(
        "all", "--units", help="'all', 'none' (add them later) or unit ids separated by commas."
    ),
    lang: str = typer.Option("en", "--lang", help="The cohort's language: en de it hr el pt."),
    facilitator: list[str] = typer.Option(
        [], "--facilitator", help="A facilitator of this cohort (repeatable; admins are too)."
    ),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Make the cohort's nbgrader course on the hub, with its groups and start page."""
    from digiculture.hub import setup

    settings = hub_settings(hub_dir)
    cohort = setup.add_cohort(settings, course, units, lang, facilitator)
    typer.echo(
        f"The cohort '{course}' is ready in {cohort.course_dir}. Next: `digiculture hub "
        f"add-learners {course} ROSTER.csv`."
    )
    if facilitator:
        state = setup.require_state(settings)
        show_invitations(setup.invite(settings, state, facilitator))


@app.command("add-learners")
def add_learners(
    course: str = typer.Argument(..., help="The cohort's name."),
    roster: Path = typer.Argument(
        ..., help="CSV file with the columns id,name,email,country,language,institution."
    ),
    invitations: Path | None = typer.Option(
        None,
        "--invitations",
        help="Where to write the invitations CSV (default: invitations-COHORT.csv here).",
    ),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Add a roster's learners: accounts, the group nbgrader-<cohort>, the gradebook, and a
    personal invitation for each learner who has no account yet (a CSV for a mail merge)."""
    from digiculture.hub import setup

    settings = hub_settings(hub_dir)
    result = setup.add_learners(settings, course, roster)
    when = "now" if result.hub_told else "when the hub starts"
    typer.echo(
        f"Added {len(result.added)} new learner(s) to '{course}' "
        f"({len(result.cohort.learners)} in all); the hub knows them {when}."
    )
    if result.invitations:
        path = invitations or Path(f"invitations-{course}.csv")
        write_invitations(path, result.invitations)
        typer.echo(
            f"Wrote {len(result.invitations)} personal invitation(s) to {path} (id, name, "
            "email, link): send each learner their own link (a mail merge); with it they "
            "choose a password and sign up once. The file is secret: delete it once sent."
        )


@app.command("invite")
def invite(
    names: list[str] = typer.Argument(..., help="Learners' or facilitators' names on the hub."),
    invitations: Path | None = typer.Option(
        None, "--invitations", help="Also write the invitations to this CSV file."
    ),
    days: int = typer.Option(14, "--days", min=1, max=90, help="Days the links are valid."),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """A new personal invitation for people who have not signed up (a lost or expired link)."""
    from digiculture.hub import setup

    settings = hub_settings(hub_dir)
    state = setup.require_state(settings)
    unknown = sorted(set(names) - state.learners - state.facilitators)
    if unknown:
        raise fail(
            f"Not on the hub: {', '.join(unknown)}. Add learners with `digiculture hub "
            "add-learners COHORT ROSTER.csv` and facilitators with --admin or --facilitator.",
            2,
        )
    made = setup.invite(settings, state, names, days)
    skipped = sorted(set(names) - {i.name for i in made})
    if skipped:
        typer.echo(f"Already signed up (no invitation needed): {', '.join(skipped)}.")
    show_invitations(made)
    if invitations is not None:
        write_invitations(invitations, [(None, i) for i in made])


@app.command("start")
def start(hub_dir: Path | None = HUB_DIR) -> None:
    """Run the hub in the foreground until Ctrl-C: it prints the address and the next steps;
    the hub's messages go to <hub>/logs/jupyterhub.log."""
    from digiculture.hub import running

    raise typer.Exit(running.run(hub_settings(hub_dir), typer.echo))


FILES_HELP = (
    "What happens to their files (personal data): keep (moved to <hub>/kept/, root only; "
    "hand-ins and grades stay in the course), export (a zip each, then deleted) or delete. "
    "Asked when not given."
)


def _choose_files(lines: list[str], files: str | None, yes: bool, export_dir: Path) -> str:
    """Explain what is removed and where the data goes; ask unless --yes (then --files or
    'keep', which deletes nothing)."""
    import sys

    from digiculture.hub.removal import FILES

    for line in lines:
        typer.echo(line)
    typer.echo(
        "Their files are personal data. What should happen to them?\n"
        "  keep    nothing is deleted: their folder is moved to the hub's kept/ folder (root "
        "only); hand-ins, feedback and grades stay in the cohort's course\n"
        f"  export  one zip per learner in {export_dir} (folder, hand-ins, feedback, grades.csv; "
        "root only), then all of it is deleted\n"
        "  delete  all of it is deleted now, grades too"
    )
    if files is not None and files not in FILES:
        raise fail(f"--files must be one of {', '.join(FILES)}, not '{files}'.", 2)
    if yes:
        return files or "keep"
    if not sys.stdin.isatty():
        raise fail(
            "Nothing was changed: this asks before it removes anyone. In a script, add --yes "
            "(and --files keep|export|delete; without it, files are kept).",
            2,
        )
    answer = files or typer.prompt("keep, export, delete or cancel", default="keep")
    if answer not in FILES:
        raise fail("Cancelled: nothing was changed.", 1)
    if not typer.confirm(f"Remove them and {answer} their files?", default=False):
        raise fail("Cancelled: nothing was changed.", 1)
    return answer


def _report(removed, kept_root: Path) -> None:
    for item in removed:
        if item.export is not None:
            typer.echo(f"  {item.learner}: exported to {item.export}, then deleted")
        elif item.kept_at is not None:
            typer.echo(f"  {item.learner}: files kept in {item.kept_at}")
        else:
            typer.echo(f"  {item.learner}: removed ({item.files})")
    if any(i.files == "keep" for i in removed):
        typer.echo(
            f"Kept files are in {kept_root} (root only): delete them when your organisation's "
            "retention period ends, or when the learner asks."
        )


@app.command("remove-learner")
def remove_learner(
    course: str = typer.Argument(..., help="The cohort's name."),
    learners: list[str] = typer.Argument(..., help="The learners' ids."),
    files: str | None = typer.Option(None, "--files", help=FILES_HELP),
    export_dir: Path = typer.Option(Path("."), "--export-dir", help="Where export writes."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask (for scripts)."),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Remove learners from a cohort: their server, hub account and (unless they are in
    another cohort) Unix account; their files kept, exported or deleted, as you choose."""
    from digiculture.hub import removal, setup
    from digiculture.hub.layout import HubLayout
    from digiculture.hub.state import save_state

    setup.require_root()
    settings = hub_settings(hub_dir)
    state = setup.require_state(settings)
    if course not in state.cohorts:
        raise fail(f"There is no cohort '{course}' on the hub.", 2)
    unknown = sorted(set(learners) - set(state.cohorts[course].learners))
    if unknown:
        raise fail(f"Not learners of '{course}': {', '.join(unknown)}. Nobody was removed.", 2)
    layout = HubLayout(settings.hub_dir)
    lines = [f"Removing from '{course}' (their server stops; they can no longer log in):"]
    lines += [
        "  " + removal.files_of(layout, state, course, n).describe() for n in sorted(learners)
    ]
    choice = _choose_files(lines, files, yes, export_dir)
    api = setup.hub_api(settings, state)
    api = api if api.is_running() else None
    removed = []
    for learner in sorted(learners):
        removed.append(
            removal.remove_learner(settings, state, course, learner, choice, export_dir, api)
        )
        save_state(layout.root, state)
    typer.echo(f"Removed {len(removed)} learner(s) from '{course}':")
    _report(removed, layout.root / "kept")


@app.command("close-cohort")
def close_cohort(
    course: str = typer.Argument(..., help="The cohort's name."),
    files: str | None = typer.Option(None, "--files", help=FILES_HELP),
    export_dir: Path = typer.Option(Path("."), "--export-dir", help="Where export writes."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask (for scripts)."),
    hub_dir: Path | None = HUB_DIR,
) -> None:
    """Close a cohort: remove all its learners (as remove-learner), its groups and exchange
    folders; its course folder (units, gradebook) is kept, exported or deleted with them."""
    from digiculture.hub import removal, setup
    from digiculture.hub.layout import HubLayout

    setup.require_root()
    settings = hub_settings(hub_dir)
    state = setup.require_state(settings)
    if course not in state.cohorts:
        raise fail(f"There is no cohort '{course}' on the hub.", 2)
    layout = HubLayout(settings.hub_dir)
    cohort = state.cohorts[course]
    lines = [
        f"Closing '{course}': its {len(cohort.learners)} learner(s) are removed (their servers "
        "stop; they can no longer log in), then its groups, exchange folders and the "
        f"facilitators' link ~/{course}. Its course folder (units, hand-ins, gradebook) is "
        "kept, exported (a zip) or deleted with the learners' files.",
    ]
    lines += ["  " + removal.files_of(layout, state, course, n).describe() for n in cohort.learners]
    choice = _choose_files(lines, files, yes, export_dir)
    api = setup.hub_api(settings, state)
    api = api if api.is_running() else None
    removed = removal.close_cohort(settings, state, course, choice, export_dir, api)
    typer.echo(f"Closed '{course}' ({len(removed)} learner(s)):")
    _report(removed, layout.root / "kept")
    if choice == "export":
        typer.echo(f"The course folder is in {export_dir / (course + '-course.zip')}.")
