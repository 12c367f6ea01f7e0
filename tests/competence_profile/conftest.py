from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "profile"
BROKEN_CASES = sorted(p.name for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def assemble(case: str | None, target: Path) -> Path:
    """The valid small profile with the files of one broken case laid over it."""
    shutil.copytree(FIXTURES / "valid", target)
    if case:
        shutil.copytree(FIXTURES / "broken" / case, target, dirs_exist_ok=True)
        (target / "expected.txt").unlink()
    return target


def expected_lines(case: str) -> list[str]:
    return (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture
def small_profile_dir(tmp_path: Path) -> Path:
    return assemble(None, tmp_path / "profile")
