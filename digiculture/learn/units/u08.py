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
        f"Your plan has {len(plan)} posts. Plan at least 4: add a value to each column.",
        "the number of posts in your plan",
    )
    platforms = sorted({str(p).strip() for p in plan["platform"]})
    check.that(
        set(platforms) <= {"Facebook", "Instagram"},
        f"Your plan uses the platform(s) {platforms}. Use only Facebook or Instagram, "
        "written exactly like this.",
        "the platforms in your plan",
    )
    types = sorted({str(t).strip() for t in plan["post_type"]})
    kinds = {"photo", "video", "behind-the-scenes", "event", "quiz"}
    check.that(
        set(types) <= kinds,
        f"Your plan uses the post type(s) {types}. Use only photo, video, "
        "behind-the-scenes, event or quiz, written exactly like this.",
        "the post types in your plan",
    )
    check.that(
        len(types) >= 3,
        f"Your plan uses only {len(types)} kind(s) of post. Mix at least 3 different post types.",
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


@check.verdict
def check_rate_by_type(rate_by_type: Any) -> None:
    """Checks the average engagement rate of each post type."""
    check.answered(
        rate_by_type,
        "the name rate_by_type",
        hint='copy the example and write "post_type" instead of "platform".',
    )
    check.that(
        hasattr(rate_by_type, "items") and not hasattr(rate_by_type, "columns"),
        "Your answer should be a list of averages, one for each post type, like the "
        "answer of the platform example.",
        "the kind of your answer",
        hint='copy the example and write "post_type" instead of "platform".',
    )
    yours = {str(k): float(v) for k, v in rate_by_type.items()}
    check.equal(
        sorted(yours),
        ["behind-the-scenes", "event", "photo", "quiz", "video"],
        "the list of post types in your answer",
        hint='group by "post_type" instead of "platform".',
    )
    expected = {
        "behind-the-scenes": 8.279,
        "event": 2.859,
        "photo": 4.251,
        "quiz": 6.520,
        "video": 3.136,
    }
    rounded = {k: round(v, 1) for k, v in yours.items()}
    check.that(
        all(abs(yours[k] - expected[k]) < 0.06 for k in expected),
        f"The averages are not right yet (yours: {rounded}).",
        "the average engagement rate of each post type",
        hint='take the mean of the column "engagement_rate", like in the example.',
    )


@check.verdict
def check_do_more_of(do_more_of: Any) -> None:
    """Checks the post type to make more of."""
    check.is_type(
        do_more_of, str, "the name do_more_of", hint='write it in quotes, for example "photo".'
    )
    check.single_value(
        do_more_of,
        "the post type to make more of",
        'the post type, for example "photo"',
    )
    check.matches(
        do_more_of,
        "ead430c2652de9b4e360",
        "the post type to make more of",
        hint="choose the post type with the highest average engagement rate in Exercise 3.",
        ignore_case=True,
    )
