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
|               |                             | (postgresql://user:password@host/db on a cluster) |
| repo_url      | DIGICULTURE_REPO_URL        | the kit's git remote (where learners' links point) |
| repo_ref      | DIGICULTURE_REPO_REF        | the learners' branch (learners, learners-de ...) |
| binder_url    | DIGICULTURE_BINDER_URL      | https://mybinder.org             |
| hub_url       | DIGICULTURE_HUB_URL         | none (the cohort's JupyterHub)   |
| cohorts_dir   | DIGICULTURE_COHORTS_DIR     | cohorts (the cohorts' nbgrader course folders) |
| target_reached    | DIGICULTURE_TARGET_REACHED    | 400 (professionals reached)   |
| target_completed  | DIGICULTURE_TARGET_COMPLETED  | 60 (completed the course)     |
| target_workshop   | DIGICULTURE_TARGET_WORKSHOP   | 12 (learning-activity workshop) |
| unit_pass_mark    | DIGICULTURE_UNIT_PASS_MARK    | 0.7 (share of a unit's points to pass) |
| hub_path      | DIGICULTURE_HUB_PATH        | <state_dir>/hub (the JupyterHub's state) |

Credentials (`digiculture credentials`), each with its DIGICULTURE_* variable as above:

| setting                  | default                                                        |
|--------------------------|----------------------------------------------------------------|
| issuer_key_dir           | <state_dir>/issuer_key (the issuer's signing key; keep it safe) |
| issuer_name              | BoostDigiCulture consortium (the awarding body)                 |
| issuer_url               | https://boostdigiculture.eu                                    |
| issuer_email             | (empty)                                                        |
| issuer_country           | DE (ISO 3166 code of the awarding body's country)              |
| credential_programme_threshold | 1.0 (share of the course's units a learner must pass)    |
| credential_participation | online (or blended, onsite)                                    |
| credential_valid_years   | 0 (0: the credentials do not expire)                           |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from digiculture.errors import UserError

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
    #: The course's published git repository and branch, for learners' links.
    repo_url: str = ""
    repo_ref: str = ""
    #: The Binder service and the JupyterHub that learners' links open.
    binder_url: str = "https://mybinder.org"
    hub_url: str = ""
    #: Credentials: where the issuer's signing key lives; empty means <state_dir>/issuer_key.
    issuer_key_dir: str = ""
    issuer_name: str = "BoostDigiCulture consortium"
    issuer_url: str = "https://boostdigiculture.eu"
    issuer_email: str = ""
    issuer_country: str = "DE"
    #: Share of a unit's points (0-1) needed to pass it: for completion and its credential.
    unit_pass_mark: float = 0.7
    #: Share of the course's units (0-1) a learner must pass for the programme's credential.
    credential_programme_threshold: float = 1.0
    #: Form of participation on the credential: online, blended or onsite.
    credential_participation: str = "online"
    #: Years a credential stays valid; 0: it does not expire.
    credential_valid_years: int = 0
    #: Where the cohorts' nbgrader course folders are (the dashboard reads every one).
    cohorts_dir: Path = REPO_ROOT / "cohorts"
    #: The programme's targets, shown against its reach (see docs/dashboard.md).
    target_reached: int = 400
    target_completed: int = 60
    target_workshop: int = 12
    #: The JupyterHub's own folder (accounts database, exchange, cohorts' courses, spaces);
    #: empty means `hub` inside state_dir.
    hub_path: str = ""

    @classmethod
    def load(
        cls, environ: dict[str, str] | None = None, **overrides: Path | str | float | None
    ) -> Settings:
        """Defaults, then `DIGICULTURE_*` environment variables, then explicit overrides.

        Overrides that are None are ignored, so CLI options can be passed straight through.
        """
        env = os.environ if environ is None else environ
        kinds = {f.name: f.type for f in fields(cls)}
        values: dict[str, Path | str | float | int] = {}

        def convert(name: str, value: Path | str) -> Path | str | float | int:
            if kinds[name] in ("str", str):
                return str(value)
            if kinds[name] in ("float", float, "int", int):
                number = float if kinds[name] in ("float", float) else int
                try:
                    return number(value)
                except ValueError:
                    raise UserError(
                        f"The setting {name} ({_ENV_PREFIX}{name.upper()}) is '{value}', which "
                        f"is not a{'n whole' if number is int else ''} number: write one, for "
                        f"example {'2' if number is int else '0.7'}.",
                        2,
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

    def as_environ(self) -> dict[str, str]:
        """These settings as `DIGICULTURE_*` variables, for processes that load their own
        (a Voilà kernel): `Settings.load(environ=s.as_environ())` gives them back."""
        return {
            _ENV_PREFIX + f.name.upper(): str(getattr(self, f.name))
            for f in fields(self)
            if str(getattr(self, f.name)) != ""
        }

    @property
    def hub_dir(self) -> Path:
        """The JupyterHub's folder (DIGICULTURE_HUB_PATH, else <state_dir>/hub)."""
        return (
            Path(self.hub_path).expanduser().resolve() if self.hub_path else self.state_dir / "hub"
        )

    @property
    def log_dir(self) -> Path:
        """The kit's log folder (<state_dir>/logs), made when missing."""
        folder = self.state_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def log_app_to(self, name: str) -> None:
        """A Voilà app's warnings and errors go to <state_dir>/logs/<name>.log (the visitor
        sees sentences; the facilitator finds the reasons there)."""
        import logging

        logging.basicConfig(filename=self.log_dir / f"{name}.log", level=logging.WARNING)

    @property
    def results_store(self) -> str:
        """The results store's URL (the SQLite file in state_dir unless set)."""
        return self.store_url or f"sqlite:///{self.state_dir / 'results.sqlite'}"

    @property
    def issuer_keys(self) -> Path:
        """The folder of the credentials' issuer key (in state_dir unless set)."""
        if self.issuer_key_dir:
            return Path(self.issuer_key_dir).expanduser().resolve()
        return self.state_dir / "issuer_key"
