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
| cohorts_dir   | DIGICULTURE_COHORTS_DIR     | cohorts (the cohorts' nbgrader course folders) |
| target_reached    | DIGICULTURE_TARGET_REACHED    | 400 (professionals reached)   |
| target_completed  | DIGICULTURE_TARGET_COMPLETED  | 60 (completed the course)     |
| target_workshop   | DIGICULTURE_TARGET_WORKSHOP   | 12 (learning-activity workshop) |
| unit_pass_percent | DIGICULTURE_UNIT_PASS_PERCENT | 50 (% of a unit's points to pass) |
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
    #: Where the cohorts' nbgrader course folders are (the dashboard reads every one).
    cohorts_dir: Path = REPO_ROOT / "cohorts"
    #: The programme's targets, shown against its reach (see docs/dashboard.md).
    target_reached: int = 400
    target_completed: int = 60
    target_workshop: int = 12
    #: A unit counts as passed with at least this share of its points (per cent).
    unit_pass_percent: float = 50.0

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

        def convert(name: str, value: Path | str) -> Path | str | int | float:
            if kinds[name] in ("str", str):
                return str(value)
            if kinds[name] in ("int", int, "float", float):
                number = int if kinds[name] in ("int", int) else float
                try:
                    return number(value)
                except (TypeError, ValueError):
                    raise ValueError(
                        f"The setting {name} must be a number, not {value!r}: check "
                        f"{_ENV_PREFIX}{name.upper()} or the command's option."
                    ) from None
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
    def results_store(self) -> str:
        """The results store's URL (the SQLite file in state_dir unless set)."""
        return self.store_url or f"sqlite:///{self.state_dir / 'results.sqlite'}"
