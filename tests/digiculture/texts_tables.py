"""The check every text table of the kit passes: every language has every English text, with
the same {placeholders}, marked as a draft.

A table is a `digiculture.interface_texts.TextTable` (English in the code, the other languages
in the gettext catalogs), or a dict of one block per language (the YAML tables that stay YAML).
"""

from __future__ import annotations

import re

import polib

from digiculture.interface_texts import TextTable
from digiculture.translations.catalogs import REVIEW_HEADER, po_path


def _placeholders(text: object) -> set[str]:
    return set(re.findall(r"{\w+}", str(text)))


def assert_translated_like_english(raw: dict | TextTable, lang: str) -> None:
    """`lang` has every text of English with the same {placeholders}, and is marked a draft."""
    if isinstance(raw, TextTable):
        assert raw.untranslated(lang) == [], (raw.domain, lang)
        for key, text in raw.english.items():
            assert _placeholders(raw[lang][key]) == _placeholders(text), (lang, key)
        if lang != "en":
            po = polib.pofile(str(po_path(raw.domain, lang)))
            assert po.metadata[REVIEW_HEADER] == "draft", (raw.domain, lang)
        return
    english = raw["en"]
    assert set(raw[lang]) == set(english)
    assert raw[lang]["status"] == ("reviewed" if lang == "en" else "draft")
    for key, text in english.items():
        assert _placeholders(raw[lang][key]) == _placeholders(text), (lang, key)
