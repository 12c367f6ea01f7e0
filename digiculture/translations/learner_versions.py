"""A unit's source notebook in a learner's language, for nbgrader to release.

`course build --lang`, `course init --lang` and `course publish --lang` translate a unit's
source notebook (prose, code comments, the check cells' docstrings; `translate_notebook` with
the unit's catalog, `unit_translator`) before nbgrader's `generate_assignment` makes the learner
version from it. The setup cell then says `start_unit(ID, language=LANG)`, so the kernel, the
checks and the friendly errors speak LANG too. Grade ids, points, test code and data are not
touched: the same answers get the same grade in every language.

A text with no translation yet stays English; `english_left` counts them per unit (the texts
of the notebook and the unit's check texts) and `english_left_line` says it in one line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import nbformat

from digiculture.learn.language import HELPERS_DOMAIN, SOURCE_LANGUAGE
from digiculture.translations.catalogs import unit_translator
from digiculture.translations.texts import Text, helper_texts, translate_notebook, unit_texts


def translate_source(
    source: Path, target: Path, unit_id: str, language: str, locale_dir: Path | None = None
) -> None:
    """Write the unit notebook `source` in `language` to `target` (may be the same file)."""
    if language == SOURCE_LANGUAGE:
        if Path(source).resolve() != Path(target).resolve():
            Path(target).write_bytes(Path(source).read_bytes())
        return
    notebook = json.loads(Path(source).read_text(encoding="utf-8"))
    translated, _ = translate_notebook(
        notebook, unit_id, language, unit_translator(unit_id, language, locale_dir)
    )
    Path(target).write_text(nbformat.writes(nbformat.from_dict(translated)), encoding="utf-8")


def translate_course_sources(
    course_dir: Path, unit_ids: Iterable[str], language: str, locale_dir: Path | None = None
) -> None:
    """Translate the source notebooks of `unit_ids` in a course folder, in place."""
    for unit_id in unit_ids:
        path = Path(course_dir) / "source" / unit_id / f"{unit_id}.ipynb"
        translate_source(path, path, unit_id, language, locale_dir)


def _unit_module(unit_id: str) -> Path:
    from digiculture.learn.units import __file__ as units_init

    return Path(units_init).parent / f"{unit_id.split('_')[0]}.py"


def untranslated(
    source_dir: Path, unit_ids: Iterable[str], language: str, locale_dir: Path | None = None
) -> dict[str, list[Text]]:
    """{domain: its texts with no (usable) translation in `language`} (only domains with some).

    A unit's texts are its notebook's (read from the English source in `source_dir`) and its
    check texts; the domain `learn` holds the helpers' messages every unit shows, `nbgrader`
    the answer cells' placeholders and the feedback page's words. A stale
    (fuzzy) or broken translation counts as none: the learner sees the English.
    """
    if language == SOURCE_LANGUAGE:
        return {}
    left: dict[str, list[Text]] = {}
    helpers = unit_translator(HELPERS_DOMAIN, language, locale_dir)
    missing = [t for t in helper_texts() if helpers(t.context, t.english) is None]
    if missing:
        left[HELPERS_DOMAIN] = missing
    from digiculture.translations.catalogs import NBGRADER_DOMAIN, nbgrader_texts

    words = unit_translator(NBGRADER_DOMAIN, language, locale_dir)
    missing = [t for t in nbgrader_texts() if words(t.context, t.english) is None]
    if missing:
        left[NBGRADER_DOMAIN] = missing
    for unit_id in unit_ids:
        path = Path(source_dir) / unit_id / f"{unit_id}.ipynb"
        notebook = json.loads(path.read_text(encoding="utf-8"))
        translate = unit_translator(unit_id, language, locale_dir)
        texts = unit_texts(notebook, unit_id, str(path), _unit_module(unit_id))
        missing = [t for t in texts if translate(t.context, t.english) is None]
        if missing:
            left[unit_id] = missing
    return left


def english_left(
    source_dir: Path, unit_ids: Iterable[str], language: str, locale_dir: Path | None = None
) -> dict[str, int]:
    """{domain: how many of its texts are still English in `language`} (only those > 0)."""
    found = untranslated(source_dir, unit_ids, language, locale_dir)
    return {domain: len(texts) for domain, texts in found.items()}


def english_left_line(left: dict[str, int], language: str) -> str | None:
    """One line for the facilitator: which units still have English texts, and how many."""
    if not left:
        return None
    parts = ", ".join(f"{domain.split('_')[0]} {count}" for domain, count in left.items())
    total = sum(left.values())
    return (
        f"Not yet translated into '{language}', shown in English: {total} texts ({parts}). "
        f"`digiculture translations status --lang {language}` lists them per catalog."
    )
