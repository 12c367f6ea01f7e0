"""`digiculture spaces create|add|list`: affinity spaces on the hub.

A space `<name>` is, on the hub:

- a folder `<hub>/spaces/<name>/`, owned by the space's own Unix account `space-<name>`
  (mode 0700: nobody else's server can read it), with the page and the discussion;
- a hub user `space-<name>` whose server shows that folder, and a hub group `space-<name>`
  of the members, allowed to open and start that server (a role made from the hub's record
  when the hub starts). Everyone working in the space works in that one server, so
  jupyter-collaboration edits and the chat are shared in real time.

Membership changes reach a running hub at once (its REST API); a new space needs a restart
of the hub for its access rule.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.hub.accounts import AccountError, ensure_user
from digiculture.hub.auth import SPACE_PREFIX
from digiculture.hub.setup import (
    HubError,
    checked_name,
    layout_of,
    not_there,
    require_root,
    require_state,
    tell_hub,
)
from digiculture.hub.state import HubState, Space, save_state
from digiculture.settings import Settings
from digiculture.spaces.page import DISCUSSION, Member, write_space_page
from digiculture.spaces.resources import INTERESTS


def members_of(state: HubState, space: Space) -> list[Member]:
    """The members with what the cohorts' rosters say about them."""
    from digiculture.course.roster import load_course_roster

    known = {}
    for cohort in state.cohorts.values():
        try:
            known.update(load_course_roster(Path(cohort.course_dir)))
        except OSError:
            continue
    members = []
    for name in space.members:
        learner = known.get(name)
        if learner is None:
            members.append(Member(id=name))
        else:
            members.append(
                Member(
                    id=name,
                    name=learner.name,
                    institution=learner.institution,
                    country=learner.country,
                    languages=learner.language,
                )
            )
    return members


def refresh_page(settings: Settings, state: HubState, space: Space) -> Path:
    """Remake the space's page (as root) and give it to the space's account."""
    import pwd

    folder = layout_of(settings).space_dir(space.name)
    path = write_space_page(
        folder, space.title, space.interest, members_of(state, space), space.lang
    )
    entry = pwd.getpwnam(SPACE_PREFIX + space.name)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    os.chmod(path, 0o600)
    return path


def _tell_hub(settings: Settings, state: HubState, space: Space) -> bool:
    account = SPACE_PREFIX + space.name
    return tell_hub(settings, state, {account: space.members}, users=[account])


@dataclass
class SpaceChange:
    space: Space
    hub_told: bool
    new: bool = False


def _check_members(state: HubState, names: list[str]) -> None:
    unknown = sorted(set(names) - state.people)
    if unknown:
        raise HubError(
            f"Not on the hub: {', '.join(unknown)}. Add learners with `digiculture hub "
            "add-learners COHORT ROSTER.csv` first, then add them to the space.",
            2,
        )


def create(
    settings: Settings,
    name: str,
    title: str,
    interest_id: str = "",
    lang: str = "en",
    members: list[str] | None = None,
) -> SpaceChange:
    require_root()
    state = require_state(settings)
    checked_name(name, "space")
    if interest_id and interest_id not in INTERESTS:
        raise HubError(
            f"Unknown interest '{interest_id}': use one of {', '.join(INTERESTS)} (or leave "
            "--interest out).",
            2,
        )
    if lang not in LANGUAGES:
        raise HubError(f"Unknown language '{lang}': use one of {', '.join(LANGUAGES)}.", 2)
    _check_members(state, members or [])
    new = name not in state.spaces
    space = state.spaces.get(name) or Space(name=name, title=title)
    space.title, space.interest, space.lang = title, interest_id, lang
    space.members = sorted(set(space.members) | set(members or []))
    state.spaces[name] = space
    try:
        entry = ensure_user(SPACE_PREFIX + name, Path(state.home_base))
    except AccountError as exc:
        raise HubError(str(exc)) from None
    folder = layout_of(settings).space_dir(name)
    folder.mkdir(parents=True, exist_ok=True)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    os.chmod(folder, 0o700)
    chat = folder / DISCUSSION
    if not chat.exists():
        chat.write_text(
            json.dumps({"messages": [], "users": {}, "attachments": {}, "metadata": {}}),
            encoding="utf-8",
        )
        os.chown(chat, entry.pw_uid, entry.pw_gid)
        os.chmod(chat, 0o600)
    save_state(layout_of(settings).root, state)
    refresh_page(settings, state, space)
    return SpaceChange(space=space, hub_told=_tell_hub(settings, state, space), new=new)


def add(settings: Settings, name: str, members: list[str]) -> SpaceChange:
    require_root()
    state = require_state(settings)
    if name not in state.spaces:
        make = f"digiculture spaces create {name} --title TITLE"
        raise not_there("space", name, state.spaces, make)
    _check_members(state, members)
    space = state.spaces[name]
    space.members = sorted(set(space.members) | set(members))
    save_state(layout_of(settings).root, state)
    refresh_page(settings, state, space)
    return SpaceChange(space=space, hub_told=_tell_hub(settings, state, space))


def spaces(settings: Settings) -> list[Space]:
    return sorted(require_state(settings).spaces.values(), key=lambda s: s.name)
