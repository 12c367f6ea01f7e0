"""Synthetic rosters for tests, the benchmark and trying the tools out (made-up people).

The same `seed` always gives the same roster. Learners come mostly from the programme's six
countries, speak their country's language and usually English, and have levels that make
mentors a little stronger than mentees on average.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from competence_profile import LEVEL_IDS, Profile
from competence_profile.spreadsheet import csv_writer
from digiculture.course.codes import PROGRAMME_COUNTRIES
from digiculture.course.roster import Learner
from digiculture.mentoring.roster import REQUIRED_COLUMNS

#: Country -> the language most people there work in.
HOME_LANGUAGE: dict[str, str] = {
    "DE": "de",
    "IT": "it",
    "HR": "hr",
    "GR": "el",
    "PT": "pt",
    "CY": "el",
    "AT": "de",
    "ES": "es",
    "FR": "fr",
    "NL": "nl",
    "PL": "pl",
}
INSTITUTION_TYPES = ("museum", "library", "archive", "gallery")
SECOND_LANGUAGES = ("en", "de", "it", "fr", "es", "el")


def synthetic_roster(
    n: int,
    profile: Profile,
    seed: int = 0,
    *,
    countries: Sequence[str] = PROGRAMME_COUNTRIES,
    english: float = 0.7,
) -> tuple[list[Learner], dict[str, dict[str, str]]]:
    """`n` made-up learners and their levels ({learner_id: {"P1": "L2", ...}}).

    `english`: the share of learners who also work in English.
    """
    rng = random.Random(seed)
    roles = [r.id for r in profile.roles]
    areas = profile.area_ids
    learners: list[Learner] = []
    levels: dict[str, dict[str, str]] = {}
    for i in range(n):
        country = rng.choice(countries)
        languages = [HOME_LANGUAGE.get(country, "en")]
        if rng.random() < english and "en" not in languages:
            languages.append("en")
        if rng.random() < 0.2:
            other = rng.choice(SECOND_LANGUAGES)
            if other not in languages:
                languages.append(other)
        wants = rng.choices(("mentee", "mentor", "both"), weights=(50, 25, 25))[0]
        strong = wants != "mentee"
        weights = (15, 35, 35, 15) if strong else (40, 40, 15, 5)
        learner_id = f"{country.lower()}-{i + 1:05d}"
        learners.append(
            Learner(
                id=learner_id,
                name=f"Learner {i + 1}",
                country=country,
                languages=tuple(languages),
                role=rng.choice(roles),
                institution_type=rng.choice(INSTITUTION_TYPES),
                wants=wants,
                capacity=rng.choice((1, 1, 1, 2)) if strong else 1,
                line=i + 2,
            )
        )
        levels[learner_id] = {a: rng.choices(LEVEL_IDS, weights=weights)[0] for a in areas}
    return learners, levels


def roster_csv(learners: Sequence[Learner], levels: dict[str, dict[str, str]]) -> str:
    """The learners as roster CSV text (with the level columns)."""
    import io

    areas = list(next(iter(levels.values())).keys()) if levels else []
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow([*REQUIRED_COLUMNS, "capacity", *areas])
    for learner in learners:
        own = levels[learner.id]
        writer.writerow(
            [
                learner.id,
                learner.name,
                learner.country,
                ";".join(learner.languages),
                learner.role,
                learner.institution_type,
                learner.wants,
                learner.capacity,
                *(own[a] for a in areas),
            ]
        )
    return out.getvalue()
