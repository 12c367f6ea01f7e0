"""A newcomer completes the self-assessment in a real browser, served by a real Voilà."""

from __future__ import annotations

import os

import pytest

from assessment.store import ResultStore
from digiculture.assessment_setup import load_assessment
from digiculture.server import free_port, voila_app
from digiculture.settings import Settings
from tests.browser import chromium_page, serious_accessibility_violations

pytestmark = pytest.mark.slow

ASSESSMENT = load_assessment(with_store=False)


def ui(lang: str, key: str) -> str:
    return ASSESSMENT.local(lang)[1].ui[key]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    state = tmp_path_factory.mktemp("state")
    store = f"sqlite:///{state / 'results.sqlite'}"
    env = {"DIGICULTURE_STATE_DIR": str(state), "DIGICULTURE_STORE_URL": store}
    # As `make run` serves it: preheated kernels, and the kit's front before Voilà.
    server, url = voila_app(Settings.load().apps_dir / "self_assessment.ipynb", free_port(),
                            tuned=True, pool_size=2, env={**os.environ, **env},
                            log_path=state / "voila.log")
    with server:
        yield url, ResultStore(store)


def _check_page(page, problems: dict, name: str, axe: bool) -> None:
    if axe:
        found = serious_accessibility_violations(page)
        if found:
            problems[name] = found


def _answer_visible_questions(page, choice: int) -> int:
    """Pick answer number `choice` (or the last one) in every question on the page."""
    questions = page.locator(".kit-question")
    for i in range(questions.count()):
        radios = questions.nth(i).locator("input[type=radio]")
        radios.nth(min(choice, radios.count() - 1)).check()
    return questions.count()


def _complete(page, url: str, artifacts, lang_in_url: str | None, choose: str | None,
              axe: bool) -> dict:
    problems: dict[str, list[str]] = {}
    page.goto(url + (f"?lang={lang_in_url}" if lang_in_url else ""), timeout=120_000)
    page.locator(".kit-start").wait_for(timeout=120_000)
    if choose:
        page.locator(".kit-language label", has_text=choose).click()
        page.locator(".kit-start").wait_for()
    _check_page(page, problems, "language", axe)
    page.locator(".kit-start").click()

    page.locator(".kit-item-consent input[type=radio]").first.check()  # yes, store
    _check_page(page, problems, "consent", axe)
    page.locator(".kit-next").click()

    page.locator(".kit-item-role").wait_for()  # the 'about you' page
    page.locator(".kit-item-role input[type=radio]").nth(3).check()  # communication
    for item in ("institution_type", "institution_size", "country", "language"):
        page.locator(f".kit-item-{item} input[type=radio]").first.check()
    _check_page(page, problems, "about", axe)
    page.locator(".kit-next").click()

    for area in range(1, 7):
        page.locator(f".kit-item-P{area}-1-rate").wait_for()  # only on this area's page
        assert _answer_visible_questions(page, choice=area % 4) >= 6
        _check_page(page, problems, f"area {area}", axe)
        page.locator(".kit-next").click()

    page.locator(".kit-item-inst_strategy").wait_for()
    _answer_visible_questions(page, choice=1)
    _check_page(page, problems, "institution", axe)
    page.locator(".kit-finish").click()
    page.locator(".kit-recommendations, .kit-levels").first.wait_for(timeout=60_000)
    _check_page(page, problems, "results", axe)
    return problems


def test_german_newcomer_gets_a_profile_units_a_pdf_and_a_stored_attempt(served, artifacts):
    url, store = served
    with chromium_page() as page:
        problems = _complete(page, url, artifacts, lang_in_url="de", choose=None, axe=True)
        page.screenshot(path=str(artifacts / "self_assessment_de_results.png"), full_page=True)
        assert page.locator("h1", has_text=ui("de", "results_title")).count() == 1
        assert page.locator(".kit-levels tbody tr").count() == 6
        assert page.locator(".kit-recommendations li").count() >= 1
        pdf = page.locator("a.kit-download")
        assert pdf.get_attribute("href").startswith("data:application/pdf;base64,")
        code_text = page.locator(".kit-your-code").inner_text()
        assert not [e for e in page.errors if "favicon" not in e], page.errors
    assert problems == {}, f"serious accessibility problems: {problems}"
    code = next(word.strip(".,") for word in code_text.split() if word.count("-") == 2)
    attempts = store.attempts(code)
    assert len(attempts) == 1
    assert attempts[0].language == "de" and attempts[0].role == "communication_marketing"
    assert len(attempts[0].answers) >= 48


def test_english_chosen_on_the_first_screen_at_200_percent_zoom(served, artifacts):
    url, _ = served
    # 200 % zoom: the same page in half the width (CSS pixels), as Anja's laptop shows it.
    with chromium_page(viewport={"width": 640, "height": 800}) as page:
        _complete(page, url, artifacts, lang_in_url="it", choose="English", axe=False)
        page.screenshot(path=str(artifacts / "self_assessment_en_results_zoom200.png"),
                        full_page=True)
        assert page.locator("h1", has_text=ui("en", "results_title")).count() == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 660, f"the page scrolls sideways at 200 % zoom ({width}px)"
