"""repo2docker (what Binder runs) accepts binder/ and writes the image's build, without Docker.

`jupyter-repo2docker --no-build` picks a build pack and prints the Dockerfile it would build;
the build context is the repository filtered by binder/.dockerignore, chosen by the same
function repo2docker uses.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from escapism import escape
from packaging.specifiers import SpecifierSet

from tests.binder.conftest import clean_env, repo_copy

R2D = Path(sys.executable).parent / "jupyter-repo2docker"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of the repository, with what a working copy has but a clone has not."""
    root = repo_copy(tmp_path_factory.mktemp("r2d") / "repo")
    for leftover in (
        ".venv/bin/python",
        "var/results.sqlite",
        "notebooks/release/u01_jupyter_first_steps/u01_jupyter_first_steps.ipynb",
        "notebooks/gradebook.db",
        "build/node_modules/axe-core/axe.min.js",
    ):
        (root / leftover).parent.mkdir(parents=True, exist_ok=True)
        (root / leftover).write_text("left over from a local run")
    return root


@pytest.fixture(scope="module")
def dockerfile(repo) -> tuple[str, str]:
    out = subprocess.run(
        [str(R2D), "--no-build", "--user-id", "1000", "--user-name", "jovyan", str(repo)],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout, out.stderr


def test_repo2docker_builds_python_from_binder_folder(dockerfile, repo):
    text, log = dockerfile
    assert text.lstrip().startswith("FROM ")
    runtime = (repo / "binder" / "runtime.txt").read_text().strip()
    version = runtime.removeprefix("python-")
    assert f"python={version}" in log  # runtime.txt chose the Python
    requires = tomllib.loads((repo / "pyproject.toml").read_text())["project"]["requires-python"]
    assert version in SpecifierSet(requires)
    # The conda environment of that Python (file names escaped as repo2docker does).
    lock = escape(f"environment.py-{version}-linux-64.lock", escape_char="-").lower()
    assert any(line.startswith("COPY") and lock in line for line in text.splitlines())


def test_requirements_then_repository_then_postbuild_then_start(dockerfile):
    lines = dockerfile[0].splitlines()

    def at(fragment: str) -> int:
        found = [i for i, line in enumerate(lines) if fragment in line]
        assert found, f"the Dockerfile has no line with {fragment!r}"
        return found[0]

    requirements = at('pip install --no-cache-dir -r "binder/requirements.txt"')
    copy_repo = at("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    post_build = at("RUN ./binder/postBuild")
    start = at('ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"')
    # The pinned requirements are a cached layer before the repository's files arrive.
    assert requirements < copy_repo < post_build < start
    assert "USER ${NB_USER}" in lines[post_build - 4 : post_build]  # never as root


def test_build_context_has_the_course_and_leaves_local_state_out(repo):
    from docker.utils.build import exclude_paths

    patterns = [
        line.strip()
        for line in (repo / "binder" / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    context = set(exclude_paths(str(repo), patterns))
    for needed in (
        "binder/requirements.txt",
        "binder/postBuild",
        "binder/start",
        "binder/jupyter_config/jupyter_server_config.json",
        "pyproject.toml",
        "digiculture/jupyter_config/learner_view/jupyter_server_config.json",
        "notebooks/units.yaml",
        "notebooks/nbgrader_config.py",
        "notebooks/source/u01_jupyter_first_steps/u01_jupyter_first_steps.ipynb",
        "notebooks/data/library_loans.csv",
    ):
        assert needed in context, needed
    for left_out in (".venv", "var", "notebooks/release", "notebooks/gradebook.db", "build"):
        assert not any(p == left_out or p.startswith(left_out + "/") for p in context), left_out


def test_binder_scripts_are_executable_in_git(repo):
    from tests.conftest import REPO

    listed = subprocess.run(
        ["git", "ls-files", "-s", "binder/postBuild", "binder/start"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    modes = {line.split()[-1]: line.split()[0] for line in listed if line.strip()}
    assert modes == {"binder/postBuild": "100755", "binder/start": "100755"}
