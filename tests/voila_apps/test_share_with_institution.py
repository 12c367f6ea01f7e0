"""In a real browser: a museum's staff member takes the self-assessment with the link that
carries the museum's staff code, shares the result with the museum by ticking the box, and
withdraws it again; a link with a made-up code says so and attaches nothing."""

from __future__ import annotations

import os

import pytest

from assessment.store import ResultStore
from digiculture.institutions.registry import Registry
from digiculture.self_assessment.page import self_assessment_server
from digiculture.server import free_port
from tests.browser import chromium_page, serious_accessibility_violations
from tests.voila_apps.test_self_assessment_browser import complete_assessment

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    state = tmp_path_factory.mktemp("state")
    store = f"sqlite:///{state / 'results.sqlite'}"
    museum = Registry(store).add("Heimatmuseum Kleinbach", "museum", "1-4", "DE", "de")
    env = {"DIGICULTURE_STATE_DIR": str(state), "DIGICULTURE_STORE_URL": store}
    server, url = self_assessment_server(
        free_port(), pool_size=2, env={**os.environ, **env}, log_path=state / "voila.log"
    )
    with server:
        yield url, ResultStore(store), museum


def test_a_staff_member_shares_the_result_and_withdraws_it(served, artifacts):
    url, store, museum = served
    with chromium_page() as page:
        complete_assessment(
            page, url, artifacts, f"de&institution={museum.staff_code}", None, False
        )
        choice = page.locator(".kit-share-choice")
        choice.wait_for(timeout=60_000)
        assert "Heimatmuseum Kleinbach" in choice.inner_text()
        box = page.locator(".kit-share input[type=checkbox]")
        assert not box.is_checked()  # nothing is shared until the person ticks it
        assert store.shares() == {}
        page.locator(".kit-share-name input").fill("Anna Weber")
        box.check()
        page.locator(".kit-share-status", has_text="Anna Weber").wait_for(timeout=60_000)
        problems = serious_accessibility_violations(page)
        page.screenshot(path=str(artifacts / "self_assessment_share.png"), full_page=True)
        ((code, (institution, name, _)),) = store.shares().items()
        assert (institution, name) == ("Heimatmuseum Kleinbach", "Anna Weber")
        assert store.attempts(code)[0].institution == "Heimatmuseum Kleinbach"
        box.uncheck()
        page.locator(".kit-share-status", has_text="Nicht geteilt").wait_for(timeout=60_000)
        assert store.shares() == {}
        assert not [e for e in page.errors if "favicon" not in e], page.errors
    assert problems == [], f"serious accessibility problems: {problems}"


def test_a_made_up_code_is_told_and_attaches_nothing(served, artifacts):
    url, store, _ = served
    with chromium_page() as page:
        page.goto(url + "?lang=de&institution=Heimatmuseum%20Kleinbach", timeout=120_000)
        note = page.locator("p.kit-link-ignored")
        note.wait_for(timeout=120_000)
        assert "nicht bekannt" in note.inner_text()
