"""One-time invitations: how roster learners and facilitators get their account on the hub.

A name on a cohort's roster (or given to `hub init --admin`) is not taken by whoever signs up
first: the facilitator sends each person their personal link (`/hub/signup?name=...&invitation=
...`), and only that link's code signs the name up. Codes are random (144 bits), stored only as
their SHA-256 in `invitations.json` (root only), valid for `DEFAULT_DAYS` days and used once: a
successful sign-up removes the entry. Issuing again replaces the earlier code (a lost e-mail).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

FILE = "invitations.json"
DEFAULT_DAYS = 14


@dataclass(frozen=True)
class Invitation:
    name: str
    code: str
    link: str
    expires: datetime


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _load(hub_dir: Path) -> dict[str, dict[str, str]]:
    path = Path(hub_dir) / FILE
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _save(hub_dir: Path, data: dict[str, dict[str, str]]) -> None:
    path = Path(hub_dir) / FILE
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1)
    os.replace(tmp, path)


def link_for(base_url: str, name: str, code: str, lang: str = "") -> str:
    """The personal sign-up link (in the person's language when known)."""
    query = {"name": name, "invitation": code, **({"lang": lang} if lang else {})}
    return f"{base_url.rstrip('/')}/hub/signup?{urlencode(query)}"


def issue(
    hub_dir: Path,
    names: list[str],
    base_url: str,
    days: int = DEFAULT_DAYS,
    langs: dict[str, str] | None = None,
) -> list[Invitation]:
    """A new invitation for each name (an earlier, unused one stops working); `langs` gives
    the language of each person's sign-up page."""
    data = _load(hub_dir)
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    made = []
    for name in names:
        code = secrets.token_urlsafe(18)
        data[name] = {"sha256": _hash(code), "expires": expires.isoformat()}
        link = link_for(base_url, name, code, (langs or {}).get(name, ""))
        made.append(Invitation(name, code, link, expires))
    _save(hub_dir, data)
    return made


def pending(hub_dir: Path) -> set[str]:
    """Names with an invitation not used yet (expired ones included)."""
    return set(_load(hub_dir))


def check(hub_dir: Path, name: str, code: str, now: datetime | None = None) -> str | None:
    """None when `code` is `name`'s valid invitation, else why not: 'need_invitation',
    'wrong_code' or 'expired' (keys of the sign-up page's words, `texts`)."""
    entry = _load(hub_dir).get(name)
    if entry is None or not code:
        return "need_invitation"
    if not hmac.compare_digest(entry["sha256"], _hash(code.strip())):
        return "wrong_code"
    if (now or datetime.now(UTC)) > datetime.fromisoformat(entry["expires"]):
        return "expired"
    return None


def use(hub_dir: Path, name: str) -> None:
    """The invitation of `name` is used up (after a successful sign-up)."""
    data = _load(hub_dir)
    if data.pop(name, None) is not None:
        _save(hub_dir, data)
