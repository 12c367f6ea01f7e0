"""The checks of unit u04_describing_objects: what each of its exercises expects.

The unit: Describing objects with metadata: Dublin Core, vocabularies and clean dates.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check
from digiculture.learn.messages import say

#: The example's dictionary (section 2), to tell a stale material_clean from a wrong one.
WOOD_TERMS = {"Wood": "wood", "wooden": "wood", "timber": "wood"}


@check.verdict
def check_vocabulary(other_terms: Any, objects: Any, vocabulary: Any) -> None:
    """Checks that every material in material_clean is a term of the vocabulary."""
    check.is_type(
        other_terms,
        dict,
        "your dictionary other_terms",
        hint='write it like wood_terms: {"...": "...", ...}',
    )
    left_over = sorted(set(objects["material_clean"]) - set(vocabulary))
    afresh = objects["material"].replace(WOOD_TERMS).replace(other_terms)
    if left_over and not set(afresh) - set(vocabulary):
        check.that(
            False,
            say(
                "stale_after_fix",
                what="dictionary other_terms",
                column=check.phrase("the column material_clean"),
                cell=check.phrase("the example cell with wood_terms"),
            ),
        )
    check.that(
        not left_over,
        check.phrase(
            "These materials are not terms of the vocabulary yet: {materials}.",
            materials=", ".join(left_over),
        ),
        "every material is now a term of the vocabulary",
        hint="add a pair for each of them to other_terms, with the term from vocabulary "
        "on the right, then run your cell again.",
    )


@check.verdict
def check_before_1900(before_1900: Any) -> None:
    """Checks the objects that were certainly made before 1900."""
    check.rows(
        before_1900,
        39,
        "your table before_1900",
        hint='use the column year_to and the sign <: with_years[with_years["year_to"] < ...]',
    )
