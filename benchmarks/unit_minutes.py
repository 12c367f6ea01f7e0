"""How many minutes each unit takes a beginner: measured in real JupyterLab, plus modelled
human time.

    .venv/bin/python benchmarks/unit_minutes.py [UNIT_ID ...]

The learner is Ivana (../shared/PERSONAS.md): a librarian with B1 English and no programming,
who opens a unit in her 15-minute lunch break. For each unit this script

1. makes the learner version with nbgrader (`generate_assignment`, as a cohort's release
   does: solutions replaced by placeholders, hidden tests out, check cells collapsed);
2. opens it in a real JupyterLab with the kit's learner view (single-key shortcuts off), in
   headless Chromium (Debian's chromium through Playwright);
3. goes through it as a beginner does: runs each cell from the top with Shift + Enter; at an
   exercise she first runs the answer cell and its check before replacing the placeholder
   (one typical mistake: the check says she has not answered yet), then writes the answer
   (the source's solution), runs it and its check again; at the reflection she double-clicks
   the cell, clicks into the text and writes a few sentences;
4. times all this (the machine and browser time: kernel start, running, drawing, messages).

Then it adds what a script cannot do in a person's place, modelled with the parameters of
`digiculture.course.unit_length.MODEL` (one place, with their sources): reading the unit's prose
and code at B1 speed (130 words a minute), typing the answers at a beginner's speed (100
characters a minute), thinking and recovering from the mistake, writing the reflection.
It prints a table: unit, words, exercises, measured machine/browser minutes, modelled human
minutes, total. The human part is the one `tests/units/test_unit_length.py` recomputes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from competence_profile import load_profile  # noqa: E402
from competence_profile.units import load_units  # noqa: E402
from digiculture.course import nbgrader_ops as ops  # noqa: E402
from digiculture.course.checks import source_notebook  # noqa: E402
from digiculture.course.unit_length import MODEL, measure_unit  # noqa: E402
from digiculture.devtools.browser import launch_chromium  # noqa: E402
from digiculture.server import free_port, jupyter_lab  # noqa: E402
from digiculture.settings import Settings  # noqa: E402

REFLECTION = (
    "In our library I would look at the loans of the events every month. "
    "If they went down, I would ask the readers why."
)
WAIT_MS = 180_000


def _cell(page, index: int):
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def _run(page, index: int) -> None:
    """Select cell `index` (command mode) and run it with Shift + Enter, then wait."""
    cell = _cell(page, index)
    try:
        cell.scroll_into_view_if_needed(timeout=10_000)
    except Exception as exc:
        classes = cell.get_attribute("class")
        raise RuntimeError(f"cell {index} ({classes}) cannot be shown") from exc
    cell.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Escape")
    cell.locator(".jp-InputPrompt").first.click()
    before = cell.locator(".jp-InputPrompt").first.inner_text()
    page.keyboard.press("Shift+Enter")
    try:
        _wait_run(page, index, before, WAIT_MS // 2)
    except PlaywrightTimeout:
        # On a busy machine a key press can land before the cell has the focus: if the
        # cell is not running ([*]), select it again and press once more.
        if "*" in cell.locator(".jp-InputPrompt").first.inner_text():
            _wait_run(page, index, before, WAIT_MS)
            return
        cell.locator(".jp-InputPrompt").first.click()
        page.keyboard.press("Shift+Enter")
        _wait_run(page, index, before, WAIT_MS)


def _wait_run(page, index: int, before: str, timeout: int) -> None:
    page.wait_for_function(
        """([i, before]) => {
            const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[i];
            const text = cell.querySelector('.jp-InputPrompt').innerText;
            return /\\[\\d+\\]/.test(text) && text !== before;
        }""",
        arg=[index, before],
        timeout=timeout,
    )


def _write_code(page, index: int, text: str) -> None:
    editor = _cell(page, index).locator(".cm-content").first
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def _write_reflection(page, index: int) -> None:
    cell = _cell(page, index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-RenderedMarkdown").first.dblclick()
    cell.locator(".cm-content").first.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(REFLECTION, delay=5)
    page.keyboard.press("Shift+Enter")


def take_unit(page, base: str, token: str, unit_id: str, source) -> float:
    """Go through one unit's learner version as the beginner does; the seconds it took."""
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in ops.with_solutions(nbformat.v4.new_notebook(cells=source.cells), source).cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    start = time.perf_counter()
    # ?reset: a fresh workspace, not the one that still has the previous unit open
    page.goto(f"{base}/lab/tree/{unit_id}/{unit_id}.ipynb?token={token}&reset", timeout=WAIT_MS)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=WAIT_MS)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=WAIT_MS
    )
    page.wait_for_function(
        "(n) => document.querySelectorAll('.jp-Notebook .jp-Cell').length === n",
        arg=len(source.cells),
        timeout=WAIT_MS,
    )
    cells = page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c =>
            c.classList.contains('jp-CodeCell') ? 'code' : 'markdown')"""
    )
    source_cells = source.cells
    assert len(cells) == len(source_cells), (unit_id, len(cells), len(source_cells))
    index = 0
    while index < len(source_cells):
        meta = source_cells[index].get("metadata", {}).get("nbgrader", {})
        kind = cells[index]
        if kind == "markdown" and meta.get("solution"):
            _write_reflection(page, index)
        elif kind == "code" and meta.get("solution"):
            checks = []
            after = index + 1
            while after < len(source_cells) and _is_check(source_cells[after]):
                checks.append(after)
                after += 1
            _run(page, index)  # the mistake: the placeholder is still there
            for check in checks:
                _run(page, check)
            _write_code(page, index, solutions[meta["grade_id"]])  # the fix
            _run(page, index)
            for check in checks:
                _run(page, check)
            index = after
            continue
        elif kind == "code":
            _run(page, index)
        index += 1
    seconds = time.perf_counter() - start
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.locator(".jp-mod-current.jp-mod-dirty").wait_for(state="detached", timeout=WAIT_MS)
    return seconds


def _stop_kernels(base: str, token: str) -> None:
    """Shut down the kernels of the units taken so far (one unit at a time, as a person)."""
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(
        urllib.request.Request(f"{base}/api/kernels", headers=headers)
    ) as r:
        kernels = json.load(r)
    for kernel in kernels:
        request = urllib.request.Request(
            f"{base}/api/kernels/{kernel['id']}", method="DELETE", headers=headers
        )
        urllib.request.urlopen(request).close()


def checks_passed(saved: Path) -> tuple[int, int]:
    """(check cells that passed, check cells) in the notebook the beginner saved."""
    nb = nbformat.read(saved, as_version=4)
    checks = [c for c in nb.cells if _is_check(c)]
    passed = [
        c
        for c in checks
        if c.get("outputs")
        and not any(o.output_type == "error" for o in c.outputs)
        and "not" not in "".join(o.get("text", "") for o in c.outputs)
    ]
    return len(passed), len(checks)


def _is_check(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", nargs="*", help="unit ids (default: every unit)")
    args = parser.parse_args(argv)
    settings = Settings.load()
    manifest = load_units(settings.course_dir / "units.yaml", load_profile(settings.profile_dir))
    unit_ids = args.units or manifest.ids
    yaml_minutes = {u.id: u.minutes for u in manifest.units}
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    rows = []
    with tempfile.TemporaryDirectory(prefix="unit-minutes-") as tmp:
        tmp_path = Path(tmp)
        course = ops.new_course(tmp_path / "course", settings.course_dir / "source", unit_ids)
        api = ops.make_api(course)
        root = tmp_path / "learner"
        sources = {}
        lengths = {unit_id: measure_unit(settings.course_dir, unit_id) for unit_id in unit_ids}
        for unit_id in unit_ids:
            release = ops.generate_release(api, unit_id)
            shutil.copytree(release.parent, root / unit_id)
            sources[unit_id] = nbformat.read(
                source_notebook(settings.course_dir, unit_id), as_version=4
            )
        env = {
            "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
            "JUPYTER_DATA_DIR": str(tmp_path / "data"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
            "IPYTHONDIR": str(tmp_path / "ipython"),
            "HOME": str(tmp_path),
        }
        # Every cell in the page at once (JupyterLab draws long notebooks lazily otherwise),
        # so that the script finds the cell a person scrolls to.
        tracker = tmp_path / "config" / "lab" / "user-settings" / "@jupyterlab"
        tracker = tracker / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True)
        tracker.write_text('{"windowingMode": "none"}')
        token = "unit-minutes"
        server, _ = jupyter_lab(
            root, free_port(), token=token, env=env, log_path=tmp_path / "lab.log"
        )
        server.start(timeout=240)
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p)
                try:
                    for unit_id in unit_ids:
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                        seconds = take_unit(page, server.base_url, token, unit_id, sources[unit_id])
                        context.close()
                        _stop_kernels(server.base_url, token)
                        rows.append((lengths[unit_id], seconds / 60))
                        passed, checks = checks_passed(root / unit_id / f"{unit_id}.ipynb")
                        print(
                            f"{unit_id}: {seconds:.0f} s in the browser; "
                            f"{passed} of {checks} checks passed in the saved notebook",
                            file=sys.stderr,
                        )
                finally:
                    browser.close()
        finally:
            server.stop()

    print(f"Persona: Ivana, B1 English; model: {MODEL}")
    header = (
        f"{'unit':<32}{'words':>7}{'exerc.':>7}{'machine':>9}{'human':>7}{'total':>7}{'yaml':>6}"
    )
    print(header)
    for length, machine in rows:
        human = length.human_minutes()
        words = length.prose_words + length.code_words
        print(
            f"{length.unit_id:<32}{words:>7}{length.exercises:>7}{machine:>9.1f}"
            f"{human:>7.1f}{human + machine:>7.1f}{yaml_minutes[length.unit_id]:>6}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
