"""An institution's check of its digital agenda, as data, and its JSON and CSV forms.

A check is a dict (it is stored as JSON):

    {"institution": "Heimatmuseum Kleinbach", "taken_on": "2026-01-20",
     "participants": ["Anna Weber (director)", "Jonas", "Petra"],
     "areas": {"strategy": {"now": 1, "target": 2, "notes": "...", "responsible": "Anna"}, ...}}

`now` and `target` are levels 1-4 of the area's descriptions (texts.yaml); every area of the
agenda is in every check; the target is never below `now`. `validate` turns what a person
typed or imported into such a dict, or raises CheckError with every problem in a sentence.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from competence_profile.spreadsheet import csv_writer, restore_cell
from digiculture.errors import UserError
from digiculture.institutions.registry import RegistryError, clean_text
from digiculture.institutions.texts import LEVELS, agenda

CSV_COLUMNS = ["taken_on", "participants", "area", "now", "target", "notes", "responsible"]


class CheckError(UserError, ValueError):
    """A check that cannot be saved; `problems` lists each problem as a sentence."""

    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def _level(value: object, what: str, problems: list[str]) -> int | None:
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append(f"{what} is '{value}', not a level: use 1, 2, 3 or 4.")
        return None
    if level not in LEVELS:
        problems.append(f"{what} is {level}: use a level from 1 to 4.")
        return None
    return level


def validate(data: object, institution: str) -> dict:
    """The check in its stored form; CheckError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CheckError(["This is not a check: a check is a JSON object with 'areas'."])
    taken_on = str(data.get("taken_on") or "").strip()
    try:
        taken = date.fromisoformat(taken_on)
        if taken > date.today():
            problems.append(f"The date {taken_on} is in the future: give the day of the check.")
    except ValueError:
        problems.append(f"'{taken_on}' is not a date: write it as YYYY-MM-DD.")
    people = data.get("participants") or []
    if isinstance(people, str):
        people = people.split(",")
    try:
        participants = [clean_text(p, "name of a participant", 120) for p in people]
    except RegistryError as exc:
        problems.append(str(exc))
        participants = []
    participants = [p for p in participants if p]
    if not participants:
        problems.append("Write who took part (at least one person).")
    given = data.get("areas")
    if not isinstance(given, dict):
        raise CheckError(problems + ["The check has no areas: give one entry per area."])
    areas: dict[str, dict] = {}
    known = [a.id for a in agenda()]
    for extra in sorted(set(given) - set(known)):
        problems.append(f"'{extra}' is not an area of the check: use {', '.join(known)}.")
    for area in known:
        entry = given.get(area)
        if not isinstance(entry, dict):
            problems.append(f"The area '{area}' is missing: give its 'now' and 'target'.")
            continue
        now = _level(entry.get("now"), f"'now' in {area}", problems)
        target = _level(entry.get("target"), f"'target' in {area}", problems)
        if now is not None and target is not None and target < now:
            problems.append(f"In {area} the target ({target}) is below now ({now}).")
        try:
            notes = clean_text(entry.get("notes") or "", f"note of {area}", 1000)
            who = clean_text(entry.get("responsible") or "", f"person responsible for {area}", 120)
        except RegistryError as exc:
            problems.append(str(exc))
            continue
        areas[area] = {"now": now, "target": target, "notes": notes, "responsible": who}
    if problems:
        raise CheckError(problems)
    return {
        "institution": institution,
        "taken_on": taken_on,
        "participants": participants,
        "areas": areas,
    }


def change(previous: dict, current: dict) -> list[dict]:
    """Per area: level before and now, and whether the earlier 12-month target was reached."""
    out = []
    for area in agenda():
        before = previous["areas"].get(area.id)
        now = current["areas"].get(area.id)
        if not before or not now:
            continue
        out.append(
            {
                "area": area.id,
                "before": before["now"],
                "now": now["now"],
                "change": now["now"] - before["now"],
                "earlier_target": before["target"],
                "target_reached": now["now"] >= before["target"],
            }
        )
    return out


# -- files -----------------------------------------------------------------------------
def to_json(check: dict) -> str:
    return json.dumps(check, ensure_ascii=False, indent=1) + "\n"


def from_json(text: str, institution: str) -> dict:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise CheckError(
            ["This file is not a check in JSON: export one to see the form."]
        ) from None
    return validate(data, institution)


def to_csv(check: dict) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    people = ", ".join(check["participants"])
    for area, entry in check["areas"].items():
        writer.writerow(
            [
                str(v)
                for v in (
                    check["taken_on"],
                    people,
                    area,
                    entry["now"],
                    entry["target"],
                    entry["notes"],
                    entry["responsible"],
                )
            ]
        )
    return out.getvalue()


def from_csv(text: str, institution: str) -> dict:
    if "\x00" in text:
        raise CheckError(["The file holds a NUL character: it is not a CSV file of a check."])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [c.strip() for c in rows[0]] != CSV_COLUMNS:
        raise CheckError(
            [f"The first line of a check's CSV file must be: {','.join(CSV_COLUMNS)}."]
        )
    body = [[restore_cell(c) for c in r] for r in rows[1:] if any(c.strip() for c in r)]
    problems = [
        f"Line {k + 2} has {len(r)} cells instead of {len(CSV_COLUMNS)}."
        for k, r in enumerate(body)
        if len(r) != len(CSV_COLUMNS)
    ]
    if problems or not body:
        raise CheckError(problems or ["The file has no areas."])
    first = dict(zip(CSV_COLUMNS, body[0], strict=True))
    data = {
        "taken_on": first["taken_on"],
        "participants": first["participants"],
        "areas": {r[2].strip(): dict(zip(CSV_COLUMNS[3:], r[3:], strict=True)) for r in body},
    }
    return validate(data, institution)
