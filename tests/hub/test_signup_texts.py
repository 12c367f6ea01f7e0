"""The sign-up page's own words exist in the kit's six languages, with the same placeholders."""

from __future__ import annotations

import string

from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.hub.texts import WORDS, language, say


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_sentence():
    assert set(WORDS) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert WORDS[lang].keys() == WORDS["en"].keys(), lang
        for key, text in WORDS[lang].items():
            assert text.strip() and fields(text) == fields(WORDS["en"][key]), (lang, key)
        if lang != "en":
            assert WORDS[lang]["expired"] != WORDS["en"]["expired"], lang


def test_language_from_the_link_then_the_browser():
    assert language("hr", "de-DE,de;q=0.9") == "hr"
    assert language("", "el-GR,el;q=0.9,en;q=0.5") == "el"
    assert language("xx", "fr-FR,fr") == "en"
    assert "Kassel" in say("de", "reserved", name="Kassel")
