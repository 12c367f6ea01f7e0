"""A learner does a unit in their language end to end, in a browser, as Anja would: she opens
the German learner version of u01 the way the kit's links open it (Notebook 7), types her
answer, runs the cells one by one (Shift + Enter), sees the checks' ✓ in German, saves; her
notebook is graded in her course and gets the grade an English learner gets with the same
answer. Greek and Croatian are spot-checked the same way. Screenshots: tests/artifacts/.

The kernel's words come from the kit's catalogs (digiculture/locale/LANG/): the test needs the
language's `learn` catalog translated (it says so when it is not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from digiculture.course import nbgrader_ops as ops
from digiculture.course.folder import init_course
from digiculture.devtools.learner_lab import learner_lab, saved_with
from digiculture.learn.language import HELPERS_DOMAIN, lookup
from digiculture.learn.messages import TEXTS
from digiculture.links import LEARNER_APP
from tests.browser import chromium_page
from tests.units.conftest import SETTINGS

pytestmark = pytest.mark.slow

UNIT = "u01_jupyter_first_steps"
ANSWER_CELL = "u01_february"
ANSWER = "february_books = 1180 + 596\nfebruary_per_day = february_books / 29"
WAIT = 240_000


def _answered(nb, answer: str):
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == ANSWER_CELL:
            cell.source = answer
    return nb


def _grade(tmp_path: Path, language: str, nb) -> tuple[float, float]:
    course = init_course(tmp_path / f"grade-{language}", SETTINGS, [UNIT], language)
    ops.submit(course.folder, "learner", UNIT, nb)
    api = course.api()
    ops.autograde(api, UNIT, "learner")
    return ops.code_scores(api, UNIT, "learner")


def _scroll_to(page, locator, up: bool = False) -> None:
    """The notebook draws cells as the learner scrolls: scroll until `locator` is drawn."""
    page.mouse.move(600, 450)
    for _ in range(80):
        if locator.count():
            break
        page.mouse.wheel(0, -700 if up else 700)
        page.wait_for_timeout(250)
    locator.scroll_into_view_if_needed(timeout=WAIT)


#: The File menu as the learner's Notebook 7 names it (the official German pack, the kit's
#: Greek and Croatian packs).
FILE_MENU = {"de": "Datei", "el": "Αρχείο", "hr": "Datoteka"}


@pytest.mark.parametrize("language", ["de", "el", "hr"])
def test_a_learner_does_a_unit_in_her_language(language, tmp_path, artifacts):
    well_done = lookup(HELPERS_DOMAIN, TEXTS["well_done"], "well_done", language)
    if not well_done:
        pytest.fail(f"digiculture/locale/{language}/LC_MESSAGES/learn.po has no translation yet")
    tick_words = well_done.split("{What}")[-1].strip(" :!.")

    course = init_course(tmp_path / "course", SETTINGS, [UNIT], language)
    root = tmp_path / "learner"
    shutil.copytree(course.folder / "release" / UNIT, root / UNIT)
    server = learner_lab(root, tmp_path, "anja", lang=language)
    path = root / UNIT / f"{UNIT}.ipynb"
    released = nbformat.read(path, as_version=4)
    try:
        with chromium_page() as page:
            page.goto(
                f"{server.base_url}/{LEARNER_APP}/{UNIT}/{UNIT}.ipynb?token=anja", timeout=WAIT
            )
            page.locator(".jp-Notebook.jp-mod-commandMode").wait_for(timeout=WAIT)
            # Notebook 7's own menus are in her language too, with nothing to set.
            menu = page.locator(".lm-MenuBar-itemLabel", has_text=FILE_MENU[language])
            menu.first.wait_for(timeout=WAIT)
            answer = page.locator(".jp-CodeCell", has_text="february_books = None").first
            _scroll_to(page, answer)
            answer.locator(".cm-content").click()
            page.keyboard.press("Control+a")
            page.keyboard.type(ANSWER.replace("\n", " ; "), delay=10)
            page.keyboard.press("Escape")
            # From the top, cell by cell, as the unit tells: Shift + Enter (the last one adds
            # an empty cell below, as JupyterLab does: it changes nothing).
            page.locator(".jp-Cell").first.click()
            for _ in range(len(released.cells)):
                page.keyboard.press("Shift+Enter")
                page.wait_for_timeout(300)
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                        .map(p => p.innerText);
                    return prompts.some(p => /\\[\\d+\\]/.test(p))
                        && !prompts.some(p => p.includes('*'));
                }""",
                timeout=WAIT,
            )
            ticks = page.locator(".jp-OutputArea-output", has_text="✓")
            _scroll_to(page, ticks.first, up=True)
            page.screenshot(path=str(artifacts / f"unit_in_{language}.png"))
            shown = [t for t in ticks.all_inner_texts() if "✓" in t]
            assert len(shown) >= 2, shown
            assert all(tick_words in t and "well done" not in t for t in shown), shown
            page.keyboard.press("Control+s")
            saved = saved_with(path, "1180 + 596", WAIT / 1000)
    finally:
        server.stop()

    english = init_course(tmp_path / "english", SETTINGS, [UNIT], "en")
    english_nb = nbformat.read(english.folder / "release" / UNIT / f"{UNIT}.ipynb", 4)
    typed = next(
        c.source
        for c in saved.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == ANSWER_CELL
    )
    assert _grade(tmp_path, language, saved) == _grade(tmp_path, "en", _answered(english_nb, typed))
