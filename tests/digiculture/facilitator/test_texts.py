"""The facilitator's texts in every language of the kit, with the same placeholders."""

from __future__ import annotations

import pytest
import yaml

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.facilitator_texts import DATA, facilitator_texts
from tests.digiculture.texts_tables import assert_translated_like_english

RAW = yaml.safe_load(DATA.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_every_language_has_every_text_with_the_same_placeholders(lang):
    assert_translated_like_english(RAW, lang)


def test_texts_are_filled_in_and_unknown_languages_fall_back_to_english():
    assert facilitator_texts("de")("roster_imported", count=3, course="c") == (
        "3 Lernende in c importiert."
    )
    assert facilitator_texts("xx")("col_line") == "line"
