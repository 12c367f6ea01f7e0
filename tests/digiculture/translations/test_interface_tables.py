"""The interface's text tables (start page, sign-up page, credentials', facilitator's,
institutions' texts, ...) are gettext catalogs like the units': English in the code, every
other language a `.po` kept by `digiculture translations update|status|compile`."""

from __future__ import annotations

import gettext
import shutil

import polib
import pytest

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.gettext_catalogs import LOCALE_DIR, _read_catalog
from digiculture.interface_texts import TABLES, TextTable, tables
from digiculture.translations.catalogs import compile_all, domains, po_path, status, update
from tests.digiculture.texts_tables import assert_translated_like_english


def test_every_table_is_a_domain_of_the_catalogs():
    found = {table.domain: table for table in tables()}
    assert list(found) == list(TABLES)
    by_name = {domain.name: domain for domain in domains()}
    for name, table in found.items():
        texts = {(t.context, t.english) for t in by_name[name].texts}
        assert texts == set(table.english.items()), name


@pytest.mark.parametrize("lang", COURSE_LANGUAGES)
@pytest.mark.parametrize("domain", TABLES)
def test_every_table_has_every_text_in_every_language_as_a_draft(domain, lang):
    table = next(t for t in tables() if t.domain == domain)
    assert_translated_like_english(table, lang)


def test_the_words_are_those_of_the_catalog():
    from digiculture.course.start_page import WORDS
    from digiculture.hub.texts import say

    german = polib.pofile(str(po_path("start_page", "de", LOCALE_DIR)))
    title = next(e for e in german if e.msgctxt == "title")
    assert WORDS["de"]["title"] == title.msgstr == "Willkommen im BoostDigiCulture-Kurs"
    assert say("hr", "password", length=12) == "Lozinka (najmanje 12 znakova):"
    assert say("xx", "password", length=12) == "Password (at least 12 characters):"
    assert "xx" not in WORDS and WORDS.get("xx") is None


@pytest.fixture
def signup_changed(monkeypatch, tmp_path):
    """The sign-up page's English with one text changed and one gone, and a folder of
    catalogs holding the kit's German sign-up catalog."""
    from digiculture.hub import texts

    english = dict(texts.ENGLISH)
    english["ready"] = "Your account is ready: log in with the name and password you chose."
    del english["expired"]
    monkeypatch.setattr(
        texts, "WORDS", TextTable("signup", "x", "digiculture/hub/texts.py", english)
    )
    locale = tmp_path / "locale"
    (locale / "de" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(po_path("signup", "de", LOCALE_DIR), po_path("signup", "de", locale))
    repo = tmp_path / "repo"  # no units: only the helpers', nbgrader's and the tables' domains
    (repo / "digiculture" / "outcomes").mkdir(parents=True)
    monkeypatch.setenv("DIGICULTURE_LOCALE_DIR", str(locale))
    return texts.WORDS, locale, repo


def test_a_changed_english_text_is_stale_and_shown_in_english_until_checked(signup_changed):
    words, locale, repo = signup_changed
    update(["de"], locale, repo)
    po = polib.pofile(str(po_path("signup", "de", locale)))
    ready = next(e for e in po if e.msgctxt == "ready" and not e.obsolete)
    assert "fuzzy" in ready.flags and ready.msgstr.startswith("Ihr Konto ist bereit")
    assert ready.previous_msgid == "Your account is ready: log in with your name and password."
    gone = [e for e in po if e.obsolete]
    assert [(e.msgctxt, e.msgstr[:25]) for e in gone] == [("expired", "Diese Einladung ist abgel")]
    row = next(r for r in status(["de"], locale, repo) if r.domain == "signup")
    assert (row.stale, row.missing, row.translated, row.review) == (1, 0, 15, "draft")
    assert words["de"]["ready"] == words.english["ready"]  # stale: English until checked
    assert words["de"]["title"] == "Registrieren"
    ready.flags.remove("fuzzy")
    ready.msgstr = "Ihr Konto ist bereit: Melden Sie sich mit dem gewählten Namen an."
    po.save(str(po_path("signup", "de", locale)))
    _read_catalog.cache_clear()  # a process reads each catalog once
    assert words.text("ready", "de") == ready.msgstr


def test_a_translation_that_lost_a_field_is_never_shown(signup_changed):
    words, locale, repo = signup_changed
    path = po_path("signup", "de", locale)
    po = polib.pofile(str(path))
    next(e for e in po if e.msgctxt == "password").msgstr = "Passwort (mindestens 12 Zeichen):"
    po.save(str(path))
    assert words.text("password", "de") == "Password (at least {length} characters):"
    row = next(r for r in status(["de"], locale, repo) if r.domain == "signup")
    assert any("password" in problem for problem in row.problems), row.problems
    compile_all(locale)
    with path.with_suffix(".mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    # a table's compiled catalog keeps every text (not only a unit's checks), but no broken one
    assert compiled.pgettext("title", "Sign up") == "Registrieren"
    assert compiled.pgettext("password", words.english["password"]) == words.english["password"]


def test_a_made_up_language_is_told_what_each_catalog_lacks(monkeypatch, tmp_path):
    """`digiculture profile language xx`: a table's catalog names the keys still English."""
    from digiculture.language_check import missing_for_language

    locale = tmp_path / "locale"
    monkeypatch.setenv("DIGICULTURE_LOCALE_DIR", str(locale))
    lines = [str(p) for p in missing_for_language("xx")]
    signup = po_path("signup", "xx", locale)
    assert f"{signup}: no catalog in 'xx': make it with `digiculture translations update " in (
        "\n".join(lines)
    )
    (locale / "xx" / "LC_MESSAGES").mkdir(parents=True)
    signup.write_text(
        'msgid ""\nmsgstr ""\n"Language: xx\\n"\n"X-Review-Status: draft\\n"\n\n'
        'msgctxt "title"\nmsgid "Sign up"\nmsgstr "Xsign"\n',
        encoding="utf-8",
    )
    update(["xx"], locale)  # the catalog in step: every other text added, empty
    lines = [str(p) for p in missing_for_language("xx")]
    told = next(line for line in lines if line.startswith(f"{signup}: xx: missing "))
    assert "username, password, confirm" in told and "title" not in told
    learn = po_path("learn", "xx", locale)
    told = next(line for line in lines if line.startswith(f"{learn}: xx: "))
    assert " texts not translated, 0 stale, 0 broken: translate from the English" in told
    assert not any("no catalog" in line for line in lines)


def test_the_self_assessments_language_names_come_from_babel_as_they_were():
    from assessment.app import LANGUAGE_NAMES, own_language_names

    assert LANGUAGE_NAMES == {
        "en": "English",
        "de": "Deutsch",
        "it": "Italiano",
        "hr": "Hrvatski",
        "el": "Ελληνικά",
        "pt": "Português",
    }
    assert own_language_names(("fr", "xx")) == {"fr": "Français"}
