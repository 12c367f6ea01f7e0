"""The checks of unit u06_digitised_images: what each of its exercises expects.

The unit: Digitised images: formats and file names.

A check cell of the unit calls one of these functions. Answers a learner could read
here are kept as fingerprints (`check.fingerprint`), not in plain sight.
"""

from __future__ import annotations

from typing import Any

from digiculture.learn import check
from digiculture.learn.images import (
    naming_problems,
)


@check.verdict
def check_good_masters(good_masters: Any) -> None:
    """Checks the table of TIFF files with at least 300 dpi."""
    check.has_columns(
        good_masters,
        ["file_name", "format", "dpi"],
        "your masters table",
        hint="start from images, as in the example",
    )
    check.rows(
        good_masters,
        17,
        "your table of good masters",
        hint='copy the two steps of the example: "TIFF" instead of "JPEG", then '
        '["dpi"] >= 300 instead of ["file_size_mb"] <= 3',
    )


@check.verdict
def check_new_file_name(new_name: Any) -> None:
    """Checks the new name of the file IMG_0042 final(2).JPG."""
    check.is_type(
        new_name, str, "the new file name", hint='write the name in quotes, like "name.jpg"'
    )
    problems = naming_problems(new_name, "GAL-1978-004")
    check.that(
        not problems,
        "The new name does not follow the rule yet: " + "; ".join(problems) + ".",
        "the new file name",
    )
    check.that(
        new_name.endswith(".jpg"),
        "The file is a JPEG: its new name should end with .jpg.",
        "the extension of the new name",
    )
    check.that(
        new_name.endswith("_01.jpg"),
        "The file shows the same view as its master gal-1978-004_01.tif: use the same view number.",
        "the view number of the new name",
    )
