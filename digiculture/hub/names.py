"""Which names a person may have on the hub: the kit's rule for sign-up, rosters and --admin.

A name is refused when it could be mistaken for the system or the kit: the administrators'
usual names (`admin`, `root`, `jovyan` ...), the prefixes of the kit's groups and spaces
(`formgrade-`, `nbgrader-`, `space-`), and the name of any Unix account or group on the machine
that the kit did not make for a person (`www-data`, `sudo`, `shadow` ...).
"""

from __future__ import annotations

import re

from digiculture.hub.accounts import group_exists, is_kit_user, user_exists

#: Lower-case letters, digits, '.', '_' and '-', starting with a letter (a Unix user name).
UNIX_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,30}$")
SPACE_PREFIX = "space-"
RESERVED = frozenset(
    {
        "admin", "administrator", "root", "jovyan", "hub", "jupyterhub", "jupyter", "nbgrader",
        "formgrader", "formgrade", "digiculture", "digiculture-hub", "nobody", "system",
        "sysadmin", "superuser", "operator", "postmaster", "webmaster", "support", "guest",
        "daemon", "www-data", "api", "login", "logout", "signup", "user", "users",
    }
)  # fmt: skip
RESERVED_PREFIXES = ("formgrade-", "nbgrader-", SPACE_PREFIX, "systemd-", "_")


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a person's name on the hub (a sentence), or None when it can."""
    if not UNIX_NAME.match(name):
        return (
            f"'{name}' cannot be a name on the hub: use lower-case letters, digits, '.', '_' "
            "and '-', starting with a letter (at most 31 characters)."
        )
    if name in RESERVED or name.startswith(RESERVED_PREFIXES):
        return f"'{name}' is reserved on the hub (it could pass for the system): choose another."
    if (user_exists(name) or group_exists(name)) and not is_kit_user(name):
        return (
            f"'{name}' is already an account or group of this machine that the kit did not "
            "make: choose another name."
        )
    return None
