"""The kit's settings: every path and tunable the packages use, in one place.

Defaults follow the repository layout (so a fresh clone works as it is); environment
variables override them, and CLI options override the environment. No module of the kit
reads a path relative to the current directory: it asks for a `Settings`.

| setting       | environment variable        | default                          |
|---------------|-----------------------------|----------------------------------|
| profile_dir   | DIGICULTURE_PROFILE_DIR     | competence_profile/data          |
| course_dir    | DIGICULTURE_COURSE_DIR      | notebooks                        |
| data_dir      | DIGICULTURE_DATA_DIR        | notebooks/data                   |
| state_dir     | DIGICULTURE_STATE_DIR       | var   (runtime state, git-ignored) |
| docs_dir      | DIGICULTURE_DOCS_DIR        | docs                             |
| bank_dir      | DIGICULTURE_BANK_DIR        | assessment/data (the item bank)  |
| apps_dir      | DIGICULTURE_APPS_DIR        | voila_apps (the Voilà notebooks) |
| store_url     | DIGICULTURE_STORE_URL       | sqlite:///<state_dir>/results.sqlite |
| hub_path      | DIGICULTURE_HUB_PATH        | <state_dir>/hub (the JupyterHub's state) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

#: The repository root: the folder that holds this package.
REPO_ROOT = Path(__file__).resolve().parent.parent

_ENV_PREFIX = "DIGICULTURE_"


@dataclass(frozen=True)
class Settings:
    profile_dir: Path = REPO_ROOT / "competence_profile" / "data"
    course_dir: Path = REPO_ROOT / "notebooks"
    data_dir: Path = REPO_ROOT / "notebooks" / "data"
    state_dir: Path = REPO_ROOT / "var"
    docs_dir: Path = REPO_ROOT / "docs"
    bank_dir: Path = REPO_ROOT / "assessment" / "data"
    apps_dir: Path = REPO_ROOT / "voila_apps"
    #: Where self-assessment results go; empty means the SQLite file in state_dir.
    store_url: str = ""
    #: The JupyterHub's own folder (accounts database, exchange, cohorts' courses, spaces);
    #: empty means `hub` inside state_dir.
    hub_path: str = ""

    @classmethod
    def load(
        cls, environ: dict[str, str] | None = None, **overrides: Path | str | None
    ) -> Settings:
        """Defaults, then `DIGICULTURE_*` environment variables, then explicit overrides.

        Overrides that are None are ignored, so CLI options can be passed straight through.
        """
        env = os.environ if environ is None else environ
        kinds = {f.name: f.type for f in fields(cls)}
        values: dict[str, Path | str] = {}

        def convert(name: str, value: Path | str) -> Path | str:
            if kinds[name] in ("str", str):
                return str(value)
            return Path(value).expanduser().resolve()

        for name in kinds:
            from_env = env.get(_ENV_PREFIX + name.upper())
            if from_env:
                values[name] = convert(name, from_env)
        for name, value in overrides.items():
            if name not in kinds:
                raise TypeError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = convert(name, value)
        return replace(cls(), **values)

    @property
    def hub_dir(self) -> Path:
        """The JupyterHub's folder (DIGICULTURE_HUB_PATH, else <state_dir>/hub)."""
        return (
            Path(self.hub_path).expanduser().resolve() if self.hub_path else self.state_dir / "hub"
        )

    @property
    def results_store(self) -> str:
        """The results store's URL (the SQLite file in state_dir unless set)."""
        return self.store_url or f"sqlite:///{self.state_dir / 'results.sqlite'}"
