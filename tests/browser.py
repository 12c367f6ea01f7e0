"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright, and
axe-core (from npm, installed by `make test`) for accessibility checks."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from digiculture.devtools.browser import CHROMIUM, launch_chromium

REPO = Path(__file__).resolve().parent.parent
AXE = Path(
    os.environ.get("KIT_AXE_JS", REPO / "build" / "node_modules" / "axe-core" / "axe.min.js")
)


@contextmanager
def chromium_page(viewport: dict | None = None):
    """A fresh headless Chromium page; console errors are collected in page.errors."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            # A context of its own: a test may open more tabs of the same browser in it.
            context = browser.new_context(viewport=viewport or {"width": 1200, "height": 900})
            page = context.new_page()
            page.errors = []
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            yield page
        finally:
            browser.close()


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, as readable lines."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:3]
        )
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
