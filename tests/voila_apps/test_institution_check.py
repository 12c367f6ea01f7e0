"""The director of a 3-person museum does the institution's check with two colleagues, in a
real browser (headless Chromium) on a real Voilà: she opens the page with her director key,
fills in the seven areas, saves, and gets the plan in German with its downloads; a year later
the second check shows the change. No console error, no serious accessibility problem."""

from __future__ import annotations

import base64
import os

import pytest

from assessment.service import Assessment
from assessment.store import ResultStore
from digiculture.assessment_setup import load_assessment
from digiculture.institutions.registry import Registry
from digiculture.institutions.texts import agenda
from digiculture.server import free_port, voila_app
from digiculture.settings import Settings
from tests.browser import chromium_page, serious_accessibility_violations
from tests.digiculture.institutions.conftest import kleinbach_staff

pytestmark = pytest.mark.slow
WAIT = 240_000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("institution-check")
    url = f"sqlite:///{folder / 'results.sqlite'}"
    museum = Registry(url).add("Heimatmuseum Kleinbach", "museum", "1-4", "DE", "de")
    base = load_assessment(with_store=False)
    stored = Assessment(base.profile, base.bank, base.manifest, ResultStore(url))
    kleinbach_staff(stored, museum.name)
    state = folder / "state"
    state.mkdir()
    env = {**os.environ, "DIGICULTURE_STATE_DIR": str(state), "DIGICULTURE_STORE_URL": url}
    server, address = voila_app(
        Settings.load().apps_dir / "institution_check.ipynb",
        free_port(),
        env=env,
        log_path=state / "voila.log",
    )
    with server:
        yield address, museum


def _check(page, key: str, day: str, levels: dict[str, tuple[int, int]]) -> None:
    page.locator(".kit-key input").fill(key)
    page.locator("button.kit-open").click()
    page.locator(".kit-area").first.wait_for(timeout=WAIT)
    page.locator(".kit-participants input").fill("Anna Weber (Leitung), Jonas Keller, Petra Lang")
    page.locator(".kit-check-date input").fill(day)
    for area in agenda():
        now, target = levels[area.id]
        page.locator(f".kit-now-{area.id} select").select_option(index=now)
        page.locator(f".kit-target-{area.id} select").select_option(index=target)
        page.locator(f".kit-notes-{area.id} textarea").fill(f"Besprochen am {day}")
    page.locator("button.kit-save").click()


def test_a_director_does_the_check_with_two_colleagues_and_sees_the_change(served, artifacts):
    address, museum = served
    first = {a.id: (1, 2) for a in agenda()}
    second = dict(first, strategy=(2, 3), collections=(2, 3))
    with chromium_page(viewport={"width": 1200, "height": 1400}) as page:
        page.goto(address, timeout=WAIT)
        page.locator(".kit-key input").wait_for(timeout=WAIT)
        page.locator(".kit-key input").fill("Heimatmuseum Kleinbach")  # a name opens nothing
        page.locator("button.kit-open").click()
        page.locator(".kit-key-wrong").wait_for(timeout=WAIT)
        _check(page, museum.director_key.lower(), "2025-12-01", first)
        page.locator(".kit-saved").wait_for(timeout=WAIT)
        plan = page.locator(".kit-plan")
        plan.wait_for(timeout=WAIT)
        assert "Entwicklungsplan: Heimatmuseum Kleinbach" in plan.inner_text()
        assert page.locator("html").get_attribute("lang") in ("de", None, "en")
        staff = page.locator(".kit-staff").inner_text()
        assert "Anna Weber" in staff and "Jonas Keller" in staff and "weniger als 5" in staff
        pdf_link = page.locator("a.kit-download-pdf")
        assert pdf_link.get_attribute("download") == "development-plan.pdf"
        pdf = base64.b64decode(pdf_link.get_attribute("href").split(",", 1)[1])
        assert pdf.startswith(b"%PDF")
        problems = serious_accessibility_violations(page)
        page.screenshot(path=str(artifacts / "institution_check.png"), full_page=True)
        assert not [e for e in page.errors if "favicon" not in e], page.errors

    with chromium_page(viewport={"width": 1200, "height": 1400}) as page:  # a year later
        page.goto(address, timeout=WAIT)
        page.locator(".kit-key input").wait_for(timeout=WAIT)
        _check(page, museum.director_key, "2026-11-30", second)
        page.locator(".kit-saved").wait_for(timeout=WAIT)
        change = page.locator(".kit-plan .kit-change")
        change.wait_for(timeout=WAIT)
        assert (
            "Veränderung seit dem Check vom 1. Dezember 2025"
            in page.locator(".kit-plan").inner_text()
        )
        assert "Ziel erreicht" in change.inner_text()
        page.screenshot(path=str(artifacts / "institution_check_second.png"), full_page=True)
        assert not [e for e in page.errors if "favicon" not in e], page.errors
    assert problems == [], f"serious accessibility problems: {problems}"
