"""Reading the kit's compiled translations: one lookup for the kernels, the reports and pages.

The catalogs are gettext's: `digiculture/locale/LANG/LC_MESSAGES/DOMAIN.po`, compiled to `.mo`
by `make setup` (`digiculture translations compile`, which also keeps them in step with the
English sources: `digiculture.translations`). English is the source language: its "translation"
is the text itself. This module needs only the standard library (and polib when a `.po` is
newer than its `.mo`), so a learner's kernel can import it cheaply.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

#: Where the catalogs are: digiculture/locale/LANG/LC_MESSAGES/DOMAIN.po (and .mo).
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Another folder of catalogs (same layout) instead of LOCALE_DIR: a translator trying a
#: catalog, a test with catalogs of its own.
LOCALE_DIR_VARIABLE = "DIGICULTURE_LOCALE_DIR"
SOURCE_LANGUAGE = "en"
#: The domain of the reports, the dashboard and the institution pages (digiculture.outcomes).
REPORTS_DOMAIN = "reports"
#: The mentoring and workshop commands' tables, plans and calendars (digiculture.mentoring).
MENTORING_DOMAIN = "mentoring"
#: The domain of the facilitator's console on the hub (digiculture.console).
CONSOLE_DOMAIN = "console"


def locale_dir() -> Path:
    """The catalogs' folder: DIGICULTURE_LOCALE_DIR when set, else the kit's."""
    chosen = os.environ.get(LOCALE_DIR_VARIABLE, "")
    return Path(chosen) if chosen else LOCALE_DIR


def catalog(domain: str, lang: str) -> dict[str, str]:
    """{context EOT msgid (or msgid): translation} of one catalog, {} when there is none."""
    return _read_catalog(domain, lang, locale_dir())


@lru_cache(maxsize=64)
def _read_catalog(domain: str, lang: str, folder: Path) -> dict[str, str]:
    """One catalog of `folder`. The `.mo` made at build time is read when it is at least as
    new as its `.po`; else the `.po` itself (a maintainer editing a catalog sees the change
    without compiling)."""
    if lang == SOURCE_LANGUAGE or not domain.replace("_", "").isalnum() or not lang.isalpha():
        return {}
    folder = folder / lang / "LC_MESSAGES"
    po, mo = folder / f"{domain}.po", folder / f"{domain}.mo"
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as stream:
                table = gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
            return {k: v for k, v in table.items() if isinstance(k, str) and k and v}
        if po.exists():
            import polib

            return {
                (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid): e.msgstr
                for e in polib.pofile(str(po)).translated_entries()
                if not e.obsolete
            }
    except (OSError, ValueError, ImportError, UnicodeDecodeError):
        return {}  # a broken catalog leaves the reader with English, never with an error
    return {}


def lookup(domain: str, msgid: str, lang: str, context: str | None = None) -> str | None:
    """The translation of `msgid` (in `context`) into `lang`, or None when there is none."""
    if lang == SOURCE_LANGUAGE:
        return msgid
    key = f"{context}\x04{msgid}" if context else msgid
    return catalog(domain, lang).get(key)
