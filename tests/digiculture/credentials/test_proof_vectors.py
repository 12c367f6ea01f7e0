"""The kit's eddsa-rdfc-2022 proofs against the W3C specification's own test vector: the
same document, key and date give the same proofValue (Ed25519 is deterministic), and the
specification's signed credential verifies."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from digiculture.credentials import contexts, keys, proof

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "credentials"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.fixture
def spec_contexts(monkeypatch):
    """The bundled contexts plus the specification's examples context (tests only)."""
    examples = json.loads((VECTORS / "credentials-examples-v2.jsonld").read_text("utf-8"))

    def loader(url, options=None):
        if url == EXAMPLES:
            return {"contextUrl": None, "documentUrl": url, "document": examples}
        return contexts.load_context(url, options)

    monkeypatch.setattr(proof, "load_context", loader)


def test_the_specification_vector_verifies(spec_contexts):
    signed = json.loads((VECTORS / "eddsa-rdfc-2022-signed.json").read_text("utf-8"))
    assert proof.signature_is_valid(signed)
    signed["credentialSubject"]["alumniOf"] = "The School of Forgeries"
    assert not proof.signature_is_valid(signed)


def test_signing_reproduces_the_specification_proof_value(spec_contexts):
    signed = json.loads((VECTORS / "eddsa-rdfc-2022-signed.json").read_text("utf-8"))
    pair = json.loads((VECTORS / "eddsa-keypair.json").read_text("utf-8"))
    seed = keys.b58decode(pair["privateKeyMultibase"][1:])
    assert seed[:2] == b"\x80\x26"  # multicodec: ed25519-priv
    key = keys.IssuerKey(
        "did:key:" + pair["publicKeyMultibase"], Ed25519PrivateKey.from_private_bytes(seed[2:])
    )
    assert keys.did_of(key.private.public_key()) == key.did
    unsigned = copy.deepcopy(signed)
    expected = unsigned.pop("proof")
    mine = proof.sign(unsigned, key, datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC))["proof"][0]
    assert mine == expected
