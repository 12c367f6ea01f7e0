"""A newcomer completes the self-assessment in a real browser, served by a real Voilà."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from assessment.store import ResultStore
from digiculture.assessment_setup import load_assessment
from digiculture.self_assessment.page import self_assessment_server
from digiculture.server import free_port
from tests.browser import chromium_page, serious_accessibility_violations
from tests.voila_apps.keyboard import (
    accessibility_tree,
    complete_page_with_keyboard,
    contrast_on_white,
    name_of,
    nodes_with_role,
    page_name,
    property_of,
    radio_groups,
    wait_for_next_page,
)

pytestmark = pytest.mark.slow

ASSESSMENT = load_assessment(with_store=False)
#: Preheated kernels: one for each visit of this module's tests (a used one is replaced later).
POOL = 6


def ui(lang: str, key: str) -> str:
    return ASSESSMENT.local(lang)[1].ui[key]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    state = tmp_path_factory.mktemp("state")
    store = f"sqlite:///{state / 'results.sqlite'}"
    env = {
        "DIGICULTURE_STATE_DIR": str(state),
        "DIGICULTURE_STORE_URL": store,
        # Where the course is published: the results link each unit (on Binder here).
        "DIGICULTURE_REPO_URL": "https://github.com/boostdigiculture/course",
        "DIGICULTURE_HUB_URL": "",
    }
    # As `make run` serves it: preheated kernels, the kit's front before Voilà, the light page.
    server, url = self_assessment_server(
        free_port(), pool_size=POOL, env={**os.environ, **env}, log_path=state / "voila.log"
    )
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


def complete_assessment(
    page, url: str, artifacts, lang_in_url: str | None, choose: str | None, axe: bool
) -> dict:
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
        # A new page starts at its top, the keyboard focus on its heading (the button just
        # clicked was at the bottom of a long page).
        page.wait_for_function("document.activeElement.tagName === 'H2'")
        assert page.evaluate("window.scrollY") == 0
        assert f"{area}" in page.evaluate("document.activeElement.textContent")
        if area == 1:
            lang = page.evaluate("document.documentElement.lang")
            page.screenshot(path=str(artifacts / f"self_assessment_{lang}_area1.png"))
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
        problems = complete_assessment(
            page, url, artifacts, lang_in_url="de", choose=None, axe=True
        )
        page.screenshot(path=str(artifacts / "self_assessment_de_results.png"), full_page=True)
        assert page.locator("h1", has_text=ui("de", "results_title")).count() == 1
        assert page.locator(".kit-levels tbody tr").count() == 6
        assert page.locator(".kit-recommendations li").count() >= 1
        pdf = page.locator("a.kit-download")
        assert pdf.get_attribute("href").startswith("data:application/pdf;base64,")
        code_text = page.locator(".kit-your-code").inner_text()
        assert page.evaluate("document.documentElement.lang") == "de"  # for screen readers
        assert page.title() == ui("de", "results_title")
        assert "SelfAssessmentApp" not in page.inner_text("body")  # nothing but the app
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
        complete_assessment(page, url, artifacts, lang_in_url="it", choose="English", axe=False)
        page.screenshot(
            path=str(artifacts / "self_assessment_en_results_zoom200.png"), full_page=True
        )
        assert page.locator("h1", has_text=ui("en", "results_title")).count() == 1
        assert page.evaluate("document.documentElement.lang") == "en"  # chosen, not ?lang=it
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 660, f"the page scrolls sideways at 200 % zoom ({width}px)"


def _open(page, url: str, lang: str) -> str:
    """Open the self-assessment; return the id of the visitor's kernel."""
    page.goto(url + f"?lang={lang}", timeout=120_000)
    page.locator(".kit-start").wait_for(timeout=120_000)
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def test_the_language_changes_only_when_the_visitor_confirms_it(served):
    # Eleni uses the keyboard: the arrow keys walk through the languages without rebuilding
    # the page under her; a button in the language chosen confirms it, and the focus stays
    # on her choice.
    url, _ = served
    with chromium_page() as page:
        _open(page, url, "de")
        page.keyboard.press("Tab")  # the language group: one stop, on the language shown
        assert page.evaluate("document.activeElement.parentElement.textContent") == "Deutsch"
        page.keyboard.press("ArrowDown")  # Deutsch -> Italiano: only marked
        apply = page.locator(".kit-language-apply")
        apply.wait_for()
        assert apply.inner_text() == ui("it", "language_apply")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.locator(".kit-start").inner_text() == ui("de", "start")
        page.keyboard.press("ArrowDown")  # -> Hrvatski
        page.locator(".kit-language-apply", has_text=ui("hr", "language_apply")).wait_for()
        page.keyboard.press("ArrowUp")  # -> Italiano
        page.locator(".kit-language-apply", has_text=ui("it", "language_apply")).wait_for()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == ui("it", "language_apply")
        page.keyboard.press("Enter")
        page.locator(".kit-start", has_text=ui("it", "start")).wait_for()
        page.wait_for_function("document.documentElement.lang === 'it'")
        page.wait_for_function("document.activeElement.matches('.kit-language input:checked')")
        assert page.evaluate("document.activeElement.parentElement.textContent") == "Italiano"
        assert not page.locator(".kit-language-apply").is_visible()
        page.keyboard.press("Tab")  # the confirmation is gone: on to the start button
        assert page.evaluate("document.activeElement.textContent") == ui("it", "start")
        page.keyboard.press("Enter")
        page.locator(".kit-item-consent").wait_for()
        assert page.title() == ui("it", "app_title")


def _p1_questions() -> list[tuple[str, str, object]]:
    """(item id, Greek question text, value of its second option) of the P1 page."""
    return _p1_questions_in("el")


def _p1_questions_in(lang: str) -> list[tuple[str, str, object]]:
    profile, bank = ASSESSMENT.local(lang)
    out = []
    for comp in profile.competences_of("P1"):
        for item in bank.for_competence(comp.id):
            second = (
                bank.scales[item.scale_name][1].value if item.scale_name else item.options[1].id
            )
            out.append((item.id, item.text, second))
    return out


def test_eleni_takes_it_in_greek_with_the_keyboard_and_a_screen_reader(served, artifacts):
    url, store = served
    presses: dict[str, dict] = {}
    with chromium_page() as page:
        _open(page, url, "el")
        shown = page_name(page)
        tree = accessibility_tree(page)
        assert radio_groups(tree) == [
            (
                ui("el", "choose_language"),
                ["English", "Deutsch", "Italiano", "Hrvatski", "Ελληνικά", "Português"],
            )
        ]
        while shown != "kit-page-results":
            if shown == "kit-page-consent":
                code_box = [n for n in nodes_with_role(accessibility_tree(page), "textbox")]
                assert [name_of(n) for n in code_box] == [ui("el", "code_prompt")]
            if shown == "kit-page-area-P1":
                tree = accessibility_tree(page)
                questions = _p1_questions()
                # What a screen reader announces: each option inside a group named by its
                # question (not "Δεν το έχω κάνει ποτέ" five times on a page with no question).
                groups = radio_groups(tree)
                assert [g for g, _ in groups] == [text for _, text, _ in questions]
                scale = [p.label for p in ASSESSMENT.local("el")[1].scales["self_rating"]]
                assert groups[0][1] == scale
                bar = nodes_with_role(tree, "progressbar")
                assert len(bar) == 1
                assert bar[0]["value"]["value"] == 3  # aria-valuenow
                assert property_of(bar[0], "valuemax") == "9"
                assert name_of(bar[0]) == ui("el", "progress").format(page=3, pages=9)
                page.screenshot(path=str(artifacts / "self_assessment_el_keyboard_p1.png"))
            # Eleni answers P1 with the arrow keys (the second option), the rest with Space.
            key = "ArrowDown" if shown == "kit-page-area-P1" else "Space"
            presses[shown] = complete_page_with_keyboard(page, answer_key=key)
            shown = wait_for_next_page(page, shown)
        page.locator(".kit-your-code").wait_for()
        code_text = page.locator(".kit-your-code").inner_text()
        assert serious_accessibility_violations(page) == []  # the results, in Greek
        assert not [e for e in page.errors if "favicon" not in e], page.errors
    # One Tab stop per question, plus Back and Next.
    p1 = presses["kit-page-area-P1"]
    assert p1["tab"] <= len(_p1_questions()) + 2, p1
    tabs = sum(p["tab"] for p in presses.values())
    keys = tabs + sum(p["other"] for p in presses.values())
    (artifacts / "self_assessment_key_presses.txt").write_text(
        f"Tab presses on the P1 page: {p1['tab']}\n"
        f"Tab presses, whole assessment: {tabs}\nAll key presses, whole assessment: {keys}\n"
        + "".join(f"{name}: {p['tab']} Tab, {p['other']} other\n" for name, p in presses.items())
    )
    # A clearly visible focus ring on every control: 3 px, at least 3:1 against the page.
    rings = {what: ring for p in presses.values() for what, ring in p["rings"]}
    for what, (style, width, colour) in rings.items():
        assert style == "solid" and width == "3px", f"{what}: focus ring {style} {width}"
        assert contrast_on_white(colour) >= 3, f"{what}: focus ring {colour}"
    # The arrow keys answered: what was stored is the second option of each P1 question.
    code = next(word.strip(".,") for word in code_text.split() if word.count("-") == 2)
    stored = store.attempts(code)[0].answers
    assert {i: stored.get(i) for i, _, _ in _p1_questions()} == {
        i: v for i, _, v in _p1_questions()
    }


def _kernel_process(kernel_id: str) -> int:
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and kernel_id in (proc / "cmdline").read_text():
                return int(proc.name)
        except OSError:
            continue
    raise AssertionError(f"no process for kernel {kernel_id}")


def test_a_lost_kernel_is_told_in_the_visitors_language(served):
    url, _ = served
    with chromium_page() as page:
        kernel_id = _open(page, url, "pt")
        os.kill(_kernel_process(kernel_id), signal.SIGKILL)  # the kernel crashes
        alert = page.locator("#kit-status[role=alert]")
        alert.wait_for(timeout=60_000)
        # The answers so far are in the visitor's draft: reloading brings them back.
        assert alert.inner_text() == ui("pt", "page_disconnected_kept")


def test_a_visitor_who_leaves_frees_the_kernel(served):
    url, _ = served
    with chromium_page() as page:
        kernel_id = _open(page, url, "hr")
        kernel = f"{url}api/kernels/{kernel_id}"
        assert requests.get(kernel, timeout=10).status_code == 200
        page.goto("about:blank")  # the visitor leaves
    deadline = time.monotonic() + 30
    while requests.get(kernel, timeout=10).status_code != 404:
        assert time.monotonic() < deadline, "the kernel still runs 30 s after the visitor left"
        time.sleep(0.5)


def _checked(page) -> dict[str, int]:
    """{question's class: number of the option checked} for the questions shown."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.kit-question')]
            .map(q => [[...q.classList].find(c => c.startsWith('kit-item-')),
                       [...q.querySelectorAll('input[type=radio]')]
                         .findIndex(r => r.checked)]))"""
    )


_MOVED = "shown => !document.querySelector('.kit-page').classList.contains(shown)"
#: A warning shown before the click is marked as seen: only a new one counts.
_SEEN = "document.querySelectorAll('.kit-unanswered').forEach(e => { e.dataset.seen = '1'; })"
_MOVED_OR_WARNED = (
    "shown => !document.querySelector('.kit-page').classList.contains(shown)"
    " || document.querySelector('.kit-unanswered:not([data-seen])') !== null"
)


def _wait_for_restored(page, page_class: str) -> None:
    page.locator(f".kit-page.{page_class}").wait_for(timeout=120_000)
    page.locator(".kit-restored").wait_for(timeout=60_000)


def test_anja_loses_no_answer_and_is_told_a_mistyped_code(served, artifacts):
    url, store = served
    # Anja took the assessment once before (her starting point); she keeps her code on paper.
    first_code, _ = store.save_attempt(
        code=None,
        language="de",
        role="communication_marketing",
        answers={},
        result=ASSESSMENT.evaluate({}, "communication_marketing", "de")[0].to_dict(),
        recommendations=[],
        taken_at=datetime(2026, 9, 14, 10, 0, tzinfo=UTC),
    )
    mistyped = first_code[:-1] + ("X" if first_code[-1] != "X" else "Y")
    with chromium_page(viewport={"width": 853, "height": 600}) as page:  # 150 % zoom
        _open(page, url, "de")
        page.locator(".kit-start").click()
        page.locator(".kit-item-consent input[type=radio]").first.check()
        page.locator(".kit-code input").fill(mistyped)
        page.locator(".kit-next").click()
        # Not a new learner in silence: the message, and the code kept to be corrected.
        page.locator(".kit-code-unknown[role=alert]", has_text=ui("de", "code_unknown")).wait_for()
        assert page.locator(".kit-item-consent").count() == 1  # still on this page
        page.locator(".kit-code input").fill(first_code.lower().replace("-", " "))
        page.locator(".kit-next").click()
        page.locator(".kit-item-role").wait_for()
        page.locator(".kit-item-role input[type=radio]").nth(3).check()
        for item in ("institution_type", "institution_size", "country", "language"):
            page.locator(f".kit-item-{item} input[type=radio]").first.check()
        page.locator(".kit-next").click()
        page.locator(".kit-item-P1-1-rate").wait_for()
        questions = page.locator(".kit-question")
        for i in range(3):
            questions.nth(i).locator("input[type=radio]").nth(2).check()
        answered = _checked(page)
        assert list(answered.values())[:4] == [2, 2, 2, -1]

        page.reload()  # a reload
        _wait_for_restored(page, "kit-page-area-P1")
        assert _checked(page) == answered
        assert page.evaluate("document.documentElement.lang") == "de"

        page.goto("about:blank")  # away, and back with the Back button
        page.go_back()
        _wait_for_restored(page, "kit-page-area-P1")
        assert _checked(page) == answered

        context = page.context
        page.close()  # the tab closed, and the page opened again in a new one
        page = context.new_page()
        page.goto(url, timeout=120_000)
        _wait_for_restored(page, "kit-page-area-P1")
        assert _checked(page) == answered
        assert page.evaluate("document.documentElement.lang") == "de"  # the draft's

        # The questions left open, by name, each a link to its question.
        page.locator(".kit-next").click()
        warning = page.locator(".kit-unanswered[role=alert]")
        warning.wait_for()
        links = warning.locator("a")
        open_questions = [t for _, t, _ in _p1_questions_in("de")][3:]
        assert links.all_inner_texts() == open_questions
        links.nth(1).click()
        focused = page.evaluate(
            "document.activeElement.closest('[role=radiogroup]').getAttribute('aria-labelledby')"
        )
        assert focused == page.locator(".kit-question-text p").nth(4).get_attribute("id")
        page.screenshot(path=str(artifacts / "self_assessment_de_unanswered.png"))
        assert serious_accessibility_violations(page) == []  # the warning, its links

        # A second tab of the same browser: the same draft; finishing in both gives one attempt.
        second = context.new_page()
        second.goto(url, timeout=120_000)
        _wait_for_restored(second, "kit-page-area-P1")
        for tab in (page, second):
            while (shown := page_name(tab)) != "kit-page-results":
                # Forward, past the warning about open questions when it comes.
                tab.evaluate(_SEEN)
                tab.locator(".kit-next, .kit-finish").click()
                tab.wait_for_function(_MOVED_OR_WARNED, arg=shown, timeout=60_000)
                if page_name(tab) == shown:
                    tab.locator(".kit-next, .kit-finish").click()
                    tab.wait_for_function(_MOVED, arg=shown, timeout=60_000)
            tab.locator(".kit-levels").wait_for(timeout=60_000)
        for tab in (page, second):
            assert first_code in tab.locator(".kit-your-code").inner_text()
            intro = ui("de", "first_change_intro").format(date="14. September 2026")
            assert tab.locator("p", has_text=intro).count() == 1
        page.screenshot(
            path=str(artifacts / "self_assessment_de_second_attempt.png"), full_page=True
        )
    attempts = store.attempts(first_code)
    assert len(attempts) == 2, [a.taken_at for a in attempts]  # the first, and this one
    assert attempts[1].answers["P1.1-rate"] is not None


def test_ivana_on_her_phone_sees_every_column_of_her_results(served, artifacts):
    url, _ = served
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        complete_assessment(page, url, artifacts, lang_in_url="hr", choose=None, axe=False)
        table = page.locator(".kit-levels")
        table.scroll_into_view_if_needed()
        page.screenshot(
            path=str(artifacts / "self_assessment_hr_results_phone.png"), full_page=True
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the results page scrolls sideways on a phone ({width}px)"
        right = page.evaluate(
            "Math.max(...[...document.querySelectorAll('.kit-levels td, .kit-levels th')]"
            ".map(c => c.getBoundingClientRect().right))"
        )
        assert right <= 390, f"the results table is cut off at {right}px"
        # What the levels mean; the units to take first, each a link that opens it.
        assert page.locator(".kit-level-meanings dt").count() == 4
        links = page.locator(".kit-recommendations a.kit-unit-link")
        assert links.count() >= 1
        assert links.first.get_attribute("href").startswith("https://mybinder.org/v2/gh/")
        assert ui("hr", "opens_in_new_tab") in links.first.inner_text()
        download = page.locator("a.kit-download").get_attribute("download")
        assert download == ui("hr", "report_file") + ".pdf"


@pytest.mark.parametrize(
    ("address", "accept", "lang"),
    [
        ("?lang=de-AT", None, "de"),
        ("?lang=DE", None, "de"),
        ("", "de-AT,de;q=0.9,en;q=0.8", "de"),
        ("", "fr-FR,el;q=0.5", "el"),
    ],
)
def test_the_language_from_the_address_in_any_form_or_from_the_browser(
    served, address, accept, lang
):
    url, _ = served
    with chromium_page() as page:
        if accept:
            page.set_extra_http_headers({"Accept-Language": accept})
        page.goto(url + address, timeout=120_000)
        page.locator(".kit-start", has_text=ui(lang, "start")).wait_for(timeout=120_000)
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.title() == ui(lang, "app_title")


def test_leaving_with_answers_not_kept_asks_first(served):
    # The app marks its root `kit-saved-no` when it could not keep the answers (its store
    # failed: tests/assessment/test_app.py); the page then asks before the visitor leaves.
    url, _ = served
    with chromium_page() as page:
        _open(page, url, "de")
        asked = []

        def answer(dialog) -> None:
            asked.append(dialog.type)
            dialog.dismiss()  # "stay on this page"

        page.on("dialog", answer)
        page.locator(".kit-start").click()
        page.locator(".kit-item-consent input[type=radio]").first.check()
        page.goto("about:blank")  # everything kept: no question
        assert asked == []
        page.go_back()
        page.locator(".kit-start, .kit-item-consent").first.wait_for(timeout=120_000)
        page.evaluate("document.querySelector('.kit-app').classList.add('kit-saved-no')")
        page.locator("body").click()  # a page the visitor touched may ask before unloading
        page.evaluate("() => { location.href = 'about:blank'; }")
        deadline = time.monotonic() + 30
        while not asked and time.monotonic() < deadline:
            page.wait_for_timeout(100)  # the browser's question arrives as an event
        assert asked == ["beforeunload"]
        assert page.url != "about:blank"
