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
def check_events_month(events_per_month: Any, busiest_events_month: Any) -> None:
    """Checks the page views of the Events page per month and its busiest month."""
    check.answered(
        events_per_month,
        "the name events_per_month",
        hint="copy the per_month line and write events instead of visits.",
    )
    check.that(
        hasattr(events_per_month, "index") and len(events_per_month) == 12,
        "The page views of the Events page should have one number for each of the "
        "12 months, like per_month in the example.",
        "the page views of the Events page per month",
        hint='events.groupby("month")["page_views"].sum()',
    )
    check.equal(
        int(events_per_month["2024-12"]),
        1486,
        "the number of page views of the Events page in December 2024",
        hint="use the table events (only the Events page), not visits.",
    )
    check.matches(
        busiest_events_month,
        "a34745014e6054533880",
        "the busiest month of the Events page",
        hint="write events_per_month.idxmax()",
    )


@check.verdict
def check_search_doors(search_doors: Any, top_search_page: Any) -> None:
    """Checks the entrances from search engines and the page most people land on."""
    check.answered(
        search_doors,
        "the name search_doors",
        hint='copy the example and write "search" instead of "social".',
    )
    check.that(
        hasattr(search_doors, "index") and len(search_doors) == 5,
        "The entrances should have one number for each of the 5 pages, like the "
        "answer of the social media example.",
        "the entrances of each page from search engines",
        hint='copy the example and write "search" instead of "social".',
    )
    check.equal(
        int(search_doors["Online collection"]),
        1744,
        "the number of entrances of the Online collection page from search",
        hint='keep the rows where visits["source"] == "search".',
    )
    check.is_type(
        top_search_page,
        str,
        "the name top_search_page",
        hint="write the page name in quotes, or search_doors.idxmax()",
    )
    check.matches(
        top_search_page,
        "60f49c49400481233a26",
        "the page with the most entrances from search",
        hint="it is the page at the top of search_doors.",
        ignore_case=True,
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
