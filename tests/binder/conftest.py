"""A Binder image without Docker: what repo2docker does, done in a fresh virtual environment.

repo2docker installs binder/requirements.txt into a new Python environment, copies the
repository into it and runs binder/postBuild; at start-up binder/start runs before the
Jupyter server. `binder_build` does the same here, once per session, for the branch learners
open, the learners' branch: a copy of the repository as git has it (the facilitator's kit), a
new venv with only the pinned requirements (pip's cache makes that about a minute), then in
that venv: the kit's postBuild (it builds the learner versions), `digiculture course publish`
(the learners' branch), a clone of that branch as Binder makes one, and its postBuild.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

#: The kit's own environment (the test runner's): kept off the fresh environment's PATH.
RUNNER_BIN = str(Path(sys.executable).parent)


def repo_copy(target: Path) -> Path:
    """The repository's files as a clone has them (tracked and new, nothing git-ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        src = REPO / os.fsdecode(name)
        if src.is_file():  # a file deleted but not yet committed is skipped
            dst = target / os.fsdecode(name)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    return target


def clean_env(bin_dir: Path | None = None) -> dict[str, str]:
    """This process's environment without the kit's venv, its settings or a PYTHONPATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DIGICULTURE_") and k not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != RUNNER_BIN]
    if bin_dir is not None:
        path.insert(0, str(bin_dir))
    env["PATH"] = os.pathsep.join(path)
    return env


def git_repository(folder: Path) -> Path:
    """`folder` as a git repository with everything in it committed (a facilitator's clone)."""
    who = ["-c", "user.name=Sofia Facilitator", "-c", "user.email=sofia@example.org"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], [*who, "commit", "-q", "-m", "kit"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)
    return folder


@dataclass
class BinderBuild:
    #: the learners' branch as Binder checks it out (what the tests run)
    repo: Path
    venv: Path
    seconds: dict[str, float]
    #: the facilitator's kit, as Binder builds it from the main branch
    main: Path | None = None

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def env(self) -> dict[str, str]:
        return clean_env(self.bin)


def _step(argv: list[str], what: str, **kw) -> None:
    out = subprocess.run(argv, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        tail = f"{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        pytest.fail(f"{what} failed (exit {out.returncode}):\n{tail}")


@pytest.fixture(scope="session")
def binder_build(tmp_path_factory) -> BinderBuild:
    root = tmp_path_factory.mktemp("binder")
    seconds: dict[str, float] = {}
    start = time.monotonic()
    main = git_repository(repo_copy(root / "main"))
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    build = BinderBuild(root / "learners", env_dir, seconds, main)
    seconds["venv"] = time.monotonic() - start
    start = time.monotonic()
    _step(
        [
            str(build.bin / "python"),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
            "--no-compile",  # Python compiles what it imports; the install is quicker
            "--no-deps",  # the file pins every package: a missing one fails the units below
            "-r",
            str(main / "binder" / "requirements.txt"),
        ],
        "pip install -r binder/requirements.txt",
        env=build.env,
    )
    seconds["requirements"] = time.monotonic() - start
    start = time.monotonic()
    _step([str(main / "binder" / "postBuild")], "binder/postBuild (main)", cwd=main, env=build.env)
    seconds["postBuild (main)"] = time.monotonic() - start
    start = time.monotonic()
    publish = [str(build.bin / "digiculture"), "course", "publish"]
    _step(publish, "digiculture course publish", cwd=main, env=build.env)
    clone = ["git", "clone", "-q", "--branch", "learners", str(main), str(build.repo)]
    _step(clone, "git clone --branch learners", env=build.env)
    seconds["publish"] = time.monotonic() - start
    start = time.monotonic()
    postbuild = [str(build.repo / "binder" / "postBuild")]
    _step(postbuild, "binder/postBuild (learners)", cwd=build.repo, env=build.env)
    seconds["postBuild (learners)"] = time.monotonic() - start
    return build
