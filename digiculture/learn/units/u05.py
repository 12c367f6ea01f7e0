"""The checks of unit u05_copyright_and_licences: what each of its exercises expects.

The unit: Copyright, Creative Commons and rights statements.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check


@check.verdict
def check_commercial_labels(commercial_labels: Any) -> None:
    """Checks the list of labels that allow commercial use."""
    check.is_type(
        commercial_labels,
        list,
        "your list of labels",
        hint='write the labels in square brackets, like ["CC0", "CC BY-NC"]',
    )
    table_labels = [
        "CC0",
        "PDM",
        "CC BY",
        "CC BY-SA",
        "CC BY-NC",
        "CC BY-NC-ND",
        "InC",
        "InC-EDU",
        "NKC",
    ]
    unknown = [label for label in commercial_labels if label not in table_labels]
    check.that(
        not unknown,
        check.phrase(
            "These are not labels of the table: {unknown}. Write each label in "
            "quotes, exactly as in the table (capital letters and spaces count).",
            unknown=unknown,
        ),
        "the spelling of your labels",
    )
    check.that(
        not any("NC" in label for label in commercial_labels),
        "NC means non-commercial: labels with NC do not allow commercial use.",
        "no NC labels",
    )
    check.that(
        "InC" not in commercial_labels and "InC-EDU" not in commercial_labels,
        "InC and InC-EDU mean that the object is still in copyright: the shop must ask the "
        "rights holder.",
        "no In Copyright labels",
    )
    check.that(
        "NKC" not in commercial_labels,
        "NKC means that the provider is not sure: you "
        "must check first, so do not count it as a yes.",
        "no NKC",
    )
    check.that(
        len(set(commercial_labels)) == 4,
        check.phrase(
            "Your list has {n} different labels, but 4 labels of the table have a yes for "
            "commercial use.",
            n=len(set(commercial_labels)),
        ),
        "your list of labels that allow commercial use",
        hint='look again at the column "commercial use?" of the table',
    )


@check.verdict
def check_choose_labels_map(choice_map: Any) -> None:
    """Checks the label chosen for the scan of the map drawn in 1790."""
    check.is_type(
        choice_map, str, "the label for the map", hint='write a label in quotes, like "CC BY"'
    )
    check.that(
        choice_map
        in ["CC0", "PDM", "CC BY", "CC BY-SA", "CC BY-NC", "CC BY-NC-ND", "InC", "InC-EDU", "NKC"],
        check.phrase(
            "{label} is not a label of the table: write it exactly as in the table, in "
            "quotes (capital letters and spaces count).",
            label=repr(choice_map),
        ),
        "the spelling of the label for the map",
    )
    why_not = {
        "InC": check.phrase(
            "the surveyor died long ago, so the map is no longer in copyright (question 1)"
        ),
        "InC-EDU": check.phrase(
            "the surveyor died long ago, so the map is no longer in copyright (question 1)"
        ),
        "NKC": check.phrase(
            "NKC is for when you are not sure, but here you know: the surveyor died more than "
            "70 years ago (question 1)"
        ),
    }
    for cc in ["CC0", "CC BY", "CC BY-SA", "CC BY-NC", "CC BY-NC-ND"]:
        why_not[cc] = check.phrase(
            "nobody holds the rights to the map any more, so nobody can give a Creative "
            "Commons licence for it (question 1)"
        )
    check.that(
        choice_map not in why_not,
        check.phrase("Not {label}: {why}.", label=choice_map, why=why_not.get(choice_map, "")),
        "the label for the map",
    )


@check.verdict
def check_choose_labels_poster(choice_poster: Any) -> None:
    """Checks the label chosen for the photo of the 1985 poster."""
    check.is_type(
        choice_poster, str, "the label for the poster", hint='write a label in quotes, like "CC BY"'
    )
    check.that(
        choice_poster
        in ["CC0", "PDM", "CC BY", "CC BY-SA", "CC BY-NC", "CC BY-NC-ND", "InC", "InC-EDU", "NKC"],
        check.phrase(
            "{label} is not a label of the table: write it exactly as in the table, in "
            "quotes (capital letters and spaces count).",
            label=repr(choice_poster),
        ),
        "the spelling of the label for the poster",
    )
    why_not = {
        "PDM": check.phrase(
            "the designer is alive, so the poster is still in copyright (question 2)"
        ),
        "InC-EDU": check.phrase(
            "the designer has not allowed any use, not even for teaching (question 2)"
        ),
        "NKC": check.phrase(
            "NKC is for when you are not sure, but here you know: the designer is alive"
        ),
    }
    for cc in ["CC0", "CC BY", "CC BY-SA", "CC BY-NC", "CC BY-NC-ND"]:
        why_not[cc] = check.phrase(
            "the designer holds the rights, not your institution, so you cannot give a "
            "Creative Commons licence for the poster (question 2)"
        )
    check.that(
        choice_poster not in why_not,
        check.phrase(
            "Not {label}: {why}.", label=choice_poster, why=why_not.get(choice_poster, "")
        ),
        "the label for the poster",
    )


@check.verdict
def check_choose_labels_model(choice_model: Any) -> None:
    """Checks the label chosen for the 3D model made by your staff."""
    check.is_type(
        choice_model, str, "the label for the 3D model", hint='write a label in quotes, like "CC0"'
    )
    check.that(
        choice_model
        in ["CC0", "PDM", "CC BY", "CC BY-SA", "CC BY-NC", "CC BY-NC-ND", "InC", "InC-EDU", "NKC"],
        check.phrase(
            "{label} is not a label of the table: write it exactly as in the table, in "
            "quotes (capital letters and spaces count).",
            label=repr(choice_model),
        ),
        "the spelling of the label for the 3D model",
    )
    why_not = {
        "PDM": check.phrase(
            "a new 3D model is protected by copyright: your institution holds the rights "
            "(question 3)"
        ),
        "InC": check.phrase(
            "your institution holds the rights and wants everybody to reuse the model: choose "
            "an open licence (question 3)"
        ),
        "InC-EDU": check.phrase(
            "your institution holds the rights and wants everybody to reuse the model, not "
            "only teachers: choose an open licence (question 3)"
        ),
        "NKC": check.phrase("you know who holds the rights: your institution (question 3)"),
        "CC0": check.phrase(
            "with CC0 nobody has to credit your museum, but you want to be credited (question 3)"
        ),
        "CC BY-SA": check.phrase(
            "share alike adds a condition you did not ask for: you only want to be "
            "credited (question 3)"
        ),
        "CC BY-NC": check.phrase(
            "NC forbids commercial reuse, but you want everybody to reuse the model"
        ),
        "CC BY-NC-ND": check.phrase(
            "NC and ND forbid commercial reuse and changes, but you want everybody to "
            "reuse the model"
        ),
    }
    check.that(
        choice_model not in why_not,
        check.phrase("Not {label}: {why}.", label=choice_model, why=why_not.get(choice_model, "")),
        "the label for the 3D model",
    )
