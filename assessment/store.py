"""Results of the self-assessment: one SQLite file (WAL) by default, PostgreSQL on a cluster.

Learners are known only by a pseudonymous code (no name, no e-mail). Answers are stored only
with consent; each learner's data can be exported and deleted; every learner has a retention
date after which `purge_expired` removes them. Many app sessions (separate processes) may
write at the same time: each write is one short transaction (IMMEDIATE in SQLite) and waits
its turn. The store's URL picks the database (see `assessment.databases`); the API and its
behaviour are the same for both.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assessment.databases import (
    StoreUnavailable,
    UnsupportedStore,
    open_database,
)

__all__ = [
    "Attempt",
    "ResultStore",
    "StoreUnavailable",
    "UnknownLearner",
    "UnsupportedStore",
    "new_code",
    "normalise_code",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to copy by hand
DEFAULT_RETENTION_DAYS = 730

#: A learner's explicit, revocable choice to share their own results with their institution
#: (its director sees them by the name the learner gave). One row per learner; withdrawing
#: deletes it. Kept apart from the attempts: the results stay the learner's.
SHARES_TABLE = """CREATE TABLE IF NOT EXISTS shares (
    learner TEXT PRIMARY KEY REFERENCES learners(code) ON DELETE CASCADE,
    institution TEXT NOT NULL,
    shown_as TEXT NOT NULL,
    shared_at TEXT NOT NULL
)"""
_SHARES_LOCK = 7_301_946_513


class UnknownLearner(KeyError):
    pass


@dataclass(frozen=True)
class Attempt:
    id: int
    learner: str
    taken_at: str
    language: str
    role: str | None
    cohort: str | None
    institution: str | None
    answers: dict
    result: dict
    recommendations: list

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def new_code() -> str:
    """A pseudonymous learner code such as 'K7QM-3XPA-9TRW'."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    """Accept what a person types: lower case, spaces, missing dashes."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def utc_now() -> datetime:
    """Now in UTC, to the second: how the store and the drafts stamp their rows."""
    return datetime.now(UTC).replace(microsecond=0)


class ResultStore:
    """The results store at `url`: `sqlite:///path/to/file.sqlite`, a plain file path, or
    `postgresql://user:password@host:5432/database`.

    Raises `StoreUnavailable` (a sentence saying what to fix) when the store cannot be opened.
    """

    def __init__(self, url: str | Path, retention_days: int = DEFAULT_RETENTION_DAYS):
        self._db = open_database(url)
        self.kind = self._db.kind
        #: The SQLite file (None for PostgreSQL).
        self.path: Path | None = self._db.path
        #: The store as it may be shown: the file, or the URL without its password.
        self.description = self._db.description
        self.retention_days = retention_days
        self._db.create_schema()
        with self._write() as db:
            if self.kind == "postgresql":  # many app processes may open the store at once
                db.execute("SELECT pg_advisory_xact_lock(?)", (_SHARES_LOCK,))
            db.execute(SHARES_TABLE)

    def _connect(self):
        return self._db.read()

    def _write(self):
        return self._db.write()

    # -- writing -------------------------------------------------------------------------
    def save_attempt(
        self,
        *,
        code: str | None,
        language: str,
        role: str | None,
        answers: dict,
        result: dict,
        recommendations: list,
        cohort: str | None = None,
        institution: str | None = None,
        profile_version: str | None = None,
        bank_version: int | None = None,
        taken_at: datetime | None = None,
    ) -> tuple[str, int]:
        """Store one attempt of a learner who consented; returns (code, attempt id).

        `code=None` makes a new learner; an existing code adds a later attempt.
        """
        now = taken_at or utc_now()
        with self._write() as db:
            if code is None:
                code = new_code()
                while db.execute("SELECT 1 FROM learners WHERE code=?", (code,)).fetchone():
                    code = new_code()
            code = normalise_code(code)
            retain = (now + timedelta(days=self.retention_days)).isoformat()
            # A later attempt extends the retention; two saves of one code never collide.
            db.execute(
                "INSERT INTO learners (code, created_at, consent_at, retain_until) "
                "VALUES (?, ?, ?, ?) "
                "ON CONFLICT (code) DO UPDATE SET retain_until = excluded.retain_until",
                (code, now.isoformat(), now.isoformat(), retain),
            )
            rows = db.execute(
                "INSERT INTO attempts (learner, taken_at, language, role, cohort, institution, "
                "profile_version, bank_version, answers, result, recommendations) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    code,
                    now.isoformat(),
                    language,
                    role,
                    cohort,
                    institution,
                    profile_version,
                    bank_version,
                    json.dumps(answers, ensure_ascii=False),
                    json.dumps(result, ensure_ascii=False),
                    json.dumps(recommendations, ensure_ascii=False),
                ),
            ).fetchall()  # fetch it all: SQLite commits only a finished statement
            return code, int(rows[0][0])

    def delete_learner(self, code: str) -> int:
        """Delete a learner and all their attempts; returns how many attempts were removed."""
        code = normalise_code(code)
        with self._write() as db:
            if not db.execute("SELECT 1 FROM learners WHERE code=?", (code,)).fetchone():
                raise UnknownLearner(code)
            n = db.execute("DELETE FROM attempts WHERE learner=?", (code,)).rowcount
            db.execute("DELETE FROM shares WHERE learner=?", (code,))
            db.execute("DELETE FROM learners WHERE code=?", (code,))
            return n

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete learners whose retention date has passed; returns how many."""
        stamp = (now or utc_now()).isoformat()
        with self._write() as db:
            codes = [
                r[0]
                for r in db.execute("SELECT code FROM learners WHERE retain_until < ?", (stamp,))
            ]
            for code in codes:
                db.execute("DELETE FROM attempts WHERE learner=?", (code,))
                db.execute("DELETE FROM shares WHERE learner=?", (code,))
                db.execute("DELETE FROM learners WHERE code=?", (code,))
            return len(codes)

    def share_with_institution(self, code: str, institution: str, shown_as: str) -> None:
        """Record the learner's consent to show their own results to `institution`'s
        director, under the name `shown_as` (replaces an earlier choice)."""
        code = normalise_code(code)
        with self._write() as db:
            if not db.execute("SELECT 1 FROM learners WHERE code=?", (code,)).fetchone():
                raise UnknownLearner(code)
            db.execute("DELETE FROM shares WHERE learner=?", (code,))
            db.execute(
                "INSERT INTO shares (learner, institution, shown_as, shared_at) "
                "VALUES (?, ?, ?, ?)",
                (code, institution, shown_as, utc_now().isoformat()),
            )

    def withdraw_share(self, code: str) -> bool:
        """Withdraw the learner's consent to share; True when there was one."""
        with self._write() as db:
            gone = db.execute("DELETE FROM shares WHERE learner=?", (normalise_code(code),))
            return gone.rowcount > 0

    def shared_with(self, code: str) -> tuple[str, str] | None:
        """(institution, shown_as) the learner shares their results with, else None."""
        with self._connect() as db:
            row = db.execute(
                "SELECT institution, shown_as FROM shares WHERE learner=?",
                (normalise_code(code),),
            ).fetchone()
        return (row[0], row[1]) if row else None

    def shares(self) -> dict[str, tuple[str, str, str]]:
        """Every consent to share: learner code -> (institution, shown_as, shared_at)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT learner, institution, shown_as, shared_at FROM shares"
            ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    # -- reading -------------------------------------------------------------------------
    def knows(self, code: str) -> bool:
        with self._connect() as db:
            return (
                db.execute(
                    "SELECT 1 FROM learners WHERE code=?", (normalise_code(code),)
                ).fetchone()
                is not None
            )

    def attempts(self, code: str) -> list[Attempt]:
        """A learner's attempts, oldest first (the first is 'pre', the latest 'post')."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, learner, taken_at, language, role, cohort, institution, answers, "
                "result, recommendations FROM attempts WHERE learner=? ORDER BY taken_at, id",
                (normalise_code(code),),
            ).fetchall()
        return [_attempt(r) for r in rows]

    def all_attempts(self) -> list[Attempt]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, learner, taken_at, language, role, cohort, institution, answers, "
                "result, recommendations FROM attempts ORDER BY learner, taken_at, id"
            ).fetchall()
        return [_attempt(r) for r in rows]

    def export_learner(self, code: str) -> dict:
        """Everything stored about one learner, as JSON-ready data."""
        code = normalise_code(code)
        with self._connect() as db:
            row = db.execute(
                "SELECT code, created_at, consent_at, retain_until FROM learners WHERE code=?",
                (code,),
            ).fetchone()
        if row is None:
            raise UnknownLearner(code)
        return {
            "learner": {
                "code": row[0],
                "created_at": row[1],
                "consent_at": row[2],
                "retain_until": row[3],
            },
            "attempts": [a.to_dict() for a in self.attempts(code)],
            "shared_with_institution": self.shared_with(code),
        }


def _attempt(row: tuple) -> Attempt:
    return Attempt(
        id=row[0],
        learner=row[1],
        taken_at=row[2],
        language=row[3],
        role=row[4],
        cohort=row[5],
        institution=row[6],
        answers=json.loads(row[7]),
        result=json.loads(row[8]),
        recommendations=json.loads(row[9]),
    )
