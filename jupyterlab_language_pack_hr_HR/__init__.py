"""Croatian (hr_HR) for JupyterLab and Notebook 7: a language pack made by the BoostDigiCulture
course kit, since JupyterLab has no official Croatian one.

It is a language pack the way JupyterLab knows them: a Python package named
`jupyterlab_language_pack_<locale>` (jupyterlab_server imports it by that name to translate the
settings schemas, where the menus' labels are), registered under the entry point group
`jupyterlab.languagepack` (the kit's pyproject.toml), with the catalogs of each translation
domain in `locale/hr_HR/LC_MESSAGES/`: the `.po` written by the translators, compiled to the
`.mo` the server reads (gettext) and the `.json` the browser reads (Jed's format), by
`compile_catalogs()` (`make setup`, Binder's postBuild: `python -m jupyterlab_language_pack_hr_HR`).

It covers the texts a learner meets while doing a unit (digiculture/lab_learner_texts.py lists
them); every other text stays English. Drafts until a native speaker from the sector reviews
them (`X-Review-Status: draft`).
"""

from __future__ import annotations

import json
from pathlib import Path

__version__ = "0.1.0"

LOCALE = "hr_HR"
MESSAGES = Path(__file__).resolve().parent / "locale" / LOCALE / "LC_MESSAGES"


def _jed(po, domain: str) -> dict:
    """A catalog as JupyterLab's browser side reads it: {"": header, key: [forms]}, where the
    key is the English text, after its context and "\\x04" when it has one."""
    data: dict = {
        "": {
            "domain": domain,
            "language": LOCALE.replace("_", "-"),
            "plural_forms": po.metadata["Plural-Forms"],
            "version": __version__,
        }
    }
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            data[key] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            data[key] = [entry.msgstr]
    return data


def compile_catalogs(force: bool = False) -> list[Path]:
    """Write the `.mo` and `.json` of every `.po` that changed since; the paths written."""
    import polib

    written = []
    for po_file in sorted(MESSAGES.glob("*.po")):
        mo_file, json_file = po_file.with_suffix(".mo"), po_file.with_suffix(".json")
        source_time = po_file.stat().st_mtime
        if not force and all(
            f.exists() and f.stat().st_mtime >= source_time for f in (mo_file, json_file)
        ):
            continue
        po = polib.pofile(str(po_file))
        po.save_as_mofile(str(mo_file))
        json_file.write_text(
            json.dumps(_jed(po, po_file.stem), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        written += [mo_file, json_file]
    return written
