"""The checks of unit u02_finding_open_collections: what each of its exercises expects.

The unit: Finding and judging open collection data.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_harbour_records(harbour: Any) -> None:
    """Checks the table of records with "harbour" in the title."""
    check.has_columns(
        harbour,
        ["record_id", "title", "type"],
        "your harbour table",
        hint="start from records, as in the postcard example",
    )
    check.rows(
        harbour,
        12,
        "your harbour table",
        hint='copy the postcard example, change "postcard" to "harbour" and keep '
        'case=False, so that "Harbour" with a capital H counts too',
    )


@check.verdict
def check_reliable_harbour(reliable_harbour: Any) -> None:
    """Checks the harbour images whose provider, year, source and rights are filled in."""
    check.rows(
        reliable_harbour,
        6,
        "your table of reliable harbour images",
        hint="copy the dropna line of the example, start from harbour_images and keep "
        "the same four columns",
    )
