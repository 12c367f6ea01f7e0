"""Results of the self-assessment: one SQLite file (WAL) by default.

Learners are known only by a pseudonymous code (no name, no e-mail). Answers are stored only
with consent; each learner's data can be exported and deleted; every learner has a retention
date after which `purge_expired` removes them. Many app sessions (separate processes) may
write at the same time: each write is one short IMMEDIATE transaction and waits its turn.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to copy by hand
DEFAULT_RETENTION_DAYS = 730

SCHEMA = """
CREATE TABLE IF NOT EXISTS learners (
    code TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    consent_at TEXT NOT NULL,
    retain_until TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL REFERENCES learners(code) ON DELETE CASCADE,
    taken_at TEXT NOT NULL,
    language TEXT NOT NULL,
    role TEXT,
    cohort TEXT,
    institution TEXT,
    profile_version TEXT,
    bank_version INTEGER,
    answers TEXT NOT NULL,
    result TEXT NOT NULL,
    recommendations TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts(learner, taken_at);
"""


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


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ResultStore:
    """The results store at `url`: `sqlite:///path/to/file.sqlite` or a plain file path."""

    def __init__(self, url: str | Path, retention_days: int = DEFAULT_RETENTION_DAYS):
        text = str(url)
        if text.startswith("sqlite:///"):
            text = text[len("sqlite:///") :]
        elif "://" in text:
            raise ValueError(f"Unsupported results store '{url}': use sqlite:///path")
        self.path = Path(text)
        self.retention_days = retention_days
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=60000")
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

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
        now = taken_at or _now()
        with self._write() as db:
            if code is None:
                code = new_code()
                while db.execute("SELECT 1 FROM learners WHERE code=?", (code,)).fetchone():
                    code = new_code()
            code = normalise_code(code)
            retain = (now + timedelta(days=self.retention_days)).isoformat()
            known = db.execute("SELECT 1 FROM learners WHERE code=?", (code,)).fetchone()
            if known:
                db.execute("UPDATE learners SET retain_until=? WHERE code=?", (retain, code))
            else:
                db.execute(
                    "INSERT INTO learners VALUES (?, ?, ?, ?)",
                    (code, now.isoformat(), now.isoformat(), retain),
                )
            cur = db.execute(
                "INSERT INTO attempts (learner, taken_at, language, role, cohort, institution, "
                "profile_version, bank_version, answers, result, recommendations) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            )
            return code, int(cur.lastrowid)

    def delete_learner(self, code: str) -> int:
        """Delete a learner and all their attempts; returns how many attempts were removed."""
        code = normalise_code(code)
        with self._write() as db:
            if not db.execute("SELECT 1 FROM learners WHERE code=?", (code,)).fetchone():
                raise UnknownLearner(code)
            n = db.execute("DELETE FROM attempts WHERE learner=?", (code,)).rowcount
            db.execute("DELETE FROM learners WHERE code=?", (code,))
            return n

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete learners whose retention date has passed; returns how many."""
        stamp = (now or _now()).isoformat()
        with self._write() as db:
            codes = [
                r[0]
                for r in db.execute("SELECT code FROM learners WHERE retain_until < ?", (stamp,))
            ]
            for code in codes:
                db.execute("DELETE FROM attempts WHERE learner=?", (code,))
                db.execute("DELETE FROM learners WHERE code=?", (code,))
            return len(codes)

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
