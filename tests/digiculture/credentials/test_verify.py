"""`digiculture credentials verify`: valid, changed, expired, not ours; offline."""

from __future__ import annotations

import copy
import json
import random
import socket
from datetime import UTC, datetime

import pytest

from digiculture.credentials import keys
from digiculture.credentials.contexts import UnknownContext, load_context
from digiculture.credentials.proof import sign, signature_is_valid
from digiculture.credentials.verify import verify_credential, verify_file
from digiculture.manifest import load_manifest
from tests.digiculture.credentials.conftest import UNIT, run

pytestmark = [
    pytest.mark.slow,  # the credentials come from a course graded by nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]


@pytest.fixture(scope="module")
def kit_did(issued) -> str:
    return keys.load_public(issued.key_dir)


def test_a_valid_credential_exits_0_with_a_summary(issued):
    out = run("credentials", "verify", issued.credential("de-001"))
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith(f"VALID: {UNIT}.json is a genuine, unchanged credential")
    assert "Learner:    Anja Schneider" in out.stdout
    assert "Erste Schritte mit Jupyter für Kulturschaffende" in out.stdout
    minutes = load_manifest().unit(UNIT).minutes  # the unit's measured length, 10-20
    assert f"{minutes} minutes (0.01 ECTS), level L1" in out.stdout


def test_a_changed_byte_fails_with_the_reason(issued, tmp_path):
    raw = issued.credential("de-001").read_bytes()
    changed = raw.replace(b'"Anja Schneider"', b'"Anja Schneidet"')
    assert changed != raw
    forged = tmp_path / "forged.json"
    forged.write_bytes(changed)
    out = run("credentials", "verify", forged)
    assert out.exit_code == 1
    assert out.stderr.startswith("NOT VALID: forged.json. It has been changed since it was signed")


def test_any_changed_byte_fails(issued, kit_did, tmp_path):
    """40 bytes picked at random (seeded) across the file, each changed on its own."""
    raw = issued.credential("el-002").read_bytes()
    original = json.loads(raw)
    rng = random.Random(20271)
    target = tmp_path / "c.json"
    tried = 0
    while tried < 40:
        pos = rng.randrange(len(raw))
        new = bytes([rng.choice(b"abcdefxyz0123456789")])
        if raw[pos : pos + 1] == new:
            continue
        changed = raw[:pos] + new + raw[pos + 1 :]
        try:
            if json.loads(changed) == original:
                continue  # a byte of JSON layout that changes nothing
        except ValueError:
            pass
        target.write_bytes(changed)
        verdict = verify_file(target, kit_did)
        assert not verdict.valid, f"byte {pos} changed to {new!r} still verifies"
        tried += 1


def test_a_changed_micro_credential_element_breaks_the_signature(issued, kit_did):
    """The kit's own terms are defined in its bundled context, so the signature covers them."""
    vc = issued.load("de-001")
    assert signature_is_valid(vc)
    for path, value in [
        (("microCredential", "qualityAssurance"), "None at all."),
        (("microCredential", "notionalWorkload"), "PT150M"),
        (("microCredential", "level", "profileLevel"), "L4"),
        (("microCredential", "learningOutcomes"), ["Everything."]),
    ]:
        forged = copy.deepcopy(vc)
        node = forged["credentialSubject"]["achievement"]
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
        assert not signature_is_valid(forged), path
        verdict = verify_credential(forged, kit_did)
        assert verdict.kind == "tampered", path


def test_an_added_field_no_context_defines_is_refused(issued, kit_did):
    vc = issued.load("de-001")
    vc["credentialSubject"]["achievement"]["microCredential"]["honours"] = "summa cum laude"
    verdict = verify_credential(vc, kit_did)
    assert not verdict.valid and verdict.kind == "tampered"
    assert "honours" in verdict.reason


def test_an_expired_credential_fails(issued, kit_did, tmp_path):
    vc = issued.load("de-001")
    vc["validUntil"] = "2026-01-01T00:00:00Z"
    vc["validFrom"] = "2025-01-01T00:00:00Z"
    key = keys.load_private(issued.key_dir)
    resigned = sign(vc, key, datetime(2025, 1, 1, tzinfo=UTC))
    path = tmp_path / "expired.json"
    path.write_text(json.dumps(resigned), encoding="utf-8")
    out = run("credentials", "verify", path)
    assert out.exit_code == 1
    assert "It expired on 2026-01-01 (validUntil)." in out.stderr
    assert verify_file(path, kit_did, now=datetime(2025, 6, 1, tzinfo=UTC)).valid


def test_a_credential_signed_with_another_key_is_not_ours(issued, tmp_path):
    vc = issued.load("de-001")
    other, _ = keys.load_or_create(tmp_path / "other_key")
    vc["issuer"]["id"] = other.did
    path = tmp_path / "other.json"
    path.write_text(json.dumps(sign(vc, other, datetime.now(UTC))), encoding="utf-8")
    out = run("credentials", "verify", path)
    assert out.exit_code == 1
    assert "It was not issued with this kit's key" in out.stderr
    # the same file checks out for someone who trusts that other key
    out = run("credentials", "verify", path, "--issuer", other.did)
    assert out.exit_code == 0, out.output


def test_a_foreign_key_under_the_kit_issuer_id_is_refused(issued, kit_did, tmp_path):
    vc = issued.load("de-001")
    other, _ = keys.load_or_create(tmp_path / "other_key")
    forged = sign(vc, other, datetime.now(UTC))  # issuer id still the kit's
    verdict = verify_credential(forged, kit_did)
    assert verdict.kind == "not-ours" and "not its issuer's" in verdict.reason


def test_verification_never_touches_the_network(issued, kit_did, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("verification tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert verify_file(issued.credential("el-002"), kit_did).valid


def test_the_document_loader_serves_only_the_bundled_contexts(issued, kit_did):
    assert load_context("https://www.w3.org/ns/credentials/v2")["document"]["@context"]
    with pytest.raises(UnknownContext):
        load_context("https://example.org/evil-context.jsonld")
    vc = issued.load("de-001")
    vc["@context"].append("https://example.org/evil-context.jsonld")
    verdict = verify_credential(vc, kit_did)
    assert not verdict.valid and "https://example.org/evil-context.jsonld" in verdict.reason


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG not json", "It is not a credential file"),
        (b'{"name": "a badge"}', "It is not a valid Open Badges 3.0 credential"),
    ],
)
def test_files_that_are_no_credential(issued, tmp_path, content, words):
    path = tmp_path / "thing.json"
    path.write_bytes(content)
    out = run("credentials", "verify", path)
    assert out.exit_code == 1
    assert words in out.stderr


def test_verify_without_a_kit_key_says_what_to_do(tmp_path, monkeypatch, issued):
    monkeypatch.setenv("DIGICULTURE_ISSUER_KEY_DIR", str(tmp_path / "none"))
    out = run("credentials", "verify", issued.credential("de-001"))
    assert out.exit_code == 2
    assert "There is no issuer key in" in out.stderr and "--issuer did:key:" in out.stderr
    out = run("credentials", "key")
    assert out.exit_code == 2
