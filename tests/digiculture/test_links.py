"""Learners' links: Binder and nbgitpuller addresses, parsed back to check what they open."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from digiculture.errors import UserError
from digiculture.links import (
    Repository,
    binder_link,
    course_path,
    find_repository,
    nbgitpuller_link,
    resolve_unit,
    service_address,
    web_address,
)
from digiculture.settings import REPO_ROOT, Settings

SETTINGS = Settings.load(environ={})
UNIT = "u03_collection_tables"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("glam-org/course-kit", "https://github.com/glam-org/course-kit"),
        ("https://github.com/glam-org/course-kit.git", "https://github.com/glam-org/course-kit"),
        ("https://github.com/glam-org/course-kit/", "https://github.com/glam-org/course-kit"),
        ("git@github.com:glam-org/course-kit.git", "https://github.com/glam-org/course-kit"),
        ("ssh://git@github.com/glam-org/course-kit.git", "https://github.com/glam-org/course-kit"),
        ("https://user:token@gitlab.com/glam/kit.git", "https://gitlab.com/glam/kit"),
        ("/work/main", None),
        ("file:///srv/git/kit", None),
        ("https://github.com", None),
    ],
)
def test_git_remotes_become_web_addresses(given, expected):
    assert web_address(given) == expected


def test_binder_link_opens_the_unit_in_jupyterlab():
    repo = Repository("https://github.com/glam-org/course-kit", "main")
    path = course_path(SETTINGS, UNIT)
    link = urlsplit(binder_link("https://mybinder.org", repo, path))
    assert (link.scheme, link.hostname) == ("https", "mybinder.org")
    assert link.path == "/v2/gh/glam-org/course-kit/main"
    assert parse_qs(link.query) == {"urlpath": [f"lab/tree/notebooks/release/{UNIT}/{UNIT}.ipynb"]}
    # The path inside the repository is where `course build` (Binder's postBuild) puts it.
    assert REPO_ROOT / path == SETTINGS.course_dir / "release" / UNIT / f"{UNIT}.ipynb"


def test_binder_link_escapes_a_branch_with_a_slash_and_other_git_hosts():
    repo = Repository("https://gitlab.com/glam/kit", "feature/new-units")
    link = urlsplit(binder_link("https://binder.example.org", repo, "notebooks/start_here.ipynb"))
    provider, url, ref = link.path.split("/")[2:]
    assert provider == "git"
    assert unquote(url) == "https://gitlab.com/glam/kit" and unquote(ref) == "feature/new-units"
    assert parse_qs(link.query)["urlpath"] == ["lab/tree/notebooks/start_here.ipynb"]


def test_nbgitpuller_link_clones_the_repository_and_opens_the_unit_in_its_folder():
    repo = Repository("https://github.com/glam-org/course-kit", "spring & autumn")
    path = course_path(SETTINGS, UNIT)
    link = urlsplit(nbgitpuller_link("https://hub.example.org", repo, path))
    assert link.path == "/hub/user-redirect/git-pull"
    query = parse_qs(link.query)
    assert query == {
        "repo": ["https://github.com/glam-org/course-kit"],
        "branch": ["spring & autumn"],
        "urlpath": [f"lab/tree/course-kit/notebooks/release/{UNIT}/{UNIT}.ipynb"],
    }


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_repository_comes_from_the_git_remote_with_its_default_branch(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:glam-org/course-kit.git")
    _git(tmp_path, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
    assert find_repository(SETTINGS, root=tmp_path) == Repository(
        "https://github.com/glam-org/course-kit", "develop"
    )
    # Options come first, then the settings, then the remote.
    settings = Settings.load(
        environ={"DIGICULTURE_REPO_URL": "other/kit", "DIGICULTURE_REPO_REF": "v1.0"}
    )
    assert find_repository(settings, root=tmp_path) == Repository(
        "https://github.com/other/kit", "v1.0"
    )
    assert find_repository(settings, "third/kit", "main", root=tmp_path).url.endswith("third/kit")


def test_no_known_repository_says_how_to_give_one(tmp_path):
    _git(tmp_path, "init", "-q")
    with pytest.raises(UserError, match="--repo ORG/REPO"):
        find_repository(SETTINGS, root=tmp_path)
    _git(tmp_path, "remote", "add", "origin", "/srv/git/course-kit")
    with pytest.raises(UserError, match="is not the web address of a git repository"):
        find_repository(SETTINGS, root=tmp_path)
    repo = find_repository(SETTINGS, root=tmp_path / "not-a-repo", repo="glam-org/kit")
    assert repo == Repository("https://github.com/glam-org/kit", "main")


def test_units_by_id_or_by_their_start_and_a_clear_error_otherwise():
    assert resolve_unit(SETTINGS, UNIT)[0] == UNIT
    assert resolve_unit(SETTINGS, "u03")[0] == UNIT
    with pytest.raises(UserError, match="is not a unit of this course") as err:
        resolve_unit(SETTINGS, "u99_nothing")
    assert "u01_jupyter_first_steps" in str(err.value) and UNIT in str(err.value)
    with pytest.raises(UserError, match="matches several units"):
        resolve_unit(SETTINGS, "u0")


def test_service_addresses():
    assert service_address("https://hub.example.org/hub/", "JupyterHub") == (
        "https://hub.example.org"
    )
    assert service_address("https://mybinder.org/", "Binder service") == "https://mybinder.org"
    with pytest.raises(UserError, match="is not a web address for the JupyterHub"):
        service_address("hub.example.org", "JupyterHub")


def test_course_outside_the_repository_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="outside the kit's repository"):
        course_path(Settings.load(environ={}, course_dir=tmp_path), UNIT)
