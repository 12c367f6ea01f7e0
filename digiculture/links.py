"""Links that open a unit for a learner: on Binder (no account needed) and on a JupyterHub
through nbgitpuller (the hub copies the course into the learner's folder, then opens it).

Where the course lives (its git repository and branch) comes from the options, then the
settings (DIGICULTURE_REPO_URL, DIGICULTURE_REPO_REF), then the git remote of the repository
that holds the course when it is a web address, and the learners' branch of the language.

Binder:      <binder>/v2/gh/<org>/<repo>/<ref>?urlpath=notebooks/<path>   (GitHub)
             <binder>/v2/git/<url>/<ref>?urlpath=notebooks/<path>        (any other git host)
nbgitpuller: <hub>/hub/user-redirect/git-pull?repo=<url>&branch=<ref>
                 &urlpath=notebooks/<folder>/<path>
(every value URL-encoded; <folder> is the repository's name, where nbgitpuller puts the copy).
A link opens the unit in Notebook 7's single-document view (`LEARNER_APP`): one notebook,
no side panels, usable on a phone, where JupyterLab leaves a notebook 40 px wide at 390 px.

The branch is the learners' branch that `digiculture course publish` makes (`learners`,
`learners-de` ...), unless one is named. A link never points at a branch that holds solutions:
the branch, as this clone knows it, is checked with git first (its files for the units' source
folder and nbgrader's solution markers, its history for the source folder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from competence_profile import load_profile
from competence_profile.units import load_units
from digiculture.course.publish import (
    COURSE,
    find_ref,
    git_ok,
    learners_branch,
    remote_name,
    repository_root,
    solutions_on,
)
from digiculture.course.start_page import START_PAGE
from digiculture.errors import UserError
from digiculture.settings import Settings

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


def git_remote(root: Path) -> str | None:
    """The address of the repository's remote (origin, else the first), as git knows it."""
    name = remote_name(root)
    return git_ok(root, "remote", "get-url", name) if name else None


def find_repository(
    settings: Settings,
    repo: str | None = None,
    ref: str | None = None,
    root: Path | None = None,
    lang: str = "en",
) -> Repository:
    """The course's repository from the options, the settings, or the course's git remote;
    its branch from the options, the settings, else the learners' branch of `lang`."""
    given = repo or settings.repo_url
    if given:
        where = "--repo" if repo else "DIGICULTURE_REPO_URL"
    else:
        given = git_remote(root or repository_root(settings))
        where = "the git remote of the course's repository"
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
    return Repository(url, ref or settings.repo_ref or learners_branch(lang))


def check_learners_branch(root: Path, ref: str, lang: str = "en") -> str | None:
    """Refuse (UserError) a branch that holds solutions or that this clone does not know;
    else a note when the branch seems not to be pushed yet (None when it is)."""
    publish = "digiculture course publish" + ("" if lang == "en" else f" --lang {lang}")
    named = "" if ref == learners_branch(lang) else f" --branch {ref}"
    found = find_ref(root, ref)
    if found is None and re.fullmatch(r"[0-9a-f]{7,40}", ref):  # a commit's id
        found = git_ok(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found is None:
        raise UserError(
            f"There is no branch '{ref}' in {root} (nor fetched from its remote), so no link "
            f"can point at it. Publish the learner versions there with `{publish} --push"
            f"{named}`; if it was published from another computer, run `git fetch` first."
        )
    reasons = solutions_on(root, found)
    if reasons:
        raise UserError(
            f"No link to '{ref}': learners would get the solutions, because "
            f"{'; '.join(reasons)}. Links point at the learners' branch that `{publish}` "
            "makes: publish it and leave out --ref (and DIGICULTURE_REPO_REF)."
        )
    remote = remote_name(root)
    if found.startswith("refs/heads/") and remote:
        fetched = git_ok(root, "for-each-ref", "--format=%(objectname)", f"refs/remotes/*/{ref}")
        if git_ok(root, "rev-parse", found) not in (fetched or "").split():
            return (
                f"The branch '{ref}' here is not on {remote} yet, as far as this clone knows: "
                f"learners reach it after `{publish} --push` (or `git push {remote} {ref}`)."
            )
    return None


def course_path(unit_id: str | None) -> str:
    """Path of a unit's learner version (or of the start page) on a learners' branch."""
    if unit_id is None:
        return f"{COURSE}/{START_PAGE}"
    return f"{COURSE}/release/{unit_id}/{unit_id}.ipynb"


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


#: Where a learner's link opens a notebook: Notebook 7's single-document view (the kit's
#: learner view, single-key shortcuts off, applies there too: tests/units/test_unit_on_a_phone.py).
LEARNER_APP = "notebooks"


def binder_link(binder: str, repo: Repository, path: str) -> str:
    ref = quote(repo.ref, safe="")
    urlpath = quote(f"{LEARNER_APP}/{path}", safe="")
    if repo.github:
        org, name = repo.github
        return f"{binder}/v2/gh/{org}/{name}/{ref}?urlpath={urlpath}"
    return f"{binder}/v2/git/{quote(repo.url, safe='')}/{ref}?urlpath={urlpath}"


def nbgitpuller_link(hub: str, repo: Repository, path: str) -> str:
    query = urlencode(
        {"repo": repo.url, "branch": repo.ref, "urlpath": f"{LEARNER_APP}/{repo.folder}/{path}"},
        quote_via=quote,
        safe="",
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"
