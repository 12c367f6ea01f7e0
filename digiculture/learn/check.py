"""Friendly checks for test cells: a failed check says, in plain words, what was expected.

Each function raises `AssertionError` with a sentence when the answer is not right (that is
how nbgrader sees a failed test) and prints a short "well done" line when it is.
`reveal=False` keeps the expected value secret (for hidden tests and easy-to-guess answers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

NOT_ANSWERED = (None, Ellipsis)


class NotYet(AssertionError):
    """An answer that is not right yet. Its message is written for the learner."""


def _fail(message: str, hint: str = "") -> None:
    raise NotYet(message + (f" Tip: {hint}" if hint else ""))


def _ok(what: str) -> None:
    print(f"✓ {what[:1].upper() + what[1:]}: well done!")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def answered(value: Any, what: str, hint: str = "") -> None:
    """The learner has replaced the placeholder (None or ...) with an answer."""
    if any(value is marker for marker in NOT_ANSWERED):
        _fail(
            f"You have not answered yet: {what} still has no value. Replace the None or ... "
            "in the exercise cell with your answer and run that cell again.",
            hint,
        )


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
        if reveal:
            _fail(
                f"{what[:1].upper() + what[1:]} is not right yet: the expected answer is "
                f"{_show(e)}, but yours is {_show(a)}.",
                hint,
            )
        _fail(f"{what[:1].upper() + what[1:]} is not right yet (yours is {_show(a)}).", hint)
    _ok(what)


def is_type(value: Any, kind: type | tuple[type, ...], what: str, *, hint: str = "") -> None:
    """`value` is of the expected kind (a number, a text, a list, a table ...)."""
    answered(value, what, hint)
    names = {
        int: "a whole number",
        float: "a number",
        str: "a text (in quotes)",
        list: "a list [...]",
        dict: "a dictionary {...}",
        bool: "True or False",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        _fail(f"{what} should be {names.get(kinds[0], kinds[0].__name__)}, not True/False.", hint)
    if not isinstance(value, kinds):
        wanted = " or ".join(names.get(k, f"a {k.__name__}") for k in kinds)
        _fail(
            f"{what[:1].upper() + what[1:]} should be {wanted}, but it is "
            f"{names.get(type(value), 'a ' + type(value).__name__)}.",
            hint,
        )


def has_columns(
    table: Any, columns: Iterable[str], what: str = "your table", *, hint: str = ""
) -> None:
    """A pandas table has (at least) these columns."""
    answered(table, what, hint)
    if not hasattr(table, "columns"):
        _fail(
            f"{what[:1].upper() + what[1:]} should be a table (a pandas DataFrame), but it "
            f"is a {type(table).__name__}.",
            hint,
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        _fail(
            f"{what[:1].upper() + what[1:]} is missing the column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, table.columns))}.",
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
        wanted = f"{expected} rows" if reveal else "a different number of rows"
        _fail(f"{what[:1].upper() + what[1:]} has {n} rows; it should have {wanted}.", hint)
    _ok(what)


def contains(
    text: Any, words: Iterable[str], what: str, *, hint: str = "", reveal: bool = True
) -> None:
    """A text mentions each of `words` (case does not matter)."""
    is_type(text, str, what, hint=hint)
    missing = [w for w in words if w.casefold() not in text.casefold()]
    if missing:
        detail = f" It should mention: {', '.join(missing)}." if reveal else ""
        _fail(f"{what[:1].upper() + what[1:]} does not say everything it should yet.{detail}", hint)
    _ok(what)


def that(condition: bool, message: str, what: str = "your answer", *, hint: str = "") -> None:
    """A condition the unit author words in full; `message` says what is wrong when it fails."""
    if not condition:
        _fail(message, hint)
    _ok(what)
