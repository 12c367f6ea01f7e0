"""`digiculture credentials issue`: who gets a credential, what it says, where it goes."""

from __future__ import annotations

import json

import nbformat
import pytest

from competence_profile import load_profile
from digiculture.credentials.proof import undefined_terms
from digiculture.credentials.verify import schema_problems
from digiculture.manifest import load_manifest
from digiculture.settings import Settings
from tests.digiculture.credentials.conftest import UNIT, run


def source_points(unit: str) -> float:
    """The points of a unit: its graded cells in the source notebook (autograded and by hand)."""
    nb = nbformat.read(Settings.load().course_dir / "source" / unit / f"{unit}.ipynb", 4)
    return sum(
        c.metadata.get("nbgrader", {}).get("points", 0)
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") or c.metadata.get("nbgrader", {}).get("task")
    )


pytestmark = [
    pytest.mark.slow,  # runs nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]


def test_only_learners_who_met_the_criteria_get_one(issued):
    assert "Made the issuer key in" in issued.output
    assert "Issued 2 credential(s)" in issued.output
    for learner in ("de-001", "el-002"):
        assert issued.credential(learner).is_file()
        assert issued.credential(learner).with_suffix(".pdf").is_file()
    points = source_points(UNIT)
    assert f"it-003: {UNIT}: 0 of {points:g} points, below the pass mark of 70 %" in issued.output
    assert "pt-004: u01_jupyter_first_steps: answers still to grade by hand" in issued.output
    for learner in ("it-003", "pt-004"):
        assert not (issued.course / "credentials" / learner).exists()


def test_issuing_again_keeps_what_was_issued(issued):
    before = issued.credential("de-001").read_bytes()
    issued.credential("el-002").with_suffix(".pdf").unlink()
    out = run("credentials", "issue", "--course-dir", issued.course, "--unit", UNIT)
    assert out.exit_code == 0, out.output
    assert "Issued 0 credential(s)" in out.stdout
    assert "2 had been issued before and were kept" in out.stdout
    assert "Made the issuer key" not in out.stdout
    assert issued.credential("de-001").read_bytes() == before
    assert issued.credential("el-002").with_suffix(".pdf").is_file(), "a lost PDF is made again"


def test_the_credential_carries_the_eu_micro_credential_elements(issued):
    vc = issued.load("el-002")
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert schema_problems(vc) == []
    assert undefined_terms(vc) == [], "every field is defined, so the signature covers it"
    subject = vc["credentialSubject"]
    achievement = subject["achievement"]
    micro = achievement["microCredential"]
    # learner
    assert {"type": "IdentityObject", "identityType": "name", "hashed": False,
            "identityHash": "Eleni Papadopoulou"} in subject["identifier"]  # fmt: skip
    # title, in the learner's language (Greek)
    assert achievement["name"] == "Πρώτα βήματα στο Jupyter για επαγγελματίες του πολιτισμού"
    assert achievement["inLanguage"] == "el"
    # country of the issuer, awarding body, date
    assert vc["issuer"]["address"]["addressCountryCode"] == "DE"
    assert vc["issuer"]["name"] == "BoostDigiCulture consortium"
    assert vc["issuer"]["id"].startswith("did:key:z6Mk")
    assert vc["validFrom"].endswith("Z") and "validUntil" not in vc
    # learning outcomes: the profile's descriptors at the unit's level, in Greek
    greek = load_profile().in_language("el")
    for cid in ("P2.4", "P4.3", "P6.1"):
        descriptor = greek.competence(cid).descriptors["L1"]
        assert any(descriptor in outcome for outcome in micro["learningOutcomes"])
    codes = {a["targetCode"] for a in achievement["alignment"]}
    assert {"P2.4 L1", "P4.3 L1", "P6.1 L1"} <= codes
    assert "3.4" in codes, "the DigComp 2.2 references of the competences"
    # workload, level, assessment, participation, quality assurance
    minutes = load_manifest().unit(UNIT).minutes  # the unit's measured length, 10-20
    assert micro["notionalWorkload"] == f"PT{minutes}M" and micro["ectsCredits"] == "0.01"
    assert achievement["creditsAvailable"] == round(minutes / 60, 2)
    assert micro["level"]["profileLevel"] == "L1" and micro["level"]["digcompLevels"] == ["1", "2"]
    assert "nbgrader" in micro["assessmentType"] and "70 %" in micro["assessmentType"]
    assert micro["participationForm"].startswith("Διαδικτυακά")
    assert micro["qualityAssurance"]
    assert subject["result"][0]["value"] == "100"
    assert vc["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"


def test_an_email_is_only_carried_hashed(issued):
    text = issued.credential("de-001").read_text(encoding="utf-8")
    assert "anja@heimatmuseum.de" not in text
    kinds = {i["identityType"]: i for i in issued.load("de-001")["credentialSubject"]["identifier"]}
    assert kinds["emailAddress"]["hashed"] is True
    assert kinds["emailAddress"]["identityHash"].startswith("sha256$")


def test_programme_credentials_go_where_asked(issued, tmp_path):
    out = run(
        "credentials", "issue", "--course-dir", issued.course, "--programme", "--output", tmp_path
    )
    assert out.exit_code == 0, out.output
    assert "Issued 2 credential(s)" in out.stdout
    vc = json.loads((tmp_path / "de-001" / "programme.json").read_text(encoding="utf-8"))
    units = vc["credentialSubject"]["achievement"]["microCredential"]["units"]
    assert units == [f"Erste Schritte mit Jupyter für Kulturschaffende ({UNIT})"]
    assert "it-003: programme: passed 0 of 1 units; the programme needs 1" in out.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--unit", "u77_nothing"], "Unknown unit 'u77_nothing' in"),
        (["--unit", UNIT, "--programme"], "Give either --unit or --programme, not both."),
    ],
)
def test_facilitator_mistakes_are_sentences(issued, args, words):
    out = run("credentials", "issue", "--course-dir", issued.course, *args)
    assert out.exit_code == 2
    assert out.stderr.startswith(words)


def test_not_a_course_folder(kit_env, tmp_path):
    out = run("credentials", "issue", "--course-dir", tmp_path)
    assert out.exit_code == 2
    assert "is not a course folder" in out.stderr


def test_a_threshold_in_percent_is_a_mistake_explained(issued, monkeypatch):
    monkeypatch.setenv("DIGICULTURE_UNIT_PASS_MARK", "70")
    out = run("credentials", "issue", "--course-dir", issued.course)
    assert out.exit_code == 2
    assert "write a share between 0 and 1, for example 0.7 for 70 %" in out.stderr
