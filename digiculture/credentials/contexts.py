"""The JSON-LD contexts a credential may use, served from the files bundled in `data/`.

Canonicalization needs the contexts a credential names. The kit never fetches them: the
document loader serves only the bundled copies (see data/SOURCES.md) and refuses every other
address, so a credential that names an unknown context cannot be verified (and cannot slip
in terms the kit does not know).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: The kit's own context: the EU micro-credential elements Open Badges 3.0 has no term for.
KIT = "https://boostdigiculture.eu/contexts/microcredential-v1.jsonld"

CONTEXT_FILES: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    KIT: "digiculture-microcredential-v1.jsonld",
}

#: The contexts of every credential the kit issues, in this order.
CREDENTIAL_CONTEXTS: list[str] = [VC_V2, OB_V3, KIT]


class UnknownContext(Exception):
    """A credential names a context the kit does not bundle."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


@cache
def _document(url: str) -> dict:
    return json.loads((DATA / "contexts" / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def load_context(url: str, options: dict | None = None) -> dict:
    """A pyld document loader: the bundled context for `url`, or UnknownContext."""
    if url not in CONTEXT_FILES:
        raise UnknownContext(url)
    return {"contextUrl": None, "documentUrl": url, "document": _document(url)}
