"""Messy register dates as clean year ranges (digiculture.learn.dates)."""

from __future__ import annotations

import pandas as pd
import pytest

from digiculture.learn.data import load_data
from digiculture.learn.dates import CIRCA_YEARS, add_year_columns, year_range


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1923", (1923, 1923)),
        (" 1923 ", (1923, 1923)),
        ("1923?", (1923, 1923)),
        ("14.05.1912", (1912, 1912)),
        ("3/7/1912", (1912, 1912)),
        ("1912-05-14", (1912, 1912)),
        ("1890s", (1890, 1899)),
        ("c. 1890", (1885, 1895)),
        ("ca. 1890", (1885, 1895)),
        ("ca.1890", (1885, 1895)),
        ("Circa 1890", (1885, 1895)),
        ("c. 1890s", (1890, 1899)),
        ("1850-1860", (1850, 1860)),
        ("1850–1860", (1850, 1860)),
        ("1850 - 1860", (1850, 1860)),
        ("ca.1850-1860", (1850, 1860)),
        ("19th century", (1800, 1899)),
        ("19th c.", (1800, 1899)),
        ("2nd century", (100, 199)),
        ("21st century", (2000, 2099)),
        ("early 20th century", (1900, 1933)),
        ("mid 19th century", (1833, 1866)),
        ("mid-19th century", (1833, 1866)),
        ("late 19th century", (1866, 1899)),
    ],
)
def test_written_dates_become_year_ranges(written, expected):
    assert year_range(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "unknown",
        "n.d.",
        "?",
        "",
        "Roman period",
        "Bronze Age",
        "1860-1850",
        "0th c.",
        "before 1900",
        None,
        float("nan"),
        1923,
    ],
)
def test_what_cannot_be_read_is_not_guessed(written):
    assert year_range(written) is None


def test_circa_reaches_the_same_years_on_both_sides():
    first, last = year_range("c. 1900")
    assert 1900 - first == last - 1900 == CIRCA_YEARS


def test_add_year_columns_adds_whole_numbers_and_keeps_the_original():
    table = pd.DataFrame(
        {"title": ["Jug", "Coin", "Chair"], "date": ["c. 1890", "Roman period", "1920s"]}
    )
    result = add_year_columns(table)
    assert list(table.columns) == ["title", "date"]
    assert list(result.columns) == ["title", "date", "year_from", "year_to"]
    assert str(result["year_from"].dtype) == "Int64"
    assert result["year_from"].tolist()[0::2] == [1885, 1920]
    assert result["year_to"].tolist()[0::2] == [1895, 1929]
    assert result["year_from"].isna().tolist() == [False, True, False]
    assert len(result[result["year_to"] < 1900]) == 1  # an empty year is never "before"


def test_add_year_columns_names_a_missing_column():
    with pytest.raises(KeyError, match="no column 'date'"):
        add_year_columns(pd.DataFrame({"when": ["1900"]}))


def test_the_register_of_the_units_is_read_except_for_dates_a_person_must_decide():
    objects = load_data("museum_objects.csv")
    unread = {d for d in objects["date"] if year_range(d) is None}
    assert unread == {"unknown", "n.d.", "?", "Roman period", "Bronze Age", "Neolithic"}
