"""The credential texts in every language of the kit, and a certificate in each."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from competence_profile import load_profile
from digiculture.credentials.build import Recipient, build_credential
from digiculture.credentials.certificate import render_certificate
from digiculture.credentials.criteria import Decision
from digiculture.credentials.texts import LANGUAGES, TEXTS, texts
from digiculture.manifest import load_manifest
from digiculture.settings import Settings
from tests.digiculture.texts_tables import assert_translated_like_english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_text_with_the_same_placeholders(lang):
    assert_translated_like_english(TEXTS, lang)


@pytest.fixture(scope="module")
def kit():
    settings = Settings.load()
    return settings, load_profile(settings.profile_dir), load_manifest(settings)


@pytest.mark.parametrize("lang", ["en", "it", "hr", "pt"])  # de, el: see test_certificate
def test_a_certificate_in_every_language_fits_one_page(kit, lang):
    settings, profile, manifest = kit
    unit = manifest.unit("u03_collection_tables")
    credential = build_credential(
        Recipient("x", "Ivana Horvat-Kovačević", "", lang),
        Decision("x", unit.id, True, "", 18, 20),
        [unit],
        profile.in_language(lang),
        settings,
        "did:key:z6MkgKeWQAfDDNF9yhsSkww7eNjMkzfKmiVseYheyREp4DuG",
        datetime(2027, 3, 1, tzinfo=UTC),
    )
    reader = PdfReader(io.BytesIO(render_certificate(credential, f"{unit.id}.json")))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert texts(lang)["certificate"] in text
    assert unit.title_in(lang) in text
    assert "Ivana Horvat-Kovačević" in text and "90 %" in text
