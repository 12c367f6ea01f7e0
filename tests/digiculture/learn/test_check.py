from __future__ import annotations

import pandas as pd
import pytest

from digiculture.learn import check


def test_right_answer_prints_well_done(capsys):
    check.equal(7, 7, "the total")
    assert "✓ The total: well done!" in capsys.readouterr().out


def test_placeholder_says_not_answered_yet():
    for placeholder in (None, ...):
        with pytest.raises(AssertionError, match="You have not answered yet: the total"):
            check.equal(placeholder, 7, "the total")


def test_wrong_answer_says_what_was_expected():
    with pytest.raises(AssertionError) as raised:
        check.equal(6, 7, "the number of paintings", hint="count again")
    message = str(raised.value)
    assert "The number of paintings is not right yet" in message
    assert "expected answer is 7" in message and "yours is 6" in message
    assert message.endswith("Tip: count again")


def test_hidden_answer_is_not_revealed():
    with pytest.raises(AssertionError) as raised:
        check.equal("no", "yes", "your decision", reveal=False)
    assert "'yes'" not in str(raised.value)


def test_pandas_results_compare_as_plain_values():
    counts = pd.Series({"paper": 3, "wood": 2})
    check.equal(counts, {"paper": 3, "wood": 2}, "the counts")
    check.equal(pd.Series([1, 2]).sum(), 3, "the sum")
    check.equal(0.1 + 0.2, 0.3, "the share")
    check.equal(["b", "a"], ["a", "b"], "the list", ignore_order=True)
    check.equal(" Oil on canvas ", "oil on canvas", "the medium", ignore_case=True)
    with pytest.raises(AssertionError):
        check.equal(True, 1, "the answer")


def test_table_checks():
    table = pd.DataFrame({"title": ["a", "b"], "year": [1890, 1901]})
    check.has_columns(table, ["title", "year"])
    check.rows(table, 2)
    with pytest.raises(AssertionError, match="missing the column\\(s\\) maker"):
        check.has_columns(table, ["maker"])
    with pytest.raises(AssertionError, match="has 2 rows; it should have 3 rows"):
        check.rows(table, 3)
    with pytest.raises(AssertionError, match="should be a table"):
        check.has_columns([1, 2], ["title"])


def test_text_and_type_checks():
    check.contains("A bronze bell from 1890", ["bronze", "BELL"], "your alt text")
    with pytest.raises(AssertionError, match="It should mention: 1890"):
        check.contains("A bell", ["1890"], "your alt text")
    with pytest.raises(AssertionError, match="should be a whole number, but it is a text"):
        check.is_type("12", int, "the count")
    with pytest.raises(AssertionError, match="not True/False"):
        check.is_type(True, int, "the count")
    with pytest.raises(AssertionError, match="exactly what went wrong"):
        check.that(False, "exactly what went wrong")


def test_a_secret_answer_is_kept_as_a_fingerprint():
    import pandas as pd

    from digiculture.learn.check import fingerprint, matches, rows_match

    secret = fingerprint({"Documents": 9, "Textiles": 7})
    assert "9" not in secret.replace("9", "")  # a digest, not the value
    matches(pd.Series({"Textiles": 7, "Documents": 9}), secret, "the counts")
    with pytest.raises(AssertionError, match="not right yet") as failed:
        matches({"Documents": 9, "Textiles": 8}, secret, "the counts", hint="count again")
    assert "Tip: count again" in str(failed.value)
    assert fingerprint(12) == fingerprint(12.0)
    assert fingerprint(61.2413, decimals=2) == fingerprint(1776 / 29, decimals=2)
    assert fingerprint(" Wood ", ignore_case=True) == fingerprint("wood", ignore_case=True)
    rows_match([1, 2, 3], fingerprint(3), "your list")
    with pytest.raises(AssertionError, match="has 2 rows; it should have a different"):
        rows_match([1, 2], fingerprint(3), "your list")


def test_typical_slips_with_numbers_get_their_own_advice():
    from digiculture.learn.check import fingerprint, matches

    with pytest.raises(AssertionError, match="write decimals with a point"):
        check.equal((230, 15), 264.5, "the price")
    with pytest.raises(AssertionError, match="remove the quotes"):
        matches("1957", fingerprint(1957), "the total")
    with pytest.raises(AssertionError, match="remove the quotes"):
        check.equal("1957", 1957, "the total", reveal=False)


def test_an_index_as_an_answer_is_shown_as_a_plain_list():
    with pytest.raises(AssertionError) as failed:
        check.equal(pd.DataFrame({"a": [1], "b": [2]}).columns, 2, "the number of columns")
    assert "['a', 'b']" in str(failed.value) and "Index" not in str(failed.value)
