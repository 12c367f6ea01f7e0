"""The Data Integrity proof of a credential: cryptosuite `eddsa-rdfc-2022`.

As the W3C Data Integrity EdDSA Cryptosuites v1.0 specify it: the credential without its proof
and the proof's options (with the credential's `@context`) are each canonicalized as RDF
(RDFC-1.0, the URDNA2015 algorithm) and hashed with SHA-256; the Ed25519 signature over the
two hashes (options first) is the `proofValue`, base58-btc multibase.

Canonicalization works on the RDF meaning of the JSON-LD, not on its bytes: a field that no
context defines would be dropped before signing and not be covered. `undefined_terms` finds
such fields, and the verifier rejects a credential that has any.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from pyld import jsonld

from digiculture.credentials.contexts import load_context
from digiculture.credentials.keys import IssuerKey, b58decode, b58encode, public_key_of

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
_UNDEFINED = "urn:digiculture:undefined-term:"


def canonical(document: dict) -> str:
    """The N-Quads of `document`, canonicalized with RDFC-1.0 (URDNA2015), contexts offline."""
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": load_context,
        },
    )


def _hash_data(unsecured: dict, options: dict) -> bytes:
    config = dict(options)
    config["@context"] = unsecured["@context"]
    config_hash = hashlib.sha256(canonical(config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical(unsecured).encode("utf-8")).digest()
    return config_hash + document_hash


def sign(credential: dict, key: IssuerKey, created: datetime) -> dict:
    """A copy of `credential` with a Data Integrity proof made with the issuer's key."""
    if key.private is None:
        raise ValueError("signing needs the issuer's private key")
    unsecured = copy.deepcopy(credential)
    unsecured.pop("proof", None)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": key.verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.private.sign(_hash_data(unsecured, options))
    signed = copy.deepcopy(unsecured)
    # A list (a proof set of one): the 1EdTech JSON Schema wants `proof` to be an array.
    signed["proof"] = [{**options, "proofValue": "z" + b58encode(signature)}]
    return signed


def the_proof(credential: dict) -> dict | None:
    """The credential's one proof (a proof object, or a list that holds exactly one)."""
    proof = credential.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    return proof if isinstance(proof, dict) else None


def signature_is_valid(credential: dict) -> bool:
    """Whether the proof's signature matches the credential, with the key its
    verificationMethod names (a `did:key`). Checks nothing about whose key that is."""
    proof = the_proof(credential)
    if proof is None:
        return False
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    try:
        signature = b58decode(value[1:])
        public = public_key_of(str(proof.get("verificationMethod", "")))
    except ValueError:
        return False
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    try:
        public.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature:
        return False
    return True


def undefined_terms(document: dict) -> list[str]:
    """Property names and types in `document` that none of its contexts define.

    JSON-LD drops them silently, so the signature would not cover them. Found by expanding
    the document once more with a catch-all vocabulary appended to its context.
    """
    probe = copy.deepcopy(document)
    contexts = probe.get("@context", [])
    contexts = contexts if isinstance(contexts, list) else [contexts]
    probe["@context"] = [*contexts, {"@vocab": _UNDEFINED}]
    expanded = jsonld.expand(probe, {"documentLoader": load_context})
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for name, value in node.items():
                if name.startswith(_UNDEFINED):
                    found.add(name.removeprefix(_UNDEFINED))
                if name == "@type":
                    types = value if isinstance(value, list) else [value]
                    found.update(
                        t.removeprefix(_UNDEFINED)
                        for t in types
                        if isinstance(t, str) and t.startswith(_UNDEFINED)
                    )
                walk(value)

    walk(expanded)
    return sorted(found)
