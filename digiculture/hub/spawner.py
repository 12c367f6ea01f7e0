"""Each person's JupyterLab on the hub: a local process as their own Unix user, with limits.

Before a server starts, `KitSpawner`:

- makes the person's Unix account when missing (private home, group `digiculture-hub`) and
  refuses names of accounts the kit did not make;
- for a learner: copies the cohort's start page into the home (once) and points nbgrader at
  the exchange (`jupyter/learner/`); the nbgrader authoring and grading views are off;
- for a facilitator: adds them to the Unix group `formgrade-<course>` of their cohorts and
  links each course folder into their home, so formgrader finds it;
- for an affinity space's account: serves the space's folder instead of a home.

Servers start a few at a time (`starts_at_once`, by default 4 per processor), in the order
people asked (turns.py); the others wait their turn on the hub's "your server is starting"
page.

Limits (enforced by the kernel, per learner; see docs/hub.md): address space of each of the
learner's processes (RLIMIT_AS), number of processes of the learner (RLIMIT_NPROC), size of
a file they write (RLIMIT_FSIZE). Files learners make are private (umask 077); facilitators
share course files with their group (umask 007).
"""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from tornado import web
from traitlets import Callable, Integer, Unicode

# The course's roster and settings, which each learner's start reads for their language
# (learner_language): imported with the hub, not in the first learner's start, where the
# import (about 1.4 s of processor time) held up the hub's event loop.
import digiculture.course.folder  # noqa: F401
import digiculture.course.roster  # noqa: F401
from digiculture.hub.accounts import AccountError, add_to_group, ensure_user
from digiculture.hub.auth import SPACE_PREFIX
from digiculture.hub.layout import HubLayout
from digiculture.hub.python_view import private_ancestor, python_home, show_python_only
from digiculture.hub.state import HubState, Limits, load_state
from digiculture.hub.turns import StartTurns, until_answering
from digiculture.lab_language import LAB_LOCALES, lab_environment, learner_language

START_PAGE = "start_here.ipynb"
SPACE_PAGE = "about_this_space.ipynb"
VENV_BIN = Path(sys.executable).parent
#: Fewer malloc arenas and one maths thread per kernel: the memory limit then measures memory
#: (not reserved address space of threads), and 60 learners do not start 60 x cores threads.
EXTRA_ENV = {"MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


class KitSpawner(LocalProcessSpawner):
    hub_dir = Unicode("", config=True, help="The kit's hub folder (hub.json, exchange, ...).")
    space_page = Callable(
        None,
        allow_none=True,
        config=True,
        help="Remakes an affinity space's page before its server starts: called with the "
        "kit's settings, the hub's record and the space. hub/jupyterhub_config.py sets it to "
        "digiculture.spaces.manage.refresh_page (the hub does not import the spaces, which "
        "build on it).",
    )

    starts_at_once = Integer(
        0,
        config=True,
        help="How many servers may be starting at the same time (0: 4 per processor of the "
        "machine). The others wait, in the order they were asked for, until one of these "
        "answers; the wait counts in Spawner.start_timeout.",
    )
    #: The turns to start, shared by every server of the hub (made in the hub's event loop).
    _turns: StartTurns | None = None

    def _start_turns(self) -> StartTurns:
        if KitSpawner._turns is None:
            KitSpawner._turns = StartTurns(self.starts_at_once)
        return KitSpawner._turns

    @property
    def layout(self) -> HubLayout:
        return HubLayout(Path(self.hub_dir))

    def _state(self) -> HubState:
        state = load_state(Path(self.hub_dir))
        if state is None:
            raise web.HTTPError(500, "The hub has not been set up: run `digiculture hub init`.")
        return state

    @property
    def is_space(self) -> bool:
        return self.user.name.startswith(SPACE_PREFIX)

    def _prepare_account(self, state: HubState) -> pwd.struct_passwd:
        name = self.user.name
        if self.is_space:
            space = name.removeprefix(SPACE_PREFIX)
            if space not in state.spaces:
                raise web.HTTPError(404, f"There is no affinity space '{space}'.")
        try:
            entry = ensure_user(name, Path(state.home_base))
        except AccountError as exc:
            raise web.HTTPError(403, str(exc)) from None
        home = Path(entry.pw_dir)
        if self.is_space:
            return entry
        for cohort in state.facilitated_by(name):
            add_to_group(name, f"formgrade-{cohort.course}")
            link = home / cohort.course
            if not link.exists() and not link.is_symlink():
                link.symlink_to(self.layout.course_dir(cohort.course))
                os.lchown(link, entry.pw_uid, entry.pw_gid)
        cohorts = state.cohort_of(name)
        page = home / START_PAGE
        if cohorts and not page.exists():
            source = self.layout.start_page(cohorts[0].course)
            if source.is_file():
                shutil.copyfile(source, page)
                os.chown(page, entry.pw_uid, entry.pw_gid)
                os.chmod(page, 0o600)
        return entry

    def learner_config_path(self, state: HubState) -> list[str]:
        """The Jupyter config folders of a learner's server, first wins (JUPYTER_CONFIG_PATH):
        the learners' shared one (nbgrader's exchange, the server extensions a learner loads,
        JupyterLab's settings). A folder with settings for one learner (their language, from
        the roster) goes before it."""
        return [str(self.layout.jupyter_config("learner"))]

    async def start(self):
        """Start the server in its turn (turns.py); the turn is passed on once it answers
        or its start failed."""
        turns = self._start_turns()
        self._asked = asked = getattr(self, "_asked", 0) + 1
        if turns.full:
            self.log.info("%s waits for a turn to start (%d before)", self.user.name, turns.waiting)
        async with turns:
            if self._asked != asked:
                # The hub gave up on this start while it waited (start_timeout: it stopped the
                # server, or was asked again): nothing is started behind its back.
                raise RuntimeError(f"{self.user.name}'s server was no longer awaited")
            ip, port = await self._start_now()

            async def running() -> bool:
                return await self.poll() is None

            url = f"http://{ip}:{port}{self.server.base_url}"
            await until_answering(url, running, self.http_timeout)
        return ip, port

    async def _start_now(self):
        state = self._state()
        entry = self._prepare_account(state)
        name = self.user.name
        self._limits = state.limits
        self._umask = 0o077
        config_path = self.learner_config_path(state)
        lang = None  # a facilitator's JupyterLab: as the hub's environment has it
        if self.is_space:
            from digiculture.settings import Settings

            space = state.spaces[name.removeprefix(SPACE_PREFIX)]
            if self.space_page is not None:
                self.space_page(Settings.load(hub_path=self.hub_dir), state, space)
            config_path = [str(self.layout.jupyter_config("space"))]
            self.notebook_dir = str(self.layout.space_dir(space.name))
            self.default_url = f"/lab/tree/{SPACE_PAGE}"
            self._umask = 0o077
            lang = space.lang if space.lang in LAB_LOCALES else None
        elif state.facilitated_by(name):
            courses = [c.course for c in state.facilitated_by(name)]
            config_path = [str(self.layout.jupyter_config(f"formgrade-{c}")) for c in courses]
            self.notebook_dir = entry.pw_dir
            self.default_url = f"/lab/tree/{courses[0]}" if courses else "/lab"
            self._umask = 0o007
        else:
            self.notebook_dir = entry.pw_dir
            page = Path(entry.pw_dir) / START_PAGE
            self.default_url = f"/lab/tree/{START_PAGE}" if page.exists() else "/lab"
            courses = [self.layout.course_dir(c.course) for c in state.cohort_of(name)]
            lang = learner_language(courses, name)  # the roster's
        self.environment = {
            **self.environment,
            "JUPYTER_CONFIG_PATH": os.pathsep.join(config_path),
            "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
            **EXTRA_ENV,
            # JupyterLab's menus and the kernels' messages in the person's language
            **(lab_environment(lang, os.pathsep.join(config_path)) if lang else {}),
        }
        return await super().start()

    async def stop(self, now=False):
        self._asked = getattr(self, "_asked", 0) + 1  # a start still waiting for a turn: no more
        return await super().stop(now=now)

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        limits: Limits = getattr(self, "_limits", Limits())
        umask = getattr(self, "_umask", 0o077)
        python = python_home()
        hidden = private_ancestor(python)
        staging = self.layout.root / ".python-staging"
        if hidden is not None:
            staging.mkdir(mode=0o700, exist_ok=True)

        def preexec() -> None:
            if hidden is not None:
                show_python_only(staging, hidden, python)
            mb = 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb,) * 2)
            resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes,) * 2)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb,) * 2)
            os.umask(umask)
            become_user()

        return preexec
