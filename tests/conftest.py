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
