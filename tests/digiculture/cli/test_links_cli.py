"""`digiculture links` as a facilitator runs it."""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qs, urlsplit

UNIT = "u05_copyright_and_licences"


def test_links_for_a_unit_on_binder_and_a_hub(cli):
    out = cli(
        "links",
        "--unit",
        "u05",
        "--repo",
        "glam-org/course-kit",
        "--hub",
        "https://hub.example.org",
    )
    assert out.returncode == 0, out.stderr
    assert (
        f"Links to {UNIT}" in out.stdout and "https://github.com/glam-org/course-kit" in out.stdout
    )
    binder, hub = [line.strip() for line in out.stdout.splitlines() if "://" in line][1:]
    assert urlsplit(binder).path == "/v2/gh/glam-org/course-kit/main"
    assert parse_qs(urlsplit(binder).query)["urlpath"] == [
        f"lab/tree/notebooks/release/{UNIT}/{UNIT}.ipynb"
    ]
    assert parse_qs(urlsplit(hub).query)["urlpath"] == [
        f"lab/tree/course-kit/notebooks/release/{UNIT}/{UNIT}.ipynb"
    ]


def test_links_json_from_the_settings(cli):
    env = dict(
        os.environ,
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


def test_unknown_unit_names_the_known_ones(cli):
    out = cli("links", "--unit", "u42_nothing", "--repo", "glam-org/course-kit")
    assert out.returncode == 2
    assert "'u42_nothing' is not a unit of this course" in out.stderr
    assert "u01_jupyter_first_steps" in out.stderr and "Traceback" not in out.stderr
