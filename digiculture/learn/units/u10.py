"""The checks of unit u10_data_protection: what each of its exercises expects.

The unit: Data protection (GDPR) in cultural work.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_direct_identifiers(direct_identifiers: Any, signups: Any) -> None:
    """Checks the list of columns that identify a person on their own."""
    check.is_type(
        direct_identifiers,
        list,
        "your list of direct identifiers",
        hint='write the names in quotes inside square brackets: ["column one", "column two"]',
    )
    check.that(
        len(direct_identifiers) == 2,
        check.phrase("Your list has {n} names; it should have two.", n=len(direct_identifiers)),
        "the length of your list",
    )
    unknown = [c for c in direct_identifiers if c not in signups.columns]
    check.that(
        unknown == [],
        check.phrase(
            "These are not column names of signups: {unknown}. Copy the names "
            "exactly as they appear at the top of the table.",
            unknown=unknown,
        ),
        "the spelling of the column names",
    )


@check.verdict
def check_mailing_list_step1(newsletter_yes: Any) -> None:
    """Checks that newsletter_yes keeps only the people who said yes to the newsletter."""
    check.has_columns(
        newsletter_yes,
        ["consent_newsletter"],
        "your table newsletter_yes",
        hint="start from signups, as in the first line of the example",
    )
    check.that(
        set(newsletter_yes["consent_newsletter"]) == {"yes"},
        'newsletter_yes still has people who did not say "yes" to the newsletter.',
        "only people who said yes",
        hint='use signups["consent_newsletter"] == "yes"',
    )
    check.rows(newsletter_yes, 37, "the number of people in newsletter_yes")


@check.verdict
def check_mailing_list(mailing_list: Any) -> None:
    """Checks that the mailing list has only the names and emails of the people who said yes."""
    check.has_columns(
        mailing_list,
        ["name", "email"],
        "your mailing list",
        hint="choose the columns of newsletter_yes with double square brackets, as in the example",
    )
    check.that(
        sorted(mailing_list.columns) == ["email", "name"],
        "Your mailing list should have "
        "only the two columns name and email: the newsletter needs nothing else.",
        "only the columns you need",
    )
    check.rows(
        mailing_list,
        37,
        "the number of people on your mailing list",
        hint="start from newsletter_yes",
    )
