"""The texts a facilitator reads in the roster import, the wide gradebook, the credentials'
summary and mail merge and the workshop plan, in the kit's languages (data/facilitator.yaml:
one block per language; English is the source, the others are drafts until reviewed).

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

DATA = Path(__file__).resolve().parent / "data" / "facilitator.yaml"

#: Fills in one text by its key: say(key, **values).
Say = Callable[..., str]


@cache
def _all(data: Path = DATA) -> dict[str, dict[str, str]]:
    return yaml.safe_load(data.read_text(encoding="utf-8"))


def text_table(data: Path = DATA) -> dict[str, dict[str, str]]:
    """A YAML text table of the kit as it is stored: {language: {key: text}}."""
    return _all(data)


def facilitator_texts(lang: str | None, data: Path = DATA) -> Say:
    """The texts in `lang` (English for a language the kit does not speak); `data` is another
    text table of the same layout (the reflections' texts, `data/reflections.yaml`)."""
    table = _all(data)
    words = table.get((lang or "en").lower(), table["en"])

    def say(key: str, **values: object) -> str:
        return " ".join(str(words[key]).split()).format(**values)

    return say


def check_language(lang: str | None) -> str | None:
    """A sentence when `lang` is not one of the kit's languages, else None."""
    if lang is None or lang in COURSE_LANGUAGES:
        return None
    return f"Unknown language '{lang}': use one of {', '.join(COURSE_LANGUAGES)}."


PROBLEMS = Path(__file__).resolve().parent / "data" / "roster_problems.yaml"


@cache
def _problem_patterns() -> tuple[dict[str, dict[str, str]], list[tuple[str, re.Pattern[str]]]]:
    table = yaml.safe_load(PROBLEMS.read_text(encoding="utf-8"))
    patterns = []
    for key, english in table["en"].items():
        if key == "status":
            continue
        regex = re.escape(english)
        for name in re.findall(r"\\\{(\w+)\\\}", regex):
            regex = regex.replace(f"\\{{{name}\\}}", f"(?P<{name}>.*?)", 1)
        patterns.append((key, re.compile(f"^{regex}$", re.DOTALL)))
    return table, patterns


def translate_problem(message: str, lang: str | None) -> str:
    """A roster problem (said in English by the checks) in `lang`, with the file's own values
    kept; the English message when the kit has no translation of it."""
    table, patterns = _problem_patterns()
    words = table.get((lang or "en").lower())
    if not words or lang == "en":
        return message
    for key, pattern in patterns:
        match = pattern.match(message)
        if match:
            return str(words[key]).format(**match.groupdict())
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
