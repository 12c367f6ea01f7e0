"""repo2docker (what Binder runs) accepts binder/ and writes the image's build, without Docker,
for the kit's main branch and for the learners' branch that `digiculture course publish` makes.

`jupyter-repo2docker --no-build` picks a build pack and prints the Dockerfile it would build;
the build context is the repository filtered by binder/.dockerignore, chosen by the same
function repo2docker uses.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from escapism import escape
from packaging.specifiers import SpecifierSet

from digiculture.course.publish import publish
from digiculture.settings import Settings
from tests.binder.conftest import clean_env, git_repository, repo_copy
from tests.units.conftest import UNIT_IDS

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


def _context(repo: Path) -> set[str]:
    from docker.utils.build import exclude_paths

    patterns = [
        line.strip()
        for line in (repo / "binder" / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return set(exclude_paths(str(repo), patterns))


@pytest.fixture(scope="module")
def learners_repo(tmp_path_factory) -> Path:
    """A facilitator's repository (the kit's files, committed) with its learners' branch."""
    repo = git_repository(repo_copy(tmp_path_factory.mktemp("r2d-learners") / "kit"))
    course = repo / "notebooks"
    publish(Settings.load(environ={}, course_dir=course, data_dir=course / "data"))
    return repo


def test_repo2docker_accepts_the_learners_branch(learners_repo, tmp_path):
    """As Binder: repo2docker clones the repository and checks out the branch (its git content
    provider, the only one allowed here: the others would look for their services online)."""
    config = tmp_path / "r2d_config.py"
    config.write_text(
        "from repo2docker.contentproviders import Git\nc.Repo2Docker.content_providers = [Git]\n"
    )
    argv = [str(R2D), "--config", str(config), "--no-build", "--ref", "learners"]
    argv += ["--user-id", "1000", "--user-name", "jovyan", f"file://{learners_repo}"]
    out = subprocess.run(argv, capture_output=True, text=True, env=clean_env(), timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Picked Git content provider" in out.stderr
    lines = out.stdout.splitlines()
    assert "RUN ./binder/postBuild" in lines
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in lines
    assert "python=3.11" in out.stderr


def test_the_learners_image_has_the_course_and_no_git_history(learners_repo, tmp_path):
    checkout = tmp_path / "binder-clone"
    clone = ["git", "clone", "-q", "--branch", "learners", str(learners_repo), str(checkout)]
    subprocess.run(clone, check=True)
    # Binder's clone has every branch: main's units with their solutions are in .git ...
    main_source = f"origin/main:notebooks/source/{UNIT_IDS[0]}/{UNIT_IDS[0]}.ipynb"
    subprocess.run(["git", "-C", str(checkout), "cat-file", "-e", main_source], check=True)
    context = _context(checkout)
    # ... and the image leaves .git out; it has the learner versions and what runs them.
    assert not any(p == ".git" or p.startswith(".git/") for p in context)
    assert not any(p.startswith("notebooks/source") for p in context)
    for unit_id in UNIT_IDS:
        assert f"notebooks/release/{unit_id}/{unit_id}.ipynb" in context, unit_id
    for needed in (
        "notebooks/start_here.ipynb",
        "notebooks/data/museum_objects.csv",
        "digiculture/learn/__init__.py",
        "digiculture/jupyter_config/learner_view/jupyter_server_config.json",
        "binder/requirements.txt",
        "binder/postBuild",
        "binder/start",
        "binder/jupyter_config/jupyter_server_config.json",
        "pyproject.toml",
        "README.md",
    ):
        assert needed in context, needed
    # What binder/start and postBuild refer to is on the branch.
    start = (checkout / "binder" / "start").read_text()
    for path in re.findall(r"\$REPO/([\w/]+)", start):
        assert (checkout / path).exists(), path  # folders, and binder/language (a file)
