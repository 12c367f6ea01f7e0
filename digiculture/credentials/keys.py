"""The issuer's signing key: Ed25519, made once, kept in the settings' key folder.

The folder holds `issuer_ed25519.pem` (the private key: whoever has it can issue credentials
in the kit's name; the file is readable by its owner only) and `issuer.did` (the public key
as a `did:key` identifier: the issuer's id in every credential, safe to publish).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PRIVATE_FILE = "issuer_ed25519.pem"
PUBLIC_FILE = "issuer.did"
_ED25519_PUB = b"\xed\x01"  # multicodec prefix of an Ed25519 public key
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class IssuerKeyProblem(Exception):
    """The key folder or a key in it cannot be used; the message says why."""


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError(f"'{char}' is not a base58 character")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "did:key:z" + b58encode(_ED25519_PUB + raw)


def public_key_of(did: str) -> Ed25519PublicKey:
    """The Ed25519 key a `did:key:z6Mk...` identifier (or its `#fragment` form) stands for."""
    ident = did.split("#", 1)[0]
    if not ident.startswith("did:key:z"):
        raise ValueError(f"{did!r} is not an Ed25519 did:key")
    raw = b58decode(ident[len("did:key:z") :])
    if not raw.startswith(_ED25519_PUB) or len(raw) != 34:
        raise ValueError(f"{did!r} is not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verification_method(did: str) -> str:
    """The key's id inside its DID document: `did:key:z..#z..`."""
    return f"{did}#{did.removeprefix('did:key:')}"


@dataclass(frozen=True)
class IssuerKey:
    did: str
    private: Ed25519PrivateKey | None = None

    @property
    def verification_method(self) -> str:
        return verification_method(self.did)


def load_or_create(folder: Path) -> tuple[IssuerKey, bool]:
    """The issuer key in `folder`, made there first if there is none; (key, made now)."""
    folder = Path(folder)
    private_file = folder / PRIVATE_FILE
    if private_file.is_file():
        return load_private(folder), False
    folder.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    did = did_of(private.public_key())
    (folder / PUBLIC_FILE).write_text(did + "\n", encoding="utf-8")
    return IssuerKey(did, private), True


def load_private(folder: Path) -> IssuerKey:
    path = Path(folder) / PRIVATE_FILE
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise IssuerKeyProblem(
            f"The issuer key {path} cannot be read ({exc}): restore it from your backup, or "
            "point DIGICULTURE_ISSUER_KEY_DIR at the folder that holds it."
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise IssuerKeyProblem(
            f"The issuer key {path} is not an Ed25519 key: restore the kit's key."
        )
    return IssuerKey(did_of(private.public_key()), private)


def load_public(folder: Path) -> str | None:
    """The issuer's `did:key` from the key folder, or None when the folder has no key."""
    folder = Path(folder)
    public_file = folder / PUBLIC_FILE
    if public_file.is_file():
        return public_file.read_text(encoding="utf-8").strip()
    if (folder / PRIVATE_FILE).is_file():
        return load_private(folder).did
    return None
