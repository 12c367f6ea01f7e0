"""The texts of credentials and certificates in the kit's languages: the English in
data/texts.yaml, the other languages in the gettext catalogs (`credentials.po`,
`digiculture.interface_texts`)."""

from __future__ import annotations

import yaml

from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.credentials.contexts import DATA
from digiculture.interface_texts import TextTable


def _english() -> dict[str, str]:
    return yaml.safe_load((DATA / "texts.yaml").read_text(encoding="utf-8"))


TEXTS = TextTable(
    "credentials",
    "The credentials and their certificates",
    "digiculture/credentials/data/texts.yaml",
    _english,
)


def texts(lang: str) -> dict[str, str]:
    """Every text in `lang` (English for a language the kit does not speak, and for a text
    not yet translated)."""
    return TEXTS.get(lang) or TEXTS["en"]


def language_for(*candidates: str | None) -> str:
    """The first of `candidates` the kit speaks, else English."""
    for lang in candidates:
        if lang and lang.lower() in LANGUAGES:
            return lang.lower()
    return "en"
