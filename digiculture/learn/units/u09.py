"""The checks of unit u09_web_and_visitor_analytics: what each of its exercises expects.

The unit: Understanding web and visitor analytics.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_views_or_visitors(exhibition_page_views: Any, exhibition_visitors: Any) -> None:
    """Checks the page views and visitors of the Exhibition page in Marta's visit."""
    check.is_type(
        exhibition_page_views, int, "the name exhibition_page_views", hint="write a number, like 3."
    )
    check.is_type(
        exhibition_visitors, int, "the name exhibition_visitors", hint="write a number, like 3."
    )
    check.matches(
        exhibition_page_views,
        "45052561aa410add233f",
        "the number of page views of the Exhibition page",
        hint="count each time Marta opens the Exhibition page.",
    )
    check.matches(
        exhibition_visitors,
        "5028ffaaef437becb242",
        "the number of visitors of the Exhibition page",
        hint="count the different people who opened the Exhibition page.",
    )


@check.verdict
def check_impossible(impossible: Any) -> None:
    """Checks the rows with more visitors than page views."""
    check.has_columns(
        impossible,
        ["month", "page", "visitors", "page_views"],
        "your table of impossible rows",
        hint='copy the example: visits[visits["visitors"] > visits["page_views"]]',
    )
    check.rows(
        impossible,
        1,
        "your table of impossible rows",
        hint='compare visits["visitors"] with visits["page_views"] using >.',
    )


@check.verdict
def check_impossible_reason(reason: Any) -> None:
    """Checks why more visitors than page views cannot be right."""
    check.is_type(reason, str, "the name reason", hint='write the letter in quotes, like "a".')
    check.matches(
        reason,
        "896e120f881eb56aec25",
        "the reason",
        hint="think about Ana and Marta in section 1: can a visitor see a page without a "
        "page view?",
        ignore_case=True,
    )
