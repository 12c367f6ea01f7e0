"""The hub's folder and who may read what in it.

```
<hub_dir>/                      root, 0711 (people pass through it to the exchange; no listing)
  hub.json                      the kit's record of cohorts and spaces (root only, 0600)
  invitations.json              the pending invitations' hashed codes (root only, 0600)
  secrets/                      cookie secret, proxy and CLI tokens (root only)
  jupyterhub.sqlite             JupyterHub's and NativeAuthenticator's accounts (root only, 0600)
  exchange/                     nbgrader's exchange, made by the kit only (see `exchange`):
    <course>/inbound|outbound|feedback   root:formgrade-<course>, nbgrader's shared modes
  courses/<course>/             one nbgrader course per cohort: group formgrade-<course>,
                                2770 (facilitators only: source/ with the solutions, gradebook)
  spaces/<space>/               an affinity space's shared folder: its own account, 0700
  start_pages/                  each cohort's start page (root only; the spawner copies it)
  jupyter/learner/              Jupyter config for learners' servers (nbgrader exchange, views,
                                the server extensions they load)
  jupyter/space/                Jupyter config for affinity spaces' servers
  jupyter/formgrade-<course>/   Jupyter config for a cohort's facilitators (formgrader, framed
                                by the hub's origin only)
  logs/
```

The hub runs with the umask 077: what it writes is its own. nbgrader's exchange on
JupyterHub is followed with one change: the exchange root is not world-writable; the kit
makes each cohort's folders (`exchange.make_course_folders`) and nbgrader's exchange classes
are the kit's (`exchange.KitExchange*`), which refuse folders the kit did not make and
submissions not made by their learner. `Exchange.path_includes_course` keeps cohorts apart and
`JupyterHubAuthPlugin` shows a learner only the courses of their groups `nbgrader-<course>`.
"""

from __future__ import annotations

import grp
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from digiculture.hub.accounts import ensure_group
from digiculture.hub.exchange import ROOT_MODE, ExchangeFolderError, make_course_folders

#: The learner view's JupyterLab setting overrides, shared with `make run` and Binder.
SETTING_OVERRIDES = (
    Path(__file__).resolve().parent.parent
    / "jupyter_config"
    / "learner_view"
    / "labconfig"
    / "default_setting_overrides.json"
)

#: The JupyterLab extensions a learner does not need (nbgrader's authoring and grading views).
LEARNER_DISABLED = {
    "@jupyter/nbgrader:create-assignment": True,
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:course-list": True,
    "@jupyterlab/apputils-extension:announcements": True,
}

#: The Jupyter server extensions a learner's own server does not load: each costs start-up
#: time on every one of 60 servers starting at once (a workshop's first minutes; measured with
#: `python -X importtime` and benchmarks/hub_cohort.py, docs/hub.md). nbgrader's formgrader
#: and course list are the facilitators' (formgrader alone imports most of nbgrader); real-time
#: collaboration (ydoc, file ids) and the chat are the affinity spaces' (their servers keep
#: them); no language servers are installed (lsp); Voilà is not served from a learner's server.
#: nbgrader's assignment list and validation (the Assignments panel) load when first asked
#: for (`lazy_nbgrader`). A learner keeps JupyterLab, nbgitpuller, terminals and Notebook 7.
LEARNER_SERVER_OFF = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.validate_assignment",
    "jupyter_server_ydoc",
    "jupyter_server_fileid",
    "jupyterlab_chat",
    "jupyter_lsp",
    "voila.server_extension",
)
LEARNER_SERVER_ON = ("digiculture.hub.lazy_nbgrader",)
#: ... and their JupyterLab parts, so the page does not ask for what the server does not run.
LEARNER_LAB_OFF = {
    "@jupyter/collaboration-extension": True,
    "@jupyter/docprovider-extension": True,
    "jupyterlab-chat-extension": True,
}
#: An affinity space's server: the space's shared notebooks and chat, no nbgrader at all.
SPACE_SERVER_OFF = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.validate_assignment",
    "jupyter_lsp",
    "voila.server_extension",
)
#: A facilitator's server: everything, and formgrader's pages may be framed by the hub's own
#: origin (JupyterLab's Nbgrader > Formgrader; `formgrader_frame`).
FACILITATOR_SERVER_ON = ("digiculture.hub.formgrader_frame",)


def server_extensions(off: tuple[str, ...] = (), on: tuple[str, ...] = ()) -> str:
    """A jupyter_server_config.json turning server extensions off and on."""
    chosen = {name: False for name in off} | {name: True for name in on}
    return json.dumps({"ServerApp": {"jpserver_extensions": chosen}}, indent=1) + "\n"


@dataclass(frozen=True)
class HubLayout:
    root: Path

    @property
    def secrets(self) -> Path:
        return self.root / "secrets"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def courses(self) -> Path:
        return self.root / "courses"

    @property
    def spaces(self) -> Path:
        return self.root / "spaces"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def database(self) -> Path:
        return self.root / "jupyterhub.sqlite"

    def jupyter_config(self, role: str) -> Path:
        return self.root / "jupyter" / role

    def start_page(self, course: str) -> Path:
        """The cohort's start page for the hub (its links point into ~/<course>/)."""
        return self.root / "start_pages" / f"{course}.ipynb"

    def course_dir(self, course: str) -> Path:
        return self.courses / course

    def space_dir(self, space: str) -> Path:
        return self.spaces / space

    def secret(self, name: str, nbytes: int = 32) -> str:
        """A secret kept in secrets/<name> (made on first use, root only)."""
        self.secrets.mkdir(parents=True, exist_ok=True)
        os.chmod(self.secrets, 0o700)
        path = self.secrets / name
        if not path.is_file():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(nbytes))
        return path.read_text().strip()


def prepare(layout: HubLayout) -> None:
    """Make the hub's folders with their permissions and the learners' Jupyter config."""
    layout.root.mkdir(parents=True, exist_ok=True)
    os.chmod(layout.root, 0o711)
    for folder in (layout.courses, layout.spaces):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o711)
    for folder in (layout.logs, layout.root / "start_pages"):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o700)
    for page in (layout.root / "start_pages").glob("*"):
        os.chmod(page, 0o600)
    # The accounts' database (password hashes): made empty and private before JupyterHub
    # opens it (SQLite gives its journal files the database's mode).
    for path in [layout.database, *layout.root.glob(layout.database.name + "-*")]:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    layout.exchange.mkdir(exist_ok=True)
    if os.lstat(layout.exchange).st_uid != 0:
        raise ExchangeFolderError(
            f"The exchange folder {layout.exchange} was not made by the kit (it is not root's): "
            "look at what is inside, remove it and run `sudo digiculture hub init` again."
        )
    os.chown(layout.exchange, 0, 0)
    os.chmod(layout.exchange, ROOT_MODE)  # was 1777 before the kit made each cohort's folders
    learner = layout.jupyter_config("learner")
    _write(learner / "nbgrader_config.py", _nbgrader_config(layout))
    _write(
        learner / "jupyter_server_config.json",
        server_extensions(off=LEARNER_SERVER_OFF, on=LEARNER_SERVER_ON),
    )
    _write_lab_config(learner, LEARNER_DISABLED | LEARNER_LAB_OFF)
    # An affinity space's server (its own account): the learners' JupyterLab settings, with
    # collaboration and the chat, without nbgrader.
    space = layout.jupyter_config("space")
    _write(space / "jupyter_server_config.json", server_extensions(off=SPACE_SERVER_OFF))
    _write_lab_config(space, LEARNER_DISABLED)
    for folder in (layout.root / "jupyter", learner, space):
        os.chmod(folder, 0o755)


def _write_lab_config(folder: Path, disabled: dict[str, bool]) -> None:
    """JupyterLab's page config (extensions off) and the learner view's settings (single-key
    command shortcuts off, so typing into a reflection cell does not change or add cells), as
    `make run` and Binder have them."""
    _write(
        folder / "labconfig" / "page_config.json",
        json.dumps({"disabledExtensions": disabled}, indent=1) + "\n",
    )
    _write(
        folder / "labconfig" / SETTING_OVERRIDES.name,
        SETTING_OVERRIDES.read_text(encoding="utf-8"),
    )
    os.chmod(folder / "labconfig", 0o755)


#: nbgrader's exchange classes, each replaced by the kit's (digiculture.hub.exchange).
EXCHANGE_CLASSES = (
    "collect",
    "fetch_assignment",
    "fetch_feedback",
    "list",
    "release_assignment",
    "release_feedback",
    "submit",
)


def _nbgrader_config(layout: HubLayout, course_root: Path | None = None, course: str = "") -> str:
    lines = [
        "# Made by `digiculture hub`: nbgrader on the kit's JupyterHub (do not edit).",
        "c = get_config()  # noqa",
        f"c.Exchange.root = {str(layout.exchange)!r}",
        "c.Exchange.path_includes_course = True",
        "c.Authenticator.plugin_class = 'nbgrader.auth.JupyterHubAuthPlugin'",
    ]
    for action in EXCHANGE_CLASSES:
        kit_class = "KitExchange" + "".join(p.title() for p in action.split("_"))
        lines.append(f"c.ExchangeFactory.{action} = 'digiculture.hub.exchange.{kit_class}'")
    if course_root is not None:
        # The kit's shared nbgrader settings, with the course seen through the facilitator's
        # own folder (formgrader needs the course inside the folder the server shows).
        lines += [
            "from digiculture.course.nbgrader_settings import configure",
            f"configure(c, root={str(course_root)!r}, course_id={course!r})",
            "c.CourseDirectory.groupshared = True",
        ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o644)


def prepare_course(layout: HubLayout, course: str) -> None:
    """Give the cohort's course folder to the group formgrade-<course> (2770, shared), and
    make its exchange folders (`exchange.make_course_folders`).

    Facilitators find the course as `~/<course>` (a link the spawner makes): their formgrader
    needs the course inside the folder their server shows, so nbgrader's course root is that
    relative path (nbgrader makes it absolute from the server's folder, the home).
    """
    gid = ensure_group(f"formgrade-{course}")
    make_course_folders(layout.exchange, course, gid)
    folder = layout.course_dir(course)
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        os.chown(path, -1, gid)
        mode = path.stat().st_mode
        if path.is_dir():
            os.chmod(path, (mode & 0o770) | 0o770 | stat.S_ISGID)
        else:
            os.chmod(path, (mode & 0o770) | 0o660)
    config = layout.jupyter_config(f"formgrade-{course}")
    text = _nbgrader_config(layout, Path(course), course)
    _write(config / "nbgrader_config.py", text)
    _write(config / "jupyter_server_config.json", server_extensions(on=FACILITATOR_SERVER_ON))
    for name in ("nbgrader_config.py", "jupyter_server_config.json"):
        os.chown(config / name, -1, gid)
        os.chmod(config / name, 0o640)
    os.chown(config, -1, gid)
    os.chmod(config, 0o750)


def group_members(name: str) -> list[str]:
    try:
        return list(grp.getgrnam(name).gr_mem)
    except KeyError:
        return []
