"""Digitised images: a file-naming rule and a minimal IIIF manifest, for unit u06.

Units call these so that learners can check a file name and write a IIIF manifest without
writing the rules or the nested structure themselves:

    from digiculture.learn.images import make_manifest, naming_problems, show_manifest
    naming_problems("IMG_0042 final(2).JPG")   # ['it has spaces', 'it has capital letters', ...]
    naming_problems("gal-1978-004_01.tif")     # []  (the name follows the rule)
    m = make_manifest("GAL-1978-004", "Harbour at dawn", "gal-1978-004_01.jpg",
                      width=2000, height=1500, rights="PDM")
    show_manifest(m)                           # prints it as indented JSON

**The naming rule** (one common, simple rule; institutions adapt it): the inventory number in
small letters, an underscore, a two-digit view number, a dot and the extension ``tif``,
``jpg`` or ``png``. Only small letters, digits and "-" are used otherwise: no spaces, no
capitals, no brackets. Example: ``gal-1978-004_01.tif`` (the master) and
``gal-1978-004_01.jpg`` (its access copy: same name, other extension).

**The manifest** follows the IIIF Presentation API 3.0 (https://iiif.io/api/presentation/3.0/):
one Manifest with one Canvas that shows one image. Nothing is fetched from the network; the
web addresses are built from ``base_url`` and are examples.
"""

from __future__ import annotations

import json
import re
from typing import Any

from digiculture.learn.check import phrase

__all__ = [
    "EXTENSIONS",
    "RIGHTS_URLS",
    "follows_naming_rule",
    "make_manifest",
    "naming_problems",
    "show_manifest",
]

#: The extensions the naming rule allows, with the media type IIIF writes for each.
EXTENSIONS: dict[str, str] = {"tif": "image/tiff", "jpg": "image/jpeg", "png": "image/png"}

#: Short labels of licences and rights statements, and the web address IIIF expects in
#: "rights" (Creative Commons and RightsStatements.org addresses, as the spec lists them).
RIGHTS_URLS: dict[str, str] = {
    "CC0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "PDM": "http://creativecommons.org/publicdomain/mark/1.0/",
    "CC BY": "http://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA": "http://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY-NC": "http://creativecommons.org/licenses/by-nc/4.0/",
    "CC BY-NC-ND": "http://creativecommons.org/licenses/by-nc-nd/4.0/",
    "InC": "http://rightsstatements.org/vocab/InC/1.0/",
    "InC-EDU": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
    "NKC": "http://rightsstatements.org/vocab/NKC/1.0/",
}

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
BASE_URL = "https://iiif.gallery.example"

_VIEW_AND_EXTENSION = re.compile(r"_(\d{2})\.([a-z]+)$")


def naming_problems(file_name: str, inventory_number: str | None = None) -> list[str]:
    """What is wrong with `file_name` under the naming rule, in plain words ([] if nothing).

    With `inventory_number` (as written in the catalogue, e.g. "GAL-1978-004"), the name
    must also start with that number in small letters.
    """
    name = str(file_name)
    problems: list[str] = []
    if " " in name:
        problems.append(phrase("it has spaces"))
    if any(ch.isupper() for ch in name):
        problems.append(phrase("it has capital letters"))
    odd = sorted(
        {ch for ch in name if not (ch.isascii() and (ch.isalnum() or ch in "-_.")) and ch != " "}
    )
    if odd:
        problems.append(
            phrase(
                "it has signs other than small letters, digits, '-' and '_': {signs}",
                signs=" ".join(odd),
            )
        )
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in EXTENSIONS:
        problems.append(phrase("it should end with .tif, .jpg or .png"))
    if not _VIEW_AND_EXTENSION.search(name.lower()):
        problems.append(
            phrase(
                "it should end with '_' and a two-digit view number before the extension, like _01"
            )
        )
    base = stem.lower().rsplit("_", 1)[0] if dot else name.lower()
    if "_" in base:
        problems.append(phrase("it should have only one '_' (just before the view number)"))
    if name.count(".") > 1:
        problems.append(phrase("it should have only one '.' (just before the extension)"))
    if inventory_number is not None:
        expected = str(inventory_number).strip().lower()
        if not name.lower().startswith(expected + "_"):
            problems.append(
                phrase(
                    "it should start with the inventory number in small letters: {expected}_",
                    expected=expected,
                )
            )
    return problems


def follows_naming_rule(file_name: str, inventory_number: str | None = None) -> bool:
    """True if `file_name` follows the naming rule (see `naming_problems`)."""
    return not naming_problems(file_name, inventory_number)


def _rights_url(rights: str) -> str:
    """A short label ("PDM", "CC BY" ...) as its web address; a web address as it is."""
    text = str(rights).strip()
    if text in RIGHTS_URLS:
        return RIGHTS_URLS[text]
    if text.startswith(("http://creativecommons.org/", "http://rightsstatements.org/")):
        return text
    raise ValueError(
        phrase(
            "'{label}' is not a rights label this course knows. Use one of: {labels} (with the "
            "quotes), or a full Creative Commons or RightsStatements.org address starting "
            "with http://",
            label=text,
            labels=", ".join(RIGHTS_URLS),
        )
    )


def _is_whole_number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and value == int(value)
        and value > 0
    )


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def make_manifest(
    inventory_number: str,
    title: str,
    image_file: str,
    width: int,
    height: int,
    rights: str | None = None,
    *,
    language: str = "en",
    attribution: str | None = None,
    base_url: str = BASE_URL,
) -> dict[str, Any]:
    """A minimal IIIF Presentation 3.0 manifest (a Python dictionary) for one object image.

    `width` and `height` are the image's size in pixels (they are also the canvas size);
    `rights` is a short label such as "PDM" or "CC BY" (see `RIGHTS_URLS`) or the full web
    address; `attribution` (optional) becomes the "requiredStatement" shown with the image.
    """
    # Each mistake in its own sentence, so that every language can word it well.
    if not _is_text(inventory_number):
        raise ValueError(
            phrase(
                "The inventory number should be a text in quotes, but it is {value}.",
                value=repr(inventory_number),
            )
        )
    if not _is_text(title):
        raise ValueError(
            phrase("The title should be a text in quotes, but it is {value}.", value=repr(title))
        )
    if not _is_text(image_file):
        raise ValueError(
            phrase(
                "The image file name should be a text in quotes, but it is {value}.",
                value=repr(image_file),
            )
        )
    if not _is_whole_number(width):
        raise ValueError(
            phrase(
                "The width should be a whole number of pixels, like 3000 (without quotes), "
                "but it is {value}.",
                value=repr(width),
            )
        )
    if not _is_whole_number(height):
        raise ValueError(
            phrase(
                "The height should be a whole number of pixels, like 2000 (without quotes), "
                "but it is {value}.",
                value=repr(height),
            )
        )
    width, height = int(width), int(height)
    extension = image_file.rsplit(".", 1)[-1].lower()
    media_type = EXTENSIONS.get(extension, "image/jpeg" if extension == "jpeg" else "image/*")
    root = f"{base_url.rstrip('/')}/{inventory_number.strip().lower()}"
    canvas = f"{root}/canvas/1"
    manifest: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"{root}/manifest.json",
        "type": "Manifest",
        "label": {language: [title.strip()]},
    }
    if rights is not None:
        manifest["rights"] = _rights_url(rights)
    if attribution:
        manifest["requiredStatement"] = {
            "label": {language: ["Attribution"]},
            "value": {language: [attribution]},
        }
    manifest["items"] = [
        {
            "id": canvas,
            "type": "Canvas",
            "width": width,
            "height": height,
            "items": [
                {
                    "id": f"{root}/page/1",
                    "type": "AnnotationPage",
                    "items": [
                        {
                            "id": f"{root}/annotation/1",
                            "type": "Annotation",
                            "motivation": "painting",
                            "body": {
                                "id": f"{base_url.rstrip('/')}/images/{image_file.strip()}",
                                "type": "Image",
                                "format": media_type,
                                "width": width,
                                "height": height,
                            },
                            "target": canvas,
                        }
                    ],
                }
            ],
        }
    ]
    return manifest


def show_manifest(manifest: dict[str, Any]) -> None:
    """Print a manifest as indented JSON, the way it would be saved as manifest.json."""
    print(json.dumps(manifest, indent=2, ensure_ascii=False))
