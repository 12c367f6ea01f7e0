"""The PDF certificate: it renders, its text can be extracted, in the learner's language."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from assessment.wording import long_date
from digiculture.manifest import load_manifest
from tests.digiculture.credentials.conftest import UNIT

pytestmark = [
    pytest.mark.slow,  # the credentials come from a course graded by nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]


def _text(issued, learner: str) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(issued.credential(learner).with_suffix(".pdf").read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_german_certificate_says_what_an_employer_needs(issued):
    text, pages = _text(issued, "de-001")
    vc = issued.load("de-001")
    flat = _flat(text)
    assert pages == 1
    for words in (
        "Zertifikat",
        "Anja Schneider",
        "Erste Schritte mit Jupyter für Kulturschaffende",
        "Ausstellende Stelle",
        "BoostDigiCulture consortium",
        "Germany (DE)",
        long_date(vc["validFrom"], "de"),  # "3. Dezember 2026", as German writes a date
        "Lernergebnisse",
        f"{load_manifest().unit(UNIT).minutes} Minuten",  # the unit's measured length
        "Grundlagen (L1)",
        "Art der Prüfung",
        "Form der Teilnahme",
        "Qualitätssicherung",
        "100 %",
        vc["id"],
        "So prüfen Sie dieses Zertifikat",
        f"digiculture credentials verify {UNIT}.json",
        vc["issuer"]["id"],
        "2022/C 243/02",
    ):
        assert _flat(words) in flat, words
    assert vc["validFrom"][:10] not in flat  # no ISO date where a person reads the date


def test_the_greek_certificate_is_in_greek(issued):
    text, pages = _text(issued, "el-002")
    flat = _flat(text)
    assert pages == 1
    assert "Πιστοποιητικό" in flat
    assert "Eleni Papadopoulou" in flat
    assert "Πρώτα βήματα στο Jupyter" in flat
    assert "Μαθησιακά αποτελέσματα" in flat
    issued_on = issued.load("el-002")["validFrom"]
    assert long_date(issued_on, "el") in flat and issued_on[:10] not in flat


def test_the_certificate_renders_as_an_image(issued, artifacts):
    """What a learner and an employer look at: kept under tests/artifacts/."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: `make test` installs Debian's poppler-utils")
    for learner in ("de-001", "el-002"):
        target = artifacts / f"credential_certificate_{learner}"
        subprocess.run(
            [
                "pdftoppm", "-r", "60", "-png", "-singlefile",
                str(issued.credential(learner).with_suffix(".pdf")), str(target),
            ],
            check=True, timeout=60,
        )  # fmt: skip
        assert target.with_suffix(".png").stat().st_size > 10_000
