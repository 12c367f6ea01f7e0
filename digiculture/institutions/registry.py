"""The institutions the programme works with, and their checks, in the results store's
database (SQLite file or PostgreSQL, the same URL as the self-assessment's results).

Each institution has two secret codes, made by the kit:
- the **staff code** goes into the self-assessment link its staff use
  (`…/?institution=STAFF-CODE`): only an attempt made with a known code is attached to the
  institution, so a visitor cannot add attempts to a real institution by typing its name;
- the **director's key** opens the institution's page (its check, its plan, the results its
  staff shared with it). Nobody else needs it; the facilitator gives it to the director.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from assessment.databases import open_database
from assessment.store import CODE_ALPHABET, normalise_code
from digiculture.course.codes import COURSE_LANGUAGES as LANGUAGES
from digiculture.errors import UserError

TYPES = ("museum", "library", "archive", "gallery", "other")
SIZE_BANDS = ("1-4", "5-9", "10-49", "50+")

_LOCK = 7_301_946_519

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS institutions (
    name TEXT NOT NULL,
    key_name TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    size_band TEXT NOT NULL,
    country TEXT NOT NULL,
    language TEXT NOT NULL,
    staff_code TEXT NOT NULL UNIQUE,
    director_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS institution_checks (
    institution TEXT NOT NULL REFERENCES institutions(key_name) ON DELETE CASCADE,
    taken_on TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (institution, taken_on)
)""",
)


class RegistryError(UserError, ValueError):
    """A mistake in what was asked of the registry; the message says what to do."""

    exit_code = 2


@dataclass(frozen=True)
class Institution:
    name: str
    type: str
    size_band: str
    country: str
    language: str
    staff_code: str
    director_key: str
    created_at: str

    def public(self) -> dict:
        """What may be listed to the facilitator without the director's key."""
        data = asdict(self)
        data.pop("director_key")
        return data


def key_name(name: str) -> str:
    """The name as compared: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


def _code(groups: int) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * groups))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def clean_text(value: object, what: str, longest: int = 200) -> str:
    """A name or note as stored: no control characters, not empty, not too long."""
    raw = str(value if value is not None else "")
    if any((ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 for ch in raw):
        raise RegistryError(f"The {what} holds a control character: type it again.")
    text = " ".join(raw.split())
    if len(text) > longest:
        raise RegistryError(f"The {what} is longer than {longest} characters: shorten it.")
    return text


class Registry:
    """The institutions and their checks in the database at `url` (see ResultStore)."""

    def __init__(self, url: str) -> None:
        self._db = open_database(url)
        self._db.create_schema()  # the results store's tables (institutions sit beside them)
        with self._db.write() as db:
            if self._db.kind == "postgresql":
                db.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK,))
            for statement in SCHEMA:
                db.execute(statement)

    # -- institutions ----------------------------------------------------------------
    def add(
        self,
        name: str,
        type: str,
        size_band: str,
        country: str,
        language: str,
        created_at: datetime | None = None,
        codes: tuple[str, str] | None = None,
    ) -> Institution:
        """Register an institution; `codes` (staff code, director key) only for made-up
        example data, which must be the same every time."""
        name = clean_text(name, "institution's name")
        if not name:
            raise RegistryError("Give the institution's name.")
        if name.startswith(("=", "+", "-", "@")):
            raise RegistryError(
                f"'{name}' begins with {name[0]}: a spreadsheet would run the name as a "
                "formula. Write the name without it."
            )
        if type not in TYPES:
            raise RegistryError(f"Unknown type '{type}': use one of {', '.join(TYPES)}.")
        if size_band not in SIZE_BANDS:
            raise RegistryError(
                f"Unknown size band '{size_band}': use one of {', '.join(SIZE_BANDS)} (staff)."
            )
        country = clean_text(country, "country").upper()
        if len(country) != 2 or not country.isalpha():
            raise RegistryError(f"'{country}' is not a country code: use two letters (DE, IT).")
        if language not in LANGUAGES:
            raise RegistryError(f"Unknown language '{language}': use {', '.join(LANGUAGES)}.")
        if self.by_name(name):
            raise RegistryError(f"'{name}' is already registered: choose another name.")
        stamp = (created_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
        institution = Institution(
            name, type, size_band, country, language, *(codes or (_code(3), _code(5))), stamp
        )
        with self._db.write() as db:
            db.execute(
                "INSERT INTO institutions (name, key_name, type, size_band, country, language, "
                "staff_code, director_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    key_name(name),
                    type,
                    size_band,
                    country,
                    language,
                    institution.staff_code,
                    institution.director_key,
                    stamp,
                ),
            )
        return institution

    def _rows(self, where: str = "", params: tuple = ()) -> list[Institution]:
        with self._db.read() as db:
            rows = db.execute(
                "SELECT name, type, size_band, country, language, staff_code, director_key, "
                f"created_at FROM institutions {where} ORDER BY key_name",
                params,
            ).fetchall()
        return [Institution(*r) for r in rows]

    def all(self) -> list[Institution]:
        return self._rows()

    def by_name(self, name: str) -> Institution | None:
        found = self._rows("WHERE key_name = ?", (key_name(name),))
        return found[0] if found else None

    def by_staff_code(self, code: str) -> Institution | None:
        """The institution whose self-assessment link carries `code`, else None."""
        code = normalise_code(code or "")
        if len(code) != 14:
            return None
        found = self._rows("WHERE staff_code = ?", (code,))
        return found[0] if found else None

    def by_director_key(self, key: str) -> Institution | None:
        """The institution the director's `key` opens, else None."""
        key = normalise_code(key or "")
        if len(key) != 24:
            return None
        for institution in self._rows("WHERE director_key = ?", (key,)):
            if secrets.compare_digest(institution.director_key, key):
                return institution
        return None

    def remove(self, name: str) -> None:
        with self._db.write() as db:
            db.execute("DELETE FROM institution_checks WHERE institution = ?", (key_name(name),))
            db.execute("DELETE FROM institutions WHERE key_name = ?", (key_name(name),))

    # -- checks ----------------------------------------------------------------------
    def save_check(self, institution: Institution, check: dict) -> None:
        """Save (or replace) the institution's check of `check['taken_on']`."""
        with self._db.write() as db:
            db.execute(
                "DELETE FROM institution_checks WHERE institution = ? AND taken_on = ?",
                (key_name(institution.name), check["taken_on"]),
            )
            db.execute(
                "INSERT INTO institution_checks (institution, taken_on, saved_at, data) "
                "VALUES (?, ?, ?, ?)",
                (
                    key_name(institution.name),
                    check["taken_on"],
                    datetime.now(UTC).replace(microsecond=0).isoformat(),
                    json.dumps(check, ensure_ascii=False),
                ),
            )

    def checks(self, institution: Institution) -> list[dict]:
        """The institution's checks, oldest first."""
        with self._db.read() as db:
            rows = db.execute(
                "SELECT data FROM institution_checks WHERE institution = ? ORDER BY taken_on",
                (key_name(institution.name),),
            ).fetchall()
        return [json.loads(r[0]) for r in rows]
