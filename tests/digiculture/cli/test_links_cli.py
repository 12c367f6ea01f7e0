"""`digiculture links` as a facilitator runs it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.digiculture.learners_branch import clone_kit, git

UNIT = "u05_copyright_and_licences"


@pytest.fixture(scope="module")
def course_env(tmp_path_factory) -> dict[str, str]:
    """A clone of the kit whose learners' branch (as `course publish` makes it) holds the
    learner version of one unit; the environment that points the command at it."""
    clone = clone_kit(tmp_path_factory.mktemp("links") / "kit")
    notebook = git(clone, "hash-object", "-w", "--stdin", input='{"cells": []}')
    index = {**os.environ, "GIT_INDEX_FILE": str(Path(clone) / ".git" / "learners-index")}
    path = f"notebooks/release/{UNIT}/{UNIT}.ipynb"
    git(clone, "update-index", "--add", "--cacheinfo", f"100644,{notebook},{path}", env=index)
    commit = git(clone, "commit-tree", git(clone, "write-tree", env=index), "-m", "learners")
    git(clone, "update-ref", "refs/heads/learners", commit)
    return dict(os.environ, DIGICULTURE_COURSE_DIR=str(clone / "notebooks"))


def test_links_for_a_unit_on_binder_and_a_hub(cli, course_env):
    out = cli(
        "links",
        "--unit",
        "u05",
        "--repo",
        "glam-org/course-kit",
        "--hub",
        "https://hub.example.org",
        env=course_env,
    )
    assert out.returncode == 0, out.stderr
    assert (
        f"Links to {UNIT}" in out.stdout and "https://github.com/glam-org/course-kit" in out.stdout
    )
    binder, hub = [line.strip() for line in out.stdout.splitlines() if "://" in line][1:]
    assert urlsplit(binder).path == "/v2/gh/glam-org/course-kit/learners"
    assert parse_qs(urlsplit(binder).query)["urlpath"] == [
        f"notebooks/notebooks/release/{UNIT}/{UNIT}.ipynb"
    ]
    assert parse_qs(urlsplit(hub).query)["urlpath"] == [
        f"notebooks/course-kit/notebooks/release/{UNIT}/{UNIT}.ipynb"
    ]


def test_links_json_from_the_settings(cli, course_env):
    git(Path(course_env["DIGICULTURE_COURSE_DIR"]), "branch", "-f", "spring-2027", "learners")
    env = dict(
        course_env,
        DIGICULTURE_REPO_URL="https://github.com/glam-org/course-kit.git",
        DIGICULTURE_REPO_REF="spring-2027",
        DIGICULTURE_BINDER_URL="https://binder.example.org/",
    )
    out = cli("links", "--json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["path"] == "notebooks/start_here.ipynb" and data["hub"] is None
    assert data["binder"].startswith(
        "https://binder.example.org/v2/gh/glam-org/course-kit/spring-2027?urlpath="
    )


def test_unknown_unit_names_the_known_ones(cli, course_env):
    out = cli("links", "--unit", "u42_nothing", "--repo", "glam-org/course-kit", env=course_env)
    assert out.returncode == 2
    assert "'u42_nothing' is not a unit of this course" in out.stderr
    assert "u01_jupyter_first_steps" in out.stderr and "Traceback" not in out.stderr


def test_links_refuse_the_branch_with_the_solutions(cli, course_env):
    kit = Path(course_env["DIGICULTURE_COURSE_DIR"]).parent
    branch = git(kit, "rev-parse", "--abbrev-ref", "HEAD")  # the kit's own branch (main)
    out = cli("links", "--repo", "glam-org/course-kit", "--ref", branch, env=course_env)
    assert out.returncode == 1 and out.stdout == ""
    assert f"No link to '{branch}': learners would get the solutions" in out.stderr
    assert "notebooks/source/" in out.stderr and "Traceback" not in out.stderr
