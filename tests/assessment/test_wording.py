"""Dates and language tags as each language writes them."""

from __future__ import annotations

from datetime import date

from assessment.wording import accepted_language, language_of, long_date

KIT = ["en", "de", "it", "hr", "el", "pt"]


def test_dates_are_written_as_each_language_writes_them():
    assert long_date("2026-12-03", "de") == "3. Dezember 2026"
    assert long_date(date(2026, 12, 3), "el") == "3 Δεκεμβρίου 2026"
    assert long_date("2026-12-03T10:00:00+00:00", "it") == "3 dicembre 2026"
    assert "2026-12-03" not in long_date("2026-12-03", "pt")


def test_a_language_tag_in_any_case_with_a_region():
    assert language_of("de-AT", KIT) == "de"
    assert language_of("DE", KIT) == "de"
    assert language_of("pt_BR", KIT) == "pt"
    assert language_of("fr", KIT) is None
    assert language_of(None, KIT) is None


def test_the_browsers_languages_by_their_weights():
    assert accepted_language("fr-FR,de-AT;q=0.9,en;q=0.8", KIT) == "de"
    assert accepted_language("en;q=0.5, el;q=0.9", KIT) == "el"
    assert accepted_language("fr, es;q=0.8", KIT) is None
    assert accepted_language("de;q=0, it", KIT) == "it"
    assert accepted_language(None, KIT) is None
