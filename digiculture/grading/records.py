"""What the kit remembers about grading runs, beside nbgrader's gradebook.

nbgrader's gradebook holds scores but not why a submission could not be graded. The kit
keeps that, per unit, in `<course>/grading/<unit>.json`: for each learner the status of the
last run (`graded` or `failed`), the reason in plain words, notes (repairs, limits hit) and
a fingerprint of the notebook that was graded, so the gradebook export can tell when a newer
submission is waiting.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RECORDS_DIR = "grading"


@dataclass
class Record:
    learner: str
    status: str  # graded | failed
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    fingerprint: str = ""
    graded_at: str = ""


def records_path(course_dir: Path, unit_id: str) -> Path:
    return Path(course_dir) / RECORDS_DIR / f"{unit_id}.json"


def load_records(course_dir: Path, unit_id: str) -> dict[str, Record]:
    path = records_path(course_dir, unit_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for learner, item in data.get("learners", {}).items():
        try:
            out[learner] = Record(**item)
        except TypeError:
            continue
    return out


def save_records(course_dir: Path, unit_id: str, records: dict[str, Record]) -> Path:
    """Merge `records` into the unit's file (written atomically)."""
    path = records_path(course_dir, unit_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = load_records(course_dir, unit_id)
    merged.update(records)
    payload = {
        "unit": unit_id,
        "updated": now(),
        "learners": {k: asdict(v) for k, v in sorted(merged.items())},
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{unit_id}.", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
    return path


def fingerprint(folder: Path) -> str:
    """A hash of a submission folder's notebooks and timestamp (what a re-submission changes)."""
    digest = hashlib.sha256()
    if not folder.is_dir():
        return ""
    for path in sorted(folder.iterdir()):
        if (
            path.is_file()
            and not path.is_symlink()
            and (path.suffix == ".ipynb" or path.name == "timestamp.txt")
        ):
            digest.update(path.name.encode())
            try:
                with open(path, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(block)
            except OSError:
                digest.update(b"<unreadable>")
    return digest.hexdigest()[:16]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
