"""A unit on a phone (390 px wide), the way a learner's link opens it: Notebook 7's
single-document view (JupyterLab's side panels leave a 40 px wide notebook at that width).

The learner opens u01's learner version, runs the setup cell and writes the reflection; the
kit's learner view (single-key shortcuts off) works there as in JupyterLab.
"""

from __future__ import annotations

import shutil
import time

import nbformat
import pytest
from playwright.sync_api import Error as PlaywrightError

from digiculture.course import nbgrader_ops as ops
from digiculture.course.nbgrader_settings import TEXT_STUB
from digiculture.devtools.learner_lab import learner_lab, saved_with
from digiculture.links import LEARNER_APP
from tests.browser import chromium_page
from tests.units.conftest import SETTINGS

pytestmark = pytest.mark.slow

UNIT = "u01_jupyter_first_steps"
REFLECTION = "u01_own_figures"
PHONE = {"width": 390, "height": 844}
SENTENCE = "In our library I would count the loans of the summer events."
WAIT = 180_000


@pytest.fixture
def server(tmp_path):
    course = ops.new_course(tmp_path / "course", SETTINGS.course_dir / "source", [UNIT])
    release = ops.generate_release(ops.make_api(course), UNIT)
    root = tmp_path / "learner"
    shutil.copytree(release.parent, root / UNIT)
    server = learner_lab(root, tmp_path, "phone")
    server.root = root
    try:
        yield server
    finally:
        server.stop()


def run_until_it_starts(page, cell) -> None:
    """Shift+Enter on `cell` until its prompt shows it queued or run ([*] or [1]).

    A run asked for while the notebook is still connecting to its new kernel can be dropped
    (seen once in a full run: the kernel was up, the cell never ran); asking again is what a
    learner does, and running the setup cell twice changes nothing. No time is asserted: on
    a slow machine this only asks more often, until the test's own limit."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + WAIT / 1000
    while True:
        cell.locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(
                """() => /\\[(\\d+|\\*)\\]/.test(
                    document.querySelector('.jp-CodeCell .jp-InputPrompt').innerText)""",
                timeout=15_000,
            )
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def test_a_learner_runs_a_cell_and_writes_a_reflection_on_a_phone(server, artifacts):
    url = f"{server.base_url}/{LEARNER_APP}/{UNIT}/{UNIT}.ipynb?token=phone"
    with chromium_page(viewport=PHONE) as page:
        page.goto(url, timeout=WAIT)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=WAIT)
        page.locator(".jp-Notebook.jp-mod-commandMode").wait_for(timeout=WAIT)
        width = page.evaluate(
            """() => [document.documentElement.scrollWidth,
                document.querySelector('.jp-Notebook .jp-Cell').getBoundingClientRect().width]"""
        )
        assert width[0] <= PHONE["width"] and width[1] >= 300, f"page and cell width: {width}"
        released = nbformat.read(server.root / UNIT / f"{UNIT}.ipynb", as_version=4)

        setup = page.locator(".jp-CodeCell").first
        for attempt in range(10):  # Notebook 7 may draw the cells anew once its kernel is up
            try:
                setup.scroll_into_view_if_needed(timeout=WAIT)
                break
            except PlaywrightError:
                if attempt == 9:
                    raise
                page.wait_for_timeout(500)
        run_until_it_starts(page, setup)
        page.wait_for_function(
            """() => /\\[\\d+\\]/.test(
                document.querySelector('.jp-CodeCell .jp-InputPrompt').innerText)""",
            timeout=WAIT,
        )
        page.wait_for_function(
            "() => document.querySelector('.jp-CodeCell .jp-OutputArea').innerText.trim()",
            timeout=WAIT,
        )

        # The notebook draws cells as the learner scrolls: scroll down to the reflection.
        reflection = page.locator(".jp-MarkdownCell", has_text=TEXT_STUB[:40])
        for _ in range(60):
            if reflection.count():
                break
            page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
            page.mouse.wheel(0, 800)
            page.wait_for_timeout(250)
        reflection.scroll_into_view_if_needed()
        reflection.locator(".jp-RenderedMarkdown").dblclick()
        reflection.locator(".cm-content").click()
        page.keyboard.type(SENTENCE, delay=20)
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / "unit_on_a_phone.png"))

        page.keyboard.press("Shift+Enter")  # shows it as text again, as the cell says
        page.keyboard.press("Control+s")
        saved = saved_with(server.root / UNIT / f"{UNIT}.ipynb", SENTENCE, WAIT / 1000)
        assert len(saved.cells) == len(released.cells), "a stray cell appeared"
        reflection_cells = [
            c for c in saved.cells if c.metadata.get("nbgrader", {}).get("grade_id") == REFLECTION
        ]
        assert reflection_cells and reflection_cells[0].cell_type == "markdown", reflection_cells
        assert SENTENCE in reflection_cells[0].source
        setup_cell = next(c for c in saved.cells if c.cell_type == "code")
        assert setup_cell.outputs, "the setup cell shows nothing after it ran"
        assert all(o.output_type != "error" for o in setup_cell.outputs), setup_cell.outputs
