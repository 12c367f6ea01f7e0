"""What mentors, learners and facilitators read from the mentoring and workshop commands is in
their language: the pairs table, the workshop plan (workshops.md, one per working language of
the groups), the calendars (each group's in its working language) and the screen lines, through
the gettext domain `mentoring`; English where asked, and by default the course's language."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest

from digiculture.cli.mentoring import matching_table
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.gettext_catalogs import LOCALE_DIR, MENTORING_DOMAIN
from digiculture.mentoring.words import Said, words
from tests.digiculture.mentoring.conftest import EXAMPLE, START

BIN = Path(sys.executable).parent / "digiculture"
OTHERS = [lang for lang in COURSE_LANGUAGES if lang != "en"]


def _english_words() -> list[str]:
    return [e.msgid for e in polib.pofile(str(LOCALE_DIR / "templates" / "mentoring.pot"))]


@pytest.mark.parametrize("lang", OTHERS)
def test_every_text_of_the_commands_is_translated(lang):
    po = polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / f"{MENTORING_DOMAIN}.po"))
    done = {e.msgid for e in po.translated_entries()}
    missing = [t for t in _english_words() if t not in done]
    assert not missing, f"{lang}: {missing}"
    assert po.metadata.get("X-Review-Status") == "draft"


@pytest.mark.parametrize("lang", OTHERS)
def test_the_plan_and_the_table_in_the_language(example, lang):
    roster, matching, plan = example
    _ = words(lang)
    text = plan.to_markdown(lang)
    assert text.startswith("# " + _("Workshop plan")) and _("Workshop plan") != "Workshop plan"
    assert _.date(START, weekday=True) in text and "2026-03-23" not in text
    assert "Monday" not in text and "Mentoring pairs in this group" not in text
    english = plan.to_markdown()
    assert english.startswith("# Workshop plan") and "Monday, March 23, 2026" in english
    table = matching_table(matching, roster, _)
    header = table.splitlines()[0]
    assert header.startswith(_("mentor")) and _("score") in header and _("score") != "score"
    assert matching.summary(_) in table and matching.summary(_) != matching.summary()
    for u in matching.unmatched:  # the reasons, made in English, said again in the language
        assert isinstance(u.reason, Said) and u.reason.in_words(_) != u.reason
        assert u.reason.in_words(_) in table


def test_a_note_names_the_country_and_language_in_the_readers_words(plan_with_a_german_pair):
    plan = plan_with_a_german_pair
    german = next(g for g in plan.groups if g.language == "de")
    note = next(n for n in german.notes if n.startswith("all members come from Germany"))
    assert "Deutschland" in note.in_words(words("de")) and "Deutsch" in note.in_words(words("de"))
    assert "Γερμανία" in note.in_words(words("el"))
    # the German group's calendar is in German, the English group's in English
    calendars = plan.calendars(datetime(2026, 3, 1, tzinfo=UTC))
    german_ics = calendars[german.calendar_file].replace("\r\n ", "")  # lines unfolded
    assert "Sitzung 1" in german_ics and "Arbeitssprache: Deutsch" in german_ics
    english = next(g for g in plan.groups if g.language == "en")
    assert "session 1 of" in calendars[english.calendar_file].replace("\r\n ", "")


def _run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, timeout=180)


def test_workshop_plan_in_greek_writes_a_plan_per_working_language(tmp_path):
    folder = tmp_path / "plan"
    out = _run(
        "workshop", "plan", EXAMPLE, "--start", "2026-03-23", "--output-dir", folder,
        "--participants", tmp_path / "workshop.csv", "--lang", "el",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    _ = words("el")
    first = out.stdout.splitlines()[0]
    assert first.startswith("ws01  Αγγλικά") and _.date(START, weekday=True) in first
    plan = (folder / "workshops.md").read_text(encoding="utf-8")
    assert plan.startswith("# Πρόγραμμα εργαστηρίων")
    # the groups work in English: their participants get the plan in English too
    assert (folder / "workshops.en.md").read_text(encoding="utf-8").startswith("# Workshop plan")
    data = json.loads((folder / "workshops.json").read_text(encoding="utf-8"))
    assert data["options"]["start"] == "2026-03-23"  # the data stay data


def test_the_course_language_is_the_default(tmp_path):
    """`mentoring match <course>/roster.csv` speaks the course's language without --lang."""
    course = tmp_path / "cohorts" / "hr-2027"
    course.mkdir(parents=True)
    (course / "cohort.json").write_text(json.dumps({"lang": "hr"}), encoding="utf-8")
    roster = course / "roster.csv"
    roster.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = _run("mentoring", "match", roster)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:2] == ["mentor", "mentorirani"]
    assert "Mentora je dobilo" in out.stdout
    english = _run("mentoring", "match", roster, "--lang", "en")
    assert english.stdout.split()[:2] == ["mentor", "mentee"]
