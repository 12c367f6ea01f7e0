"""What `digiculture hub init|add-cohort|add-learners|start` do.

Each step writes the hub's record (`hub.json`) and the files and accounts behind it; when the
hub is running, it is told at once through its REST API (groups, users), otherwise it picks
the change up when it starts. Errors are `HubError`s with a sentence for the facilitator.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from digiculture.hub.accounts import AccountError, add_to_group, ensure_group, ensure_user
from digiculture.hub.api import HubAPI, HubAPIError
from digiculture.hub.auth import _UNIX_NAME
from digiculture.hub.config import proxy_command
from digiculture.hub.layout import HubLayout, prepare, prepare_course
from digiculture.hub.state import Cohort, HubState, Limits, check_name, load_state, save_state
from digiculture.settings import REPO_ROOT, Settings

CONFIG_FILE = REPO_ROOT / "hub" / "jupyterhub_config.py"


class HubError(Exception):
    """A facilitator's mistake or a machine that cannot run the hub; the message says why."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def _require_root() -> None:
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


def _tell_hub(settings: Settings, state: HubState, groups: dict[str, list[str]]) -> bool:
    """Push group memberships to a running hub; False when it is not running."""
    api = hub_api(settings, state)
    if not api.is_running():
        return False
    try:
        for group, members in groups.items():
            api.ensure_group_members(group, members)
    except HubAPIError as exc:
        raise HubError(f"The running hub refused the change ({exc}); restart it.") from None
    return True


def _open_kit_to_learners() -> None:
    """Learners' servers run the kit's .venv: they may read and run it, but not the kit's
    solutions (notebooks/source); the kit's runtime state (var/) can be passed through (the
    hub's folder may be in it) but not listed."""
    source = REPO_ROOT / "notebooks" / "source"
    if source.is_dir():
        os.chmod(source, source.stat().st_mode & ~stat.S_IRWXO)
    var = REPO_ROOT / "var"
    if var.is_dir():
        os.chmod(var, (var.stat().st_mode & ~stat.S_IRWXO) | stat.S_IXOTH)
    path = Path(sys.executable).parent
    while path != path.parent:
        mode = path.stat().st_mode
        if not mode & stat.S_IXOTH:
            os.chmod(path, mode | stat.S_IXOTH)
        path = path.parent


def init(
    settings: Settings,
    admins: list[str],
    port: int = 8000,
    ip: str = "127.0.0.1",
    home_base: Path = Path("/home"),
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    limits: Limits | None = None,
) -> HubState:
    _require_root()
    for name in admins:
        if not _UNIX_NAME.match(name):
            raise HubError(
                f"'{name}' cannot be a facilitator's name on the hub: use lower-case letters, "
                "digits, '.', '_' and '-', starting with a letter.",
                2,
            )
    layout = layout_of(settings)
    state = load_state(layout.root) or HubState()
    state.admins = sorted(set(state.admins) | set(admins))
    state.port, state.ip, state.home_base = port, ip, str(Path(home_base).resolve())
    state.hub_port, state.proxy_api_port = hub_port, proxy_api_port
    if limits is not None:
        state.limits = limits
    if not state.admins:
        raise HubError("Name at least one facilitator with --admin NAME.", 2)
    prepare(layout)
    for secret in ("cookie_secret", "proxy_token", "cli_token"):
        layout.secret(secret)
    _open_kit_to_learners()
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
    from digiculture.course.manifest import load_manifest
    from digiculture.course.start_page import start_page
    from digiculture.grading.cohort import CourseError, choose_units, init_course

    _require_root()
    state = require_state(settings)
    try:
        check_name(course, "cohort")
    except ValueError as exc:
        raise HubError(str(exc), 2) from None
    layout = layout_of(settings)
    folder = layout.course_dir(course)
    try:
        # 'none': the cohort now, its units later (add-cohort again with --units).
        unit_ids = [] if units.strip().lower() == "none" else choose_units(settings, units)
        result = init_course(folder, settings, unit_ids, lang)
    except CourseError as exc:
        raise HubError(str(exc), exc.exit_code) from None
    cohort = state.cohorts.get(course) or Cohort(course=course, course_dir=str(folder))
    cohort.facilitators = sorted(set(cohort.facilitators) | set(facilitators or []))
    state.cohorts[course] = cohort
    ensure_group(f"formgrade-{course}")
    prepare_course(layout, course)
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
    os.chmod(page, 0o644)
    save_state(layout.root, state)
    _tell_hub(
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


def add_learners(settings: Settings, course: str, roster: Path) -> AddedLearners:
    """Learners of a roster CSV into the cohort: nbgrader gradebook, hub group, Unix account.

    All or nothing: a roster with mistakes raises HubError listing them (`problems`).
    """
    from digiculture.grading.cohort import CourseError
    from digiculture.grading.roster import import_roster, read_roster

    _require_root()
    state = require_state(settings)
    if course not in state.cohorts:
        known = ", ".join(sorted(state.cohorts)) or "none yet"
        raise HubError(
            f"There is no cohort '{course}' on the hub (cohorts: {known}): make it with "
            f"`digiculture hub add-cohort {course}`.",
            2,
        )
    learners, problems = read_roster(Path(roster))
    bad = [lr.id for lr in learners if not _UNIX_NAME.match(lr.id)]
    if problems or bad:
        lines = [str(p) for p in problems] + [
            f"{roster}: id '{i}': on the hub, ids are lower case (letters, digits, '.', '_', "
            "'-', starting with a letter): change it"
            for i in bad
        ]
        error = HubError(
            f"The roster has {len(lines)} problem(s); nobody was added. Fix the lines above "
            "and add it again."
        )
        error.problems = lines  # type: ignore[attr-defined]
        raise error
    layout = layout_of(settings)
    cohort = state.cohorts[course]
    try:
        import_roster(layout.course_dir(course), Path(roster))
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
    told = _tell_hub(settings, state, {f"nbgrader-{course}": cohort.learners})
    return AddedLearners(cohort=cohort, added=added, hub_told=told)


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
