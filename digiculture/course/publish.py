"""Publish the course for learners: the learner versions on a git branch of their own.

`digiculture course publish` builds the learner versions of every unit and the start page (with
`course build`'s code, in a temporary copy of the course folder, so the facilitator's files stay
as they are) and commits them, with what a learner's kernel and Binder need, to the learners'
branch of the course's git repository. The branch holds, and only holds:

    notebooks/release/<unit>/<unit>.ipynb, notebooks/start_here.ipynb   the learner versions
    notebooks/data/, notebooks/units.yaml  the units' datasets; their titles and minutes
    digiculture/__init__.py, errors.py, settings.py, learn/, gettext_catalogs.py   the helpers a
                                           unit imports
    digiculture/manifest.py, competence_profile/   what reads units.yaml (a unit's
                                           greeting names the unit by its title)
    digiculture/locale/LANG/LC_MESSAGES/*.mo   the compiled catalogs of the branch's language
                                           (the helpers' messages, the units' check texts)
    digiculture/jupyter_config/            the learner's view of JupyterLab, the kernels' help
    binder/, pyproject.toml                Binder's environment (postBuild installs the helpers);
                                           binder/language: the build's language (binder/start)
    jupyterlab_language_pack_hr_HR/, _el_GR/  JupyterLab's menus in Croatian and Greek (the kit's
    digiculture/lab_pack.py                own packs, and what compiles them)
    README.md                              a short page for learners, in the build's language

Never on it: notebooks/source/ (the units with their solutions and hidden tests), the
gradebook, cohorts/, tests/, the rest of the kit. The branch has its own history: each
publication is one commit on top of the previous publication and never has the facilitator's
branches as parents, so a clone of it (nbgitpuller, Binder) holds no solution, not even in its
history. One branch per language: `learners` (English), `learners-de`, `learners-it` ...

Only git's plumbing is used (blobs by hash-object, a tree from a temporary index, commit-tree,
update-ref): the facilitator's working tree, index and current branch are not touched.
Uncommitted changes are published as they are (learners get what the facilitator sees); the
commit message names the commit they were built from and says which files had changes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from digiculture.course.learners_readme import learners_readme
from digiculture.course.start_page import START_PAGE
from digiculture.errors import UserError
from digiculture.settings import REPO_ROOT, Settings

#: Where the learner versions are on a learners' branch: the kit's default layout, which the
#: learner helpers (Settings' defaults), binder/ and the links expect.
COURSE = "notebooks"
#: The kit's files a learner's kernel and Binder need, relative to the kit's folder.
KIT_FILES = (
    "pyproject.toml",
    "binder",
    "digiculture/__init__.py",
    "digiculture/errors.py",
    "digiculture/settings.py",
    "digiculture/learn",
    "digiculture/gettext_catalogs.py",  # the catalogs' reader, which digiculture.learn imports
    "digiculture/jupyter_config",
    # JupyterLab in Croatian and Greek (the kit's own language packs and what compiles them;
    # the official ones come from PyPI)
    "jupyterlab_language_pack_hr_HR",
    "jupyterlab_language_pack_el_GR",
    "digiculture/lab_pack.py",
    # a unit's greeting names it by its title from units.yaml, read through the profile
    "digiculture/manifest.py",
    "competence_profile",
)
#: Where the kernel finds the compiled translations (a learners' branch carries its language's).
LOCALE = "digiculture/locale"
#: What marks a branch that holds solutions (nbgrader's markers; the units' source folder).
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")
SOURCE_PATHS = (f"{COURSE}/source", ":(glob)**/source/**/*.ipynb")  # for git log
_SOURCE_FILE = re.compile(rf"^{COURSE}/source/|(^|/)source/.+\.ipynb$")
#: Files never published even when they sit in a published folder.
_JUNK = re.compile(r"(^|/)(__pycache__|\.ipynb_checkpoints)(/|$)|\.pyc$")
#: A fallback identity for the commit when git has none (a facilitator's fresh machine).
_IDENTITY = {"name": "digiculture course publish", "email": "course-publish@digiculture.invalid"}


def learners_branch(lang: str = "en") -> str:
    """The learners' branch of a language: `learners` for English, else `learners-<lang>`."""
    return "learners" if lang == "en" else f"learners-{lang}"


@dataclass
class Published:
    """What `publish` did: the branch, its commit, and what was new."""

    branch: str
    commit: str
    changed: bool
    units: list[str]
    files: int
    root: Path
    built_from: str | None = None
    uncommitted: list[str] = field(default_factory=list)
    pushed_to: str | None = None
    push_note: str = ""


# --- git -----------------------------------------------------------------------------------


def git(root: Path, *args: str, env: dict | None = None, stdin: bytes | None = None) -> str:
    """Run git in `root`; its output, stripped. A failure raises GitFailed with git's words."""
    out = _run_git(root, args, env, stdin)
    if out.returncode != 0:
        raise GitFailed(args, out.stderr.decode(errors="replace").strip())
    return out.stdout.decode(errors="replace").strip()


def git_ok(root: Path, *args: str) -> str | None:
    """git's output, or None when git says no (an unknown ref, not a repository)."""
    out = _run_git(root, args, None, None)
    return out.stdout.decode(errors="replace").strip() if out.returncode == 0 else None


def _run_git(root, args, env, stdin) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            env={**os.environ, **env} if env else None,
        )
    except FileNotFoundError:
        raise UserError(
            "The program git is not installed: install it (on Debian or Ubuntu "
            "`sudo apt install git`) and try again."
        ) from None


class GitFailed(UserError):
    def __init__(self, args: Iterable[str], message: str):
        super().__init__(f"git {' '.join(args)} failed: {message}")
        self.git_message = message


def repository_root(settings: Settings) -> Path:
    """The git repository that holds the course folder (learners' branches are made there)."""
    folder = settings.course_dir
    if folder.is_dir() and (top := git_ok(folder, "rev-parse", "--show-toplevel")):
        return Path(top)
    raise UserError(
        f"The course folder {settings.course_dir} is not in a git repository, so there is no "
        "branch to publish to. Publish from a clone of the kit (git clone ...), or make one "
        "here with `git init`, then `git add -A` and `git commit`."
    )


def remote_name(root: Path) -> str | None:
    """The remote a publication goes to: origin, else the only or first one."""
    remotes = (git_ok(root, "remote") or "").split()
    if not remotes:
        return None
    return "origin" if "origin" in remotes else remotes[0]


def find_ref(root: Path, name: str) -> str | None:
    """The full name of a branch or tag as this clone knows it: the local branch, else the
    remote's (as last fetched), else a tag; None if it knows none."""
    candidates = [f"refs/heads/{name}"]
    if remote := remote_name(root):
        candidates.append(f"refs/remotes/{remote}/{name}")
    candidates.append(f"refs/tags/{name}")
    for ref in candidates:
        if git_ok(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"):
            return ref
    return None


def last_publication(root: Path, branch: str, remote: str | None) -> str | None:
    """The ref a new publication builds on: the local branch, or the remote's as last fetched
    when it is newer (someone published from another computer); None for a first one."""
    if git_ok(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{branch}"):
        raise UserError(f"'{branch}' is a tag here, not a branch: choose another --branch.", 2)

    def known(ref: str) -> str | None:
        return (
            ref if git_ok(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") else None
        )

    local = known(f"refs/heads/{branch}")
    fetched = known(f"refs/remotes/{remote}/{branch}") if remote else None
    if not (local and fetched):
        return local or fetched
    if git_ok(root, "merge-base", "--is-ancestor", fetched, local) is not None:
        return local  # the same, or published here after the last fetch
    if git_ok(root, "merge-base", "--is-ancestor", local, fetched) is not None:
        return fetched  # published elsewhere since: build on it
    raise UserError(
        f"The branch '{branch}' here and on {remote} have gone different ways (published "
        f"from two computers?). Keep the remote's: `git branch -f {branch} {remote}/{branch}`, "
        "then publish again."
    )


def solutions_on(root: Path, ref: str) -> list[str]:
    """Why the branch or tag `ref` must not reach learners (empty: it holds no solution).

    Checks its files for the units' source folder and for nbgrader's solution and hidden-test
    markers, and its history for the source folder (a clone brings the whole history)."""
    reasons = []
    listing = git(root, "ls-tree", "-r", "--name-only", ref).splitlines()
    tree = [name for name in listing if _SOURCE_FILE.search(name)]
    if tree:
        reasons.append(f"it holds the units with their solutions ({tree[0]} ...)")
    for marker in SOLUTION_MARKERS:
        found = git_ok(root, "grep", "-l", "-F", "-e", marker, ref, "--")
        if found:
            first = found.splitlines()[0].split(":", 1)[-1]
            reasons.append(f"{first} has solution blocks ({marker})")
            break
    if not tree and git(root, "log", "--format=%H", "-n", "1", ref, "--", *SOURCE_PATHS):
        reasons.append(
            "its history holds the units with their solutions (a clone brings them), "
            "for example a branch made from main by hand"
        )
    return reasons


# --- what goes on the branch ----------------------------------------------------------------


def _files_under(base: Path, rel: str) -> list[str]:
    """Files under base/rel (or the file itself), as git sees them there: tracked and new,
    nothing git-ignored; outside a git repository, every file. Paths relative to base."""
    path = base / rel
    if not path.exists():
        raise UserError(
            f"The kit's {rel} is missing in {base}: learners need it. Restore it "
            "(`git checkout -- {rel}`) and publish again."
        )
    listed = git_ok(
        base, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", rel
    )
    if listed is not None and (top := git_ok(base, "rev-parse", "--show-toplevel")):
        prefix = Path(base).resolve().relative_to(Path(top).resolve()).as_posix()
        names = [n for n in listed.split("\0") if n]
        names = [n[len(prefix) + 1 :] if prefix != "." else n for n in names]
    else:
        names = (
            [p.relative_to(base).as_posix() for p in path.rglob("*") if p.is_file()]
            if path.is_dir()
            else [rel]
        )
    return sorted(n for n in names if (base / n).is_file() and not _JUNK.search(n))


def _dockerignore(text: str, carried: set[str]) -> str:
    """binder/.dockerignore for the branch: without the lines that leave out what the branch
    carries (on main, postBuild builds the learner versions again; here they are the course),
    and without git's folder: Binder clones every branch of the repository, main with its
    solutions too, and the image would keep that clone's history."""
    kept = [line for line in text.splitlines() if line.strip().rstrip("/") not in carried]
    return "\n".join([*kept, "# A learners' branch: no git history in the image.", ".git", ""])


def learner_files(settings: Settings, built: Path, lang: str) -> dict[str, tuple[bytes, bool]]:
    """Every file of the learners' branch: path -> (content, executable)."""
    files: dict[str, tuple[bytes, bool]] = {}

    def add(name: str, path: Path) -> None:
        files[name] = (path.read_bytes(), os.access(path, os.X_OK))

    for rel in KIT_FILES:
        for name in _files_under(REPO_ROOT, rel):
            add(name, REPO_ROOT / name)
    for name in _files_under(settings.data_dir, "."):
        add(f"{COURSE}/data/{name}", settings.data_dir / name)
    for path in sorted((built / "release").rglob("*")):
        if path.is_file() and not _JUNK.search(path.as_posix()):
            add(f"{COURSE}/{path.relative_to(built).as_posix()}", path)
    add(f"{COURSE}/{START_PAGE}", built / START_PAGE)
    add(f"{COURSE}/units.yaml", settings.course_dir / "units.yaml")
    from digiculture.translations.catalogs import learner_catalogs

    units = sorted(p.name for p in (built / "release").iterdir() if p.is_dir())
    for name, content in learner_catalogs(lang, units).items():
        files[f"{LOCALE}/{name}"] = (content, False)
    files["README.md"] = (learners_readme(lang).encode("utf-8"), False)
    # binder/start opens JupyterLab in the branch's language (and its kernels speak it).
    files["binder/language"] = (f"{lang}\n".encode(), False)
    ignore = "binder/.dockerignore"
    if ignore in files:
        carried = {f"{COURSE}/release", f"{COURSE}/{START_PAGE}", f"{COURSE}/data"}
        text = _dockerignore(files[ignore][0].decode("utf-8"), carried)
        files[ignore] = (text.encode("utf-8"), False)
    leaked = [n for n in files if n.startswith(f"{COURSE}/source/")]
    if leaked:  # never: the data folder or the kit's files would have to hold a unit's source
        raise UserError(f"{leaked[0]} would be published with the learner versions: move it.")
    return files


def build_learner_versions(
    settings: Settings, lang: str, into: Path, progress: Callable[[str], None] | None = None
) -> list[str]:
    """The learner versions and start page, built by `course build` in a copy of the course."""
    from competence_profile import load_profile
    from competence_profile.units import load_units
    from digiculture.course.build import build_course

    course = settings.course_dir
    if not (course / "source").is_dir():
        raise UserError(
            f"The course folder {course} has no source/ folder with the units: publish from "
            "the kit's notebooks/ folder (the default) or a cohort's course folder."
        )
    into.mkdir(parents=True, exist_ok=True)
    for name in ("units.yaml", "nbgrader_config.py"):
        if (course / name).is_file():
            shutil.copy2(course / name, into / name)
    shutil.copytree(
        course / "source", into / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    build_course(replace(settings, course_dir=into), lang, progress=progress)
    manifest = load_units(into / "units.yaml", load_profile(settings.profile_dir))
    return [u.id for u in manifest.in_learning_order()]


# --- the commit -----------------------------------------------------------------------------


def _identity(root: Path) -> dict[str, str]:
    if git_ok(root, "var", "GIT_AUTHOR_IDENT") and git_ok(root, "var", "GIT_COMMITTER_IDENT"):
        return {}
    return {
        "GIT_AUTHOR_NAME": _IDENTITY["name"],
        "GIT_AUTHOR_EMAIL": _IDENTITY["email"],
        "GIT_COMMITTER_NAME": _IDENTITY["name"],
        "GIT_COMMITTER_EMAIL": _IDENTITY["email"],
    }


def write_tree(root: Path, files: dict[str, tuple[bytes, bool]]) -> str:
    """A git tree of `files`, made in a temporary index (the facilitator's index is left)."""
    with tempfile.TemporaryDirectory(prefix="digiculture-publish-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        entries = []
        for name, (content, executable) in sorted(files.items()):
            blob = git(root, "hash-object", "-w", "--stdin", stdin=content)
            entries.append(f"{'100755' if executable else '100644'} {blob}\t{name}\0")
        index_info = "".join(entries).encode("utf-8")
        git(root, "update-index", "--add", "-z", "--index-info", env=env, stdin=index_info)
        return git(root, "write-tree", env=env)


def _uncommitted(root: Path, paths: list[Path]) -> list[str]:
    inside = []
    for path in paths:
        try:
            inside.append(path.resolve().relative_to(root.resolve()).as_posix() or ".")
        except ValueError:
            continue
    if not inside:
        return []
    changed = git_ok(root, "diff", "--name-only", "HEAD", "--", *inside) or ""
    new = git_ok(root, "ls-files", "--others", "--exclude-standard", "--", *inside) or ""
    return sorted({*changed.splitlines(), *new.splitlines()} - {""})


def _message(lang: str, units: list[str], root: Path, uncommitted: list[str]) -> tuple[str, str]:
    head = git_ok(root, "rev-parse", "--short", "HEAD")
    where = git_ok(root, "symbolic-ref", "--quiet", "--short", "HEAD") or "detached HEAD"
    built_from = f"{head} ({where})" if head else "files not yet committed"
    lines = [
        f"Learner versions ({lang}) of {len(units)} units, built from {built_from}",
        "",
        "Made by `digiculture course publish`: the learner versions, the start page, the",
        "data and the learner helpers, without the units' sources, solutions or hidden tests.",
        "",
        "Units: " + ", ".join(units),
    ]
    if uncommitted:
        lines += ["", "Built with uncommitted changes in:", *(f"  {n}" for n in uncommitted)]
    return "\n".join(lines) + "\n", built_from


def publish(
    settings: Settings,
    lang: str = "en",
    branch: str | None = None,
    push: bool = False,
    remote: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Published:
    """Build the learner versions and commit them to the learners' branch; push if asked."""
    root = repository_root(settings)
    branch = branch or learners_branch(lang)
    if git_ok(root, "check-ref-format", "--branch", branch) is None:
        raise UserError(f"'{branch}' cannot be the name of a git branch: choose another.", 2)
    if push:
        remote = remote or remote_name(root)
        if remote is None:
            raise UserError(
                "This repository has no remote to push to: add one with "
                "`git remote add origin https://github.com/ORG/REPO`, or publish without --push."
            )
        if git_ok(root, "remote", "get-url", remote) is None:
            raise UserError(f"This repository has no remote called '{remote}'.", 2)
    if push:  # build on the remote's latest publication (someone may have published since)
        fetch_branch(root, remote, branch)
    parent_ref = last_publication(root, branch, remote or remote_name(root))
    if parent_ref:
        reasons = solutions_on(root, parent_ref)
        if reasons:
            raise UserError(
                f"The branch '{branch}' exists and must not reach learners: "
                f"{'; '.join(reasons)}. Publishing on top of it would keep that. Publish to "
                "a new branch (--branch learners-2027), or delete this one first "
                f"(`git branch -D {branch}`, and on the remote)."
            )
    with tempfile.TemporaryDirectory(prefix="digiculture-learners-") as tmp:
        units = build_learner_versions(settings, lang, Path(tmp) / "course", progress)
        files = learner_files(settings, Path(tmp) / "course", lang)
    tree = write_tree(root, files)
    parent = git(root, "rev-parse", f"{parent_ref}^{{commit}}") if parent_ref else None
    changed = parent is None or git(root, "rev-parse", f"{parent}^{{tree}}") != tree
    sources = [settings.course_dir, settings.data_dir, *(REPO_ROOT / p for p in KIT_FILES)]
    uncommitted = _uncommitted(root, sources)
    message, built_from = _message(lang, units, root, uncommitted)
    if changed:
        commit = git(
            root,
            "commit-tree",
            tree,
            *(["-p", parent] if parent else []),
            "-F",
            "-",
            env=_identity(root),
            stdin=message.encode("utf-8"),
        )
        old = git_ok(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}") or ""
        # Only if the branch is still where it was (another publication did not move it).
        git(root, "update-ref", "-m", "publish", f"refs/heads/{branch}", commit, old)
    else:
        commit = parent
        if parent_ref != f"refs/heads/{branch}":  # the remote's is newer: the local follows
            old = git_ok(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}") or ""
            git(root, "update-ref", f"refs/heads/{branch}", commit, old)
    result = Published(branch, commit, changed, units, len(files), root, built_from, uncommitted)
    if push:
        try:
            result.pushed_to, result.push_note = push_branch(root, remote, branch)
        except UserError:
            if changed:  # the branch goes back to where it was: publish again later
                ref = f"refs/heads/{branch}"
                git(root, "update-ref", ref, old, commit) if old else git(
                    root, "update-ref", "-d", ref, commit
                )
            raise
    return result


def fetch_branch(root: Path, remote: str, branch: str) -> None:
    """Bring the remote's learners' branch up to date here (nothing if it has none yet)."""
    refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    out = _run_git(root, ["fetch", "--quiet", remote, refspec], None, None)
    said = out.stderr.decode(errors="replace").strip()
    if out.returncode != 0 and "couldn't find remote ref" not in said:
        url = git_ok(root, "remote", "get-url", remote) or remote
        last = said.splitlines()[-1] if said else "no answer"
        raise UserError(
            f"The remote {remote} ({url}) could not be reached ({last}). Check its address "
            "and your login or key, then publish again with --push."
        )


def push_branch(root: Path, remote: str, branch: str) -> tuple[str, str]:
    """Push the learners' branch; (where, git's short note). A clear error if it is refused."""
    url = git_ok(root, "remote", "get-url", remote) or remote
    out = _run_git(
        root,
        ["push", "--porcelain", remote, f"refs/heads/{branch}:refs/heads/{branch}"],
        None,
        None,
    )
    said = (out.stdout + out.stderr).decode(errors="replace")
    if out.returncode != 0:
        if "non-fast-forward" in said or "[rejected]" in said or "fetch first" in said:
            raise UserError(
                f"{remote} ({url}) has a newer '{branch}' than this clone (someone else "
                f"published?). Fetch it with `git fetch {remote}`, then publish again: "
                "the new publication then builds on it."
            )
        lines = [ln.strip() for ln in said.splitlines() if ln.strip()]
        told = [ln for ln in lines if not ln.startswith(("To ", "Done", "hint:"))][-4:]
        raise UserError(
            f"Pushing '{branch}' to {remote} ({url}) failed: {' '.join(told)}. Check that you "
            "may push there (your login or key), then publish again with --push."
        )
    note = "it was already there" if "[up to date]" in said else "pushed"
    return f"{remote} ({url})", note
