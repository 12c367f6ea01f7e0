"""The checks of unit u03_collection_tables: what each of its exercises expects.

The unit: Collection data as tables: filter, count and group.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_recent(recent: Any) -> None:
    """Checks the table of the objects that came to the museum in 2000 or later."""
    check.rows_match(
        recent,
        "eaba1f5491c3cd1f7acc",
        "your table recent",
        hint="'2000 or later' means bigger than or equal to 2000: the sign >=. "
        "With > the objects of the year 2000 are left out.",
    )


@check.verdict
def check_recent_count(recent_count: Any) -> None:
    """Checks the number of objects that came to the museum in 2000 or later."""
    check.matches(
        recent_count,
        "eaba1f5491c3cd1f7acc",
        "the number of objects received in 2000 or later",
        hint="count the rows of your table with len(recent), as in len(textiles).",
    )


@check.verdict
def check_recent_departments(recent_per_department: Any) -> None:
    """Checks the number of objects received in 2000 or later in each department."""
    check.matches(
        recent_per_department,
        "cf552526d6ff340dbabe",
        "the number of new objects in each department",
        hint='write recent["department"].value_counts(): the table recent, not objects. '
        "If it still fails, check that Exercise 1 shows ✓.",
    )
