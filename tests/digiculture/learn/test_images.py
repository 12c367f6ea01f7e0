"""The file-naming rule and the IIIF manifest of unit u06 (digiculture.learn.images)."""

from __future__ import annotations

import json

import pytest

from digiculture.learn import load_data
from digiculture.learn.images import (
    RIGHTS_URLS,
    follows_naming_rule,
    make_manifest,
    naming_problems,
    show_manifest,
)


@pytest.mark.parametrize("name", ["gal-1978-004_01.tif", "gal-1978-004_02.jpg", "km-12_10.png"])
def test_names_that_follow_the_rule(name):
    assert naming_problems(name) == []
    assert follows_naming_rule(name)


def test_a_camera_name_gets_every_problem_in_plain_words():
    problems = naming_problems("IMG_0042 final(2).JPG")
    assert problems[0] == "it has spaces"
    assert "it has capital letters" in problems
    assert any("( )" in p for p in problems)
    assert any("view number" in p for p in problems)


@pytest.mark.parametrize(("name", "words"), [
    ("gal_1985_011-1.tif", ["only one '_'", "view number"]),
    ("gal-1978-004_1.jpg", ["two-digit view number"]),
    ("gal-1978-004_01.jpeg", [".tif, .jpg or .png"]),
    ("gal-1978-004_01.tif.jpg", ["only one '.'"]),
    ("galerija-č_01.jpg", ["signs other than"]),
    ("GAL-1978-004_01.TIF", ["capital letters"]),
])  # fmt: skip
def test_each_rule_has_its_own_message(name, words):
    text = " | ".join(naming_problems(name))
    for word in words:
        assert word in text
    assert not follows_naming_rule(name)


def test_the_inventory_number_can_be_required():
    assert naming_problems("gal-1978-004_01.jpg", "GAL-1978-004") == []
    assert naming_problems("gal-1978-005_01.jpg", "GAL-1978-004") == [
        "it should start with the inventory number in small letters: gal-1978-004_"
    ]


def test_bundled_image_list_has_twelve_badly_named_files():
    images = load_data("image_files.csv")
    assert len(images) == 41
    assert (~images["file_name"].map(follows_naming_rule)).sum() == 12


def test_manifest_is_minimal_iiif_presentation_3():
    m = make_manifest(
        "GAL-1958-021",
        "Olive trees at noon",
        "gal-1958-021_01.jpg",
        width=3000,
        height=2250,
        rights="PDM",
    )
    assert m["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert m["type"] == "Manifest"
    assert m["id"].endswith("/gal-1958-021/manifest.json")
    assert m["label"] == {"en": ["Olive trees at noon"]}
    assert m["rights"] == "http://creativecommons.org/publicdomain/mark/1.0/"
    canvas = m["items"][0]
    assert (canvas["type"], canvas["width"], canvas["height"]) == ("Canvas", 3000, 2250)
    page = canvas["items"][0]
    annotation = page["items"][0]
    assert page["type"] == "AnnotationPage"
    assert annotation["motivation"] == "painting"
    assert annotation["target"] == canvas["id"]
    body = annotation["body"]
    assert body["id"].endswith("/images/gal-1958-021_01.jpg")
    assert (body["type"], body["format"], body["width"], body["height"]) == (
        "Image",
        "image/jpeg",
        3000,
        2250,
    )
    assert "requiredStatement" not in m
    json.dumps(m)  # a manifest is plain JSON


def test_manifest_rights_attribution_and_language():
    url = "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    m = make_manifest(
        "GAL-1995-003",
        "Komposition in Blau",
        "gal-1995-003_01.tif",
        2143,
        3000,
        rights=url,
        language="de",
        attribution="Städtische Galerie",
    )
    assert m["rights"] == url
    assert m["label"] == {"de": ["Komposition in Blau"]}
    assert m["requiredStatement"]["value"] == {"de": ["Städtische Galerie"]}
    assert m["items"][0]["items"][0]["items"][0]["body"]["format"] == "image/tiff"
    assert all(u.startswith("http://") for u in RIGHTS_URLS.values())
    assert "rights" not in make_manifest("A-1", "T", "a-1_01.png", 10, 10)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"width": "3000"}, "whole number of pixels"),
    ({"height": 0}, "whole number of pixels"),
    ({"width": True}, "whole number of pixels"),
    ({"rights": "Public domain"}, "not a rights label"),
    ({"title": None}, "The title should be a text"),
])  # fmt: skip
def test_wrong_values_get_a_sentence_a_beginner_can_act_on(kwargs, words):
    args = {
        "inventory_number": "GAL-1958-021",
        "title": "Olive trees at noon",
        "image_file": "gal-1958-021_01.jpg",
        "width": 3000,
        "height": 2250,
        "rights": "PDM",
    } | kwargs
    with pytest.raises(ValueError, match=words):
        make_manifest(**args)


def test_show_manifest_prints_indented_json(capsys):
    show_manifest(make_manifest("GAL-1", "Čipka", "gal-1_01.jpg", 1, 2))
    out = capsys.readouterr().out
    assert '"label": {\n    "en": [\n      "Čipka"' in out
