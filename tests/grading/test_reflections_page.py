"""The console's reflection page in headless Chromium, with the keyboard only: grade three
answers (a digit, the comment bank, J/K, a refused score, Ctrl+Enter) and find the scores and
comments in nbgrader's gradebook.

The console runs as the hub runs it (`digiculture.console.app.make_app`, tornado on
127.0.0.1, a free port) on a real graded course and a real hub record naming the cohort's
facilitator. Only who is logged in is given by the test: the hub's OAuth itself, and that a
learner is refused, are tested on a real hub in tests/console/ (those tests make Unix users).
"""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from digiculture.course.gradebook import open_gradebook
from tests.grading.conftest import ANSWERS, UNIT

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

FACILITATOR = "fac-anna"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def console(graded_course, tmp_path, monkeypatch):
    """The console with its reflection page on the graded course; its address."""
    from digiculture.console import app as console_app
    from digiculture.console import reflections
    from digiculture.console.base import ConsoleHandler
    from digiculture.course.folder import open_course
    from digiculture.hub.state import Cohort, HubState, save_state
    from digiculture.settings import Settings

    port = free_port()
    hub_dir = tmp_path / "hub"
    course = open_course(graded_course)
    save_state(
        hub_dir,
        HubState(
            admins=[FACILITATOR],
            cohorts={course.id: Cohort(course.id, str(course.folder), [FACILITATOR], [])},
        ),
    )
    monkeypatch.setenv("DIGICULTURE_HUB_PATH", str(hub_dir))
    # What the hub gives its service (no hub is asked: the test says who is logged in).
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "test-token")
    monkeypatch.setenv("JUPYTERHUB_API_URL", "http://127.0.0.1:9/hub/api")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/services/console/")
    monkeypatch.setenv("JUPYTERHUB_CLIENT_ID", "service-console")
    monkeypatch.setenv("JUPYTERHUB_BASE_URL", "/")
    monkeypatch.setattr(
        ConsoleHandler, "get_current_user", lambda self: {"name": FACILITATOR, "kind": "user"}
    )
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        application = console_app.make_app(
            Settings.load(), "/services/console/", modules=[reflections]
        )
        server = application.listen(port, "127.0.0.1")
        loop.call_soon(ready.set)
        loop.run_forever()
        server.stop()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(120), "the console did not start"
    yield f"http://127.0.0.1:{port}/services/console/"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(60)


def grades(course):
    with open_gradebook(course) as gb:
        return {g.learner: (g.manual_score, g.manual_comment) for g in gb.hand_grades(UNIT)}


def test_grading_three_answers_with_the_keyboard(console, graded_course, artifacts):
    from digiculture.grading.reflections import kit_comments
    from tests.browser import chromium_page, serious_accessibility_violations

    with chromium_page() as first:
        # axe-core is added to the page as a script: the console's CSP would refuse it.
        page = first.context.browser.new_context(bypass_csp=True).new_page()
        page.set_default_timeout(120_000)
        page.goto(console + "reflections?lang=en")
        page.locator("#score").wait_for()
        assert page.locator("h1").inner_text() == "Reflections"
        assert "1 of 4 answers graded" in page.locator("#progress-text").inner_text()
        assert "Anja Schneider (de-001), writes in German" in page.locator("#who").inner_text()
        assert page.locator("#question").inner_text().startswith("Jetzt sind Sie dran")
        assert page.locator("#answer").inner_text() == ANSWERS["de-001"]
        assert page.evaluate("document.activeElement.id") == "score"
        assert serious_accessibility_violations(page) == []

        # J and K move through the queue without saving.
        page.keyboard.press("j")
        page.wait_for_url("**key=*el-002*")
        assert "Eleni Papadopoulou" in page.locator("#who").inner_text()
        page.keyboard.press("k")
        page.wait_for_url("**key=*de-001*")
        page.locator("#score").wait_for()

        # 1. A digit, C for the comment bank, an arrow key, Enter: saved, on to the next.
        page.keyboard.type("2")
        page.keyboard.press("c")
        assert page.evaluate("document.activeElement.id") == "bank"
        page.keyboard.press("ArrowDown")
        first_german = kit_comments("de")[0]
        assert page.locator("#comment").input_value() == first_german
        page.keyboard.press("Enter")
        page.wait_for_url("**saved=*de-001*")
        page.locator("#saved").filter(has_text="Saved for Anja Schneider").wait_for()
        assert page.locator("#saved").get_attribute("aria-live") == "polite"
        assert "Eleni Papadopoulou" in page.locator("#who").inner_text()
        assert "2 of 4 answers graded" in page.locator("#progress-text").inner_text()

        # 2. A decimal comma and Enter.
        page.keyboard.type("1,5")
        page.keyboard.press("Enter")
        page.wait_for_url("**saved=*el-002*")
        page.locator("#who").filter(has_text="João Costa").wait_for()
        # The learner's markup is shown as text, never run.
        assert page.locator("#answer").inner_text() == ANSWERS["pt-004"]
        assert page.locator("main img").count() == 0

        # 3. A score above the maximum is refused with a sentence; what was typed stays.
        page.keyboard.type("5")
        page.keyboard.press("Enter")
        page.locator("#problem").wait_for()
        assert "more than this answer's 2 point(s)" in page.locator("#problem").inner_text()
        assert page.locator("#score").input_value() == "5"
        assert grades(graded_course)["pt-004"] == (None, None)
        page.keyboard.type("1")  # the score field has the focus, its text selected
        page.keyboard.press("Tab")  # the comment bank
        page.keyboard.press("Tab")  # the comment
        assert page.evaluate("document.activeElement.id") == "comment"
        page.keyboard.type("Obrigado! Que números gostaria de ver?")
        page.keyboard.press("Control+Enter")
        page.wait_for_url("**saved=*pt-004*")
        page.locator("#saved").filter(has_text="Saved for João Costa").wait_for()
        assert "4 of 4 answers graded" in page.locator("#progress-text").inner_text()
        page.screenshot(path=str(artifacts / "console-reflections-page.png"), full_page=True)

    assert grades(graded_course) == {
        "de-001": (2.0, first_german),
        "el-002": (1.5, None),
        "it-003": (None, None),
        "pt-004": (1.0, "Obrigado! Que números gostaria de ver?"),
    }
    with open_gradebook(graded_course) as gb:
        assert not gb.awaiting_hand_grading()


def test_the_page_speaks_the_facilitators_language(console):
    from tests.browser import chromium_page

    with chromium_page() as page:
        page.set_default_timeout(120_000)
        page.goto(console + "reflections?lang=de")
        page.locator("#score").wait_for()
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.locator("h1").inner_text() == "Reflexionen"
        assert "Anja Schneider" in page.locator("#who").inner_text()


def test_the_form_works_without_the_script_and_refuses_with_a_sentence(console, graded_course):
    """A plain form POST (no script): the chosen bank comment is the comment, "keep" adds a
    typed comment to the bank of the learner's language, an unknown answer is a sentence."""
    import re

    import requests

    from digiculture.grading.reflections import comment_bank, kit_comments

    session = requests.Session()
    page = session.get(console + "reflections", timeout=120)
    assert page.status_code == 200
    token = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    key = f"{UNIT}/{UNIT}/de-001/u01_own_figures"
    chosen = kit_comments("de")[2]
    saved = session.post(
        console + "reflections/save",
        data={"_xsrf": token, "key": key, "score": "1", "comment": "", "bank": chosen},
        timeout=120,
    )
    assert saved.status_code == 200  # after the redirect: the next answer to grade
    assert "el-002" in saved.url and "Eleni Papadopoulou" in saved.text
    assert grades(graded_course)["de-001"] == (1.0, chosen)

    own = "Ευχαριστώ! Ποια στοιχεία θα μετρούσατε πρώτα;"
    key = f"{UNIT}/{UNIT}/el-002/u01_own_figures"
    session.post(
        console + "reflections/save",
        data={"_xsrf": token, "key": key, "score": "2", "comment": own, "keep": "1"},
        timeout=120,
    )
    assert grades(graded_course)["el-002"] == (2.0, own)
    assert comment_bank(graded_course, "el")[0] == own

    refused = session.post(
        console + "reflections/save",
        data={"_xsrf": token, "key": "u01/x/nobody/none", "score": "1"},
        timeout=120,
    )
    assert refused.status_code == 400
    assert 'role="alert"' in refused.text
    assert "There is no answer" in refused.text
    assert "Traceback" not in refused.text
    # Without the XSRF token nothing is saved.
    forged = requests.post(
        console + "reflections/save", data={"key": key, "score": "0"}, timeout=120
    )
    assert forged.status_code == 403
    assert grades(graded_course)["el-002"] == (2.0, own)
