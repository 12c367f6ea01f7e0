"""Learners' links: Binder and nbgitpuller addresses, parsed back to check what they open."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from digiculture.errors import UserError
from digiculture.links import (
    Repository,
    binder_link,
    check_learners_branch,
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
    path = course_path(UNIT)
    link = urlsplit(binder_link("https://mybinder.org", repo, path))
    assert (link.scheme, link.hostname) == ("https", "mybinder.org")
    assert link.path == "/v2/gh/glam-org/course-kit/main"
    assert parse_qs(link.query) == {"urlpath": [f"notebooks/notebooks/release/{UNIT}/{UNIT}.ipynb"]}
    # The path is where `course build` puts it, as on a learners' branch.
    assert REPO_ROOT / path == SETTINGS.course_dir / "release" / UNIT / f"{UNIT}.ipynb"


def test_binder_link_escapes_a_branch_with_a_slash_and_other_git_hosts():
    repo = Repository("https://gitlab.com/glam/kit", "feature/new-units")
    link = urlsplit(binder_link("https://binder.example.org", repo, "notebooks/start_here.ipynb"))
    provider, url, ref = link.path.split("/")[2:]
    assert provider == "git"
    assert unquote(url) == "https://gitlab.com/glam/kit" and unquote(ref) == "feature/new-units"
    assert parse_qs(link.query)["urlpath"] == ["notebooks/notebooks/start_here.ipynb"]


def test_nbgitpuller_link_clones_the_repository_and_opens_the_unit_in_its_folder():
    repo = Repository("https://github.com/glam-org/course-kit", "spring & autumn")
    path = course_path(UNIT)
    link = urlsplit(nbgitpuller_link("https://hub.example.org", repo, path))
    assert link.path == "/hub/user-redirect/git-pull"
    query = parse_qs(link.query)
    assert query == {
        "repo": ["https://github.com/glam-org/course-kit"],
        "branch": ["spring & autumn"],
        "urlpath": [f"notebooks/course-kit/notebooks/release/{UNIT}/{UNIT}.ipynb"],
    }


def _git(root: Path, *args: str, **kw) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, **kw
    ).stdout.strip()


def test_repository_comes_from_the_git_remote_and_the_learners_branch(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:glam-org/course-kit.git")
    _git(tmp_path, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
    # Not the remote's default branch (it holds the solutions): the learners' branch.
    assert find_repository(SETTINGS, root=tmp_path) == Repository(
        "https://github.com/glam-org/course-kit", "learners"
    )
    assert find_repository(SETTINGS, root=tmp_path, lang="de").ref == "learners-de"
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
    assert repo == Repository("https://github.com/glam-org/kit", "learners")


def _commit(root: Path, files: dict[str, str], branch: str, parent: str | None = None) -> str:
    """A commit of exactly `files` on `branch`, made with git's plumbing (as publish does)."""
    index = root / ".git" / "test-index"
    index.unlink(missing_ok=True)
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    for name, text in files.items():
        blob = _git(root, "hash-object", "-w", "--stdin", input=text)
        _git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}", env=env)
    tree = _git(root, "write-tree", env=env)
    parents = ["-p", parent] if parent else []
    who = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    commit = _git(root, *who, "commit-tree", tree, *parents, "-m", branch)
    _git(root, "update-ref", f"refs/heads/{branch}", commit)
    return commit


RELEASE = f"notebooks/release/{UNIT}/{UNIT}.ipynb"


@pytest.fixture
def course_repo(tmp_path) -> Path:
    _git(tmp_path, "init", "-q")
    _commit(tmp_path, {RELEASE: '{"cells": []}'}, "learners")
    return tmp_path


def test_links_accept_a_learners_branch_and_refuse_one_with_solutions(course_repo):
    root = course_repo
    assert check_learners_branch(root, "learners") is None  # no remote: nothing to push to
    with pytest.raises(UserError, match=r"no branch 'learners-de'.*course publish --lang de"):
        check_learners_branch(root, "learners-de", "de")
    with pytest.raises(UserError, match=r"no branch 'spring'.*--push --branch spring"):
        check_learners_branch(root, "spring")
    source = "notebooks/source/u01/u01.ipynb"
    _commit(root, {RELEASE: "{}", source: "{}"}, "main")
    with pytest.raises(UserError, match=f"learners would get the solutions.*{source}"):
        check_learners_branch(root, "main")
    marked = {RELEASE: '{"cells": [{"source": ["### BEGIN SOLUTION"]}]}'}
    _commit(root, marked, "marked")
    with pytest.raises(UserError, match="has solution blocks"):
        check_learners_branch(root, "marked")
    hidden = {"helpers.py": "### BEGIN HIDDEN TESTS\nassert x == 42\n"}
    _commit(root, hidden, "hidden")
    with pytest.raises(UserError, match="helpers.py has solution blocks"):
        check_learners_branch(root, "hidden")
    # The old recipe: a branch made from main, the source removed. Its history still has it.
    _commit(root, {RELEASE: "{}"}, "by-hand", parent=_git(root, "rev-parse", "main"))
    with pytest.raises(UserError, match="its history holds the units with their solutions"):
        check_learners_branch(root, "by-hand")
    # A tag or a commit's id of a clean branch is fine.
    _git(root, "tag", "spring-2027", "learners")
    assert check_learners_branch(root, "spring-2027") is None
    assert check_learners_branch(root, _git(root, "rev-parse", "learners")) is None


def test_a_branch_not_pushed_yet_gets_a_note_and_a_fetched_one_is_known(course_repo, tmp_path):
    root = course_repo
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    _git(root, "remote", "add", "origin", str(bare))
    note = check_learners_branch(root, "learners")
    assert note and "not on origin yet" in note and "--push" in note
    _git(root, "push", "-q", "origin", "learners")
    assert check_learners_branch(root, "learners") is None
    # Published to another remote (a public repository for learners): no note either.
    public = tmp_path / "public.git"
    subprocess.run(["git", "init", "-q", "--bare", str(public)], check=True)
    _git(root, "remote", "add", "public", str(public))
    _commit(root, {RELEASE: "{}"}, "learners-de")
    assert "not on origin yet" in check_learners_branch(root, "learners-de", "de")
    _git(root, "push", "-q", "public", "learners-de")
    assert check_learners_branch(root, "learners-de", "de") is None
    # Another clone knows the branch only as origin/learners, after a fetch.
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(bare), str(other)], check=True)
    assert check_learners_branch(other, "learners") is None


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


def test_links_open_the_learners_branch_layout():
    assert course_path(None) == "notebooks/start_here.ipynb"
    assert course_path(UNIT) == f"notebooks/release/{UNIT}/{UNIT}.ipynb"
