"""The facilitator's texts in every language of the kit, with the same placeholders."""

from __future__ import annotations

import pytest

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.facilitator_texts import PROBLEM_TEXTS, TEXTS, facilitator_texts
from tests.digiculture.texts_tables import assert_translated_like_english


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_every_language_has_every_text_with_the_same_placeholders(lang):
    assert_translated_like_english(TEXTS, lang)


def test_texts_are_filled_in_and_unknown_languages_fall_back_to_english():
    assert facilitator_texts("de")("roster_imported", count=3, course="c") == (
        "3 Lernende in c importiert."
    )
    assert facilitator_texts("xx")("col_line") == "line"


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
def test_every_roster_problem_in_every_language(lang):
    assert_translated_like_english(PROBLEM_TEXTS, lang)


def test_the_roster_checks_problems_are_said_in_the_facilitators_language(tmp_path):
    """Every problem of the bad-values roster (the checks say them in English) has its
    translation: none stays English in Greek, and the file's own values are kept."""
    from digiculture.course.roster_import import preview_roster

    path = tmp_path / "roster.csv"
    path.write_text(
        "id,name,email,country,language,institution\n"
        "de 001,Anna Becker,anna(at)x.de,GER,deutsch,Stadtmuseum\n"
        "gr-002,,eleni@mouseio.gr,,,\n"
        "gr-002,Eleni,,GR,el;en,Benaki\n"
        "pt-004,Jo\x00ao,,PT,pt,Museu\n"
        "pt-005,João,,PT,pt,Museu,extra\n",
        encoding="utf-8",
    )
    english = preview_roster(path).problem_rows()
    greek = preview_roster(path).problem_rows("el")
    assert len(english) == len(greek) == 11
    for en_row, el_row in zip(english, greek, strict=True):
        assert (en_row.line, en_row.column) == (el_row.line, el_row.column)
        assert el_row.what != en_row.what and el_row.fix and el_row.fix != en_row.fix, el_row
    assert greek[0].what == "το 'de 001' περιέχει κενό"


def test_the_mentoring_columns_problems_too(tmp_path):
    """The mentoring columns a cohort roster carries are checked, and said in Portuguese."""
    from digiculture.course.roster_import import preview_roster

    path = tmp_path / "roster.csv"
    path.write_text(
        "id,name,email,country,language,institution,role,wants,capacity,timezone,P1\n"
        "pt-1,Rui,,PT,pt,Museu,curator,teacher,-1,Mars/Base,L5\n"
        "pt-2,Ana,,PT,pt,Museu,,,two,,\n",
        encoding="utf-8",
    )
    rows = preview_roster(path).problem_rows("pt")
    assert [(r.line, r.column) for r in rows] == [
        (2, "role"),
        (2, "wants"),
        (2, "capacity"),
        (2, "timezone"),
        (2, "P1"),
        (3, "capacity"),
    ]
    assert rows[0].what == "função desconhecida 'curator'"
    assert rows[5].what == "'two' não é um número inteiro"
    assert all(r.fix and "write" not in r.fix for r in rows)


def test_how_the_file_was_read_in_the_facilitators_language():
    from digiculture.course.facilitator_texts import translate_how

    how = "CSV, Windows-1250 (Central European), ';' between the columns"
    assert translate_how(how, "hr") == "CSV, Windows-1250 (Central European), ';' između stupaca"
    assert translate_how("CSV, UTF-8, tabs between the columns", "de") == (
        "CSV, UTF-8, Tabulatoren zwischen den Spalten"
    )
    assert translate_how("Excel workbook, sheet 'Lista'", "pt") == "livro do Excel, folha 'Lista'"
    assert translate_how(how, "en") == how
