"""The facilitator dashboard on the generated programme, in a real browser, served by a real
Voilà: it opens without a console error, shows the reach against the targets, filters by
cohort and country, offers the CSV, and has no serious accessibility problem."""

from __future__ import annotations

import base64
import os

import pytest

from digiculture.server import free_port, voila_app
from tests.browser import chromium_page, serious_accessibility_violations
from tests.digiculture.outcomes.cohort import generated_programme

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings, summary = generated_programme(tmp_path_factory)
    env = {
        **os.environ,
        "DIGICULTURE_STATE_DIR": str(settings.state_dir),
        "DIGICULTURE_STORE_URL": summary["store_url"],
        "DIGICULTURE_COHORTS_DIR": summary["cohorts_dir"],
    }
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    server, url = voila_app(
        settings.apps_dir / "facilitator_dashboard.ipynb",
        free_port(),
        env=env,
        log_path=settings.state_dir / "voila.log",
    )
    with server:
        yield url, summary


def test_dashboard_opens_filters_and_offers_the_csv(served, artifacts):
    url, summary = served
    with chromium_page(viewport={"width": 1280, "height": 1600}) as page:
        page.goto(url, timeout=240_000)
        page.locator(".kit-table-funnel").wait_for(timeout=240_000)
        reached = page.locator(".kit-target-reached .kit-value").inner_text()
        assert reached.split()[:3] == ["400", "of", "400"]
        assert page.locator(".kit-table-funnel tbody tr").count() == 12
        problems = serious_accessibility_violations(page)
        page.screenshot(path=str(artifacts / "facilitator_dashboard.png"), full_page=True)

        page.locator(".kit-filter-cohort select").select_option(label="2026-autumn")
        page.locator(".kit-report", has_text="2026-autumn · all countries").wait_for()
        rows = page.locator(".kit-table-selection tbody tr")
        assert rows.nth(1).locator("td").inner_text() == "62"  # enrolled in the autumn cohort
        page.locator(".kit-filter-cohort select").select_option(label="2026-spring")
        page.locator(".kit-filter-country select").select_option(label="Cyprus (CY)")
        page.locator(".kit-report", has_text="2026-spring · CY").wait_for()
        text = page.locator(".kit-dashboard-body").inner_text()
        assert "fewer than 5" in text  # a small count is not shown as a number
        page.locator(".kit-table-by_country").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "facilitator_dashboard_spring_cy.png"))

        link = page.locator("a.kit-download-csv")
        assert link.get_attribute("download") == "programme-2026-spring-CY.csv"
        csv_text = base64.b64decode(link.get_attribute("href").split(",", 1)[1]).decode()
        assert csv_text.startswith("section,row,column,value")
        assert "Unit completion funnel" in csv_text
        assert not [e for e in page.errors if "favicon" not in e], page.errors
    assert problems == [], f"serious accessibility problems: {problems}"
