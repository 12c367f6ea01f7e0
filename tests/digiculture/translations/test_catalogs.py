"""The translation catalogs: made from the English sources, kept in step without losing a
translator's work, checked, compiled, and put into a learner version."""

from __future__ import annotations

import json

import polib
import pytest

from digiculture.gettext_catalogs import catalog
from digiculture.translations.catalogs import compile_all, po_path, status, unit_translator, update
from digiculture.translations.texts import translate_notebook

UNIT = "u99_made_up"


def _cell(kind: str, cell_id: str, source: str, **nbgrader) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source}
    if nbgrader:
        cell["metadata"]["nbgrader"] = nbgrader
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _notebook(intro: str) -> dict:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            _cell("markdown", "intro", intro),
            _cell(
                "code",
                "setup",
                f'from digiculture.learn import check, start_unit\nstart_unit("{UNIT}")',
                grade_id="u99_setup",
                locked=True,
            ),
            _cell(
                "code",
                "answer",
                "# Count the rows of the table\nrows = None  # replace None\n"
                "### BEGIN SOLUTION\nrows = 3\n### END SOLUTION",
                grade_id="u99_rows",
                solution=True,
            ),
            _cell(
                "code",
                "test",
                '"""Checks the number of rows."""\n'
                'check.equal(rows, 3, "the number of rows", hint="use len(table)")',
                grade_id="u99_rows_check",
                grade=True,
                points=1,
            ),
        ],
    }


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    folder = root / "notebooks" / "source" / UNIT
    folder.mkdir(parents=True)
    (folder / f"{UNIT}.ipynb").write_text(json.dumps(_notebook("Count with `len(table)`.")))
    units = root / "digiculture" / "learn" / "units"
    units.mkdir(parents=True)
    (units / "u99.py").write_text(
        "from digiculture.learn import check\n\n\n@check.verdict\ndef check_it(x):\n"
        '    """Checks the table of loans."""\n'
        '    check.that(x, check.phrase("Your table has {n} rows.", n=len(x)), "the loans")\n'
    )
    (root / "digiculture" / "outcomes").mkdir()
    return root


def _entries(path) -> dict:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def test_the_texts_of_a_unit_are_extracted_by_cell_comment_docstring_and_check(repo, tmp_path):
    locale = tmp_path / "locale"
    update(["de"], locale, repo)
    entries = _entries(po_path(UNIT, "de", locale))
    assert ("cell intro", "Count with `len(table)`.") in entries
    assert ("comment answer", "Count the rows of the table") in entries
    assert ("comment answer", "replace None") in entries
    assert ("docstring test", "Checks the number of rows.") in entries
    for text in ("the number of rows", "use len(table)", "Your table has {n} rows.", "the loans"):
        assert ("check", text) in entries, text
    assert ("check", "the table of loans") in entries  # what the ✓ line names
    assert not any("BEGIN SOLUTION" in msgid for _, msgid in entries)
    assert (locale / "templates" / f"{UNIT}.pot").is_file()


def test_a_changed_english_text_keeps_its_translation_as_stale_and_nothing_is_lost(repo, tmp_path):
    locale = tmp_path / "locale"
    update(["de"], locale, repo)
    path = po_path(UNIT, "de", locale)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = {
            "Count with `len(table)`.": "Zählen Sie mit `len(table)`.",
            "the loans": "die Ausleihen",
        }.get(entry.msgid, "")
    po.save(str(path))
    notebook = repo / "notebooks" / "source" / UNIT / f"{UNIT}.ipynb"
    notebook.write_text(json.dumps(_notebook("Count the rows with `len(table)`.")))
    (repo / "digiculture" / "learn" / "units" / "u99.py").write_text(
        "from digiculture.learn import check\n"
    )
    update(["de"], locale, repo)
    po = polib.pofile(str(path))
    changed = next(e for e in po if e.msgctxt == "cell intro")
    assert changed.msgid == "Count the rows with `len(table)`."
    assert "fuzzy" in changed.flags and changed.msgstr == "Zählen Sie mit `len(table)`."
    assert changed.previous_msgid == "Count with `len(table)`."
    gone = [e for e in po if e.obsolete]
    assert [e.msgstr for e in gone] == ["die Ausleihen"]  # kept (#~), not thrown away
    row = next(r for r in status(["de"], locale, repo) if r.domain == UNIT)
    assert row.stale == 1 and row.translated == 0


def test_a_broken_translation_is_reported_and_never_shown(repo, tmp_path):
    locale = tmp_path / "locale"
    update(["de"], locale, repo)
    path = po_path(UNIT, "de", locale)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == "cell intro":
            entry.msgstr = "Zählen Sie mit `len(Tabelle)`."  # the learner's code translated
        if entry.msgid == "Your table has {n} rows.":
            entry.msgstr = "Ihre Tabelle hat {anzahl} Zeilen."  # a field renamed
    po.save(str(path))
    row = next(r for r in status(["de"], locale, repo) if r.domain == UNIT)
    assert len(row.problems) == 2, row.problems
    translate = unit_translator(UNIT, "de", locale)
    assert translate("cell intro", "Count with `len(table)`.") is None
    compile_all(locale)
    assert path.with_suffix(".mo").is_file()


def test_a_learner_version_in_a_language_keeps_grading_the_same(repo, tmp_path):
    source = json.loads((repo / "notebooks" / "source" / UNIT / f"{UNIT}.ipynb").read_text())
    words = {
        ("cell intro", "Count with `len(table)`."): "Zählen Sie mit `len(table)`.",
        ("comment answer", "Count the rows of the table"): "Zählen Sie die Zeilen der Tabelle",
        ("docstring test", "Checks the number of rows."): "Prüft die Zahl der Zeilen.",
    }
    german, missing = translate_notebook(source, UNIT, "de", lambda c, e: words.get((c, e)))
    cells = {c["id"]: "".join(c["source"]) for c in german["cells"]}
    assert cells["intro"] == "Zählen Sie mit `len(table)`."
    assert cells["setup"].endswith(f'start_unit("{UNIT}", language="de")')
    assert cells["answer"].startswith("# Zählen Sie die Zeilen der Tabelle\nrows = None  #")
    assert "### BEGIN SOLUTION\nrows = 3\n### END SOLUTION" in cells["answer"]
    assert cells["test"].startswith('"""Prüft die Zahl der Zeilen."""\ncheck.equal(rows, 3,')
    assert missing == ["comment answer"]  # "replace None" has no translation: it stays English
    for before, after in zip(source["cells"], german["cells"], strict=True):
        assert before["metadata"] == after["metadata"]  # grade ids and points untouched
    assert german["metadata"]["digiculture"]["language"] == "de"


def test_every_language_of_the_kit_has_its_catalogs_complete():
    """The kit's own catalogs: every text of every unit, the helpers and the reports is
    translated in every language (as drafts until reviewed), none stale or broken."""
    from digiculture.course.codes import COURSE_LANGUAGES

    rows = status([lang for lang in COURSE_LANGUAGES if lang != "en"])
    gaps = [
        f"{r.language} {r.domain}: {r.missing} missing, {r.stale} stale, {r.problems[:2]}"
        for r in rows
        if r.missing or r.stale or r.problems
    ]
    assert not gaps, "\n".join(gaps)
    assert catalog("learn", "de")


def test_a_units_compiled_catalog_holds_only_its_checks_never_a_model_answer():
    """A learner's kernel reads the `.mo` (and a learners' branch carries it): it must not hold
    the unit's cells, where a reflection's model answer is (`### BEGIN SOLUTION`)."""
    import gettext
    import io

    from digiculture.gettext_catalogs import LOCALE_DIR
    from digiculture.translations.catalogs import compiled

    for po_file in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/u*.po")):
        table = gettext.GNUTranslations(io.BytesIO(compiled(po_file)))._catalog
        contexts = {k.split("\x04")[0] for k in table if isinstance(k, str) and "\x04" in k}
        assert contexts <= {"check"}, (po_file, contexts)
        assert not any("BEGIN SOLUTION" in str(k) + str(v) for k, v in table.items()), po_file
