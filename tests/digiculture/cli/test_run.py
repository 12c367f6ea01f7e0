"""`course build` and `run` (what `make run` starts), on a copy of the kit's course."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

from digiculture.settings import Settings
from tests.digiculture.cli.conftest import BIN, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_course(tmp_path_factory):
    """A copy of the course, built with the German start page."""
    course = tmp_path_factory.mktemp("course")
    src = Settings.load().course_dir
    shutil.copytree(src / "source", course / "source")
    shutil.copy(src / "units.yaml", course / "units.yaml")
    shutil.copy(src / "nbgrader_config.py", course / "nbgrader_config.py")
    out = run_cli("course", "build", "--lang", "de", "--course-dir", str(course))
    assert out.returncode == 0, out.stderr
    return course


def test_build_releases_every_unit_and_a_start_page(built_course):
    units = sorted(p.name for p in (built_course / "source").iterdir())
    released = sorted(p.name for p in (built_course / "release").iterdir())
    assert released == units
    page = json.loads((built_course / "start_here.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in page["cells"])
    assert "Willkommen" in text
    for unit in units:
        assert f"(release/{unit}/{unit}.ipynb)" in text
    assert not any(c["cell_type"] == "code" for c in page["cells"])


def test_build_refuses_an_unknown_language(tmp_path):
    out = run_cli("course", "build", "--lang", "xx", "--course-dir", str(tmp_path))
    assert out.returncode == 2 and "Unknown language 'xx'" in out.stderr


def test_run_refuses_a_language_the_course_does_not_have(tmp_path):
    out = run_cli("run", "--lang", "xx", "--course-dir", str(tmp_path))
    assert out.returncode == 2 and "the course languages are en, de, it, hr, el, pt" in out.stderr
    assert "Traceback" not in out.stderr
    # DIGICULTURE_LANG (as Binder and the hub set it) is the default of --lang.
    env = dict(os.environ, DIGICULTURE_LANG="xx")
    out = run_cli("run", "--course-dir", str(tmp_path), env=env)
    assert out.returncode == 2 and "cannot be started in 'xx'" in out.stderr


def test_run_prints_urls_that_answer_and_stops_on_ctrl_c(built_course, tmp_path):
    env = dict(os.environ, DIGICULTURE_STATE_DIR=str(tmp_path / "state"))
    proc = subprocess.Popen(
        [
            str(BIN),
            "run",
            "--port",
            "0",
            "--assessment-port",
            "0",
            "--lang",
            "de",
            "--course-dir",
            str(built_course),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
        # As when started in the background by a shell (CI does): Ctrl-C arrives ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 120
        urls: list[str] = []
        while time.monotonic() < deadline and len(urls) < 2:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            urls += re.findall(r"(http://127\.0\.0\.1:\d+/\S*)", line)
        assert len(urls) == 2, "two URLs should be printed:\n" + "".join(lines)
        url, assessment_url = urls
        assert "start_here.ipynb" in url and "token=" in url
        assert assessment_url.endswith("?lang=de")
        with urllib.request.urlopen(assessment_url, timeout=120) as response:
            assert response.status == 200  # Voilà serves the self-assessment
            assert "kit-light.js" in response.read().decode()  # on the kit's light page
        assert not any("Preparing" in line for line in lines), "nothing was stale"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert "JupyterLab" in response.read().decode()
        base, token = url.split("/lab/")[0], url.split("token=")[1]
        api = f"{base}/api/contents/release/u01_jupyter_first_steps?token={token}"
        with urllib.request.urlopen(api, timeout=30) as response:
            assert response.status == 200  # learners reach the released units
        # JupyterLab in German: the translation extension's locale defaults to the pack's.
        plugin = "@jupyterlab/translation-extension:plugin"
        with urllib.request.urlopen(f"{base}/lab/api/settings/{plugin}?token={token}") as r:
            assert json.loads(r.read())["schema"]["properties"]["locale"]["default"] == "de_DE"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            logs = tmp_path / "state" / "logs"
            tails = "".join(
                f"\n--- {log.name} (end) ---\n" + "".join(log.read_text().splitlines(True)[-15:])
                for log in sorted(logs.glob("*.log"))
            )
            pytest.fail("`digiculture run` did not stop within 30 s of Ctrl-C" + tails)
    assert proc.returncode == 0
    assert (tmp_path / "state" / "logs" / "jupyterlab.log").is_file()
    assert (tmp_path / "state" / "logs" / "voila.log").is_file()
