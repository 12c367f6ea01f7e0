"""Dates as they were written in an object register, turned into a clean year range.

Units call these so that learners can clean dates without writing the rules themselves:

    from digiculture.learn.dates import add_year_columns, year_range
    year_range("c. 1890")               # (1885, 1895): the earliest and the latest year
    year_range("unknown")               # None: the helper does not guess
    add_year_columns(objects)           # a copy of the table with year_from and year_to

The rules are few and predictable, so a learner can check a result by hand:

| written                                  | year range   | why                          |
|------------------------------------------|--------------|------------------------------|
| 1923, 1923?                              | 1923 - 1923  | one year ("?" is kept as is) |
| 14.05.1912, 14/05/1912, 1912-05-14       | 1912 - 1912  | a full date: the year        |
| 1890s                                    | 1890 - 1899  | a decade                     |
| c. 1890, ca. 1890, ca.1890, circa 1890   | 1885 - 1895  | "about": 5 years either side |
| 1850-1860, 1850–1860, ca.1850-1860       | 1850 - 1860  | a range, as written          |
| 19th century, 19th c.                    | 1800 - 1899  | a century                    |
| early / mid / late 19th century          | 1800 - 1833 / 1833 - 1866 / 1866 - 1899 | a third |
| unknown, n.d., ?, Roman period, (empty)  | None         | a person must decide         |

"c." before a decade, a range or a century changes nothing: they already say "about".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from digiculture.learn.check import phrase

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CIRCA_YEARS", "add_year_columns", "year_range"]

#: How many years "c. 1890" reaches on either side.
CIRCA_YEARS = 5

_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approx\.?|about)\s*")
_YEAR = re.compile(r"^(\d{4})\??$")
_FULL_DATE = re.compile(r"^(?:\d{1,2}[./]\d{1,2}[./](\d{4})|(\d{4})-\d{1,2}-\d{1,2})$")
_DECADE = re.compile(r"^(\d{3})0s$")
_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_CENTURY = re.compile(
    r"^(?:(early|mid|late)[\s-]+)?(\d{1,2})(?:st|nd|rd|th)\s*(?:century|cent\.?|c\.?)$"
)
_PART_OF_CENTURY = {None: (0, 99), "early": (0, 33), "mid": (33, 66), "late": (66, 99)}


def _normalise(text: str) -> str:
    text = " ".join(text.strip().lower().split())
    return text.replace("–", "-").replace("—", "-")


def year_range(text: Any) -> tuple[int, int] | None:
    """The earliest and the latest year a written date allows, or None if it cannot be read.

    >>> year_range("c. 1890")
    (1885, 1895)
    >>> year_range("19th century")
    (1800, 1899)
    >>> year_range("unknown") is None
    True
    """
    if not isinstance(text, str):
        return None  # an empty cell of a table (NaN) or a number typed without quotes
    written = _normalise(text)
    circa = _CIRCA.match(written)
    rest = written[circa.end() :] if circa else written

    if match := _YEAR.match(rest):
        year = int(match.group(1))
        return (year - CIRCA_YEARS, year + CIRCA_YEARS) if circa else (year, year)
    if match := _FULL_DATE.match(rest):
        year = int(match.group(1) or match.group(2))
        return year, year
    if match := _DECADE.match(rest):
        start = int(match.group(1)) * 10
        return start, start + 9
    if match := _RANGE.match(rest):
        first, last = int(match.group(1)), int(match.group(2))
        return (first, last) if first <= last else None
    if match := _CENTURY.match(rest):
        century = int(match.group(2))
        if century < 1:
            return None
        start = (century - 1) * 100
        low, high = _PART_OF_CENTURY[match.group(1)]
        return start + low, start + high
    return None


def add_year_columns(
    table: pd.DataFrame, column: str = "date", start: str = "year_from", end: str = "year_to"
) -> pd.DataFrame:
    """A copy of `table` with two whole-number columns: the earliest and the latest year.

    Dates that cannot be read are left empty (<NA>); the original column is not changed.
    """
    import pandas as pd

    if column not in table.columns:
        raise KeyError(
            phrase(
                "The table has no column '{column}'; it has {columns}.",
                column=column,
                columns=", ".join(map(str, table.columns)),
            )
        )
    ranges = [year_range(value) for value in table[column]]
    result = table.copy()
    result[start] = pd.array([r[0] if r else None for r in ranges], dtype="Int64")
    result[end] = pd.array([r[1] if r else None for r in ranges], dtype="Int64")
    return result
