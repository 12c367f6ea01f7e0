"""A learner's kernel speaks the unit's language from real catalogs, and falls back to English
for a whole message when a part of it has no translation (never a mixed message).

A small German catalog is written into a temporary folder (DIGICULTURE_LOCALE_DIR), so the
test does not depend on how far the kit's own catalogs are.
"""

from __future__ import annotations

import re

import pytest

from digiculture.learn.messages import TEXTS
from digiculture.translations.catalogs import compile_all
from tests.digiculture.translations.kernels import kernel, locale_env, run, write_catalog

pytestmark = pytest.mark.slow

UNIT = "u01_jupyter_first_steps"
HELPERS_DE = {
    "welcome": "Willkommen bei '{title}' (etwa {minutes} Minuten).",
    "ready": "Alles ist bereit. Lesen Sie jeden Teil und führen Sie dann die Zellen "
    "nacheinander aus (Umschalt + Eingabe).",
    "catch_up_offer": "Später zurück oder nach einem Neustart? Schreiben Sie catch_up() in "
    "eine Zelle und führen Sie sie aus.",
    "well_done": "✓ {What}: gut gemacht!",
    "not_right": "{What} ist noch nicht richtig (Ihre Antwort: {actual}).",
    "tip": " Tipp: {hint}",
    "cannot_run": "✗ Python konnte diese Zelle nicht ausführen{where}.",
    "where_line": " (Zeile {line} dieser Zelle)",
    "what_it_says": "  Die Meldung: {name}: {message}",
    "tip_line": "  Tipp: {tip}",
    "tip_ZeroDivisionError": "Eine Zahl wurde durch null geteilt. Prüfen Sie, dass die Zahl, "
    "durch die Sie teilen, nicht 0 ist.",
    "nothing_broken": "  Nichts ist kaputt: Korrigieren Sie die Zelle und führen Sie sie "
    "erneut aus.",
}
FEBRUARY = "the number of books lent in February"
PER_DAY = "the number of books lent per day in February"
UNIT_DE = {
    ("check", FEBRUARY): "die Zahl der im Februar ausgeliehenen Bücher",
    ("check", "add the two numbers with +, as in the example 1315 + 642."): "Addieren Sie "
    "die beiden Zahlen mit +, wie im Beispiel 1315 + 642.",
    # the per-day check's hint has no translation: its whole message stays English
    ("check", PER_DAY): "die Zahl der im Februar pro Tag ausgeliehenen Bücher",
}


@pytest.fixture(scope="module")
def german_kernel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locale")
    entries = {(key, TEXTS[key]): text for key, text in HELPERS_DE.items()}
    write_catalog(folder, "de", "learn", entries)
    write_catalog(folder, "de", UNIT, UNIT_DE)
    assert len(compile_all(folder)) == 2  # the kernel reads the compiled .mo, as learners'
    with kernel(locale_env(folder)) as kc:
        shown, errors = run(
            kc,
            "from digiculture.learn import start_unit\n"
            "from digiculture.learn.units import u01\n"
            f'start_unit("{UNIT}", language="de")',
        )
        assert not errors, errors
        yield kc, shown


def _text(lines: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))


def test_the_greeting_is_german(german_kernel):
    _, shown = german_kernel
    assert "Willkommen bei '" in shown and "Alles ist bereit." in shown
    assert "Welcome" not in shown and "Everything is ready" not in shown


def test_a_right_answer_gets_a_german_tick(german_kernel):
    kc, _ = german_kernel
    shown, errors = run(kc, "u01.check_february(1180 + 596)")
    assert not errors
    assert shown.strip() == "✓ Die Zahl der im Februar ausgeliehenen Bücher: gut gemacht!"


def test_a_wrong_answer_gets_a_german_cross_and_tip(german_kernel):
    kc, _ = german_kernel
    _, errors = run(kc, "u01.check_february(12)")
    said = _text(errors)
    assert (
        "✗ Die Zahl der im Februar ausgeliehenen Bücher ist noch nicht richtig "
        "(Ihre Antwort: 12). Tipp: Addieren Sie die beiden Zahlen mit +" in said
    ), said


def test_a_message_with_an_untranslated_part_is_wholly_english(german_kernel):
    kc, _ = german_kernel
    _, errors = run(kc, "u01.check_february_per_day(1)")
    said = _text(errors)
    assert (
        "✗ The number of books lent per day in February is not right yet (yours is 1). "
        "Tip: divide the name by 29" in said
    ), said
    for german in ("Zahl", "Tipp", "Ihre Antwort", "noch nicht"):
        assert german not in said, f"a mixed message: {said}"


def test_a_python_error_is_explained_in_german(german_kernel):
    kc, _ = german_kernel
    _, errors = run(kc, "books = 1957\nper_day = books / 0")
    said = _text(errors)
    assert "✗ Python konnte diese Zelle nicht ausführen (Zeile 2 dieser Zelle)." in said, said
    assert "Tipp: Eine Zahl wurde durch null geteilt." in said
    assert "Nichts ist kaputt" in said
    assert "Traceback" not in said and "could not run" not in said


def test_an_error_with_an_untranslated_tip_is_wholly_english(german_kernel):
    kc, _ = german_kernel
    _, errors = run(kc, 'objects = {"a": 1}\nobjects["b"]')
    said = _text(errors)  # tip_KeyError has no German in this catalog
    assert "✗ Python could not run this cell (line 2 of this cell)." in said, said
    assert "Tip: a column or key with this name does not exist." in said
    assert "Python konnte" not in said and "Nichts ist kaputt" not in said
