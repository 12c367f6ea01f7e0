"""Writing a reflection works on the first try, in a real JupyterLab with the learner's view.

A learner double-clicks the reflection cell and types a sentence: the sentence is in the
cell, the cell stays Markdown and no stray cell appears (single-key command shortcuts are
off in the learner's JupyterLab: digiculture/jupyter_config/learner_view/labconfig).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from digiculture.course.nbgrader_settings import TEXT_STUB
from digiculture.server import LEARNER_VIEW, free_port, jupyter_lab
from tests.browser import chromium_page

pytestmark = pytest.mark.slow

OVERRIDES = LEARNER_VIEW / "labconfig" / "default_setting_overrides.json"
SENTENCE = "My museum would count the photographs by decade, and ask visitors about them."


def single_key_shortcuts() -> list[dict]:
    """JupyterLab's shortcuts that a single letter or digit triggers outside an editor."""
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    single = re.compile(r"^(Shift )?[A-Z0-9]$")
    found = []
    for path in sorted(schemas.rglob("*.json")):
        for shortcut in json.loads(path.read_text()).get("jupyter.lab.shortcuts", []):
            keys, selector = shortcut.get("keys", []), shortcut.get("selector", "")
            command_mode = "jp-mod-commandMode" in selector or "data-jp-kernel-user" in selector
            if keys and single.match(keys[0]) and command_mode and not shortcut.get("disabled"):
                found.append({**shortcut, "disabled": True})
    return sorted(found, key=lambda s: (s["command"], s["keys"]))


def test_the_learner_view_turns_off_every_single_key_shortcut():
    """Regenerate the overrides from this test's single_key_shortcuts() after a JupyterLab
    upgrade if this fails."""
    disabled = json.loads(OVERRIDES.read_text())["@jupyterlab/shortcuts-extension:shortcuts"]
    wanted = {(s["command"], tuple(s["keys"]), s["selector"]) for s in single_key_shortcuts()}
    have = {(s["command"], tuple(s["keys"]), s["selector"]) for s in disabled["shortcuts"]}
    assert wanted and wanted <= have, sorted(wanted - have)
    assert all(s["disabled"] is True for s in disabled["shortcuts"])


@pytest.fixture
def lab(tmp_path):
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A unit\n\n## Your turn to think\n\nWrite two sentences below."),
            new_code_cell("1 + 1"),
            new_markdown_cell(
                TEXT_STUB,
                metadata={
                    "nbgrader": {
                        "grade": True,
                        "solution": True,
                        "locked": False,
                        "grade_id": "u99_reflection",
                        "points": 2,
                        "schema_version": 3,
                    }
                },
            ),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    nbformat.write(nb, tmp_path / "unit.ipynb")
    server, url = jupyter_lab(
        tmp_path,
        free_port(),
        default_path="unit.ipynb",
        log_path=tmp_path / "lab.log",
        env={"JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "HOME": str(tmp_path)},
    )
    server.start(timeout=180)
    try:
        yield url
    finally:
        server.stop()


def _cells(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c => ({
            markdown: c.classList.contains('jp-MarkdownCell'),
            raw: c.classList.contains('jp-RawCell'),
            text: (c.querySelector('.cm-content') || {}).innerText || c.innerText,
        }))"""
    )


@pytest.mark.parametrize("steps", ["as_told", "typing_at_once", "single_click"])
def test_typing_a_reflection_never_turns_the_cell_into_another_kind(lab, steps):
    """As the text stub tells: double-click the cell, click into the text, write. A learner
    who types at once after a double-click, or after one click, loses nothing and gets no
    stray cell (JupyterLab 4's double-click opens the text without putting the cursor in it).
    """
    with chromium_page() as page:
        page.goto(lab, timeout=120_000)
        reflection = page.locator(".jp-MarkdownCell", has_text="Double-click").first
        reflection.wait_for(timeout=120_000)
        page.locator(".jp-Notebook.jp-mod-commandMode").wait_for(timeout=120_000)
        assert len(_cells(page)) == 3
        if steps == "single_click":
            reflection.locator(".jp-RenderedMarkdown").click()
        else:
            reflection.locator(".jp-RenderedMarkdown").dblclick()
        if steps == "as_told":
            reflection.locator(".cm-content").click()
        page.keyboard.type(SENTENCE, delay=20)
        page.wait_for_timeout(500)
        after = _cells(page)
        assert len(after) == 3, f"a stray cell appeared: {after}"
        assert after[2]["markdown"] and not after[2]["raw"], after[2]
        assert after[0]["markdown"] and not after[1]["markdown"], after
        if steps == "as_told":
            assert SENTENCE in after[2]["text"], after[2]["text"]
