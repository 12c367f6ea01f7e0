"""The check every YAML text table of the kit passes (one block per language, as data)."""

from __future__ import annotations

import re


def assert_translated_like_english(raw: dict, lang: str) -> None:
    """`lang` has every text of English with the same {placeholders}, and is marked a draft."""
    english = raw["en"]
    assert set(raw[lang]) == set(english)
    assert raw[lang]["status"] == ("reviewed" if lang == "en" else "draft")
    for key, text in english.items():
        assert set(re.findall(r"{\w+}", str(raw[lang][key]))) == set(
            re.findall(r"{\w+}", str(text))
        ), (lang, key)
