"""The hub's folder and who may read what in it.

```
<hub_dir>/                      root, 0755
  hub.json                      the kit's record of cohorts and spaces (root only)
  secrets/                      cookie secret, proxy and CLI tokens (root only)
  jupyterhub.sqlite             JupyterHub's and NativeAuthenticator's accounts (root only)
  exchange/                     nbgrader's exchange: world-writable with the sticky bit (1777)
  courses/<course>/             one nbgrader course per cohort: group formgrade-<course>,
                                2770 (facilitators only: source/ with the solutions, gradebook)
  spaces/<space>/               an affinity space's shared folder: its own account, 0700
  jupyter/learner/              Jupyter config for learners' servers (nbgrader exchange, views)
  jupyter/formgrade-<course>/   Jupyter config for a cohort's facilitators (formgrader)
  logs/
```

nbgrader's guidance for the exchange on JupyterHub is followed: one exchange root that
everyone can write to (nbgrader makes each course's inbound folder write-only for learners
and their feedback readable only by hash), `Exchange.path_includes_course` so cohorts do not
mix, and `JupyterHubAuthPlugin` so a learner only sees the courses of their groups
`nbgrader-<course>`.
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

#: The JupyterLab extensions a learner does not need (nbgrader's authoring and grading views).
LEARNER_DISABLED = {
    "@jupyter/nbgrader:create-assignment": True,
    "@jupyter/nbgrader:formgrader": True,
    "@jupyter/nbgrader:course-list": True,
    "@jupyterlab/apputils-extension:announcements": True,
}


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
    os.chmod(layout.root, 0o755)
    for folder in (layout.courses, layout.spaces):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o755)
    layout.logs.mkdir(exist_ok=True)
    os.chmod(layout.logs, 0o700)
    layout.exchange.mkdir(exist_ok=True)
    os.chmod(layout.exchange, 0o777 | stat.S_ISVTX)
    learner = layout.jupyter_config("learner")
    _write(learner / "nbgrader_config.py", _nbgrader_config(layout))
    _write(
        learner / "labconfig" / "page_config.json",
        json.dumps({"disabledExtensions": LEARNER_DISABLED}, indent=1) + "\n",
    )
    for folder in (layout.root / "jupyter", learner, learner / "labconfig"):
        os.chmod(folder, 0o755)


def _nbgrader_config(layout: HubLayout, course_root: Path | None = None, course: str = "") -> str:
    lines = [
        "# Made by `digiculture hub`: nbgrader on the kit's JupyterHub (do not edit).",
        "c = get_config()  # noqa",
        f"c.Exchange.root = {str(layout.exchange)!r}",
        "c.Exchange.path_includes_course = True",
        "c.Authenticator.plugin_class = 'nbgrader.auth.JupyterHubAuthPlugin'",
    ]
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
    """Give the cohort's course folder to the group formgrade-<course> (2770, shared).

    Facilitators find the course as `~/<course>` (a link the spawner makes): their formgrader
    needs the course inside the folder their server shows, so nbgrader's course root is that
    relative path (nbgrader makes it absolute from the server's folder, the home).
    """
    gid = ensure_group(f"formgrade-{course}")
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
    os.chown(config / "nbgrader_config.py", -1, gid)
    os.chmod(config / "nbgrader_config.py", 0o640)
    os.chown(config, -1, gid)
    os.chmod(config, 0o750)


def group_members(name: str) -> list[str]:
    try:
        return list(grp.getgrnam(name).gr_mem)
    except KeyError:
        return []
