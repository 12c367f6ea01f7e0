"""What the tests of a learners' branch look for: every line of a solution or hidden test of the
source notebooks, and every file a branch's history holds (a clone brings all of it)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

#: nbgrader's regions that a learner must never see, by their first and last line.
REGIONS = {
    "### BEGIN SOLUTION": "### END SOLUTION",
    "### BEGIN HIDDEN TESTS": "### END HIDDEN TESTS",
}


def git(root: Path, *args: str, **kw) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, **kw
    ).stdout.strip()


def clone_kit(target: Path) -> Path:
    """A clone of the kit's repository (its committed state), as a facilitator has one."""
    subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True)
    detached = subprocess.run(["git", "-C", str(target), "symbolic-ref", "-q", "HEAD"])
    if detached.returncode != 0:  # the kit checked out at a commit (as CI does): on a branch
        git(target, "checkout", "-q", "-b", "main")
    git(target, "config", "user.name", "Sofia Facilitator")
    git(target, "config", "user.email", "sofia@example.org")
    return target


def _trivial(line: str) -> bool:
    """A line that says nothing about an answer: blank, only brackets or punctuation, a marker."""
    text = line.strip()
    return not re.search(r"[^\W_]", text) or text in REGIONS or text in REGIONS.values()


def _notebook_lines(text: str) -> set[str]:
    try:
        nb = json.loads(text)
    except ValueError:  # not a notebook after all (a deliberately broken test fixture)
        return set()
    return {line.strip() for c in nb.get("cells", []) for line in "".join(c["source"]).splitlines()}


def secret_lines(source_dir: Path) -> dict[str, str]:
    """Every line of a solution, a hidden test or a written model answer in the source notebooks,
    except lines that the notebooks also show outside them (a worked example's line is public),
    and trivial lines. Line (stripped) -> the unit and grade id it comes from."""
    secret: dict[str, str] = {}
    public: set[str] = set()
    for path in sorted(Path(source_dir).glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            # A written answer cell is replaced whole by nbgrader: all of it is the model answer.
            whole = bool(meta.get("solution")) and cell["cell_type"] == "markdown"
            end = None
            for line in "".join(cell["source"]).splitlines():
                text = line.strip()
                if end is None and text in REGIONS:
                    end = REGIONS[text]
                elif end is not None and text == end:
                    end = None
                elif not _trivial(text):
                    if end is not None or whole:
                        secret.setdefault(text, f"{path.stem} {meta.get('grade_id')}")
                    else:
                        public.add(text)
    return {line: where for line, where in secret.items() if line not in public}


def reachable_files(root: Path, ref: str, history: bool = True) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file in every commit reachable from `ref` (or in its tip)."""
    if history:
        listed = git(root, "rev-list", "--objects", ref).splitlines()
        named = {sha: name for sha, _, name in (line.partition(" ") for line in listed) if name}
    else:
        listed = git(root, "ls-tree", "-r", ref).splitlines()
        named = {meta.split()[2]: name for meta, _, name in (x.partition("\t") for x in listed)}
    if not named:
        return
    batch = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input="\n".join(named).encode(),
        capture_output=True,
        check=True,
    ).stdout
    at = 0
    while at < len(batch):
        header_end = batch.index(b"\n", at)
        sha, kind, size = batch[at:header_end].decode().split()
        body = batch[header_end + 1 : header_end + 1 + int(size)]
        at = header_end + 1 + int(size) + 1
        if kind == "blob":
            yield named[sha], body


def leaked_lines(root: Path, ref: str, secrets: dict[str, str], history: bool = True) -> list[str]:
    """Each secret line found in a file of `ref`'s history: 'path: line (unit grade id)'."""
    found = []
    for name, content in reachable_files(root, ref, history):
        text = content.decode("utf-8", errors="replace")
        lines = {line.strip() for line in text.splitlines()}
        if name.endswith(".ipynb"):
            lines |= _notebook_lines(text)
        found += [f"{name}: {line} ({secrets[line]})" for line in sorted(lines & secrets.keys())]
    return found


def paths_in_history(root: Path, ref: str) -> set[str]:
    """Every path any commit reachable from `ref` has."""
    return {name for name, _ in reachable_files(root, ref)} | set(
        git(root, "log", "--format=", "--name-only", ref).split()
    )
