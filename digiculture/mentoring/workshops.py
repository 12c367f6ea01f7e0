"""Virtual workshop groups: who meets whom, in which language, when, and on what.

**Groups.** Every learner of the roster joins one group. Learners who are mentoring pairs
(and the chains they form) are kept together when they share a language and fit in one
group. Each group has one *working language* that all its members speak: the language that
the most learners not yet placed speak is chosen first (usually English), then the next, until
everyone has one. The learners of one working language are dealt into the fewest groups of at
most `size` members, as even in size as possible, each newcomer going to the group that has
the fewest members of their country and institution type, so that groups mix countries and
institution types.

**Agenda.** A group's need in an area is the sum, over its members, of how many levels they
are below their role's target there. The agenda lists the areas the group needs most (then,
when gaps run out, the areas where the group's levels are lowest), one per session, with the
units of the course that train that area.

**Smallest group.** No group is smaller than the facilitator allows (`PlanOptions.least`):
the learners of a working language too few for a group of their own join a group of another
language they speak, or are listed as not placed, with the reason.

**Sessions.** One session every `every_days` days from `start`, each at a time proposed by
`timezones.propose_slot` so that it lies within every member's working window.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from competence_profile import Profile, level_number
from competence_profile.units import UnitManifest
from digiculture.course.roster import Learner
from digiculture.mentoring.calendar import Event, to_ics
from digiculture.mentoring.matching import Matching, Pair
from digiculture.mentoring.roster import AreaLevels
from digiculture.mentoring.timezones import Window, local_times, propose_slot
from digiculture.mentoring.words import (
    N_,
    CountryCode,
    Day,
    LanguageCode,
    Said,
    Words,
    say,
    words,
)

RELEASE_LINK = "notebooks/release/{unit}/{unit}.ipynb"


@dataclass(frozen=True)
class PlanOptions:
    """How the facilitator wants the workshops: group size, sessions, dates and hours."""

    start: date
    size: int = 12
    sessions: int = 3
    every_days: int = 7
    minutes: int = 90
    window: Window = field(default_factory=Window)
    #: The smallest group the facilitator allows (at most size // 2, so that it can always
    #: be kept): learners of a working language too few for it join a group of another
    #: language they speak, or are listed as not placed.
    least: int = 1


@dataclass(frozen=True)
class Unplaced:
    """A learner no group could take: only `speakers` learners share their `language`."""

    learner: Learner
    language: str
    speakers: int

    def to_dict(self) -> dict[str, object]:
        return {"learner": self.learner.id, "language": self.language, "speakers": self.speakers}


@dataclass(frozen=True)
class UnitLink:
    id: str
    title: str
    level: str
    link: str


@dataclass(frozen=True)
class AgendaItem:
    """An area the group works on, why, and the units that train it."""

    area: str
    title: str
    learners_below_target: int
    gap_levels: int
    units: tuple[UnitLink, ...]


@dataclass(frozen=True)
class Session:
    number: int
    area: str
    title: str
    start: datetime
    end: datetime
    local: dict[str, str]
    fits: bool
    outside: tuple[str, ...]  # learner ids for whom the time is outside their working hours


@dataclass(frozen=True)
class Group:
    """One workshop group and everything the facilitator needs to run it."""

    id: str
    language: str
    space: str
    members: tuple[Learner, ...]
    agenda: tuple[AgendaItem, ...]
    sessions: tuple[Session, ...]
    pairs: tuple[Pair, ...]
    notes: tuple[str, ...]

    @property
    def calendar_file(self) -> str:
        return f"{self.id}.ics"

    def events(self, options: PlanOptions, _: Words | None = None) -> list[Event]:
        """The group's sessions as calendar events, in the group's working language (or `_`'s)."""
        _ = _ or words(self.language)
        events = []
        for s in self.sessions:
            item = next(a for a in self.agenda if a.area == s.area)
            units = "\n".join(f"- {u.title} ({u.level}): {u.link}" for u in item.units)
            lines = [
                _(
                    "BoostDigiCulture workshop {group}, session {number} of {sessions}. Working "
                    "language: {language}.",
                    group=self.id,
                    number=s.number,
                    sessions=len(self.sessions),
                    language=_.language(self.language),
                ),
                _("Focus: {area} {title}.", area=s.area, title=s.title),
                *([_("Units that train it:"), units] if units else []),
                _("Affinity space: {space}.", space=self.space),
                _("The time is shown on your own clock."),
            ]
            events.append(
                Event(
                    uid=f"{options.start:%Y%m%d}-{self.id}-session{s.number}@boostdigiculture",
                    start=s.start,
                    end=s.end,
                    summary=_(
                        "Workshop {group}, session {number}: {title}",
                        group=self.id,
                        number=s.number,
                        title=s.title,
                    ),
                    description="\n".join(lines),
                    location=_("Online, affinity space {space}", space=self.space),
                )
            )
        return events

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "language": self.language,
            "space": self.space,
            "calendar": self.calendar_file,
            "members": [
                {
                    "learner": m.id,
                    "name": m.name,
                    "country": m.country,
                    "institution_type": m.institution_type,
                    "timezone": m.zone,
                }
                for m in self.members
            ],
            "countries": dict(sorted(Counter(m.country for m in self.members).items())),
            "institution_types": dict(
                sorted(Counter(m.institution_type for m in self.members).items())
            ),
            "agenda": [
                {
                    "area": a.area,
                    "title": a.title,
                    "learners_below_target": a.learners_below_target,
                    "gap_levels": a.gap_levels,
                    "units": [u.__dict__ for u in a.units],
                }
                for a in self.agenda
            ],
            "sessions": [
                {
                    "number": s.number,
                    "area": s.area,
                    "start": _iso(s.start),
                    "end": _iso(s.end),
                    "local": s.local,
                    "fits_everyone": s.fits,
                    "outside_working_hours": list(s.outside),
                }
                for s in self.sessions
            ],
            "pairs": [p.to_dict() for p in self.pairs],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class WorkshopPlan:
    """The groups, the mentoring pairs that ended up in two groups, and who has no partner."""

    options: PlanOptions
    groups: tuple[Group, ...]
    pairs_across_groups: tuple[Pair, ...]
    matching: Matching
    source: str = ""
    unplaced: tuple[Unplaced, ...] = ()

    def participants(self) -> list[str]:
        """The ids of every learner placed in a group."""
        return sorted(m.id for g in self.groups for m in g.members)

    def to_dict(self) -> dict[str, object]:
        o = self.options
        return {
            "roster": self.source,
            "options": {
                "size": o.size,
                "min_size": o.least,
                "sessions": o.sessions,
                "start": o.start.isoformat(),
                "every_days": o.every_days,
                "minutes": o.minutes,
                "window": str(o.window),
            },
            "groups": [g.to_dict() for g in self.groups],
            "pairs_across_groups": [p.to_dict() for p in self.pairs_across_groups],
            "unmatched": [u.to_dict() for u in self.matching.unmatched],
            "unplaced": [u.to_dict() for u in self.unplaced],
        }

    def calendars(self, stamp: datetime) -> dict[str, str]:
        """File name -> iCalendar text, one per group, in the group's working language."""
        return {
            g.calendar_file: to_ics(
                g.events(self.options, words(g.language)),
                name=words(g.language)("BoostDigiCulture workshop {group}", group=g.id),
                stamp=stamp,
            )
            for g in self.groups
        }

    def languages(self) -> list[str]:
        """The groups' working languages, in the order of the groups."""
        return list(dict.fromkeys(g.language for g in self.groups))

    def to_markdown(self, lang: str | None = None) -> str:
        """The plan to read or print, in `lang` (English without)."""
        return _markdown(self, words(lang))


# -- forming the groups ------------------------------------------------------------------------


def _clusters(learners: Sequence[Learner], pairs: Sequence[Pair], most: int) -> list[list[Learner]]:
    """Learners linked by mentoring pairs, as lists of at most `most` sharing a language.

    Pairs are joined one by one; a pair whose joining would make a cluster bigger than
    `most`, or leave it without a language all its members speak, is not joined (its two
    learners may then land in different groups).
    """
    parent = {learner.id: learner.id for learner in learners}
    languages = {learner.id: set(learner.languages) for learner in learners}
    size = dict.fromkeys(parent, 1)

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.mentor not in parent or p.mentee not in parent:
            continue
        a, b = root(p.mentor), root(p.mentee)
        common = languages[a] & languages[b]
        if a == b or not common or size[a] + size[b] > most:
            continue
        parent[a] = b
        languages[b], size[b] = common, size[a] + size[b]
    clusters: dict[str, list[Learner]] = {}
    for learner in learners:
        clusters.setdefault(root(learner.id), []).append(learner)
    return list(clusters.values())


def _common(members: Sequence[Learner]) -> set[str]:
    return set.intersection(*(set(m.languages) for m in members))


def form_groups(
    learners: Sequence[Learner], pairs: Sequence[Pair], size: int
) -> list[tuple[str, list[Learner]]]:
    """(working language, members) for every group, largest languages first (module doc)."""
    return place_learners(learners, pairs, size)[0]


def place_learners(
    learners: Sequence[Learner], pairs: Sequence[Pair], size: int, least: int = 1
) -> tuple[list[tuple[str, list[Learner]]], list[Unplaced]]:
    """The groups (as `form_groups`), none smaller than `least`, and the learners not placed.

    The learners of a working language fewer than `least` each join the largest-language
    group they also speak; the others are not placed (the facilitator is told why). As
    `least` is at most `size // 2`, dealing a language's learners into the fewest groups of at
    most `size` never makes a group smaller than `least`.
    """
    if size < 2:
        raise ValueError("a group needs room for at least 2 learners")
    if not 1 <= least <= max(1, size // 2):
        raise ValueError("the smallest group must be between 1 and half the largest")
    order = {learner.id: i for i, learner in enumerate(learners)}
    waiting = _clusters(learners, pairs, size)
    buckets: list[tuple[str, list[list[Learner]]]] = []
    while waiting:
        speakers: Counter[str] = Counter()
        countries: dict[str, set[str]] = {}
        for cluster in waiting:
            for code in _common(cluster):
                speakers[code] += len(cluster)
                countries.setdefault(code, set()).update(m.country for m in cluster)
        language = min(speakers, key=lambda code: (-speakers[code], -len(countries[code]), code))
        taken = [c for c in waiting if language in _common(c)]
        waiting = [c for c in waiting if language not in _common(c)]
        buckets.append((language, taken))

    big = [(lang, clusters) for lang, clusters in buckets if _count(clusters) >= least]
    unplaced: list[Unplaced] = []
    for language, clusters in buckets:
        if _count(clusters) >= least:
            continue
        left: list[Learner] = []
        for member in (m for c in clusters for m in c):
            home = next((b for b in big if b[0] in member.languages), None)
            if home is None:
                left.append(member)
            else:
                home[1].append([member])
        unplaced += [Unplaced(m, language, len(left)) for m in left]

    result: list[tuple[str, list[Learner]]] = []
    for language, clusters in big:
        for group in _deal(clusters, size, order):
            result.append((language, group))
    return result, unplaced


def _count(clusters: Sequence[Sequence[Learner]]) -> int:
    return sum(len(c) for c in clusters)


def _deal(
    clusters: list[list[Learner]], size: int, order: Mapping[str, int]
) -> list[list[Learner]]:
    """Clusters dealt into the fewest groups of at most `size`, even in size, mixed.

    Each cluster (biggest first) goes to the group with room that has the fewest members of
    its members' countries and institution types; ties go to the smaller, then earlier group.
    A cluster that fits nowhere is broken up into single learners.
    """
    n = sum(len(c) for c in clusters)
    count = math.ceil(n / size)
    room = np.array([n // count + (1 if k < n % count else 0) for k in range(count)])
    filled = np.zeros(count, np.int64)
    country_ix: dict[str, int] = {}
    type_ix: dict[str, int] = {}
    for cluster in clusters:
        for m in cluster:
            country_ix.setdefault(m.country, len(country_ix))
            type_ix.setdefault(m.institution_type, len(type_ix))
    by_country = np.zeros((count, len(country_ix)), np.int64)
    by_type = np.zeros((count, len(type_ix)), np.int64)
    members: list[list[Learner]] = [[] for _ in range(count)]
    queue = sorted(clusters, key=lambda c: (-len(c), order[c[0].id]))
    queue.reverse()  # pop() from the end takes the biggest, earliest cluster first
    while queue:
        cluster = queue.pop()
        free = room - filled >= len(cluster)
        if not free.any():  # break it up: its pairs will be listed across groups
            queue.extend([m] for m in reversed(cluster))
            continue
        overlap = np.zeros(count, np.int64)
        for m in cluster:
            overlap += (
                by_country[:, country_ix[m.country]] + by_type[:, type_ix[m.institution_type]]
            )
        key = np.where(free, overlap * (size + 1) + filled, np.iinfo(np.int64).max)
        best = int(np.argmin(key))
        members[best].extend(cluster)
        filled[best] += len(cluster)
        for m in cluster:
            by_country[best, country_ix[m.country]] += 1
            by_type[best, type_ix[m.institution_type]] += 1
    for group in members:
        group.sort(key=lambda m: order[m.id])
    return members


# -- agenda, sessions, the plan ------------------------------------------------------------------


def group_agenda(
    members: Sequence[Learner],
    levels: Mapping[str, AreaLevels],
    targets: Mapping[str, AreaLevels],
    profile: Profile,
    manifest: UnitManifest,
    language: str,
    count: int,
    texts: Profile | None = None,
) -> list[AgendaItem]:
    """The `count` areas the group needs most (see the module doc), with their units.

    `texts`: the profile in the group's language, when the caller has it already.
    """
    if texts is None:
        texts = profile.in_language(language) if language in profile.languages else profile
    area_ids = profile.area_ids
    gap: Counter[str] = Counter()
    below: Counter[str] = Counter()
    level_sum: Counter[str] = Counter()
    known = [m for m in members if m.id in levels]
    for m in known:
        own = levels[m.id]
        for a in area_ids:
            g = level_number(targets[m.role][a]) - level_number(own[a])
            gap[a] += max(g, 0)
            below[a] += g > 0
            level_sum[a] += level_number(own[a])
    ranked = sorted(area_ids, key=lambda a: (-gap[a], -below[a], level_sum[a], area_ids.index(a)))
    units = manifest.in_learning_order()
    lang = language if language in profile.languages else profile.source_language
    agenda = []
    for a in ranked[: max(1, min(count, len(area_ids)))]:
        training = [u for u in units if any(cid.split(".")[0] == a for cid in u.competences)]
        agenda.append(
            AgendaItem(
                area=a,
                title=texts.area(a).title,
                learners_below_target=below[a],
                gap_levels=gap[a],
                units=tuple(
                    UnitLink(u.id, u.title_in(lang), u.level, RELEASE_LINK.format(unit=u.id))
                    for u in training
                ),
            )
        )
    return agenda


def plan_workshops(
    learners: Sequence[Learner],
    levels: Mapping[str, AreaLevels],
    profile: Profile,
    manifest: UnitManifest,
    matching: Matching,
    options: PlanOptions,
    source: str = "",
) -> WorkshopPlan:
    """Groups, agendas, session times and pairs for a roster (see the module doc)."""
    targets = profile.role_targets()
    grouped, unplaced = place_learners(learners, matching.pairs, options.size, options.least)
    per_language: Counter[str] = Counter()
    for language, members in grouped:
        per_language[language] += len(members)
    groups: list[Group] = []
    placed: dict[str, str] = {}
    texts: dict[str, Profile] = {}
    for number, (language, members) in enumerate(grouped, start=1):
        gid = f"ws{number:02d}"
        for m in members:
            placed[m.id] = gid
        if language not in texts:
            texts[language] = (
                profile.in_language(language) if language in profile.languages else profile
            )
        agenda = group_agenda(
            members,
            levels,
            targets,
            profile,
            manifest,
            language,
            options.sessions,
            texts[language],
        )
        sessions, notes = _sessions(members, agenda, options)
        small = len(per_language) > 1 and per_language[language] < max(2, options.size // 2)
        notes = _group_notes(members, language, small) + notes
        groups.append(
            Group(
                id=gid,
                language=language,
                space=f"space-{gid}-{language}",
                members=tuple(members),
                agenda=tuple(agenda),
                sessions=tuple(sessions),
                pairs=(),
                notes=tuple(notes),
            )
        )
    inside: dict[str, list[Pair]] = {}
    across: list[Pair] = []
    for p in matching.pairs:
        if p.mentor in placed and placed[p.mentor] == placed.get(p.mentee):
            inside.setdefault(placed[p.mentor], []).append(p)
        else:
            across.append(p)
    groups = [replace(g, pairs=tuple(inside.get(g.id, []))) for g in groups]
    return WorkshopPlan(options, tuple(groups), tuple(across), matching, source, tuple(unplaced))


def _sessions(
    members: Sequence[Learner], agenda: Sequence[AgendaItem], options: PlanOptions
) -> tuple[list[Session], list[str]]:
    zones = Counter(m.zone for m in members)
    shown = sorted(zones, key=lambda z: (local_offset(z, options.start), z))
    sessions, notes = [], []
    for k in range(options.sessions):
        day = options.start + timedelta(days=k * options.every_days)
        item = agenda[k % len(agenda)]
        slot = propose_slot(day, zones, options.minutes, options.window)
        outside = tuple(m.id for m in members if m.zone in slot.outside)
        if outside:
            notes.append(
                Said(
                    N_(
                        "session {number} on {day}: no time fits everyone's working hours "
                        "({window}); the proposed time is outside them for {learners}"
                    ),
                    number=k + 1,
                    day=Day(day.isoformat()),
                    window=str(options.window),
                    learners=", ".join(outside),
                )
            )
        sessions.append(
            Session(
                number=k + 1,
                area=item.area,
                title=item.title,
                start=slot.start,
                end=slot.end,
                local=local_times(slot.start, options.minutes, shown),
                fits=slot.fits,
                outside=outside,
            )
        )
    return sessions, notes


def local_offset(zone: str, day: date) -> float:
    """Hours ahead of UTC at noon on `day` in `zone` (for sorting west to east)."""
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(zone))
    offset = noon.utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def _group_notes(members: Sequence[Learner], language: str, small: bool) -> list[str]:
    notes: list[str] = []
    name = LanguageCode(language)
    if small:
        notes.append(
            Said(
                N_(
                    "small group ({count} learner(s)): they speak none of the working languages "
                    "of the larger groups, so they meet in {language}"
                ),
                count=len(members),
                language=name,
            )
        )
    countries = {m.country for m in members}
    if len(countries) == 1:
        notes.append(
            Said(
                N_(
                    "all members come from {country}: nobody from another country shares "
                    "{language} with them; ask whether any of them can work in another language"
                ),
                country=CountryCode(next(iter(countries))),
                language=name,
            )
        )
    if len(members) > 1 and len({m.institution_type for m in members}) == 1:
        notes.append(Said(N_("all members work in the same type of institution")))
    return notes


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(plan: WorkshopPlan, _: Words) -> str:
    o = plan.options
    learners = sum(len(g.members) for g in plan.groups)
    out = [
        "# " + _("Workshop plan"),
        "",
        _(
            "Roster: {roster} · {learners} learners in {groups} group(s) of at most {size} · "
            "{sessions} session(s) of {minutes} minutes, every {every} days from {start}, "
            "within {window} local time.",
            roster=f"`{plan.source}`",
            learners=learners,
            groups=len(plan.groups),
            size=o.size,
            sessions=o.sessions,
            minutes=o.minutes,
            every=o.every_days,
            start=_.date(o.start, weekday=True),
            window=o.window,
        ),
        "",
        _("Mentoring: {summary}", summary=plan.matching.summary(_)),
        "",
    ]
    for g in plan.groups:
        countries = ", ".join(
            f"{c} {n}" for c, n in sorted(Counter(m.country for m in g.members).items())
        )
        out += [
            "## "
            + _(
                "{group}: {language}, {count} learners ({countries})",
                group=g.id,
                language=_.language(g.language),
                count=len(g.members),
                countries=countries,
            ),
            "",
            _("Affinity space: {space}", space=f"`{g.space}`")
            + " · "
            + _("Calendar: {file}", file=f"[{g.calendar_file}]({g.calendar_file})"),
            "",
            "### " + _("Members"),
            "",
            _row([_("learner"), _("name"), _("country"), _("institution"), _("time zone")]),
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {_cell(m.id)} | {_cell(m.name)} | {m.country} | "
            f"{_cell(m.institution_type)} | {m.zone} |"
            for m in g.members
        ]
        out += [
            "",
            "### " + _("Sessions"),
            "",
            _row(["#", _("date"), "UTC", _("focus"), _("local time")]),
            "|---|---|---|---|---|",
        ]
        for s in g.sessions:
            local = "; ".join(f"{z} {t}" for z, t in s.local.items())
            flag = "" if s.fits else " ⚠"
            out.append(
                f"| {s.number} | {_cell(_.date(s.start.date(), weekday=True))} | "
                f"{s.start:%H:%M}-{s.end:%H:%M} | {s.area} {_cell(s.title)} | {local}{flag} |"
            )
        out += ["", "### " + _("Agenda"), ""]
        for k, a in enumerate(g.agenda, start=1):
            units = ", ".join(f"[{_cell(u.title)}]({u.link}) ({u.level})" for u in a.units)
            why = (
                _(
                    "{below} of {count} below their role's target ({levels} level(s) in all)",
                    below=a.learners_below_target,
                    count=len(g.members),
                    levels=a.gap_levels,
                )
                if a.gap_levels
                else _(
                    "nobody is below their role's target here; the group's levels are lowest here"
                )
            )
            out.append(
                f"{k}. **{a.area} {a.title}**: {why}. "
                + (
                    _("Units: {units}.", units=units)
                    if units
                    else _("No unit of the course trains it yet.")
                )
            )
        out += ["", "### " + _("Mentoring pairs in this group"), ""]
        out += _pair_table(g.pairs, _) if g.pairs else [_("None.")]
        if g.notes:
            out += ["", "### " + _("Notes"), ""]
            out += [f"- {say(n, _)}" for n in g.notes]
        out.append("")
    if plan.pairs_across_groups:
        out += [
            "## " + _("Mentoring pairs in two different groups"),
            "",
            _(
                "They could not be placed together (no common language with the group, or no "
                "room); they meet outside the workshops."
            ),
            "",
        ]
        out += _pair_table(plan.pairs_across_groups, _)
        out.append("")
    if plan.unplaced:
        out += [
            "## " + _("Learners not placed in a group"),
            "",
            _(
                "Fewer learners than the smallest group allowed ({least}) share these learners' "
                "language, and they speak no language of a larger group.",
                least=o.least,
            ),
            "",
        ]
        out += [
            f"- **{_cell(u.learner.id)}** {_cell(u.learner.name)}: "
            + _(
                "{language} ({count} learner(s))",
                language=_.language(u.language),
                count=u.speakers,
            )
            for u in plan.unplaced
        ]
        out.append("")
    if plan.matching.unmatched:
        out += ["## " + _("Learners without a mentoring partner"), ""]
        out += [
            f"- **{_cell(u.learner)}** {_cell(say(u.reason, _))}" for u in plan.matching.unmatched
        ]
        out.append("")
    return "\n".join(out)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _pair_table(pairs: Sequence[Pair], _: Words) -> list[str]:
    rows = [
        _row([_("mentor"), _("mentee"), _("language"), _("areas"), _("score")]),
        "|---|---|---|---|---|",
    ]
    rows += [
        f"| {_cell(p.mentor)} | {_cell(p.mentee)} | {p.language} | {', '.join(p.areas)} | "
        f"{_.decimal(p.score, 2)} |"
        for p in pairs
    ]
    return rows
