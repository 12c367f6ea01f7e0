"""The language a unit speaks to its learner, and the translation catalogs it reads.

Every text the learner helpers show (`digiculture.learn.messages`, the checks' words in
`digiculture.learn.units`, the messages of a unit's hidden tests) is written in English, the
source language, and translated in gettext catalogs: `digiculture/locale/LANG/LC_MESSAGES/
DOMAIN.po`, compiled to `.mo` by `make setup` (`digiculture translations compile`). The domain
`learn` holds the helpers' messages (context = the message's key); each unit has its own
domain, named by the unit's id, whose context `check` holds the words of its checks.

A learner version built in a language calls `start_unit(unit_id, language=LANG)`; before that
(or without it) the language is `DIGICULTURE_LANG` from the environment (the hub sets it from
the roster), else English.

A message is never mixed: `Msg` remembers its English original and whether every part of it
was found in the language, and a message with a missing part is shown wholly in English.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

#: Where the catalogs are: digiculture/locale/LANG/LC_MESSAGES/DOMAIN.po (and .mo).
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: Another folder of catalogs (same layout) instead of LOCALE_DIR: a translator trying a
#: catalog, a test with catalogs of its own.
LOCALE_DIR_VARIABLE = "DIGICULTURE_LOCALE_DIR"
SOURCE_LANGUAGE = "en"
#: The domain of the helpers' messages (messages.py); a unit's domain is its id.
HELPERS_DOMAIN = "learn"
#: The context of a unit's check texts in the unit's domain.
CHECK_CONTEXT = "check"

_state: dict[str, str | None] = {"language": None, "unit": None}


class Msg(str):
    """A text shown to a learner, with its English original.

    `complete` is False when the text, or a part put into it, has no translation in the
    learner's language: whoever assembles a longer message then uses `english` for all of it.
    """

    english: str
    complete: bool

    def __new__(cls, text: str, english: str | None = None, complete: bool = True) -> Msg:
        made = super().__new__(cls, text)
        made.english = text if english is None else english
        made.complete = complete
        return made


def language() -> str:
    """The learner's language now: the unit's, else DIGICULTURE_LANG, else English."""
    chosen = _state["language"] or os.environ.get("DIGICULTURE_LANG", "") or SOURCE_LANGUAGE
    return chosen if chosen.isalpha() and len(chosen) <= 3 else SOURCE_LANGUAGE


def locale_dir() -> Path:
    """The catalogs' folder: DIGICULTURE_LOCALE_DIR when set, else the kit's."""
    chosen = os.environ.get(LOCALE_DIR_VARIABLE, "")
    return Path(chosen) if chosen else LOCALE_DIR


def unit() -> str | None:
    """The id of the unit started in this kernel (`start_unit`), if any."""
    return _state["unit"]


def use(unit_id: str | None, lang: str | None) -> None:
    """Speak `lang` for the unit `unit_id` from now on in this kernel."""
    _state["unit"] = unit_id
    _state["language"] = lang


def _catalog(domain: str, lang: str) -> dict[str, str]:
    return _read_catalog(domain, lang, locale_dir())


@lru_cache(maxsize=64)
def _read_catalog(domain: str, lang: str, folder: Path) -> dict[str, str]:
    """{context EOT msgid (or msgid): translation} of one compiled catalog, {} when none.

    The `.mo` made at build time is read when it is at least as new as its `.po`; else the
    `.po` itself (a maintainer editing a catalog sees the change without compiling).
    """
    if lang == SOURCE_LANGUAGE or not domain.replace("_", "").isalnum():
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
        return {}  # a broken catalog leaves the learner with English, never with an error
    return {}


def lookup(domain: str, msgid: str, context: str | None = None, lang: str | None = None):
    """The translation of `msgid` (in `context`) into `lang`, or None when there is none."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return msgid
    key = f"{context}\x04{msgid}" if context else msgid
    return _catalog(domain, lang).get(key)


def _english(value: object) -> object:
    return value.english if isinstance(value, Msg) else value


def fill(template: str, translated: str | None, values: dict[str, object]) -> Msg:
    """`template` filled with `values`, in the language when it and every part of it are."""
    english = template.format(**{k: _english(v) for k, v in values.items()})
    parts_complete = all(v.complete for v in values.values() if isinstance(v, Msg))
    if translated is None or not parts_complete:
        return Msg(english, english, complete=language() == SOURCE_LANGUAGE)
    try:
        return Msg(translated.format(**values), english)
    except (KeyError, IndexError, ValueError):  # a translation that names other {fields}
        return Msg(english, english, complete=False)


def check_text(text: str, **values: object) -> Msg:
    """A unit's check text (`what`, `hint`, a message) in the learner's language."""
    if isinstance(text, Msg):
        return text
    current = unit()
    translated = lookup(current, text, CHECK_CONTEXT) if current else None
    if translated is None:  # the helpers' own texts (strategy, images, the checks' defaults)
        translated = lookup(HELPERS_DOMAIN, text, CHECK_CONTEXT)
    if language() == SOURCE_LANGUAGE:
        translated = text
    return fill(text, translated, values) if values else _plain_text(text, translated)


def _plain_text(text: str, translated: str | None) -> Msg:
    if translated is None:
        return Msg(text, text, complete=language() == SOURCE_LANGUAGE)
    return Msg(translated, text)


def joined(*parts: Msg | str) -> Msg:
    """Parts of one message put together: all in the language, or all in English."""
    msgs = [p if isinstance(p, Msg) else Msg(p) for p in parts]
    english = "".join(m.english for m in msgs)
    if all(m.complete for m in msgs):
        return Msg("".join(msgs), english)
    return Msg(english, english, complete=False)
