"""`digiculture course publish`: the learners' branch of a clone holds every learner version and
what runs them, and no unit's source, solution or hidden test, not even in its history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from digiculture.course.publish import KIT_FILES, learners_branch, publish, solutions_on
from digiculture.errors import UserError
from digiculture.settings import REPO_ROOT, Settings
from tests.digiculture.learners_branch import (
    clone_kit,
    git,
    leaked_lines,
    paths_in_history,
    secret_lines,
)
from tests.units.conftest import UNIT_IDS

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "digiculture"


def settings_of(clone: Path) -> Settings:
    return Settings.load(
        environ={}, course_dir=clone / "notebooks", data_dir=clone / "notebooks" / "data"
    )


def retitle(source: Path, title: str) -> None:
    """A facilitator's edit of a unit: a new first line of its first text cell."""
    nb = json.loads(source.read_text())
    first_text = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    first_text["source"] = [f"# {title}\n", *first_text["source"][1:]]
    source.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def facilitator_state(clone: Path) -> dict:
    """What publishing must leave as it is: the current branch, the index, the working tree."""
    return {
        "head": git(clone, "symbolic-ref", "HEAD"),
        "commit": git(clone, "rev-parse", "HEAD"),
        "index": (clone / ".git" / "index").read_bytes(),
        "status": git(clone, "status", "--porcelain", "--ignored"),
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A clone of the kit, with a facilitator's uncommitted edit, published once (en)."""
    root = tmp_path_factory.mktemp("publish")
    clone = clone_kit(root / "kit")
    readme = clone / "notebooks" / "data" / "README.md"
    readme.write_text(readme.read_text() + "\nA line the facilitator has not committed yet.\n")
    before = facilitator_state(clone)
    result = publish(settings_of(clone))
    return clone, result, before


def test_the_branch_holds_every_learner_version_and_what_runs_them(published):
    clone, result, _ = published
    assert result.changed and result.branch == "learners" == learners_branch("en")
    files = set(git(clone, "ls-tree", "-r", "--name-only", "learners").splitlines())
    for unit_id in UNIT_IDS:
        assert f"notebooks/release/{unit_id}/{unit_id}.ipynb" in files, unit_id
    assert result.units == UNIT_IDS
    data = {p.relative_to(clone).as_posix() for p in (clone / "notebooks" / "data").iterdir()}
    assert data <= files
    for needed in (
        "notebooks/start_here.ipynb",
        "README.md",
        "pyproject.toml",
        "binder/requirements.txt",
        "binder/runtime.txt",
        "binder/postBuild",
        "binder/start",
        "binder/jupyter_config/jupyter_server_config.json",
        "digiculture/learn/__init__.py",
        "digiculture/settings.py",
        "digiculture/jupyter_config/learner_view/jupyter_server_config.json",
        "digiculture/jupyter_config/lab_language/en/labconfig/default_setting_overrides.json",
        "jupyterlab_language_pack_hr_HR/__init__.py",
        "jupyterlab_language_pack_hr_HR/locale/hr_HR/LC_MESSAGES/jupyterlab.po",
        "jupyterlab_language_pack_el_GR/__init__.py",
        "jupyterlab_language_pack_el_GR/locale/el_GR/LC_MESSAGES/jupyterlab.po",
        "digiculture/lab_pack.py",
        "notebooks/units.yaml",
    ):
        assert needed in files, needed
    # binder/start opens JupyterLab in the branch's language.
    assert git(clone, "show", "learners:binder/language") == "en"
    modes = git(clone, "ls-tree", "-r", "learners", "binder/postBuild", "binder/start")
    assert [line.split()[0] for line in modes.splitlines()] == ["100755", "100755"]
    start = json.loads(git(clone, "show", "learners:notebooks/start_here.ipynb"))
    links = "".join("".join(c["source"]) for c in start["cells"])
    assert all(f"release/{u}/{u}.ipynb" in links for u in UNIT_IDS)
    # The uncommitted edit is published as it is, and the commit message says so.
    assert "has not committed yet" in git(clone, "show", "learners:notebooks/data/README.md")
    assert "notebooks/data/README.md" in git(clone, "log", "-1", "--format=%B", "learners")


def test_no_source_no_solution_no_hidden_test_anywhere_in_the_branch(published):
    clone, _, _ = published
    paths = paths_in_history(clone, "learners")
    for forbidden in ("notebooks/source/", "tests/", "cohorts/", "var/"):
        assert not [p for p in paths if p.startswith(forbidden)], forbidden
    for name in ("gradebook.db", "nbgrader_config.py", "authoring.py", "nbgrader_ops.py"):
        assert not [p for p in paths if p.endswith(name)], name
    secrets = secret_lines(clone / "notebooks" / "source")
    assert len(secrets) > 100  # every unit has solutions and hidden tests
    assert leaked_lines(clone, "learners", secrets) == []
    # The same search finds them on the facilitator's branch: it would see a leak.
    assert len(leaked_lines(clone, "HEAD", secrets, history=False)) >= len(secrets)
    assert solutions_on(clone, "refs/heads/learners") == []
    assert solutions_on(clone, "HEAD")


def test_the_branch_has_its_own_history_and_the_facilitator_keeps_theirs(published):
    clone, result, before = published
    assert git(clone, "rev-list", "learners").splitlines() == [result.commit]  # a root commit
    merge_base = subprocess.run(["git", "-C", str(clone), "merge-base", "HEAD", "learners"])
    assert merge_base.returncode == 1  # nothing in common with the facilitator's branch
    assert facilitator_state(clone) == before
    assert not (clone / "notebooks" / "release").exists()


def test_the_learners_kit_has_every_module_the_learner_versions_import(published, tmp_path):
    """The learner versions' imports, run with only the branch's kit on the path."""
    clone, _, _ = published
    checkout = tmp_path / "learners"
    subprocess.run(["git", "clone", "-q", "-b", "learners", str(clone), str(checkout)], check=True)
    imports = set()
    for unit_id in UNIT_IDS:
        nb = json.loads((checkout / f"notebooks/release/{unit_id}/{unit_id}.ipynb").read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                text = "".join(cell["source"])
                imports |= {
                    line.strip()
                    for line in text.splitlines()
                    if line.startswith(("import ", "from ")) and "digiculture" in line
                }
    assert imports
    greet = "from digiculture.learn.friendly import start_unit\nstart_unit('u03_collection_tables')"
    report = (
        "print(json.dumps({n: getattr(m, '__file__', '') for n, m in sys.modules.items() "
        "if n.split('.')[0] in ('digiculture', 'competence_profile', 'assessment')}))"
    )
    # Binder's postBuild compiles the kit's JupyterLab packs with the branch's own code.
    packs = "from digiculture.lab_pack import compile_all\nassert len(compile_all(force=True)) == 8"
    probe = "\n".join([*sorted(imports), greet, packs, "import sys, json", report])
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(checkout)!r})\n{probe}"],
        capture_output=True,
        text=True,
        cwd=checkout,
    )
    assert out.returncode == 0, out.stderr
    # The greeting names the unit by its title (units.yaml, read through the profile).
    assert "Welcome to 'Collection data as tables" in out.stdout
    files = json.loads(out.stdout.splitlines()[-1])
    assert all(Path(f).is_relative_to(checkout) for f in files.values() if f), files
    kit = [p for p in KIT_FILES if p.startswith("digiculture/") and p.endswith(".py")]
    assert {f"{checkout}/{p}" for p in kit} <= set(files.values())


def test_publishing_again_commits_nothing_new_then_builds_on_the_last(published):
    clone, first, _ = published
    again = publish(settings_of(clone))
    assert not again.changed and again.commit == first.commit
    assert git(clone, "rev-list", "--count", "learners") == "1"
    # A facilitator improves a unit: the next publication is one commit on the last one.
    source = clone / "notebooks/source/u03_collection_tables/u03_collection_tables.ipynb"
    retitle(source, "A clearer title")
    third = publish(settings_of(clone))
    assert third.changed
    assert git(clone, "rev-list", "--parents", "-n", "1", "learners").split() == [
        third.commit,
        first.commit,
    ]
    changed = git(clone, "diff", "--name-only", first.commit, third.commit).splitlines()
    assert changed == ["notebooks/release/u03_collection_tables/u03_collection_tables.ipynb"]
    assert "A clearer title" in git(clone, "show", f"{third.commit}:{changed[0]}")
    git(clone, "checkout", "--", str(source))


def test_push_to_the_remote_and_a_remote_that_moved_on(published, tmp_path):
    clone, _, _ = published
    bare = tmp_path / "course.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(clone, "remote", "add", "pub", str(bare))
    pushed = publish(settings_of(clone), push=True, remote="pub")
    assert pushed.pushed_to == f"pub ({bare})" and pushed.push_note == "pushed"
    assert git(bare, "rev-parse", "learners") == git(clone, "rev-parse", "learners")
    assert publish(settings_of(clone), push=True, remote="pub").push_note != "pushed"
    # Someone else published from another clone since.
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", "-b", "learners", str(bare), str(other)], check=True)
    (other / "README.md").write_text("changed elsewhere\n")
    git(other, "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "-qam", "x")
    git(other, "push", "-q", "origin", "learners")
    theirs = git(other, "rev-parse", "HEAD")
    source = clone / "notebooks/source/u01_jupyter_first_steps/u01_jupyter_first_steps.ipynb"
    retitle(source, "First steps, again")
    try:
        # A publication with --push fetches theirs first and builds on it.
        again = publish(settings_of(clone), push=True, remote="pub")
        assert again.changed and again.push_note == "pushed"
        assert git(clone, "rev-parse", f"{again.commit}^") == theirs
        assert git(bare, "rev-parse", "learners") == again.commit
        assert git(bare, "show", "learners:README.md") != "changed elsewhere"
        # A remote that refuses the push: a clear sentence, and the branch stays as it was.
        hook = bare / "hooks" / "pre-receive"
        hook.write_text("#!/bin/sh\necho 'the course repository is read-only' >&2\nexit 1\n")
        hook.chmod(0o755)
        retitle(source, "First steps, once more")
        with pytest.raises(UserError, match="Pushing 'learners' to pub .* failed.*read-only"):
            publish(settings_of(clone), push=True, remote="pub")
        assert git(clone, "rev-parse", "learners") == again.commit
    finally:
        git(clone, "checkout", "--", str(source))
    with pytest.raises(UserError, match="no remote called 'nowhere'"):
        publish(settings_of(clone), push=True, remote="nowhere")


def test_a_branch_made_by_hand_from_main_is_refused(published):
    clone, _, _ = published
    git(clone, "branch", "learners-by-hand", "HEAD")
    with pytest.raises(UserError, match="must not reach learners.*units with their solutions"):
        publish(settings_of(clone), branch="learners-by-hand")
    with pytest.raises(UserError, match="cannot be the name of a git branch"):
        publish(settings_of(clone), branch="two words")


def test_a_course_outside_git_is_a_clear_error(tmp_path):
    course = tmp_path / "notebooks"
    course.mkdir()
    with pytest.raises(UserError, match="is not in a git repository.*git init"):
        publish(Settings.load(environ={}, course_dir=course))


def test_cli_publishes_a_language_and_links_use_its_branch(published):
    clone, _, _ = published
    env = {
        "PATH": f"{BIN.parent}:/usr/bin:/bin",
        "HOME": str(clone),
        "DIGICULTURE_COURSE_DIR": str(clone / "notebooks"),
        "DIGICULTURE_DATA_DIR": str(clone / "notebooks" / "data"),
    }

    def run(*args):
        return subprocess.run(
            [str(BIN), *args], capture_output=True, text=True, env=env, timeout=300
        )

    out = run("links", "--repo", "glam-org/course-kit", "--lang", "de")
    assert out.returncode == 1 and "digiculture course publish --lang de --push" in out.stderr
    out = run("course", "publish", "--lang", "de")
    assert out.returncode == 0, out.stderr
    assert "to the branch 'learners-de'" in out.stdout and "No unit's source" in out.stdout
    assert "Willkommen" in git(clone, "show", "learners-de:notebooks/start_here.ipynb")
    assert "für Teilnehmende" in git(clone, "show", "learners-de:README.md")
    # The units in German: the kernel is told, and the branch carries the German catalogs it
    # reads (compiled: a learners' branch has no command to compile them), no other language's.
    u03 = "u03_collection_tables"
    unit = git(clone, "show", f"learners-de:notebooks/release/{u03}/{u03}.ipynb")
    assert f'start_unit(\\"{u03}\\", language=\\"de\\")' in unit
    catalogs = git(clone, "ls-tree", "-r", "--name-only", "learners-de", "digiculture/locale")
    assert set(catalogs.splitlines()) == {
        f"digiculture/locale/de/LC_MESSAGES/{domain}.mo" for domain in ("learn", *UNIT_IDS)
    }
    out = run("course", "publish", "--lang", "de")
    assert out.returncode == 0 and "Nothing new to publish" in out.stdout, out.stderr
    out = run("links", "--repo", "glam-org/course-kit", "--lang", "de", "--unit", "u03", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["binder"].startswith(
        "https://mybinder.org/v2/gh/glam-org/course-kit/learners-de?"
    )
    assert "not on origin yet" in out.stderr  # published here, not pushed
    branch = git(clone, "symbolic-ref", "--short", "HEAD")
    out = run("links", "--repo", "glam-org/course-kit", "--ref", branch)
    assert out.returncode == 1 and "learners would get the solutions" in out.stderr
    assert "Traceback" not in out.stderr


def test_kit_files_exist():
    for rel in KIT_FILES:
        assert (REPO_ROOT / rel).exists(), rel
