"""The checks of unit u08_social_media_exhibition: what each of its exercises expects.

The unit: Social media for an exhibition: planning posts and reading engagement.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_plan(plan: Any) -> None:
    """Checks your content calendar for the first week of "Maps of Our Town"."""
    check.has_columns(
        plan,
        ["day", "platform", "post_type", "topic"],
        "your plan",
        hint="copy example_plan and keep its four column names.",
    )
    check.that(
        len(plan) >= 4,
        check.phrase(
            "Your plan has {n} posts. Plan at least 4: add a value to each column.", n=len(plan)
        ),
        "the number of posts in your plan",
    )
    platforms = sorted({str(p).strip() for p in plan["platform"]})
    check.that(
        set(platforms) <= {"Facebook", "Instagram"},
        check.phrase(
            "Your plan uses the platform(s) {platforms}. Use only Facebook or Instagram, "
            "written exactly like this.",
            platforms=platforms,
        ),
        "the platforms in your plan",
    )
    types = sorted({str(t).strip() for t in plan["post_type"]})
    kinds = {"photo", "video", "behind-the-scenes", "event", "quiz"}
    check.that(
        set(types) <= kinds,
        check.phrase(
            "Your plan uses the post type(s) {types}. Use only photo, video, "
            "behind-the-scenes, event or quiz, written exactly like this.",
            types=types,
        ),
        "the post types in your plan",
    )
    check.that(
        len(types) >= 3,
        check.phrase(
            "Your plan uses only {n} kind(s) of post. Mix at least 3 different post types.",
            n=len(types),
        ),
        "the mix of post types in your plan",
    )


@check.verdict
def check_engagement_rate(engagement_rate: Any, posts: Any) -> None:
    """Checks the engagement rate of every post."""
    check.answered(
        engagement_rate,
        "the name engagement_rate",
        hint='write posts["engagement"] / ... with the column names in quotes.',
    )
    check.that(
        hasattr(engagement_rate, "index") and len(engagement_rate) == len(posts),
        "The engagement rate should be a column with one number for each of the 60 posts. "
        'Use the columns of the table, like posts["engagement"], not single numbers.',
        "the engagement rate of every post",
    )
    check.equal(
        round(float(engagement_rate[2]), 2),
        8.35,
        "the engagement rate of post P03",
        hint="divide the column engagement by the column reach, then multiply by 100.",
    )
