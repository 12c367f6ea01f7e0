"""What `digiculture hub init|add-cohort|add-learners|start` do.

Each step writes the hub's record (`hub.json`) and the files and accounts behind it; when the
hub is running, it is told at once through its REST API (groups, users), otherwise it picks
the change up when it starts. Errors are `HubError`s with a sentence for the facilitator.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from digiculture.errors import UserError
from digiculture.hub import invitations
from digiculture.hub.accounts import AccountError, add_to_group, ensure_group, ensure_user
from digiculture.hub.api import HubAPI, HubAPIError
from digiculture.hub.config import proxy_command
from digiculture.hub.exchange import ExchangeFolderError
from digiculture.hub.layout import HubLayout, prepare, prepare_course
from digiculture.hub.names import name_problem
from digiculture.hub.state import Cohort, HubState, Limits, check_name, load_state, save_state
from digiculture.settings import REPO_ROOT, Settings

CONFIG_FILE = REPO_ROOT / "hub" / "jupyterhub_config.py"


class HubError(UserError):
    """A facilitator's mistake or a machine that cannot run the hub; the message says why."""


def require_root() -> None:
    """HubError unless this process runs as root on Linux (the hub makes Unix accounts)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        raise HubError(
            "The hub makes a Unix account for each person, so its commands must run as root "
            "on Linux: run them with sudo.",
            2,
        )


def layout_of(settings: Settings) -> HubLayout:
    return HubLayout(settings.hub_dir)


def require_state(settings: Settings) -> HubState:
    state = load_state(settings.hub_dir)
    if state is None:
        raise HubError(
            f"There is no hub in {settings.hub_dir} yet: run `digiculture hub init --admin "
            "YOUR_NAME` first.",
            2,
        )
    return state


def hub_api(settings: Settings, state: HubState) -> HubAPI:
    return HubAPI(f"http://127.0.0.1:{state.hub_port}", layout_of(settings).secret("cli_token"))


def tell_hub(
    settings: Settings,
    state: HubState,
    groups: dict[str, list[str]],
    users: list[str] | None = None,
) -> bool:
    """Push accounts (`users`) and group memberships to a running hub; False when it is not
    running."""
    api = hub_api(settings, state)
    if not api.is_running():
        return False
    try:
        if users:
            api.ensure_users(users)
        for group, members in groups.items():
            api.ensure_group_members(group, members)
    except HubAPIError as exc:
        raise HubError(f"The running hub refused the change ({exc}); restart it.") from None
    return True


def checked_name(name: str, what: str) -> None:
    """HubError (a sentence) unless `name` is a good name for a cohort or a space."""
    try:
        check_name(name, what)
    except ValueError as exc:
        raise HubError(str(exc), 2) from None


def not_there(what: str, name: str, known: Iterable[str], make: str, where: str = "") -> HubError:
    """The refusal for a cohort or space that does not exist: which there are, how to make it."""
    listed = ", ".join(sorted(known)) or "none yet"
    return HubError(
        f"There is no {what} '{name}'{where} ({what}s: {listed}): make it with `{make}`.", 2
    )


def open_kit_to_learners(settings: Settings) -> None:
    """Learners' servers run the kit's .venv: they may read and run it, but not the kit's
    solutions (notebooks/source), the cohorts' courses (cohorts/) or the kit's runtime state
    (var/: the results store, the issuer key ...). var/ can be passed through (the hub's
    folder may be in it) but not listed, and everything else in it is closed to them."""
    for folder in (REPO_ROOT / "notebooks" / "source", Path(settings.cohorts_dir)):
        if folder.is_dir():
            os.chmod(folder, folder.stat().st_mode & ~stat.S_IRWXO)
    # The units' translation sources hold every cell, a reflection's model answer too; the
    # kernels read the compiled .mo, which holds only the checks' texts.
    locale = REPO_ROOT / "digiculture" / "locale"
    for source in (*locale.glob("*/LC_MESSAGES/u*.po"), *locale.glob("templates/u*.pot")):
        os.chmod(source, source.stat().st_mode & ~stat.S_IRWXO)
    state = Path(settings.state_dir)
    hub = Path(settings.hub_dir)
    if state.is_dir() and hub.is_relative_to(state):
        os.chmod(state, (state.stat().st_mode & ~stat.S_IRWXO) | stat.S_IXOTH)
        way = [p for p in (hub, *hub.parents) if p.is_relative_to(state)]
        for folder in way[1:]:  # from the hub's parent up to var/: close all but the way
            for path in folder.iterdir():
                if path not in way and not path.is_symlink():
                    os.chmod(path, path.stat().st_mode & ~stat.S_IRWXO)
            if folder != state:
                os.chmod(folder, (folder.stat().st_mode & ~stat.S_IRWXO) | stat.S_IXOTH)
    elif state.is_dir():
        os.chmod(state, state.stat().st_mode & ~stat.S_IRWXO)
    path = Path(sys.executable).parent
    while path != path.parent:
        mode = path.stat().st_mode
        if not mode & stat.S_IXOTH:
            os.chmod(path, mode | stat.S_IXOTH)
        path = path.parent


def signed_up(settings: Settings) -> set[str]:
    """The names that have an account in the hub's database already."""
    database = layout_of(settings).database
    if not database.is_file() or database.stat().st_size == 0:
        return set()
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            return {row[0] for row in db.execute("SELECT username FROM users_info")}
    except sqlite3.Error:
        return set()


def invite(
    settings: Settings,
    state: HubState,
    names: list[str],
    days: int = 14,
    langs: dict[str, str] | None = None,
):
    """Invitations for those of `names` who have no account yet (a new code for each)."""
    taken = signed_up(settings)
    wanted = [n for n in names if n not in taken]
    return invitations.issue(layout_of(settings).root, wanted, state.base_url, days, langs)


def _check_not_taken(settings: Settings, state: HubState, names: list[str]) -> None:
    """Refuse names new to the hub's rosters that someone already signed up with.

    A name becomes an invitation-only one when it reaches a roster or --admin; an account
    made with it before (by whoever signed up first) is not that person's.
    """
    taken = sorted((set(names) - state.people) & signed_up(settings))
    if taken:
        raise HubError(
            f"Someone has already signed up on the hub as {', '.join(taken)}, before you added "
            "the name: it may not be your learner or facilitator. Nobody was added. Look at the "
            "account in the hub's Admin page: if it is not theirs, delete it there, then run "
            "this again (or give the person another id).",
            1,
        )


def _check_names(names: list[str], what: str) -> None:
    problems = [p for p in (name_problem(n) for n in names) if p]
    if problems:
        raise HubError(f"{' '.join(problems)} ({what})", 2)


def init(
    settings: Settings,
    admins: list[str],
    port: int = 8000,
    ip: str = "127.0.0.1",
    home_base: Path = Path("/home"),
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    limits: Limits | None = None,
    public_url: str = "",
) -> HubState:
    require_root()
    _check_names(admins, "a facilitator's name given with --admin")
    layout = layout_of(settings)
    state = load_state(layout.root) or HubState()
    _check_not_taken(settings, state, admins)
    state.admins = sorted(set(state.admins) | set(admins))
    state.port, state.ip, state.home_base = port, ip, str(Path(home_base).resolve())
    state.public_url = public_url or state.public_url
    state.hub_port, state.proxy_api_port = hub_port, proxy_api_port
    if limits is not None:
        state.limits = limits
    if not state.admins:
        raise HubError("Name at least one facilitator with --admin NAME.", 2)
    try:
        prepare(layout)
    except ExchangeFolderError as exc:
        raise HubError(str(exc)) from None
    for secret in ("cookie_secret", "proxy_token", "cli_token"):
        layout.secret(secret)
    open_kit_to_learners(settings)
    save_state(layout.root, state)
    return state


def add_cohort(
    settings: Settings,
    course: str,
    units: str = "all",
    lang: str = "en",
    facilitators: list[str] | None = None,
) -> Cohort:
    """One nbgrader course for the cohort in <hub>/courses/<course>, released and shared with
    the facilitators (group formgrade-<course>); learners join with `add_learners`."""
    from competence_profile import load_profile
    from competence_profile.units import UnitManifest
    from digiculture.course.folder import CourseError, choose_units, init_course
    from digiculture.course.start_page import start_page
    from digiculture.manifest import load_manifest

    require_root()
    state = require_state(settings)
    checked_name(course, "cohort")
    layout = layout_of(settings)
    folder = layout.course_dir(course)
    try:
        # 'none': the cohort now, its units later (add-cohort again with --units).
        unit_ids = [] if units.strip().lower() == "none" else choose_units(settings, units)
        result = init_course(folder, settings, unit_ids, lang)
    except CourseError as exc:
        raise HubError(str(exc), exc.exit_code) from None
    _check_names(facilitators or [], "a facilitator's name given with --facilitator")
    _check_not_taken(settings, state, facilitators or [])
    cohort = state.cohorts.get(course) or Cohort(course=course, course_dir=str(folder))
    cohort.facilitators = sorted(set(cohort.facilitators) | set(facilitators or []))
    state.cohorts[course] = cohort
    ensure_group(f"formgrade-{course}")
    try:
        prepare_course(layout, course)
    except ExchangeFolderError as exc:
        raise HubError(str(exc)) from None
    for name in set(cohort.facilitators) | set(state.admins):
        try:
            ensure_user(name, Path(state.home_base))
            add_to_group(name, f"formgrade-{course}")
        except AccountError as exc:
            raise HubError(str(exc)) from None
    manifest = load_manifest(settings)
    chosen = UnitManifest(
        version=manifest.version, units=[u for u in manifest.units if u.id in result.units]
    )
    page = layout.start_page(course)
    page.parent.mkdir(parents=True, exist_ok=True)
    import nbformat

    nbformat.write(
        start_page(load_profile(settings.profile_dir), chosen, lang, release_dir=course), page
    )
    os.chmod(page, 0o600)
    save_state(layout.root, state)
    tell_hub(
        settings,
        state,
        {
            f"nbgrader-{course}": cohort.learners,
            f"formgrade-{course}": sorted(set(cohort.facilitators) | set(state.admins)),
        },
    )
    return cohort


@dataclass
class AddedLearners:
    cohort: Cohort
    added: list[str]
    hub_told: bool
    #: (learner, invitation) for each learner without an account yet.
    invitations: list = field(default_factory=list)


def add_learners(settings: Settings, course: str, roster: Path) -> AddedLearners:
    """Learners of a roster CSV into the cohort: nbgrader gradebook, hub group, Unix account.

    All or nothing: a roster with mistakes raises HubError listing them (`problems`).
    """
    from digiculture.course.folder import CourseError, open_course
    from digiculture.course.roster import read_roster
    from digiculture.course.roster_import import add_learners as add_to_course

    require_root()
    state = require_state(settings)
    if course not in state.cohorts:
        make = f"digiculture hub add-cohort {course}"
        raise not_there("cohort", course, state.cohorts, make, where=" on the hub")
    learners, problems = read_roster(Path(roster))
    bad = [(lr.id, name_problem(lr.id)) for lr in learners if name_problem(lr.id)]
    if problems or bad:
        lines = [str(p) for p in problems] + [
            f"{roster}: id '{i}': {problem} Change it in the roster" for i, problem in bad
        ]
        error = HubError(
            f"The roster has {len(lines)} problem(s); nobody was added. Fix the lines above "
            "and add it again."
        )
        error.problems = lines  # type: ignore[attr-defined]
        raise error
    _check_not_taken(settings, state, [lr.id for lr in learners])
    layout = layout_of(settings)
    cohort = state.cohorts[course]
    try:
        add_to_course(open_course(layout.course_dir(course)).folder, learners)
    except CourseError as exc:
        raise HubError(str(exc), exc.exit_code) from None
    added = [lr.id for lr in learners if lr.id not in cohort.learners]
    for learner in learners:
        try:
            ensure_user(learner.id, Path(state.home_base))
        except AccountError as exc:
            raise HubError(str(exc)) from None
    cohort.learners = sorted(set(cohort.learners) | {lr.id for lr in learners})
    prepare_course(layout, course)
    save_state(layout.root, state)
    told = tell_hub(settings, state, {f"nbgrader-{course}": cohort.learners})
    made = invite(
        settings, state, [lr.id for lr in learners], langs={lr.id: lr.language for lr in learners}
    )
    by_id = {lr.id: lr for lr in learners}
    rows = [(by_id[i.name], i) for i in made]
    return AddedLearners(cohort=cohort, added=added, hub_told=told, invitations=rows)


def start_argv(settings: Settings) -> list[str]:
    """The command that runs the hub in the foreground (`make hub`, `digiculture hub start`)."""
    require_state(settings)
    proxy_command()
    return [
        sys.executable,
        "-m",
        "jupyterhub",
        "-f",
        str(CONFIG_FILE),
    ]


def start_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["DIGICULTURE_HUB_PATH"] = str(settings.hub_dir)
    return env
