"""The texts a facilitator reads in the roster import, the wide gradebook, the credentials'
summary and mail merge and the workshop plan, in the kit's languages: the English in
data/facilitator.yaml (and the roster's problems in data/roster_problems.yaml), the other
languages in the gettext catalogs `facilitator.po` and `roster_problems.po`
(`digiculture.interface_texts`; drafts until reviewed).

    say = facilitator_texts("de")
    say("roster_imported", count=12, course="cohorts/de-2026")
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.interface_texts import TextTable

DATA = Path(__file__).resolve().parent / "data" / "facilitator.yaml"
PROBLEMS = Path(__file__).resolve().parent / "data" / "roster_problems.yaml"
REFLECTIONS = Path(__file__).resolve().parent / "data" / "reflections.yaml"

#: Fills in one text by its key: say(key, **values).
Say = Callable[..., str]


def _english(path: Path) -> Callable[[], dict[str, str]]:
    return lambda: yaml.safe_load(path.read_text(encoding="utf-8"))


TEXTS = TextTable(
    "facilitator",
    "The facilitator's texts",
    "digiculture/course/data/facilitator.yaml",
    _english(DATA),
)
PROBLEM_TEXTS = TextTable(
    "roster_problems",
    "The roster's problems",
    "digiculture/course/data/roster_problems.yaml",
    _english(PROBLEMS),
)

#: The reflection queue's texts and the kit's default comments (keys `bank_*`).
REFLECTION_TEXTS = TextTable(
    "reflections",
    "The reflection queue's texts",
    "digiculture/course/data/reflections.yaml",
    _english(REFLECTIONS),
)


def facilitator_texts(lang: str | None, table: TextTable = TEXTS) -> Say:
    """The texts in `lang` (English for a language the kit does not speak); `table`: another
    of the facilitator's tables (the reflection queue's, `REFLECTION_TEXTS`)."""
    words = table.get((lang or "en").lower()) or table["en"]

    def say(key: str, **values: object) -> str:
        return " ".join(str(words[key]).split()).format(**values)

    return say


def check_language(lang: str | None) -> str | None:
    """A sentence when `lang` is not one of the kit's languages, else None."""
    if lang is None or lang in COURSE_LANGUAGES:
        return None
    return f"Unknown language '{lang}': use one of {', '.join(COURSE_LANGUAGES)}."


@cache
def _problem_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for key, english in PROBLEM_TEXTS.english.items():
        regex = re.escape(english)
        for name in re.findall(r"\\\{(\w+)\\\}", regex):
            regex = regex.replace(f"\\{{{name}\\}}", f"(?P<{name}>.*?)", 1)
        patterns.append((key, re.compile(f"^{regex}$", re.DOTALL)))
    return patterns


def translate_problem(message: str, lang: str | None) -> str:
    """A roster problem (said in English by the checks) in `lang`, with the file's own values
    kept; the English message when the kit has no translation of it."""
    lang = (lang or "en").lower()
    if lang == "en" or lang not in PROBLEM_TEXTS:
        return message
    for key, pattern in _problem_patterns():
        match = pattern.match(message)
        if match:
            translated = PROBLEM_TEXTS.translation(key, lang)
            return translated.format(**match.groupdict()) if translated else message
    return message


_HOW_CSV = re.compile(r"^CSV, (?P<encoding>.+), (?P<separator>.+) between the columns$")
_HOW_XLSX = re.compile(r"^Excel workbook, sheet '(?P<sheet>.*)'$")


def translate_how(how: str, lang: str | None) -> str:
    """How a roster file was read (`digiculture.csv_rows`: "CSV, UTF-8, ';' between the
    columns", "Excel workbook, sheet 'Roster'") in `lang`; encoding names stay as they are."""
    say = facilitator_texts(lang)
    if match := _HOW_CSV.match(how):
        separator = match["separator"]
        if separator == "tabs":
            separator = say("how_tabs")
        return say("how_csv", encoding=match["encoding"], separator=separator)
    if match := _HOW_XLSX.match(how):
        return say("how_xlsx", sheet=match["sheet"])
    return how
