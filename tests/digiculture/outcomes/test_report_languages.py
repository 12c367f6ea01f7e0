"""The reports speak the reader's language: the programme report, the staff report, the
dashboard's words. Every word comes from the catalog `reports` (or Babel, or the profile), and
the figures are the same in every language."""

from __future__ import annotations

import re

import pytest

from competence_profile import load_profile
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.gettext_catalogs import catalog
from digiculture.outcomes.html import institution_html, programme_html
from digiculture.outcomes.pdf import PROGRAMME_TITLE
from digiculture.outcomes.tables import institution_tables, programme_tables
from digiculture.outcomes.words import DOMAIN, Words

OTHERS = [lang for lang in COURSE_LANGUAGES if lang != "en"]


def _figures(tables) -> list[list[str]]:
    """The cells that are figures (digits, '–'), table by table: the same in every language
    (a decimal comma read as a point)."""
    figure = re.compile(r"[\d.,+−-]+ ?%?|–")
    return [
        [c.replace(",", ".") for row in t.rows for c in row[1:] if figure.fullmatch(c)]
        for t in tables
    ]


@pytest.fixture(scope="module")
def reports(outcomes, data):
    return {lang: outcomes.programme(data=data, lang=lang) for lang in COURSE_LANGUAGES}


@pytest.mark.parametrize("lang", OTHERS)
def test_the_programme_report_is_in_the_language_with_the_same_figures(reports, lang, programme):
    english, local = reports["en"], reports[lang]
    assert local.lang == lang
    page = programme_html(local)
    assert f'<html lang="{lang}">' in page
    _ = Words(lang)
    title = _(PROGRAMME_TITLE)
    if catalog(DOMAIN, lang):  # once the language's catalog is filled: no English title left
        assert title != PROGRAMME_TITLE
    assert f"<h1>{title}</h1>" in page
    # the competence areas' titles from the profile's translation, the countries from Babel
    profile = load_profile(programme[0].profile_dir).in_language(lang)
    for change in local.changes:
        assert change.title == profile.area(change.area).title
    assert _.country("DE") in page or not any(r.group == "DE" for r in local.by_country)
    assert _figures(programme_tables(local)) == _figures(programme_tables(english))


@pytest.mark.parametrize("lang", ["el", "hr"])
def test_the_staff_report_is_in_the_language_with_the_same_figures(outcomes, lang):
    english = outcomes.institution("Stadtmuseum Lindenau")
    local = outcomes.institution("Stadtmuseum Lindenau", lang)
    assert local.lang == lang and local.staff == english.staff
    assert _figures(institution_tables(local)) == _figures(institution_tables(english))
    page = institution_html(local)
    assert f'<html lang="{lang}">' in page
    if catalog(DOMAIN, lang):
        assert "Where the staff stand, area by area" not in page


def test_a_translation_that_names_other_fields_falls_back_to_english(monkeypatch):
    import digiculture.outcomes.words as words

    monkeypatch.setattr(words, "lookup", lambda *_a, **_k: "Gemacht am {datum}")
    assert Words("de")("Made on {date}", date="2026-12-03") == "Made on 2026-12-03"


def test_a_date_is_written_as_the_reader_writes_it():
    assert Words("de").date("2026-12-03") == "3. Dezember 2026"
    assert Words("el").date("2026-12-03") == "3 Δεκεμβρίου 2026"
    assert Words("hr").date("2026-12-03T10:00:00+00:00") == "3. prosinca 2026."
    assert Words("en").date("2026-12-03") == "December 3, 2026"
    assert Words("it").date("not a date") == "not a date"  # shown as it is, never an error


@pytest.mark.parametrize("lang", ["de", "el"])
def test_the_reports_dates_are_in_the_language(reports, outcomes, lang):
    _ = Words(lang)
    local = reports[lang]
    page = programme_html(local)
    assert _.date(local.generated) in page and local.generated not in page
    staff = outcomes.institution("Stadtmuseum Lindenau", lang)
    page = institution_html(staff)
    assert _.date(staff.generated) in page and staff.generated not in page
    plan = {t.key: t for t in institution_tables(staff)}["plan"]
    for row, step in zip(plan.rows, staff.plan, strict=True):
        assert row[-1] == _.date(step.review) and step.review not in row[-1]
