"""When the app cannot start, the light page says so in the visitor's language."""

from __future__ import annotations

import dataclasses
import os
import shutil

import pytest

from digiculture.assessment_setup import load_assessment
from digiculture.self_assessment.page import self_assessment_server
from digiculture.server import free_port
from digiculture.settings import Settings
from tests.browser import chromium_page

pytestmark = pytest.mark.slow


def test_an_app_that_cannot_start_gets_a_sentence_not_a_traceback(tmp_path, repo):
    # The kit's Voilà set-up, with a notebook that stops with an error.
    apps = tmp_path / "apps"
    apps.mkdir()
    (apps / "jupyter").symlink_to(Settings.load().apps_dir / "jupyter")
    shutil.copy(Settings.load().apps_dir / "voila.json", apps)
    shutil.copy(
        repo / "tests/fixtures/apps/self_assessment_fails.ipynb", apps / "self_assessment.ipynb"
    )
    settings = dataclasses.replace(Settings.load(), apps_dir=apps, state_dir=tmp_path / "state")
    server, url = self_assessment_server(
        free_port(), settings, pool_size=1, env=dict(os.environ), log_path=tmp_path / "voila.log"
    )
    italian = load_assessment(settings, with_store=False).local("it")[1].ui
    with server, chromium_page() as page:
        page.goto(url + "?lang=it", timeout=120_000)
        alert = page.locator("#kit-status[role=alert]")
        alert.wait_for(timeout=60_000)
        assert alert.inner_text() == italian["page_failed"]
        shown = page.inner_text("body")
        assert "RuntimeError" not in shown and "Traceback" not in shown
        assert page.evaluate("document.documentElement.lang") == "it"
    # The facilitator finds the reason in the server's log.
    assert "the item bank could not be read" in (tmp_path / "voila.log").read_text()
