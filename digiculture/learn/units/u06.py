"""The checks of unit u06_digitised_images: what each of its exercises expects.

The unit: Digitised images: resolution, formats, file names and IIIF.

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
def check_print_height(height_cm: Any, images: Any) -> None:
    """Checks the print height in cm of every file."""
    check.answered(height_cm, "height_cm", hint="copy the first line of the example")
    check.that(
        hasattr(height_cm, "__len__") and len(height_cm) == len(images),
        "height_cm should hold one height for each of the 41 files: use the whole "
        'columns images["height_px"] and images["dpi"], as in the example.',
        "the number of heights",
    )
    expected = images["height_px"] / images["dpi"] * 2.54
    check.that(
        bool(((height_cm - expected).abs() <= 0.06).all()),
        "Some heights are not right yet: divide height_px by dpi, then multiply by 2.54.",
        "the print heights",
        hint="the first file, gal-1978-004_01.tif, should be 22.5 cm",
    )


@check.verdict
def check_good_masters(good_masters: Any) -> None:
    """Checks the table of TIFF files with at least 300 dpi."""
    check.has_columns(
        good_masters,
        ["file_name", "format", "dpi"],
        "the columns of your masters table",
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


@check.verdict
def check_olives_manifest(olives: Any) -> None:
    """Checks the title, inventory number and image file of the olive trees manifest."""
    check.is_type(
        olives, dict, "your manifest", hint="copy the example from make_manifest( to the closing )"
    )
    check.equal(
        olives.get("label"),
        {"en": ["Olive trees at noon"]},
        "the title (label) of your manifest",
        hint='write title="Olive trees at noon"',
    )
    check.that(
        "gal-1958-021" in olives.get("id", ""),
        "The manifest should be for inventory number GAL-1958-021.",
        "the inventory number of your manifest",
    )
    body = olives["items"][0]["items"][0]["items"][0]["body"]
    check.that(
        body["id"].endswith("/gal-1958-021_01.jpg"),
        "The manifest should show the access copy gal-1958-021_01.jpg.",
        "the image file of your manifest",
        hint="use the .jpg file, not the .tif master",
    )


@check.verdict
def check_olives_manifest_size_rights(olives: Any) -> None:
    """Checks the size in pixels and the rights of the olive trees manifest."""
    check.is_type(
        olives, dict, "your manifest", hint="copy the example from make_manifest( to the closing )"
    )
    canvas = olives["items"][0]
    check.matches(
        [canvas["width"], canvas["height"]],
        "849940ec23974e562118",
        "the width and height of your manifest",
        hint="take width_px and height_px of the .jpg file from the table above",
    )
    check.that(
        "rights" in olives,
        'Your manifest has no rights yet: add rights="PDM" inside the '
        "brackets of make_manifest, as in the example.",
        "the rights of your manifest",
    )
    check.matches(
        olives.get("rights"),
        "c1d03619b82af0971232",
        "the rights of your manifest",
        hint='the painter died more than 70 years ago: write rights="PDM"',
    )
