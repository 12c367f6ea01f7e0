"""Friendly checks for test cells: a failed check says, in plain words, what was expected.

Each function raises `AssertionError` with a sentence when the answer is not right (that is
how nbgrader sees a failed test) and prints a short "well done" line when it is.
`reveal=False` keeps the expected value secret (for hidden tests and easy-to-guess answers).
A unit's module (`digiculture.learn.units.u03`) keeps a secret expected value as a
`fingerprint`, not in plain sight, and compares with `matches`. The words are in
`digiculture.learn.messages`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from digiculture.learn.language import Msg, check_text, joined
from digiculture.learn.messages import say

NOT_ANSWERED = (None, Ellipsis)


class NotYet(AssertionError):
    """An answer that is not right yet. Its message is written for the learner."""


def _fail(message: str, hint: str = "") -> None:
    text = check_text(message)
    raise NotYet(joined(text, say("tip", hint=hint)) if hint else text)


#: Inside a unit's check (`verdict`), the steps print nothing: only the verdict is shown.
_inside_verdict = 0


def _ok(what: str) -> None:
    if not _inside_verdict:
        print(say("well_done", what=what))


def verdict(func: Any = None, *, shape_only: bool = False) -> Any:
    """Decorator for a unit's check: one line at the end instead of a ✓ for each step.

    The ✓ line names what the docstring says is checked. `shape_only=True` for a check that
    can only see the shape of an answer (nbgrader's hidden tests judge it): it says so and
    gives no "well done", so a wrong answer never gets one.
    """

    def wrap(check_function: Any) -> Any:
        @functools.wraps(check_function)
        def run(*args: Any, **kwargs: Any) -> None:
            global _inside_verdict
            _inside_verdict += 1
            try:
                check_function(*args, **kwargs)
            finally:
                _inside_verdict -= 1
            what = _checked(check_function)
            print(say("shape_only", what=what) if shape_only else say("well_done", what=what))

        return run

    return wrap(func) if func is not None else wrap


def _checked(check_function: Any) -> str:
    return checked_what(check_function.__doc__)


def checked_what(docstring: str | None) -> str:
    """'the number of columns' from the docstring 'Checks the number of columns.'

    The ✓ line of a unit's check names this; it is a check text to translate.
    """
    doc = (docstring or "").strip().splitlines()[0] if (docstring or "").strip() else ""
    doc = doc.removeprefix("Checks ").removeprefix("that ").rstrip(".")
    return doc or "your answer"


def phrase(template: str, **values: Any) -> Msg:
    """A unit author's message with values put in: `phrase("Your list has {n} names.", n=3)`.

    Write a message with values this way, not as an f-string, so that it can be translated
    (`digiculture translations update` finds the template). Values that are texts of the
    unit (`phrase(...)` too) are translated; values from the learner's answer are shown as
    they are.
    """
    return check_text(template, **values)


def single_value(value: Any, what: str, only: str, *, hint: str = "") -> None:
    """A text answer that should be one value (a type, a name, a letter), not a sentence."""
    answered(value, what, hint)
    if isinstance(value, str) and len(value.split()) >= 4:
        _fail(say("sentence_not_value", what=what, only=only), hint)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def answered(value: Any, what: str, hint: str = "") -> None:
    """The learner has replaced the placeholder (None or ...) with an answer."""
    if any(value is marker for marker in NOT_ANSWERED):
        _fail(say("not_answered", what=what), hint)


def _plain(value: Any) -> Any:
    """pandas and numpy values as plain Python, so answers compare naturally."""
    if hasattr(value, "to_dict") and hasattr(value, "index") and not hasattr(value, "columns"):
        return {k: _plain(v) for k, v in value.to_dict().items()}  # a pandas Series
    if (
        hasattr(value, "item")
        and not isinstance(value, (str, bytes))
        and getattr(value, "ndim", 1) == 0
    ):
        return value.item()  # a numpy scalar
    if hasattr(value, "tolist") and hasattr(value, "dtype") and not hasattr(value, "columns"):
        return [_plain(v) for v in value.tolist()]  # a pandas Index or a numpy array
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _same(actual: Any, expected: Any, tolerance: float, ignore_case: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected or actual == expected and type(actual) is type(expected)
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(actual, expected, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, str) and isinstance(actual, str):
        a, e = actual.strip(), expected.strip()
        return a.casefold() == e.casefold() if ignore_case else a == e
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return set(actual) == set(expected) and all(
            _same(actual[k], expected[k], tolerance, ignore_case) for k in expected
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(actual) == len(expected) and all(
            _same(a, e, tolerance, ignore_case) for a, e in zip(actual, expected, strict=True)
        )
    return actual == expected


def equal(
    actual: Any,
    expected: Any,
    what: str,
    *,
    hint: str = "",
    reveal: bool = True,
    tolerance: float = 1e-6,
    ignore_case: bool = False,
    ignore_order: bool = False,
) -> None:
    """`actual` equals `expected` (numbers within `tolerance`, strings without outer spaces)."""
    answered(actual, what, hint)
    a, e = _plain(actual), _plain(expected)
    if ignore_order and isinstance(a, list) and isinstance(e, list):
        a, e = sorted(a, key=repr), sorted(e, key=repr)
    if not _same(a, e, tolerance, ignore_case):
        _typical_slip(a, what, isinstance(e, (int, float)) and not isinstance(e, bool))
        if reveal:
            _fail(say("not_right_reveal", what=what, expected=_show(e), actual=_show(a)), hint)
        _fail(say("not_right", what=what, actual=_show(a)), hint)
    _ok(what)


def is_type(value: Any, kind: type | tuple[type, ...], what: str, *, hint: str = "") -> None:
    """`value` is of the expected kind (a number, a text, a list, a table ...)."""
    answered(value, what, hint)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        _fail(say("should_be_not_bool", what=what, wanted=kind_name(kinds[0])), hint)
    if not isinstance(value, kinds):
        wanted = joined(*_between([kind_name(k) for k in kinds], say("or")))
        _fail(say("should_be", what=what, wanted=wanted, kind=kind_name(type(value))), hint)


def has_columns(
    table: Any, columns: Iterable[str], what: str = "your table", *, hint: str = ""
) -> None:
    """A pandas table has (at least) these columns."""
    answered(table, what, hint)
    if not hasattr(table, "columns"):
        _fail(say("not_a_table", what=what, kind=kind_name(type(table))), hint)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        _fail(
            say(
                "missing_columns",
                what=what,
                missing=", ".join(missing),
                columns=", ".join(map(str, table.columns)),
            ),
            hint,
        )
    _ok(what)


def rows(
    table: Any, expected: int, what: str = "your table", *, hint: str = "", reveal: bool = True
) -> None:
    """A pandas table (or list) has exactly `expected` rows."""
    answered(table, what, hint)
    n = len(table)
    if n != expected:
        if reveal:
            _fail(say("rows_reveal", what=what, n=n, expected=expected), hint)
        _fail(say("rows_secret", what=what, n=n), hint)
    _ok(what)


def contains(
    text: Any, words: Iterable[str], what: str, *, hint: str = "", reveal: bool = True
) -> None:
    """A text mentions each of `words` (case does not matter)."""
    is_type(text, str, what, hint=hint)
    missing = [w for w in words if w.casefold() not in text.casefold()]
    if missing:
        detail = say("should_mention", missing=", ".join(missing)) if reveal else ""
        _fail(joined(say("not_everything", what=what), detail), hint)
    _ok(what)


#: Separates the words that mean one thing ("sampler|embroidery sampler"), in English and in
#: a translation: a translator lists the words a learner may write in the language.
WORD_SEPARATOR = "|"


def _comparable(text: str) -> str:
    """Text compared without case and accents ("Εικόνα" = "εικονα", "štramac" = "stramac")."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_meaning(words: str) -> list[str]:
    """The words a learner may write for `words` (English, alternatives separated by "|"):
    the English ones (the datasets are English, so they always count) and those the unit's
    catalog gives in the learner's language (context `check`, alternatives the same way).

    A check that looks for a word in a learner's own text (alt text, a caption) uses this, so
    the same meaning gets the same grade in every language. The translation comes first.
    """
    english = [w.strip() for w in str(words).split(WORD_SEPARATOR) if w.strip()]
    translated = check_text(words)
    mine = [w.strip() for w in translated.split(WORD_SEPARATOR) if w.strip()]
    found: list[str] = []
    for word in (mine if translated.complete else []) + english:
        if _comparable(word) not in (_comparable(w) for w in found):
            found.append(word)
    return found


def mentions(text: Any, words: str, what: str, *, hint: str = "") -> None:
    """A learner's own text names the thing `words` means, in their language or in English
    (case and accents do not matter). `words`: the English words, separated by "|"."""
    is_type(text, str, what, hint=hint)
    accepted = words_meaning(words)
    if not any(_comparable(w) in _comparable(text) for w in accepted):
        detail = say("should_mention", missing=accepted[0])
        _fail(joined(say("not_everything", what=what), detail), hint)
    _ok(what)


def starts_with(text: Any, words: str) -> bool:
    """True if a learner's text begins with one of the words `words` means (whole words, in
    their language or in English, case and accents aside): `starts_with(alt, "image|photo")`."""
    start = _comparable(str(text).strip())
    for word in words_meaning(words):
        word = _comparable(word)
        if start.startswith(word) and not start[len(word) : len(word) + 1].isalnum():
            return True
    return False


def that(condition: bool, message: str, what: str = "your answer", *, hint: str = "") -> None:
    """A condition the unit author words in full; `message` says what is wrong when it fails."""
    if not condition:
        _fail(message, hint)
    _ok(what)


def _between(parts: list, separator: Msg) -> list:
    """[a, sep, b, sep, c]: parts to join into one message (one language for all)."""
    return [x for i, part in enumerate(parts) for x in ((separator, part) if i else (part,))]


def kind_name(kind: type) -> str:
    """What a kind of value is called in plain words ("a whole number", "a table" ...)."""
    plain_names = {int: "kind_int", float: "kind_float", str: "kind_str", list: "kind_list"}
    plain_names |= {dict: "kind_dict", bool: "kind_bool"}
    if kind in plain_names:
        return say(plain_names[kind])
    if kind.__name__ == "DataFrame":
        return say("kind_table")
    if kind.__name__ == "Series":
        return say("kind_column")
    return say("kind_other", name=kind.__name__)


def _typical_slip(actual: Any, what: str, numeric: bool) -> None:
    """A wrong answer that is a typical beginner's slip gets its own advice."""
    if not numeric:
        return
    pair = isinstance(actual, list) and len(actual) == 2
    if pair and all(isinstance(v, (int, float)) for v in actual):
        _fail(say("decimal_comma", what=what, actual=_show(tuple(actual))))
    typed = decimal_comma_typed()
    if typed and isinstance(actual, (int, float)):
        _fail(say("decimal_comma", what=what, actual=typed))
    if isinstance(actual, str) and _number(actual) is not None:
        _fail(say("text_not_number", what=what, actual=_show(actual)))


def decimal_comma_typed() -> str:
    """A number with a decimal comma (like 1,15) in one of the learner's last cells, or ""."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        recent = shell.user_ns.get("In", [])[-4:] if shell else []
    except Exception:  # the check itself must never fail on this
        return ""
    for cell in reversed(recent):
        code = re.sub(r"(\"[^\"]*\"|'[^']*'|#.*)", "", cell)
        found = re.search(r"\d+,\d+", code)
        if found:
            return found.group(0)
    return ""


def _normal(value: Any, decimals: int | None, ignore_case: bool, ignore_order: bool) -> Any:
    value = _plain(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        if decimals is not None:
            return round(float(value), decimals) + 0.0
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, str):
        value = value.strip()
        return value.casefold() if ignore_case else value
    if isinstance(value, Mapping):
        return {
            str(_normal(k, None, ignore_case, False)): _normal(v, decimals, ignore_case, False)
            for k, v in value.items()
        }
    if isinstance(value, list):
        items = [_normal(v, decimals, ignore_case, ignore_order) for v in value]
        return sorted(items, key=repr) if ignore_order else items
    return repr(value)


def fingerprint(
    value: Any,
    *,
    decimals: int | None = None,
    ignore_case: bool = False,
    ignore_order: bool = False,
) -> str:
    """A short fingerprint of an answer, so a unit's module need not hold the answer itself.

    Numbers are rounded to `decimals` (when given), texts stripped (and case-folded with
    `ignore_case`), lists sorted with `ignore_order`; 12 and 12.0 give the same fingerprint.
    """
    normal = _normal(value, decimals, ignore_case, ignore_order)
    text = json.dumps(normal, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(("digiculture:" + text).encode("utf-8")).hexdigest()[:20]


def matches(
    actual: Any,
    expected_fingerprint: str,
    what: str,
    *,
    hint: str = "",
    decimals: int | None = None,
    ignore_case: bool = False,
    ignore_order: bool = False,
) -> None:
    """`actual` is the answer whose `fingerprint` is `expected_fingerprint` (kept secret)."""
    answered(actual, what, hint)
    options = {"decimals": decimals, "ignore_case": ignore_case, "ignore_order": ignore_order}
    if fingerprint(actual, **options) != expected_fingerprint:
        a = _plain(actual)
        if isinstance(a, str) and len(a.split()) >= 4:
            _fail(say("sentence_not_value", what=what, only=say("only_the_answer")), hint)
        number = _number(a) if isinstance(a, str) else None
        if number is not None and fingerprint(number, **options) == expected_fingerprint:
            _fail(say("text_not_number", what=what, actual=_show(a)))
        _typical_slip(a, what, numeric=isinstance(a, (int, float, list)))
        _fail(say("not_right", what=what, actual=_show(a)), hint)
    _ok(what)


def rows_match(
    table: Any, expected_fingerprint: str, what: str = "your table", *, hint: str = ""
) -> None:
    """A table (or list) has the secret number of rows whose `fingerprint` is given."""
    answered(table, what, hint)
    n = len(table)
    if fingerprint(n) != expected_fingerprint:
        _fail(say("rows_secret", what=what, n=n), hint)
    _ok(what)


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None
