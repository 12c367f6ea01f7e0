"""The texts of credentials and certificates in the kit's languages (data/texts.yaml)."""

from __future__ import annotations

from functools import cache

import yaml

from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.credentials.contexts import DATA


@cache
def _all() -> dict[str, dict[str, str]]:
    return yaml.safe_load((DATA / "texts.yaml").read_text(encoding="utf-8"))


def texts(lang: str) -> dict[str, str]:
    """Every text in `lang` (English for a language the kit does not speak)."""
    table = _all()
    return {k: str(v) for k, v in table.get(lang, table["en"]).items()}


def language_for(*candidates: str | None) -> str:
    """The first of `candidates` the kit speaks, else English."""
    for lang in candidates:
        if lang and lang.lower() in LANGUAGES:
            return lang.lower()
    return "en"
