"""How the self-assessment is served: the light page's script and texts."""

from __future__ import annotations

import dataclasses

import pytest

from digiculture.errors import UserError
from digiculture.self_assessment.page import PAGE_MESSAGES, page_messages, self_assessment_server
from digiculture.server import free_port
from digiculture.settings import Settings


def test_a_kit_whose_page_is_not_built_says_how_to_build_it(tmp_path):
    settings = dataclasses.replace(Settings.load(), apps_dir=tmp_path)
    with pytest.raises(UserError, match="make setup"):
        self_assessment_server(free_port(), settings)


def test_the_page_has_its_texts_in_every_language_of_the_kit():
    messages = page_messages(Settings.load())
    assert sorted(messages) == ["de", "el", "en", "hr", "it", "pt"]
    for lang, texts in messages.items():
        assert sorted(texts) == sorted(PAGE_MESSAGES), lang
        assert all(text.strip() for text in texts.values()), lang
    assert messages["de"]["page_failed"] != messages["en"]["page_failed"]
