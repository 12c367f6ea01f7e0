"""JupyterHub's configuration from the kit's record: `configure(c)` in hub/jupyterhub_config.py.

Everything the hub needs comes from `hub.json` (see `state`) and the kit's settings, so the
config file itself stays two lines and `digiculture hub ...` is the one way to change it.
`hub_settings(state)` is the same configuration as plain data: the Kubernetes values file is
checked against it (tests/hub/test_kubernetes_values.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from digiculture.errors import UserError
from digiculture.hub.exchange import ExchangeFolderError
from digiculture.hub.layout import HubLayout, prepare
from digiculture.hub.names import SPACE_PREFIX
from digiculture.hub.state import HubState, load_state
from digiculture.settings import REPO_ROOT, Settings

CHP = REPO_ROOT / "build" / "node_modules" / ".bin" / "configurable-http-proxy"
TEMPLATES = Path(__file__).resolve().parent / "templates"
CLI_SERVICE = "digiculture-cli"
#: The facilitators' console (digiculture/console), a service under /services/console/.
CONSOLE_SERVICE = "console"

#: Scopes of each single-user server's token: JupyterHub's defaults plus reading the user's
#: own groups (nbgrader's JupyterHubAuthPlugin lists a learner's courses from them).
SERVER_TOKEN_SCOPES = [
    "users:activity!user",
    "access:servers!server",
    "read:users:name!user",
    "read:users:groups!user",
]
CULLER_SCOPES = ["list:users", "read:users:activity", "read:servers", "delete:servers"]
SPACE_MEMBER_SCOPES = ["access:servers!user={user}", "servers!user={user}"]
#: The hub's (and its proxy's) scheduling priority, ahead of the servers it starts (which
#: get 0 back, spawner.py): when 60 servers start at once on 2 cores, every log-in and every
#: server's start waits on the hub; at the same priority as 60 busy servers it got about a
#: thirtieth of the processors ("event loop unresponsive for 30 s" in its log).
HUB_PRIORITY = -5
#: How many servers may be starting or waiting for their turn before JupyterHub asks the next
#: person to try again (JupyterHub's default; stated, as the spawner's turns depend on it).
CONCURRENT_SPAWN_LIMIT = 100
#: Seconds a server has to stop after SIGINT, then SIGTERM, then SIGKILL (JupyterHub's
#: defaults, 10 + 5 + 5, made Ctrl-C on a hub of 60 servers take about 95 s).
STOP_TIMEOUTS = {"interrupt_timeout": 3, "term_timeout": 2, "kill_timeout": 1}


class HubNotSetUp(UserError):
    """The hub's machine lacks a part (the proxy) or its folders are not as the kit made them;
    the message says what to run."""

    exit_code = 2


def proxy_command() -> str:
    """configurable-http-proxy: the kit's copy (make hub installs it) or one on PATH."""
    if CHP.is_file():
        return str(CHP)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise HubNotSetUp(
        "configurable-http-proxy (JupyterHub's proxy, from npm) is missing: run `make hub`, "
        "which installs it into build/node_modules."
    )


def hub_settings(state: HubState) -> dict[str, Any]:
    """The hub's settings as data: authentication, groups, roles, culler and limits."""
    groups: dict[str, list[str]] = {}
    for cohort in state.cohorts.values():
        groups[f"nbgrader-{cohort.course}"] = sorted(cohort.learners)
        groups[f"formgrade-{cohort.course}"] = sorted(set(cohort.facilitators) | set(state.admins))
    roles = []
    for space in state.spaces.values():
        group = f"{SPACE_PREFIX}{space.name}"
        groups[group] = sorted(space.members)
        roles.append(
            {
                "name": f"{group}-member",
                "description": f"Members of the affinity space '{space.title}'",
                "scopes": [s.format(user=group) for s in SPACE_MEMBER_SCOPES],
                "groups": [group],
            }
        )
    return {
        "authenticator": "nativeauthenticator.NativeAuthenticator",
        "admin_users": sorted(state.admins),
        "groups": groups,
        "roles": roles,
        "server_token_scopes": SERVER_TOKEN_SCOPES,
        "culler": {"timeout_seconds": state.limits.idle_minutes * 60, "scopes": CULLER_SCOPES},
        "limits": {
            "memory_mb": state.limits.memory_mb,
            "processes": state.limits.processes,
        },
        "exchange": {"root": "exchange", "path_includes_course": True},
    }


def configure(c: Any, settings: Settings | None = None) -> Any:
    """Fill JupyterHub's config object `c` from the kit's record of the hub."""
    settings = settings or Settings.load()
    layout = HubLayout(settings.hub_dir)
    state = load_state(layout.root)
    if state is None:
        raise HubNotSetUp(
            f"The hub in {layout.root} has not been set up: run `digiculture hub init --admin "
            "YOUR_NAME` first (see docs/hub.md)."
        )
    try:
        prepare(layout)
    except ExchangeFolderError as exc:
        raise HubNotSetUp(str(exc)) from None
    from digiculture.hub.setup import open_kit_to_learners

    open_kit_to_learners(settings)
    data = hub_settings(state)

    c.JupyterHub.ip = state.ip
    c.JupyterHub.port = state.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = state.hub_port
    c.JupyterHub.db_url = f"sqlite:///{layout.database}"
    c.JupyterHub.cookie_secret = bytes.fromhex(layout.secret("cookie_secret"))
    c.JupyterHub.pid_file = str(layout.root / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.command = [proxy_command()]
    c.ConfigurableHTTPProxy.auth_token = layout.secret("proxy_token")
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{state.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(layout.root / "proxy.pid")

    # Accounts: roster learners and facilitators sign up with their one-time invitation
    # (approved at once); anyone else waits for a facilitator's approval (auth.py).
    c.JupyterHub.authenticator_class = "digiculture.hub.auth.KitAuthenticator"
    c.KitAuthenticator.hub_dir = str(layout.root)
    c.JupyterHub.template_paths = [str(TEMPLATES)]
    c.Authenticator.admin_users = set(state.admins)
    # NativeAuthenticator lets only approved people in; who is approved is read at each
    # sign-up (KitAuthenticator.get_authed_users), so there is no list of people fixed at
    # start. The affinity spaces' accounts (never signed up, nobody logs in as them) are made
    # in JupyterHub's database from this list (spaces made later: through the API).
    c.Authenticator.allow_all = True
    c.Authenticator.allowed_users = {SPACE_PREFIX + s for s in state.spaces}
    c.NativeAuthenticator.minimum_password_length = 8
    c.NativeAuthenticator.check_common_password = True
    # Failed log-ins: the kit's throttle by name and source (throttle.py), not
    # NativeAuthenticator's block of a name, which kept its owner out too.
    c.NativeAuthenticator.allowed_failed_logins = 0

    # Servers: each person's own Unix user, the kit's Python, limits.
    c.JupyterHub.spawner_class = "digiculture.hub.spawner.KitSpawner"
    c.KitSpawner.hub_dir = str(layout.root)
    # jupyterhub-singleuser, without a Node.js process at every start (singleuser.py).
    c.Spawner.cmd = [sys.executable, "-m", "digiculture.hub.singleuser"]
    c.Spawner.server_token_scopes = data["server_token_scopes"]
    # A server re-asks the hub who a visitor is after 30 s (not 5 min): a new member of a
    # space gets in quickly.
    c.Spawner.args = ["--HubOAuth.cache_max_age=30"]
    # A workshop's first minutes: many servers start at once on few cores.
    c.Spawner.start_timeout = 300
    c.Spawner.http_timeout = 300
    # They start a few at a time, in the order asked (KitSpawner.starts_at_once: 4 per
    # processor, turns.py); the rest wait their turn on the hub's progress page. JupyterHub
    # itself turns people away ("too many users trying to log in, try again") only when more
    # than this many are waiting: a cohort of 60 never is.
    c.JupyterHub.concurrent_spawn_limit = CONCURRENT_SPAWN_LIMIT
    c.Spawner.mem_limit = f"{state.limits.memory_mb}M"  # informational; the spawner enforces it
    # Ctrl-C on `make hub` stops every server at once within a few seconds (running.py); a
    # server's input is not the terminal (Jupyter would ask there whether to stop).
    for name, seconds in STOP_TIMEOUTS.items():
        setattr(c.LocalProcessSpawner, name, seconds)
    c.LocalProcessSpawner.popen_kwargs = {"stdin": subprocess.DEVNULL}

    c.JupyterHub.load_groups = {
        name: {"users": users, "properties": {}} for name, users in data["groups"].items()
    }
    c.JupyterHub.load_roles = [
        *data["roles"],
        {"name": "idle-culler", "scopes": CULLER_SCOPES, "services": ["idle-culler"]},
        {"name": "admin", "services": [CLI_SERVICE]},
    ]
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={data['culler']['timeout_seconds']}",
                "--cull-every=60",
            ],
        },
        {"name": CLI_SERVICE, "api_token": layout.secret("cli_token")},
        {
            # Runs as the hub's user (root): grading needs it. It lets in only a cohort's
            # facilitators (console/base.py); everybody may reach it, so that a learner who
            # opens its address gets its page saying so in their language.
            "name": CONSOLE_SERVICE,
            "url": f"http://127.0.0.1:{state.console_port or state.port + 3}",
            "command": [sys.executable, "-m", "digiculture.console.app"],
            "environment": {**settings.as_environ(), "DIGICULTURE_HUB_PATH": str(layout.root)},
            "oauth_no_confirm": True,
        },
    ]
    c.JupyterHub.extra_user_scopes = {f"access:services!service={CONSOLE_SERVICE}"}
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.template_vars = {"announcement_login": "BoostDigiCulture course hub"}
    return c
