"""A learner's JupyterLab and Notebook 7 in their language, in headless Chromium: a server
started for German, Croatian or Greek (as `digiculture run --lang`, Binder and the hub start
it) shows its menus, the Run menu's commands and the kernel's restart dialog in that language
with no setting touched, and its kernel's DIGICULTURE_LANG (which the learner helpers read) is
that language (Greek: JupyterLab's menus, dialog and file menu only). Screenshots:
tests/artifacts/lab_in_LANG_*.png."""

from __future__ import annotations

import time

import nbformat
import pytest

from digiculture.devtools.learner_lab import learner_lab
from digiculture.links import LEARNER_APP
from tests.browser import chromium_page

pytestmark = pytest.mark.slow

WAIT = 180_000
#: What the learner sees, per language: the menu bar, the Run menu's commands, the restart
#: dialog's question and buttons (German: the official pack's words; Croatian and Greek: the kit's).
SEEN = {
    "de": {
        "bar": ["Datei", "Bearbeiten", "Anzeigen", "Ausführen", "Kernel", "Einstellungen", "Hilfe"],
        "run": "Ausführen",
        "run_items": ["Alle Zellen ausführen", "Alles oberhalb der ausgewählten Zelle ausführen"],
        "kernel": "Kernel",
        "restart": "Kernel neu starten…",
        "dialog": ["Kernel neu starten?", "Abbrechen", "Neu starten"],
    },
    "hr": {
        "bar": ["Datoteka", "Uredi", "Prikaz", "Pokreni", "Jezgra", "Postavke", "Pomoć"],
        "run": "Pokreni",
        "run_items": [
            "Pokreni odabranu ćeliju",
            "Pokreni sve ćelije iznad odabrane",
            "Pokreni sve ćelije",
        ],
        "kernel": "Jezgra",
        "restart": "Ponovno pokreni jezgru…",
        "dialog": ["Ponovno pokrenuti jezgru?", "Odustani", "Ponovno pokreni"],
        # the file browser's context menu (JupyterLab) and Notebook 7's file list
        "file_menu": ["Otvori", "Preimenuj", "Napravi kopiju", "Preuzmi", "Kopiraj putanju"],
        "delete": ("Izbriši", "Premjesti u smeće"),  # the latter where the server has a trash
        "tree": ["Datoteke", "Pokrenuto", "Novo", "Prenesi"],
    },
    "el": {  # the kit's Greek pack (the official one had none of these words); a light pass:
        # JupyterLab's menus, dialog and file menu only (the kernel's language and Notebook 7
        # are the same code as for German and Croatian, and cost a third of the test again)
        "light": True,
        "bar": ["Αρχείο", "Επεξεργασία", "Προβολή", "Εκτέλεση", "Πυρήνας", "Ρυθμίσεις", "Βοήθεια"],
        "run": "Εκτέλεση",
        "run_items": [
            "Εκτέλεση επιλεγμένου κελιού",
            "Εκτέλεση όλων των κελιών πάνω από το επιλεγμένο",
            "Εκτέλεση όλων των κελιών",
        ],
        "kernel": "Πυρήνας",
        "restart": "Επανεκκίνηση πυρήνα…",
        "dialog": ["Επανεκκίνηση του πυρήνα;", "Άκυρο", "Επανεκκίνηση"],
        "file_menu": [
            "Άνοιγμα",
            "Μετονομασία",
            "Δημιουργία αντιγράφου",
            "Λήψη",
            "Αντιγραφή διαδρομής",
        ],
        "delete": ("Διαγραφή", "Μετακίνηση στα απορρίμματα"),
        "tree": ["Αρχεία", "Σε εκτέλεση", "Νέο", "Μεταφόρτωση"],
    },
}


@pytest.fixture(params=sorted(SEEN))
def server(request, tmp_path):
    lang = request.param
    root = tmp_path / "learner"
    root.mkdir()
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('import os\nprint("lang=" + os.environ["DIGICULTURE_LANG"])')
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(notebook, root / "lang.ipynb")
    # A learner's own settings and data folders, empty: nothing chosen in Settings › Language.
    server = learner_lab(root, tmp_path, "lang", lang=lang)
    server.lang = lang
    try:
        yield server
    finally:
        server.stop()


def _menu_items(page) -> list[str]:
    page.locator(".lm-Menu").last.wait_for(timeout=WAIT)
    return page.locator(".lm-Menu").last.locator(".lm-Menu-itemLabel").all_inner_texts()


def _run_first_cell(page) -> None:
    """Shift+Enter on the code cell until it has run; no time is asserted. A run asked for
    while the kernel is still starting can be dropped, or answered with a dialog (the kernel
    is still initializing): the learner closes it and runs the cell again, and so does this."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + WAIT / 1000
    dialogs: list[str] = []
    while True:
        try:
            dialog = page.locator(".jp-Dialog")
            if dialog.count():
                dialogs.append(dialog.inner_text())
                page.keyboard.press("Escape")
                dialog.wait_for(state="detached", timeout=15_000)
            page.locator(".jp-CodeCell .jp-InputPrompt").first.click(timeout=15_000)
            page.keyboard.press("Shift+Enter")
            page.locator(".jp-OutputArea-output").first.wait_for(timeout=15_000)
            return
        except PlaywrightTimeout as exc:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the cell did not run; dialogs on the way: {dialogs}"
                ) from exc


def test_jupyterlab_and_notebook_open_in_the_learners_language(server, artifacts):
    lang, seen = server.lang, SEEN[server.lang]
    with chromium_page() as page:
        page.goto(f"{server.base_url}/lab/tree/lang.ipynb?token=lang", timeout=WAIT)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=WAIT)
        bar = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel")
        page.wait_for_function(
            "word => [...document.querySelectorAll('#jp-menu-panel .lm-MenuBar-itemLabel')]"
            ".some(e => e.innerText === word)",
            arg=seen["run"],
            timeout=WAIT,
        )
        labels = bar.all_inner_texts()
        assert all(word in labels for word in seen["bar"]), labels

        if not seen.get("light"):
            _run_first_cell(page)
            output = page.locator(".jp-OutputArea-output").first
            page.wait_for_function(
                "() => document.querySelector('.jp-OutputArea-output').innerText.includes('lang=')",
                timeout=WAIT,
            )
            assert output.inner_text().strip() == f"lang={lang}"  # the kernel's DIGICULTURE_LANG

        bar.filter(has_text=seen["run"]).first.click()
        items = _menu_items(page)
        assert all(item in items for item in seen["run_items"]), items
        page.screenshot(path=str(artifacts / f"lab_in_{lang}_run_menu.png"))
        page.keyboard.press("Escape")

        bar.filter(has_text=seen["kernel"]).first.click()
        _menu_items(page)
        page.locator(".lm-Menu").last.get_by_text(seen["restart"], exact=True).click()
        dialog = page.locator(".jp-Dialog-content")
        dialog.wait_for(timeout=WAIT)
        text = dialog.inner_text()
        assert all(word in text for word in seen["dialog"]), text
        page.screenshot(path=str(artifacts / f"lab_in_{lang}_restart_dialog.png"))
        dialog.get_by_text(seen["dialog"][1], exact=True).click()  # Cancel
        dialog.wait_for(state="detached", timeout=WAIT)

        if "file_menu" in seen:
            page.locator(".jp-DirListing-item", has_text="lang.ipynb").click(button="right")
            items = _menu_items(page)
            assert all(item in items for item in seen["file_menu"]), items
            assert set(items) & set(seen["delete"]), items
            page.screenshot(path=str(artifacts / f"lab_in_{lang}_file_menu.png"))
            page.keyboard.press("Escape")

        if seen.get("light"):
            return
        # Notebook 7's single-document view, where the learners' links open units.
        page.goto(f"{server.base_url}/{LEARNER_APP}/lang.ipynb?token=lang", timeout=WAIT)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=WAIT)
        page.wait_for_function(
            "word => [...document.querySelectorAll('.lm-MenuBar-itemLabel')]"
            ".some(e => e.innerText === word)",
            arg=seen["run"],
            timeout=WAIT,
        )
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert all(word in labels for word in seen["bar"]), labels
        page.screenshot(path=str(artifacts / f"lab_in_{lang}_notebook7.png"))

        # Notebook 7's list of files, where a learner uploads and opens files.
        page.goto(f"{server.base_url}/tree?token=lang", timeout=WAIT)
        page.locator(".jp-DirListing-item", has_text="lang.ipynb").wait_for(timeout=WAIT)
        if "tree" in seen:
            page.wait_for_function(
                "word => document.body.innerText.includes(word)", arg=seen["tree"][0], timeout=WAIT
            )
            text = page.locator("body").inner_text()
            assert all(word in text for word in seen["tree"]), text
        page.screenshot(path=str(artifacts / f"lab_in_{lang}_notebook7_files.png"))
