"""The check every text table of the kit passes: every language has every English text, with
the same {placeholders}, marked as a draft.

A table is a `digiculture.interface_texts.TextTable` (English in the code or its English-only
YAML, the other languages in the gettext catalogs).
"""

from __future__ import annotations

import re

import polib

from digiculture.interface_texts import TextTable
from digiculture.translations.catalogs import REVIEW_HEADER, po_path


def _placeholders(text: object) -> set[str]:
    return set(re.findall(r"{\w+}", str(text)))


def assert_translated_like_english(table: TextTable, lang: str) -> None:
    """`lang` has every text of English with the same {placeholders}, and is marked a draft."""
    assert table.untranslated(lang) == [], (table.domain, lang)
    for key, text in table.english.items():
        assert _placeholders(table[lang][key]) == _placeholders(text), (lang, key)
    if lang != "en":
        po = polib.pofile(str(po_path(table.domain, lang)))
        assert po.metadata[REVIEW_HEADER] == "draft", (table.domain, lang)
