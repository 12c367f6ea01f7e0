"""The checks of unit u07_writing_for_the_web: what each of its exercises expects.

The unit: Writing for the web and accessibility: alt text and plain language.

A check cell of the unit calls one of these functions. The words looked for in the learner's
own alt text ("sampler", the openings "Image of" ...) are check texts: the unit's catalog gives
them in the learner's language, so an alt text in German counts as one in English.
Answers a learner could read here are kept as fingerprints (`check.fingerprint`), not in
plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_sampler_alt(sampler_alt: Any) -> None:
    """Checks your alt text for the sampler."""
    check.is_type(
        sampler_alt,
        str,
        "your alt text",
        hint='write your text between quotes: sampler_alt = "Linen sampler with ..."',
    )
    check.that(
        30 <= len(sampler_alt) <= 150,
        check.phrase(
            "Your alt text has {n} characters. Aim for one or two short sentences: at least "
            "30 and at most 150 characters.",
            n=len(sampler_alt),
        ),
        "the length of your alt text",
        hint="compare with the apron's alt text in the example (79 characters).",
    )
    check.that(
        not check.starts_with(
            sampler_alt, words="image|picture|photo|photograph|an image|a picture|a photo"
        ),
        'Start with the object itself, not with "Image of" or "Photo of": the screen '
        "reader already says that it is an image.",
        "the start of your alt text",
    )
    check.that(
        ".jpg" not in sampler_alt.lower(),
        "Your alt text contains a file name. A file name tells a listener nothing: "
        "describe what is in the picture instead.",
        "your alt text without file names",
    )
    check.mentions(
        sampler_alt,
        "sampler",
        "your alt text",
        hint="say what the object is (a sampler), then what is stitched on it.",
    )


@check.verdict
def check_weak_alt(weak_alt: Any) -> None:
    """Checks the table of pictures with missing or poor alt text."""
    check.has_columns(
        weak_alt,
        ["file", "alt"],
        "your table of weak alt texts",
        hint='copy the example line: images[images["alt_length"] == 0]',
    )
    check.rows(
        weak_alt,
        7,
        "your table of weak alt texts",
        hint="use < 15 instead of == 0 in the condition.",
    )
