from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "digiculture"


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None):
    """Run the installed `digiculture` command as a person would."""
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


@pytest.fixture
def cli():
    return run_cli
