"""The checks of unit u12_digital_strategy: what each of its exercises expects.

The unit: Writing a digital strategy for a small institution.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check
from digiculture.learn.language import joined
from digiculture.learn.messages import say
from digiculture.learn.strategy import Indicator


@check.verdict(shape_only=True)
def check_museum_swot(museum_swot: Any) -> None:
    """Checks the museum's SWOT."""
    check.is_type(museum_swot, dict, "your SWOT", hint="copy the shape of library_swot")
    check.that(
        sorted(museum_swot) == ["O", "S", "T", "W"],
        "Your SWOT should have the four keys "
        '"S", "W", "O" and "T" (capital letters in quotes), like library_swot.',
        "the four parts of your SWOT",
    )
    check.that(
        all(isinstance(part, list) for part in museum_swot.values()),
        'Each part of your SWOT should be a list in square brackets, for example ["F1", "F2"].',
        "the lists of your SWOT",
    )
    placed = sorted(str(f) for part in museum_swot.values() for f in part)
    check.that(
        placed == ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"],
        check.phrase(
            "Each finding from F1 to F8 should be in exactly one part of your SWOT; yours "
            "has {placed}.",
            placed=placed,
        ),
        "every finding placed once",
        hint='write the ids in quotes, like "F1"',
    )


@check.verdict
def check_website_visits(website_visits: Any) -> None:
    """Checks the indicator for more website visits (goal G1)."""
    check.answered(website_visits, "your indicator")
    check.that(
        isinstance(website_visits, Indicator),
        "website_visits should be an indicator, made "
        "with Indicator(name=..., baseline=..., target=..., deadline=..., source=...).",
        "your indicator",
        hint="copy the example with instagram and change the figures",
    )
    problems = website_visits.problems()
    comma = check.decimal_comma_typed() if problems else ""
    check.that(not comma, say("decimal_comma", what="your target", actual=comma), "your target")
    check.that(
        not problems,
        check.phrase(
            "Your indicator is not complete yet: {problems}",
            problems=joined(*(check.phrase(p + " ") for p in problems)),
        ),
        "your indicator",
        hint="fill in name, baseline, target and deadline, as in the example",
    )
    check.equal(
        website_visits.baseline,
        18400,
        "the baseline (the website visits of 2024)",
        hint='take it from profile["website"]["visits_2024"]',
    )
    check.equal(
        website_visits.target,
        round(website_visits.baseline * 1.15),
        "the target (15 % more than the baseline)",
        reveal=False,
        hint="multiply the baseline by 1.15 and round it, as the example does with 1.20",
    )
    print(website_visits)
