"""The learner helpers' own errors (a wrong value given to `make_manifest`, `swot_table`,
`add_year_columns` ...) are sentences in the learner's language, through the `learn` catalog,
and the friendly error help around them is in the same language, never mixed."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.learn import language
from digiculture.learn.dates import add_year_columns
from digiculture.learn.friendly import explain
from digiculture.learn.images import make_manifest
from digiculture.learn.language import Msg
from digiculture.learn.strategy import swot_table

LEARN = Path(language.__file__).parent
OTHERS = [lang for lang in COURSE_LANGUAGES if lang != "en"]

#: (a mistake a learner makes with a helper, the English of what it says).
MISTAKES = [
    (
        lambda: make_manifest("GAL-1978-004", "Harbour", "gal.jpg", "2000", 1500),
        "The width should be a whole number of pixels",
    ),
    (
        lambda: make_manifest("GAL-1978-004", "", "gal.jpg", 2000, 1500),
        "The title should be a text in quotes",
    ),
    (
        lambda: make_manifest("GAL-1978-004", "Harbour", "gal.jpg", 2000, 1500, rights="free"),
        "'free' is not a rights label this course knows",
    ),
    (lambda: swot_table(["S"]), "The SWOT should be a dictionary {...}"),
    (lambda: swot_table({"s": []}), "The SWOT has the key(s) s;"),
    (lambda: swot_table({"S": "our staff"}), 'The part "S" of the SWOT should be a list'),
    (
        lambda: add_year_columns(pd.DataFrame({"year": ["1890"]})),
        "The table has no column 'date'; it has year.",
    ),
]


def _raised(mistake) -> BaseException:
    try:
        mistake()
    except (ValueError, TypeError, KeyError) as error:
        return error
    raise AssertionError("the mistake raised nothing")


@pytest.fixture
def speak():
    yield lambda lang: language.use(None, lang)
    language.use(None, None)


def test_no_helper_raises_with_an_english_literal():
    """Every `raise` in digiculture/learn/ words its message with `phrase` or `say` (so it is
    extracted into the `learn` catalog), never with a string or an f-string."""
    found = []
    for module in sorted(LEARN.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                for arg in node.exc.args:
                    if isinstance(arg, ast.JoinedStr) or (
                        isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    ):
                        found.append(f"{module.relative_to(LEARN)}:{node.lineno}")
    assert not found, f"raised with English text, not through the catalog: {found}"


def test_in_english_the_errors_say_what_to_do(speak):
    speak("en")
    for mistake, english in MISTAKES:
        error = _raised(mistake)
        shown = error.args[0]
        assert isinstance(shown, Msg) and shown.startswith(english), shown


@pytest.mark.parametrize("lang", OTHERS)
def test_the_errors_are_in_the_learners_language(speak, lang):
    speak(lang)
    for mistake, english in MISTAKES:
        error = _raised(mistake)
        shown = error.args[0]
        assert isinstance(shown, Msg) and shown.complete, (lang, english)
        assert not shown.startswith(english[:20]) and shown.english.startswith(english)
        help_lines = explain(error)
        assert any(str(shown) in line for line in help_lines), help_lines
        assert not any(english[:20] in line for line in help_lines)  # never mixed


def test_an_untranslated_error_keeps_the_whole_help_in_english(speak, tmp_path, monkeypatch):
    """A language without a `learn` catalog: the help and the error are both English."""
    monkeypatch.setenv("DIGICULTURE_LOCALE_DIR", str(tmp_path))
    speak("de")
    error = _raised(MISTAKES[0][0])
    lines = explain(error)
    assert any(MISTAKES[0][1] in line for line in lines)
    speak("en")
    assert [str(line) for line in lines] == [str(line) for line in explain(error)]
