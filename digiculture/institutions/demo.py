"""The institutions of the example programme (`digiculture report demo-data`): every named
institution and some small ones registered, with codes made from the seed; small museums of
1-4 staff, some with two checks a year apart; the 3 staff of Heimatmuseum Kleinbach, two of
whom share their results with it."""

from __future__ import annotations

import random
from datetime import date

from assessment.store import CODE_ALPHABET, ResultStore
from digiculture.institutions.check import validate
from digiculture.institutions.registry import Registry
from digiculture.institutions.texts import agenda

SMALL = "Heimatmuseum Kleinbach"
LANGUAGE_OF = {"DE": "de", "IT": "it", "HR": "hr", "GR": "el", "PT": "pt", "CY": "el"}
FIRST_CHECK, SECOND_CHECK = date(2025, 11, 24), date(2026, 11, 23)
#: Kleinbach's team, as the worked example of docs/development_framework.md tells it.
KLEINBACH_NOTES = {
    "strategy": ("Anna Weber", "We talk about it, nothing written yet."),
    "collections": ("Jonas Keller", "About 600 objects in a spreadsheet; nothing online."),
    "audiences": ("Petra Lang", "Website from 2019; opening hours are wrong."),
    "skills": ("Anna Weber", "Nobody has training time."),
    "equipment": ("Jonas Keller", "One shared laptop, no backup."),
    "data": ("Anna Weber", "Guest book with e-mail addresses, no privacy notice."),
    "partnerships": ("Petra Lang", "Contact with the district museum network."),
}


def size_band(staff: int) -> str:
    return "1-4" if staff <= 4 else "5-9" if staff <= 9 else "10-49" if staff <= 49 else "50+"


def _code(rng: random.Random, groups: int) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(4 * groups))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _check(rng: random.Random, name: str, day: date, before: dict | None, who: list[str]):
    areas = {}
    for area in agenda():
        if before is None:
            now = rng.choice((1, 1, 2, 2, 3))
        else:
            earlier = before["areas"][area.id]
            now = earlier["target"] if rng.random() < 0.6 else earlier["now"]
        target = min(4, now + rng.choice((0, 1, 1)))
        areas[area.id] = {"now": now, "target": target, "notes": "", "responsible": who[0]}
    return validate({"taken_on": day.isoformat(), "participants": who, "areas": areas}, name)


def register(store_url: str, places: list[tuple[str, str, str, int]], seed: int) -> dict:
    """Register `places` (name, country, type, staff assessed); returns {name: director key}
    of the institutions whose keys the docs use."""
    rng = random.Random(f"{seed}/institutions")
    registry = Registry(store_url)
    keys = {}
    small_museums = 0
    for name, country, kind, staff in places:
        small = staff <= 4
        if small and (kind != "museum" or small_museums >= 8) and name != SMALL:
            continue
        institution = registry.add(
            name,
            kind,
            size_band(staff),
            country,
            LANGUAGE_OF[country],
            codes=(_code(rng, 3), _code(rng, 5)),
        )
        keys[name] = institution.director_key
        if small and kind == "museum" and name != SMALL:
            small_museums += 1
        if name == SMALL:
            continue
        if small or rng.random() < 0.5:  # small museums: institutions like Kleinbach
            first = _check(rng, name, FIRST_CHECK, None, ["Director"])
            registry.save_check(institution, first)
            if rng.random() < 0.6:
                registry.save_check(
                    institution, _check(rng, name, SECOND_CHECK, first, ["Director"])
                )
    _kleinbach(registry, rng)
    return keys


def _kleinbach(registry: Registry, rng: random.Random) -> None:
    museum = registry.by_name(SMALL)
    team = ["Anna Weber (director)", "Jonas Keller", "Petra Lang"]
    first = {
        "strategy": (1, 2),
        "collections": (1, 2),
        "audiences": (2, 3),
        "skills": (1, 2),
        "equipment": (1, 2),
        "data": (1, 2),
        "partnerships": (2, 2),
    }
    second = {
        "strategy": (2, 3),
        "collections": (2, 3),
        "audiences": (2, 3),
        "skills": (2, 3),
        "equipment": (2, 2),
        "data": (1, 2),
        "partnerships": (2, 3),
    }
    for day, levels in ((FIRST_CHECK, first), (SECOND_CHECK, second)):
        registry.save_check(
            museum,
            validate(
                {
                    "taken_on": day.isoformat(),
                    "participants": team,
                    "areas": {
                        a: {
                            "now": now,
                            "target": target,
                            "notes": KLEINBACH_NOTES[a][1] if day == FIRST_CHECK else "",
                            "responsible": KLEINBACH_NOTES[a][0],
                        }
                        for a, (now, target) in levels.items()
                    },
                },
                SMALL,
            ),
        )


def share_kleinbach(store: ResultStore, codes: list[str]) -> None:
    """Two of Kleinbach's three staff share their results with it (Anna and Jonas)."""
    for code, name in zip(codes[:2], ("Anna Weber", "Jonas Keller"), strict=False):
        store.share_with_institution(code, SMALL, name)
