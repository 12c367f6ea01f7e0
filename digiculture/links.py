"""Links that open a unit for a learner: on Binder (no account needed) and on a JupyterHub
through nbgitpuller (the hub copies the course into the learner's folder, then opens it).

Where the course lives (its git repository and branch) comes from the options, then the
settings (DIGICULTURE_REPO_URL, DIGICULTURE_REPO_REF), then the kit's own git remote when it
is a web address.

Binder:      <binder>/v2/gh/<org>/<repo>/<ref>?urlpath=lab/tree/<path>   (GitHub)
             <binder>/v2/git/<url>/<ref>?urlpath=lab/tree/<path>        (any other git host)
nbgitpuller: <hub>/hub/user-redirect/git-pull?repo=<url>&branch=<ref>
                 &urlpath=lab/tree/<folder>/<path>
(every value URL-encoded; <folder> is the repository's name, where nbgitpuller puts the copy).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from competence_profile import load_profile
from competence_profile.units import load_units
from digiculture.course.start_page import START_PAGE
from digiculture.errors import UserError
from digiculture.settings import REPO_ROOT, Settings

DEFAULT_REF = "main"

_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")  # git@host:org/repo


@dataclass(frozen=True)
class Repository:
    """A git repository as a web address (no .git) and the branch or tag to use."""

    url: str
    ref: str

    @property
    def github(self) -> tuple[str, str] | None:
        """(org, name) on GitHub, else None."""
        parts = urlsplit(self.url)
        path = [p for p in parts.path.split("/") if p]
        if parts.hostname in ("github.com", "www.github.com") and len(path) == 2:
            return path[0], path[1]
        return None

    @property
    def folder(self) -> str:
        """The folder nbgitpuller clones into: the last part of the repository's address."""
        return self.url.rstrip("/").split("/")[-1]


def web_address(text: str) -> str | None:
    """A git remote or a short `org/repo` as https://host/path (no .git); None if not web."""
    text = text.strip()
    if re.fullmatch(r"[\w.-]+/[\w.-]+", text):  # org/repo: GitHub's short form
        text = f"https://github.com/{text}"
    elif match := _SCP_LIKE.match(text):
        text = f"https://{match['host']}/{match['path']}"
    elif text.startswith(("ssh://", "git://")):
        parts = urlsplit(text)
        text = f"https://{parts.hostname}{parts.path}"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.strip("/"):
        return None
    path = parts.path.rstrip("/")
    path = path[: -len(".git")] if path.endswith(".git") else path
    return f"{parts.scheme}://{parts.netloc.split('@')[-1]}{path}"


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


def git_remote(root: Path = REPO_ROOT) -> tuple[str | None, str | None]:
    """The kit's remote (origin, else the first) and its default branch, as git knows them."""
    remotes = (_git(root, "remote") or "").split()
    if not remotes:
        return None, None
    name = "origin" if "origin" in remotes else remotes[0]
    url = _git(root, "remote", "get-url", name)
    head = _git(root, "symbolic-ref", "--short", f"refs/remotes/{name}/HEAD")  # origin/main
    ref = head.split("/", 1)[1] if head and "/" in head else None
    return url, ref


def find_repository(
    settings: Settings,
    repo: str | None = None,
    ref: str | None = None,
    root: Path = REPO_ROOT,
) -> Repository:
    """The course's repository from the options, the settings, or the kit's git remote."""
    given = repo or settings.repo_url
    remote_ref = None
    if given:
        where = "--repo" if repo else "DIGICULTURE_REPO_URL"
    else:
        given, remote_ref = git_remote(root)
        where = "the git remote of the kit"
        if not given:
            raise UserError(
                "The kit does not know where the course is published. Give its GitHub "
                "repository with --repo ORG/REPO (or a git web address), or set "
                "DIGICULTURE_REPO_URL; a clone of the repository also knows it by itself."
            )
    url = web_address(given)
    if url is None:
        raise UserError(
            f"{given!r} ({where}) is not the web address of a git repository, which Binder "
            "and the hub need. Give --repo ORG/REPO for GitHub, or a web address such as "
            "https://gitlab.com/ORG/REPO."
        )
    return Repository(url, ref or settings.repo_ref or remote_ref or DEFAULT_REF)


def course_path(settings: Settings, unit_id: str | None, root: Path = REPO_ROOT) -> str:
    """Path inside the repository of a unit's learner version (or of the start page)."""
    try:
        course = settings.course_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UserError(
            f"The course folder {settings.course_dir} is outside the kit's repository "
            f"({root}), so a link into the repository cannot reach it. Publish the course "
            "in the repository, or leave DIGICULTURE_COURSE_DIR unset."
        ) from None
    if unit_id is None:
        return f"{course}/{START_PAGE}"
    return f"{course}/release/{unit_id}/{unit_id}.ipynb"


def resolve_unit(settings: Settings, unit: str) -> tuple[str, str]:
    """The unit's id and English title; `unit` may be the id or its unique start (u03)."""
    manifest = load_units(settings.course_dir / "units.yaml", load_profile(settings.profile_dir))
    ids = manifest.ids
    matches = [i for i in ids if i == unit] or [i for i in ids if i.startswith(unit)]
    if len(matches) != 1:
        kind = "matches several units" if matches else "is not a unit of this course"
        raise UserError(f"'{unit}' {kind}. The units are: {', '.join(ids)}.", exit_code=2)
    return matches[0], manifest.unit(matches[0]).title["en"]


def service_address(text: str, what: str) -> str:
    """A Binder or hub address without a trailing slash (and a hub without /hub)."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"{text!r} is not a web address for the {what}: write it like "
            f"https://{'mybinder.org' if what == 'Binder service' else 'hub.example.org'}.",
            exit_code=2,
        )
    base = text.strip().rstrip("/")
    return base[: -len("/hub")] if base.endswith("/hub") else base


def binder_link(binder: str, repo: Repository, path: str) -> str:
    ref = quote(repo.ref, safe="")
    urlpath = quote(f"lab/tree/{path}", safe="")
    if repo.github:
        org, name = repo.github
        return f"{binder}/v2/gh/{org}/{name}/{ref}?urlpath={urlpath}"
    return f"{binder}/v2/git/{quote(repo.url, safe='')}/{ref}?urlpath={urlpath}"


def nbgitpuller_link(hub: str, repo: Repository, path: str) -> str:
    query = urlencode(
        {"repo": repo.url, "branch": repo.ref, "urlpath": f"lab/tree/{repo.folder}/{path}"},
        quote_via=quote,
        safe="",
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"
