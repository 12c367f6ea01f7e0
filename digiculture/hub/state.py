"""The hub's own record: its cohorts, facilitators, learners, spaces and limits (`hub.json`).

`digiculture hub ...` and `digiculture spaces ...` write it; `hub/jupyterhub_config.py` reads
it when the hub starts (and the CLI also tells a running hub through its REST API). One JSON
file in the hub's folder, readable by root only.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATE_FILE = "hub.json"
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,23}$")


def check_name(name: str, what: str) -> str:
    """A lower-case name usable for Unix groups and URLs, or ValueError with a sentence."""
    if not _NAME.match(name):
        raise ValueError(
            f"'{name}' cannot be the name of a {what}: use 1 to 24 lower-case letters, digits "
            "and dashes, starting with a letter (for example 'spring-2027')."
        )
    return name


@dataclass
class Limits:
    """What each learner's server may use on one machine (see docs/hub.md)."""

    #: Address space of each process of a learner (the server, each kernel), in MB.
    memory_mb: int = 2048
    #: Processes and threads a learner may run at once (all of theirs together).
    processes: int = 256
    #: Size of one file a learner may write, in MB.
    file_mb: int = 1024
    #: Minutes without activity before the culler stops a server.
    idle_minutes: int = 60


@dataclass
class Cohort:
    course: str
    course_dir: str
    facilitators: list[str] = field(default_factory=list)
    learners: list[str] = field(default_factory=list)


@dataclass
class Space:
    name: str
    title: str
    interest: str = ""
    lang: str = "en"
    members: list[str] = field(default_factory=list)


@dataclass
class HubState:
    port: int = 8000
    ip: str = "127.0.0.1"
    #: The address people open (for invitation links), when not http://<ip>:<port>.
    public_url: str = ""
    #: The hub's own API (127.0.0.1 only) and the proxy's API.
    hub_port: int = 8081
    proxy_api_port: int = 8001
    #: The facilitators' console (a hub service on 127.0.0.1); 0: the hub's port + 3.
    console_port: int = 0
    #: Where the learners' home folders are made (one per learner, readable by them only).
    home_base: str = "/home"
    admins: list[str] = field(default_factory=list)
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    spaces: dict[str, Space] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)

    @property
    def learners(self) -> set[str]:
        return {name for c in self.cohorts.values() for name in c.learners}

    @property
    def facilitators(self) -> set[str]:
        return set(self.admins) | {n for c in self.cohorts.values() for n in c.facilitators}

    @property
    def people(self) -> set[str]:
        """Everyone on the hub's rosters: learners, facilitators and administrators."""
        return self.learners | self.facilitators

    @property
    def base_url(self) -> str:
        """Where people open the hub (the start of invitation links)."""
        return self.public_url.rstrip("/") or f"http://{self.ip}:{self.port}"

    def cohort_of(self, user: str) -> list[Cohort]:
        return [c for c in self.cohorts.values() if user in c.learners]

    def facilitated_by(self, user: str) -> list[Cohort]:
        return [c for c in self.cohorts.values() if user in c.facilitators or user in self.admins]


def load_state(hub_dir: Path) -> HubState | None:
    """The hub's record, or None when `digiculture hub init` has not been run."""
    path = Path(hub_dir) / STATE_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    state = HubState(
        port=int(data.get("port", 8000)),
        ip=str(data.get("ip", "127.0.0.1")),
        public_url=str(data.get("public_url", "")),
        hub_port=int(data.get("hub_port", 8081)),
        proxy_api_port=int(data.get("proxy_api_port", 8001)),
        console_port=int(data.get("console_port", 0)),
        home_base=str(data.get("home_base", "/home")),
        admins=list(data.get("admins", [])),
        limits=Limits(**data.get("limits", {})),
    )
    state.cohorts = {k: Cohort(**v) for k, v in data.get("cohorts", {}).items()}
    state.spaces = {k: Space(**v) for k, v in data.get("spaces", {}).items()}
    return state


def save_state(hub_dir: Path, state: HubState) -> Path:
    """Write the record atomically, readable by its owner only."""
    path = Path(hub_dir) / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(state), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
    return path
