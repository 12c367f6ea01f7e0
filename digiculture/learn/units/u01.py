"""The checks of unit u01_jupyter_first_steps: what each of its exercises expects.

The unit: Jupyter first steps for cultural professionals.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_february(february_books: Any) -> None:
    """Checks the number of books lent in February."""
    check.matches(
        february_books,
        "9de12cb927d2ef449a11",
        "the number of books lent in February",
        hint="add the two numbers with +, as in the example 1315 + 642.",
    )


@check.verdict
def check_february_per_day(february_per_day: Any) -> None:
    """Checks the number of books lent per day in February."""
    check.matches(
        february_per_day,
        "de46a7e037763df59671",
        "the number of books lent per day in February",
        hint="divide the name by 29: february_books / 29 (first check that "
        "february_books is right).",
        decimals=2,
    )


@check.verdict
def check_harbour_films(harbour_march_films: Any) -> None:
    """Checks the number of films the Harbour branch lent in March."""
    check.matches(
        harbour_march_films,
        "610ceb0a28a5129bd077",
        "the number of films the Harbour branch lent in March",
        hint="the rows of the Harbour branch start at row 12 (January). Write "
        'loans.loc[row number, "films"] with the row of March.',
    )
