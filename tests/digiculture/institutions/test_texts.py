"""Every text of the institution's check, plan and page exists in the kit's six languages,
with the same placeholders; translations are marked as drafts."""

from __future__ import annotations

import pytest

from digiculture.institutions.texts import LANGUAGES, TEXTS, agenda, texts
from tests.digiculture.texts_tables import assert_translated_like_english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_text_with_the_same_placeholders(lang):
    assert_translated_like_english(TEXTS, lang)


def test_every_area_has_a_title_four_levels_and_an_action():
    t = texts("en")
    for area in agenda():
        keys = [f"area_{area.id}_{k}" for k in ("title", "1", "2", "3", "4", "action")]
        assert all(t[k] for k in keys)
    assert [a.id for a in agenda()] == [
        "strategy",
        "collections",
        "audiences",
        "skills",
        "equipment",
        "data",
        "partnerships",
    ]
