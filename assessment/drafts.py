"""Drafts of unfinished self-assessments, so that a reload, the Back button or a closed tab
loses no answer.

The visitor's browser keeps a random draft key (the light page, in localStorage: the same
key in every tab of that browser, nowhere else) and gives it to the app; the app writes the
answers given so far under that key after each answer. The table holds only a hash of the
key, so the store alone cannot be used to pick up someone's draft. A draft is kept for
`DRAFT_DAYS` days after its last change and ends when its attempt is finished: a second tab
finishing the same draft gets the attempt the first one saved (two tabs, one attempt).

The drafts live in the results store's database (SQLite or PostgreSQL), in their own table.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from assessment.store import ResultStore, normalise_code, utc_now

#: Days an unfinished draft is kept after its last change.
DRAFT_DAYS = 7

DRAFTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS assessment_drafts (
    key_hash TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    state TEXT NOT NULL,
    finished_at TEXT,
    finished_code TEXT
)
"""


def new_draft_key() -> str:
    """A random key for a new draft (what the visitor's browser keeps)."""
    return secrets.token_urlsafe(24)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class Draft:
    state: dict
    finished: bool
    #: The code the finished attempt was stored under ("" when it was not stored).
    finished_code: str | None


class Drafts:
    """The drafts table of a results store."""

    def __init__(self, store: ResultStore):
        self._db = store._db
        with self._db.write() as db:
            db.execute(DRAFTS_SCHEMA)
        self.purge_expired()

    def save(self, key: str, state: dict, now: datetime | None = None) -> bool:
        """Keep `state` (JSON-ready) as the draft of `key`; False if it is already finished."""
        now = now or utc_now()
        with self._db.write() as db:
            rows = db.execute(
                "INSERT INTO assessment_drafts (key_hash, updated_at, expires_at, state) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (key_hash) DO UPDATE SET "
                "updated_at = excluded.updated_at, expires_at = excluded.expires_at, "
                "state = excluded.state WHERE assessment_drafts.finished_at IS NULL "
                "RETURNING key_hash",
                (
                    _hash(key),
                    now.isoformat(),
                    (now + timedelta(days=DRAFT_DAYS)).isoformat(),
                    json.dumps(state, ensure_ascii=False),
                ),
            ).fetchall()
            return bool(rows)

    def load(self, key: str) -> Draft | None:
        with self._db.read() as db:
            row = db.execute(
                "SELECT state, finished_at, finished_code FROM assessment_drafts "
                "WHERE key_hash = ? AND expires_at >= ?",
                (_hash(key), utc_now().isoformat()),
            ).fetchone()
        if row is None:
            return None
        return Draft(json.loads(row[0]), row[1] is not None, row[2])

    def claim(self, key: str) -> bool:
        """Mark the draft as being finished; False if another tab did so first."""
        now = utc_now()
        with self._db.write() as db:
            rows = db.execute(
                "INSERT INTO assessment_drafts (key_hash, updated_at, expires_at, state, "
                "finished_at) VALUES (?, ?, ?, '{}', ?) ON CONFLICT (key_hash) DO UPDATE SET "
                "finished_at = excluded.finished_at "
                "WHERE assessment_drafts.finished_at IS NULL RETURNING key_hash",
                (
                    _hash(key),
                    now.isoformat(),
                    (now + timedelta(days=DRAFT_DAYS)).isoformat(),
                    now.isoformat(),
                ),
            ).fetchall()
            return bool(rows)

    def finished(self, key: str, code: str | None) -> None:
        """The attempt of the claimed draft is saved (under `code`; None: not stored). The
        answers are no longer needed: only the code stays until the draft expires."""
        with self._db.write() as db:
            db.execute(
                "UPDATE assessment_drafts SET finished_code = ?, state = '{}' WHERE key_hash = ?",
                (code or "", _hash(key)),
            )

    def wait_for_finish(self, key: str, timeout: float = 30) -> Draft | None:
        """The draft once the tab that claimed it has saved its attempt (None: not in time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            draft = self.load(key)
            if draft is None or draft.finished_code is not None:
                return draft
            time.sleep(0.2)
        return None

    def forget(self, code: str) -> int:
        """Delete the drafts that name a learner's code (their deletion on request);
        returns how many."""
        code = normalise_code(code)
        with self._db.write() as db:
            rows = db.execute(
                "SELECT key_hash, state, finished_code FROM assessment_drafts"
            ).fetchall()
            mine = [
                r[0]
                for r in rows
                if r[2] == code or normalise_code(json.loads(r[1]).get("code") or "") == code
            ]
            for key_hash in mine:
                db.execute("DELETE FROM assessment_drafts WHERE key_hash = ?", (key_hash,))
            return len(mine)

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete drafts past their keeping time; returns how many."""
        with self._db.write() as db:
            return db.execute(
                "DELETE FROM assessment_drafts WHERE expires_at < ?",
                ((now or utc_now()).isoformat(),),
            ).rowcount
