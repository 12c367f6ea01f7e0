"""Shared test set-up: keep Jupyter's own state out of the home directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"

_state = Path(tempfile.mkdtemp(prefix="kit-jupyter-state-"))
for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
    os.environ.setdefault(var, str(_state / var.lower()))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# Notebooks under tests/ are fixtures (some deliberately broken), not notebooks to run.
collect_ignore_glob = ["fixtures/*", "artifacts/*"]


@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL server (tests/postgres.py), started on first use, for the session."""
    from tests.postgres import running_postgres

    with running_postgres() as server:
        yield server


# The test files that take longest, longest first: a file's seconds (its tests' set-up, call
# and teardown, from `pytest --durations`) in a whole `make test` on 2 cores, Dec 2026: the
# fresh Binder environment about 280, the units' beginner mistakes 275 and round trip 210, the
# hub 140, grading 125, the spaces 65, the rest under 100. `make test` hands each worker whole
# files (pytest-xdist's --dist loadscope, with --no-loadscope-reorder so that this order is
# kept): the long files start at once and the short ones fill the gaps at the end, instead of a
# long file starting last and finishing alone. After the listed files come the other files
# marked slow and the units' notebooks (nbval), then the rest in pytest's own order. The order
# selects nothing.
LONGEST_FIRST = (
    "tests/binder/test_fresh_environment.py",
    "tests/units/test_beginner_mistakes.py",
    "tests/units/test_round_trip.py",
    "tests/hub/test_cohort_on_hub.py",
    "tests/digiculture/grading/test_pipeline.py",
    "tests/spaces/test_spaces_on_hub.py",
    "tests/security/test_hub_attacks.py",
    "tests/digiculture/cli/test_profile_cli.py",
    "tests/voila_apps/test_self_assessment_browser.py",
    "tests/digiculture/grading/test_cli.py",
    "tests/digiculture/cli/test_assess_cli.py",
    "tests/digiculture/credentials/test_verify.py",
    "tests/digiculture/mentoring/test_cli.py",
    "tests/digiculture/outcomes/test_programme.py",
)


def pytest_collection_modifyitems(config, items):
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    slow = {  # a file counts as slow when one of its tests is: its tests stay together
        _file(item)
        for item in items
        if item.get_closest_marker("slow") is not None or _file(item).endswith(".ipynb")
    }
    items.sort(key=lambda item: (rank.get(_file(item), len(rank)), _file(item) not in slow))


def _file(item) -> str:
    return item.nodeid.split("::", 1)[0]
