"""Every text of the institution's check, plan and page, in the kit's languages (the English
in data/texts.yaml, the other languages in the gettext catalogs `institutions.po`,
`digiculture.interface_texts`: drafts until a native speaker from the sector reviews them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.interface_texts import TextTable

DATA = Path(__file__).resolve().parent / "data"


def _english() -> dict[str, str]:
    return yaml.safe_load((DATA / "texts.yaml").read_text(encoding="utf-8"))


TEXTS = TextTable(
    "institutions",
    "The institution's check, plan and page",
    "digiculture/institutions/data/texts.yaml",
    _english,
)


def language_for(*candidates: str | None) -> str:
    """The first of `candidates` the kit speaks, else English."""
    for lang in candidates:
        if lang and lang.lower() in LANGUAGES and lang.lower() in TEXTS:
            return lang.lower()
    return "en"


def texts(lang: str) -> dict[str, str]:
    """Every text in `lang`; a text missing there comes in English."""
    return TEXTS.get(lang) or TEXTS["en"]


@dataclass(frozen=True)
class AgendaArea:
    id: str
    profile_areas: tuple[str, ...]
    statements: tuple[str, ...]


@cache
def agenda() -> tuple[AgendaArea, ...]:
    """The areas of the institution's digital agenda, in the order of the check."""
    data = yaml.safe_load((DATA / "agenda.yaml").read_text(encoding="utf-8"))
    return tuple(
        AgendaArea(a["id"], tuple(a["profile_areas"]), tuple(a["statements"]))
        for a in data["areas"]
    )


LEVELS = (1, 2, 3, 4)


def level_name(t: dict[str, str], level: int) -> str:
    return t[f"level_{level}"]


def area_title(t: dict[str, str], area: str) -> str:
    return t[f"area_{area}_title"]


def long_date(iso: str, lang: str) -> str:
    """An ISO date as people of `lang` write it (Babel): 24. November 2025; a text that is no
    date as it is."""
    from assessment.wording import long_date as written

    try:
        return written(iso, lang)
    except (TypeError, ValueError):
        return iso


def hours(value: float, lang: str) -> str:
    """Hours with one decimal, as `lang` writes numbers (Babel): 1,8."""
    from babel.numbers import format_decimal

    return format_decimal(value, "0.0", locale=lang)
