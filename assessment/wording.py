"""Dates and language tags as each language writes them (Babel), for the app and the PDF."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date


def long_date(day: date | str, lang: str) -> str:
    """A date the learner reads: '3. Dezember 2026', '3 dicembre 2026', '3 Δεκεμβρίου 2026'.

    `day`: a date or an ISO text ('2026-12-03', or a longer ISO time stamp).
    """
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return format_date(day, format="long", locale=lang)


def language_of(asked: str | None, available: list[str]) -> str | None:
    """The available language a tag asks for: any case, with a region or not
    ('DE' -> 'de', 'de-AT' -> 'de', 'pt_BR' -> 'pt'); None when none fits."""
    if not asked:
        return None
    base = asked.strip().replace("_", "-").split("-")[0].lower()
    return base if base in available else None


def accepted_language(header: str | None, available: list[str]) -> str | None:
    """The first available language of an Accept-Language header, by its weights
    ('de-AT,de;q=0.9,en;q=0.8' -> 'de')."""
    choices = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        lang = language_of(tag, available)
        if lang and weight > 0:
            choices.append((-weight, n, lang))
    return min(choices)[2] if choices else None
