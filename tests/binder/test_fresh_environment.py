"""Binder's environment, built fresh from binder/requirements.txt and binder/postBuild, runs
every learner version from the learners' branch (`digiculture course publish`), and
binder/start opens the course's start page in the learner's view there."""

from __future__ import annotations

import json
import secrets
import subprocess
import urllib.request
from pathlib import Path

import pytest

from digiculture.server import LocalServer, free_port
from tests.units.conftest import MANIFEST, UNIT_IDS

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent

#: What a blank learner version may show: the checks say "not answered yet" (the kit's
#: check.NotYet, an AssertionError), an answer cell may keep nbgrader's default stub
#: (NotImplementedError), and a cell tagged "raises-exception" fails on purpose.
EXPECTED_IN_CHECKS = {"NotYet", "AssertionError"}
EXPECTED_IN_ANSWERS = {"NotImplementedError"}


def test_postbuild_releases_every_unit_and_keeps_no_grading_state(binder_build):
    for repo in (binder_build.main, binder_build.repo):  # built by postBuild; published
        course = repo / "notebooks"
        for unit_id in UNIT_IDS:
            assert (course / "release" / unit_id / f"{unit_id}.ipynb").is_file(), unit_id
        assert (course / "start_here.ipynb").is_file()
        assert not (course / "gradebook.db").exists()
        assert not (repo / "var").exists()
    print(f"fresh Binder environment: {binder_build.seconds}")


def test_the_learners_branch_has_no_source_and_its_own_history(binder_build):
    learners = binder_build.repo
    assert not (learners / "notebooks" / "source").exists()
    assert not (learners / "tests").exists() and not (learners / "cohorts").exists()
    log = subprocess.run(
        ["git", "-C", str(learners), "log", "--format=%s"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert len(log) == 1 and log[0].startswith("Learner versions (en) of")


@pytest.fixture(scope="module")
def blank_runs(binder_build) -> list[dict]:
    """Every released unit run top to bottom, unanswered, by the fresh environment's Python."""
    release = binder_build.repo / "notebooks" / "release"
    notebooks = [str(release / u / f"{u}.ipynb") for u in UNIT_IDS]
    out = subprocess.run(
        [str(binder_build.bin / "python"), str(HERE / "execute_units.py"), *notebooks],
        capture_output=True,
        text=True,
        env=binder_build.env,
        cwd=binder_build.repo,
        timeout=400,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


def test_kernels_use_the_fresh_environment_and_its_kit(binder_build, blank_runs):
    probe = blank_runs[0]
    assert probe["notebook"] == "probe" and not probe["errors"], probe
    prefix, kit = probe["outputs"][0].split()
    assert Path(prefix) == binder_build.venv
    assert Path(kit).is_relative_to(binder_build.repo)


def _unexpected(error: dict) -> bool:
    if "raises-exception" in error["tags"]:
        return False
    if error["role"] == "test":
        return error["ename"] not in EXPECTED_IN_CHECKS
    if error["role"] == "answer":
        return error["ename"] not in EXPECTED_IN_ANSWERS
    return True  # set-up, examples, data loading: no error is acceptable


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_blank_learner_version_runs_without_unexpected_errors(unit_id, blank_runs):
    run = next(r for r in blank_runs if f"/{unit_id}.ipynb" in r["notebook"])
    assert run["crash"] is None, f"the kernel did not finish the notebook: {run['crash']}"
    assert run["ran"] == run["code_cells"], "some code cells did not run"
    unexpected = [e for e in run["errors"] if _unexpected(e)]
    assert unexpected == [], "\n".join(
        f"cell {e['cell']} ({e['role']}, {e['grade_id']}): {e['ename']}: {e['evalue']}"
        for e in unexpected
    )
    checks = [e for e in run["errors"] if e["role"] == "test"]
    assert checks, "a blank notebook should leave at least one check not passed"
    title = MANIFEST.unit(unit_id).title["en"]
    assert any(f"Welcome to '{title}'" in text for text in run["outputs"]), "no greeting"


def _get(url: str, token: str) -> tuple[str, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.geturl(), response.read()


def test_binder_start_opens_the_start_page_in_the_learner_view(binder_build):
    """As Binder does: binder/start, then the Jupyter server, at the repository's root."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        str(binder_build.repo / "binder" / "start"),
        str(binder_build.bin / "python"),
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
    ]
    server = LocalServer(
        "JupyterLab (Binder)",
        argv,
        port,
        f"/api/status?token={token}",
        env=binder_build.env,
        cwd=binder_build.repo,
    )
    with server:
        landed, page = _get(server.base_url + "/", token)
        assert landed.endswith("/lab/tree/notebooks/start_here.ipynb")
        config = page.decode()
        assert "@jupyter/nbgrader:create-assignment" in config  # nbgrader's authoring is off
        _, listing = _get(server.base_url + "/api/contents/notebooks", token)
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"release", "start_here.ipynb"} <= names
        assert not names & {"source", "units.yaml", "gradebook.db", "nbgrader_config.py"}
        unit = UNIT_IDS[0]
        _, notebook = _get(
            f"{server.base_url}/api/contents/notebooks/release/{unit}/{unit}.ipynb", token
        )
        assert json.loads(notebook)["type"] == "notebook"
