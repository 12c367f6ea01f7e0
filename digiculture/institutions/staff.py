"""The staff picture of one institution, as its director may see it.

- **Shared**: the staff who chose, in their self-assessment, to share their own result with
  the institution (`ResultStore.share_with_institution`): by the name they gave, with their
  latest attempt. Only the institution's director sees these; a withdrawn choice removes the
  person from every figure at once (nothing is copied).
- **Anonymous**: everyone who took the self-assessment with the institution's link. Only a
  count of 5 or more is said, and the staff report of `digiculture.outcomes.institution`
  (itself under the small-cell rule) is made only from 5 people on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.store import ResultStore
from competence_profile import LEVEL_IDS, Profile, levels_below
from digiculture.institutions.registry import Institution, key_name
from digiculture.outcomes.privacy import shown
from digiculture.outcomes.sources import Assessed, assessed_learners


@dataclass
class SharedResult:
    shown_as: str
    role: str
    taken_on: str
    levels: dict[str, str]
    targets: dict[str, str]
    below: list[str]
    units: list[dict]


@dataclass
class StaffPicture:
    shared: list[SharedResult] = field(default_factory=list)
    #: People who took the self-assessment with the link; None when fewer than 5.
    assessed: int | None = None
    #: The anonymous staff report (digiculture.outcomes.institution), from 5 people on.
    report: object | None = None


def staff_picture(
    store: ResultStore,
    institution: Institution,
    profile: Profile,
    manifest=None,
    bank=None,
    with_names: bool = True,
    lang: str = "en",
) -> StaffPicture:
    attempts = store.all_attempts()
    everyone = assessed_learners(attempts)
    wanted = key_name(institution.name)
    staff = [a for a in everyone if a.institution and key_name(a.institution) == wanted]
    picture = StaffPicture(assessed=len(staff) if shown(len(staff)) else None)
    if shown(len(staff)) and manifest is not None and bank is not None:
        from digiculture.outcomes.institution import institution_report

        picture.report = institution_report(
            staff, institution.name, profile, manifest, bank, lang=lang
        )
    if not with_names:
        return picture
    by_code: dict[str, Assessed] = {a.code: a for a in everyone}
    titles = {r.id: r.title for r in profile.roles}
    for code, (inst, shown_as, _) in sorted(store.shares().items(), key=lambda kv: kv[1][1]):
        person = by_code.get(code)
        if key_name(inst) != wanted or person is None:
            continue
        latest = person.latest
        areas = latest.result["areas"]
        levels = {a: v["level"] for a, v in areas.items()}
        targets = {a: v.get("target") or LEVEL_IDS[0] for a, v in areas.items()}
        below = [a for a in levels if levels_below(targets[a], levels[a])]
        picture.shared.append(
            SharedResult(
                shown_as,
                titles.get(person.role or "", person.role or ""),
                latest.taken_at[:10],
                levels,
                targets,
                below,
                list(latest.recommendations),
            )
        )
    return picture
