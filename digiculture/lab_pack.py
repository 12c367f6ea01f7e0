"""The kit's own language packs for JupyterLab and Notebook 7 (Croatian: there is no official
one; Greek: the official one translates none of the texts a learner meets), one code for all.

A language pack the way JupyterLab knows them is a Python package named
`jupyterlab_language_pack_<locale>` (jupyterlab_server imports it by that name to translate the
settings schemas, where the menus' labels are), registered under the entry point group
`jupyterlab.languagepack` (the kit's pyproject.toml), with the catalogs of each translation
domain in `locale/<locale>/LC_MESSAGES/`: the `.po` written by the translators, compiled to the
`.mo` the server reads (gettext) and the `.json` the browser reads (Jed's format).

Each of the kit's packs is such a package whose `__init__` only says its locale
(`PACK = LanguagePack(__file__)`); this module compiles them: `compile_all()` (`digiculture
translations compile`, `make setup`) or `python -m digiculture.lab_pack` (Binder's postBuild,
also on a learners' branch, which has no command line). The texts they cover are listed in
digiculture/lab_learner_texts.py; drafts until a native speaker from the sector reviews them
(`X-Review-Status: draft`).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

#: The kit's own packs (package names); the official packs come from PyPI.
KIT_PACKS = ("jupyterlab_language_pack_hr_HR", "jupyterlab_language_pack_el_GR")
VERSION = "0.1.0"


class LanguagePack:
    """One of the kit's packs: its locale (from the package's name) and its catalogs."""

    def __init__(self, package_file: str) -> None:
        folder = Path(package_file).resolve().parent
        self.locale = folder.name.removeprefix("jupyterlab_language_pack_")
        self.messages = folder / "locale" / self.locale / "LC_MESSAGES"

    def jed(self, po, domain: str) -> dict:
        """A catalog as JupyterLab's browser side reads it: {"": header, key: [forms]}, where
        the key is the English text, after its context and "\\x04" when it has one."""
        data: dict = {
            "": {
                "domain": domain,
                "language": self.locale.replace("_", "-"),
                "plural_forms": po.metadata["Plural-Forms"],
                "version": VERSION,
            }
        }
        for entry in po.translated_entries():
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                data[key] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            else:
                data[key] = [entry.msgstr]
        return data

    def compile(self, force: bool = False) -> list[Path]:
        """Write the `.mo` and `.json` of every `.po` that changed since; the paths written."""
        import polib

        written = []
        for po_file in sorted(self.messages.glob("*.po")):
            mo_file, json_file = po_file.with_suffix(".mo"), po_file.with_suffix(".json")
            source_time = po_file.stat().st_mtime
            if not force and all(
                f.exists() and f.stat().st_mtime >= source_time for f in (mo_file, json_file)
            ):
                continue
            po = polib.pofile(str(po_file))
            po.save_as_mofile(str(mo_file))
            json_file.write_text(
                json.dumps(self.jed(po, po_file.stem), ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
            written += [mo_file, json_file]
        return written


def kit_packs() -> list[LanguagePack]:
    """The kit's packs, as installed."""
    return [importlib.import_module(name).PACK for name in KIT_PACKS]


def compile_all(force: bool = False) -> list[Path]:
    """Compile every pack of the kit (only what changed, unless `force`)."""
    return [path for pack in kit_packs() for path in pack.compile(force)]


if __name__ == "__main__":
    written = compile_all()
    locales = ", ".join(pack.locale for pack in kit_packs())
    print(f"The kit's language packs for JupyterLab ({locales}): {len(written)} file(s) compiled.")
