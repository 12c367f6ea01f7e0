"""The checks of unit u11_digital_storytelling: what each of its exercises expects.

The unit: Digital storytelling and an online exhibition.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_sea_story(sea_story: Any) -> None:
    """Checks the objects about the sea, from the oldest to the newest."""
    check.has_columns(
        sea_story, ["theme", "year"], "your sea story", hint="start from objects, as in the example"
    )
    check.that(
        set(sea_story["theme"]) <= {"the sea"},
        'Your sea story has objects with another theme: keep only the theme "the sea".',
        "the theme of your objects",
    )
    check.rows(
        sea_story,
        9,
        "the number of objects in your sea story",
        hint='write the theme exactly as "the sea"',
    )
    check.that(
        list(sea_story["year"]) == sorted(sea_story["year"]),
        "Your sea story is not in order of year yet: the oldest object should come first.",
        "the order by year",
        hint='add the line with .sort_values("year") from the example',
    )


@check.verdict
def check_sea_exhibition(sea_exhibition: Any) -> None:
    """Checks that the sea exhibition shows only objects that may be published online."""
    check.has_columns(
        sea_exhibition,
        ["image_licence", "theme"],
        "your sea exhibition",
        hint="start from sea_story, as the example starts from work_story",
    )
    check.that(
        set(sea_exhibition["theme"]) <= {"the sea"},
        "Your sea exhibition has objects that are not about the sea.",
        "the theme of your objects",
        hint="start from sea_story",
    )
    check.that(
        set(sea_exhibition["image_licence"])
        <= {"CC0 1.0", "Public Domain Mark 1.0", "CC BY 4.0", "CC BY-SA 4.0"},
        "Your sea exhibition still has an object whose "
        "licence does not allow the gallery to publish it online.",
        "the licences",
        hint="keep only the rows where may_publish is True",
    )
    check.rows(sea_exhibition, 7, "the number of objects in your sea exhibition")
    check.that(
        list(sea_exhibition["year"]) == sorted(sea_exhibition["year"]),
        "Your sea exhibition is not in order of year any more.",
        "the order by year",
    )
