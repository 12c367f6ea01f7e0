"""Check a credential file: JSON, the Open Badges 3.0 schema, defined terms, issuer key,
signature, dates. Offline: the schema and the contexts are the bundled copies.

`verify_file` returns a `Verdict`: `valid`, and either the reason it is not (one sentence for
the person checking it) or a summary of what it certifies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from digiculture.credentials.contexts import DATA, UnknownContext
from digiculture.credentials.keys import verification_method
from digiculture.credentials.proof import (
    CRYPTOSUITE,
    PROOF_TYPE,
    signature_is_valid,
    the_proof,
    undefined_terms,
)

SCHEMA_FILE = DATA / "schema" / "ob_v3p0_achievementcredential_schema.json"


@dataclass
class Verdict:
    valid: bool
    reason: str = ""  # why it is not valid
    kind: str = ""  # tampered, expired, not-ours, not-yet-valid, schema, unreadable
    summary: list[str] = field(default_factory=list)


@cache
def _validator():
    from jsonschema import Draft201909Validator
    from referencing import Registry, Resource

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    resource = Resource.from_contents(schema)
    # The schema's $refs all point inside it (#/$defs/...); the registry holds only it, so
    # nothing is ever looked up on the network.
    registry = Registry().with_resource(schema["$id"], resource)
    return Draft201909Validator(schema, registry=registry)


def schema_problems(credential: object) -> list[str]:
    """Where `credential` breaks the Open Badges 3.0 JSON Schema, one line each."""
    problems = []
    for error in sorted(_validator().iter_errors(credential), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(the whole credential)"
        problems.append(f"{where}: {error.message[:200]}")
    return problems


def _parse_time(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _unknown_context(exc: BaseException | None) -> str | None:
    """The address of the unknown context behind a JSON-LD error, if that was the cause."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, UnknownContext):
            return exc.url
        details = getattr(exc, "details", None)
        cause = details.get("cause") if isinstance(details, dict) else None
        exc = cause if isinstance(cause, BaseException) else (exc.__cause__ or exc.__context__)
        seen += 1
    return None


def verify_credential(
    credential: object, trusted_did: str | None, now: datetime | None = None
) -> Verdict:
    now = now or datetime.now(UTC)
    if not isinstance(credential, dict):
        return Verdict(False, "It is not a credential: the file holds no JSON object.", "schema")
    problems = schema_problems(credential)
    if problems:
        return Verdict(
            False,
            "It is not a valid Open Badges 3.0 credential (it breaks the 1EdTech JSON Schema: "
            + "; ".join(problems[:3])
            + "). It was changed, or it was not made by this kit.",
            "schema",
        )
    try:
        unknown = undefined_terms(credential)
    except Exception as exc:  # pyld's errors wrap the loader's UnknownContext
        url = _unknown_context(exc)
        if url:
            return Verdict(
                False,
                f"It names a JSON-LD context the kit does not know ({url}), so it cannot be "
                "checked offline: it was changed, or it was not made by this kit.",
                "not-ours",
            )
        return Verdict(
            False,
            f"Its JSON-LD cannot be read ({type(exc).__name__}): it was changed, or it was "
            "not made by this kit.",
            "schema",
        )
    if unknown:
        return Verdict(
            False,
            f"It has fields that no context defines ({', '.join(unknown[:5])}); a signature "
            "would not cover them: the file was changed, or it was not made by this kit.",
            "tampered",
        )
    proof = the_proof(credential)
    if proof is None:
        return Verdict(False, "It is not signed (it has no proof, or more than one).", "tampered")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return Verdict(
            False,
            f"It is signed with '{proof.get('cryptosuite') or proof.get('type')}', not with "
            f"{CRYPTOSUITE}, which the kit uses: it was not made by this kit.",
            "not-ours",
        )
    issuer = credential["issuer"]
    issuer_id = issuer if isinstance(issuer, str) else issuer.get("id", "")
    method = str(proof.get("verificationMethod", ""))
    if method != verification_method(issuer_id):
        return Verdict(
            False,
            f"It is signed with a key ({method}) that is not its issuer's ({issuer_id}): "
            "it was changed, or it was not made by this kit.",
            "not-ours",
        )
    if trusted_did is not None and issuer_id != trusted_did:
        return Verdict(
            False,
            f"It was not issued with this kit's key: it is signed by {issuer_id}, and the kit's "
            f"issuer key is {trusted_did}.",
            "not-ours",
        )
    if not signature_is_valid(credential):
        return Verdict(
            False,
            "It has been changed since it was signed: the signature does not match its content.",
            "tampered",
        )
    valid_until = _parse_time(credential.get("validUntil"))
    if valid_until is not None and valid_until < now:
        return Verdict(
            False, f"It expired on {valid_until.date().isoformat()} (validUntil).", "expired"
        )
    valid_from = _parse_time(credential.get("validFrom"))
    if valid_from is not None and valid_from > now:
        return Verdict(
            False,
            f"It is not valid yet: it becomes valid on {valid_from.date().isoformat()}.",
            "not-yet-valid",
        )
    return Verdict(True, summary=summarise(credential))


def summarise(credential: dict) -> list[str]:
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]
    issuer = credential["issuer"]
    names = [
        i.get("identityHash", "")
        for i in subject.get("identifier", [])
        if i.get("identityType") == "name" and not i.get("hashed")
    ]
    address = issuer.get("address", {}) if isinstance(issuer, dict) else {}
    micro = achievement.get("microCredential", {})
    lines = [
        f"Credential: {credential.get('name', achievement['name'])}",
        f"Learner:    {names[0] if names else '(no name)'}",
        f"Issued by:  {issuer.get('name', '')} ({address.get('addressCountryCode', '?')}), "
        f"{issuer.get('id', '')}",
        f"Issued on:  {credential['validFrom'][:10]}"
        + (f", valid until {credential['validUntil'][:10]}" if "validUntil" in credential else ""),
    ]
    if micro.get("notionalWorkload"):
        minutes = str(micro["notionalWorkload"]).removeprefix("PT").removesuffix("M")
        lines.append(
            f"Workload:   {minutes} minutes ({micro.get('ectsCredits', '?')} ECTS), "
            f"level {micro.get('level', {}).get('profileLevel', '?')}"
        )
    for result in subject.get("result", []):
        lines.append(f"Result:     {result.get('value')} %")
    lines.append(f"Id:         {credential['id']}")
    return lines


def verify_file(path: Path, trusted_did: str | None, now: datetime | None = None) -> Verdict:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return Verdict(False, f"The file cannot be read ({exc.strerror}).", "unreadable")
    try:
        credential = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Verdict(
            False,
            "It is not a credential file: it is not JSON text (it was damaged or changed).",
            "tampered",
        )
    return verify_credential(credential, trusted_did, now)
