"""Matching mentors and mentees across countries: the rules, the optimal assignment, the reasons.

**What a pair works on.** Each mentee has *focus areas*, each with a weight:

- the areas where the mentee is below the target level of their role (from the competence
  profile), weighted by the gap: target minus level (L1 against a target of L3 weighs 2);
- if the mentee already meets every target: their weakest areas (the areas at their lowest
  level, when that is below L4), each weighing 1;
- at L4 in every area a learner has no focus area and cannot be mentored.

A pair works on the mentee's focus areas in which the mentor's level is above the mentee's.

**Rules** (never broken): the mentor offers mentoring (`wants` mentor or both) and the mentee
asks for it (mentee or both); they are different people from different countries; they share
at least one language; the pair has at least one area to work on (so the mentor is above the
mentee in every area of the pair); no mentor gets more mentees than their capacity; every
mentee gets at most one mentor.

**Goals**, in this order (lexicographic, so a later goal never costs an earlier one):

1. as many mentees matched as possible;
2. the largest total *score*, where a pair's score is the share of the mentee's focus weight
   the pair covers (1.0: the mentor is above the mentee in all of the mentee's focus areas;
   a gap of two levels counts twice as much as a gap of one);
3. as many pairs as possible whose mentor and mentee work in different types of institution.

The three goals become one weight per possible pair (matched-count unit >> score unit >>
variety unit, as exact integers), and `scipy.optimize.linear_sum_assignment` finds the
assignment of mentees to mentors' capacity places with the largest total weight. `greedy_match`
is the simple baseline the benchmark compares against: mentees in roster order, each taking
the best mentor still free.

Levels come in as a plain mapping `{learner_id: {"P1": "L2", ...}}` (from the roster today;
from the self-assessment results later).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from competence_profile import LEVEL_IDS, level_number
from digiculture.course.roster import Learner
from digiculture.mentoring.roster import AreaLevels
from digiculture.mentoring.words import N_, Said, Words, words

#: Largest integer a float64 holds exactly, with room to spare for the solver's sums.
_EXACT = 2**52


@dataclass(frozen=True)
class Pair:
    """A mentor and a mentee, the language they share, the areas they work on, the score."""

    mentor: str
    mentee: str
    language: str
    areas: tuple[str, ...]
    score: float

    def to_dict(self) -> dict[str, object]:
        return {
            "mentor": self.mentor,
            "mentee": self.mentee,
            "language": self.language,
            "areas": list(self.areas),
            "score": self.score,
        }


@dataclass(frozen=True)
class Unmatched:
    """A learner whose wish was not met, and why, in plain words."""

    learner: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"learner": self.learner, "reason": self.reason}


@dataclass(frozen=True)
class Matching:
    """The pairs, the learners left without a partner, and a few totals."""

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    mentees_seeking: int
    coverage: float
    mixed_institution_pairs: int

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def to_dict(self) -> dict[str, object]:
        return {
            "pairs": [p.to_dict() for p in self.pairs],
            "unmatched": [u.to_dict() for u in self.unmatched],
        }

    def summary(self, _: Words | None = None) -> str:
        """The totals in one sentence, in the language of `_` (English without)."""
        mean = self.coverage / self.matched if self.matched else 0.0
        _ = _ or words(None)
        return _(
            "{matched} of {seeking} mentees matched; mean score {mean}; {mixed} pair(s) across "
            "institution types.",
            matched=self.matched,
            seeking=self.mentees_seeking,
            mean=_.decimal(mean, 2),
            mixed=self.mixed_institution_pairs,
        )


# -- the rules as plain functions --------------------------------------------------------------


def focus_areas(levels: AreaLevels, targets: AreaLevels, area_ids: Sequence[str]) -> dict[str, int]:
    """The areas a mentee works on with a mentor, each with its weight (see the module doc)."""
    numbers = {a: level_number(levels[a]) for a in area_ids}
    gaps = {a: level_number(targets[a]) - numbers[a] for a in area_ids}
    below = {a: g for a, g in gaps.items() if g > 0}
    if below:
        return below
    lowest = min(numbers.values())
    if lowest >= level_number(LEVEL_IDS[-1]):
        return {}
    return {a: 1 for a in area_ids if numbers[a] == lowest}


def pair_areas(
    mentor_levels: AreaLevels, mentee_levels: AreaLevels, focus: Mapping[str, int]
) -> tuple[str, ...]:
    """The mentee's focus areas in which the mentor's level is above the mentee's."""
    return tuple(
        a for a in focus if level_number(mentor_levels[a]) > level_number(mentee_levels[a])
    )


def pair_score(focus: Mapping[str, int], areas: Sequence[str]) -> Fraction:
    """The share of the mentee's focus weight that the pair's areas cover (0 to 1)."""
    total = sum(focus.values())
    return Fraction(sum(focus[a] for a in areas), total) if total else Fraction(0)


def shared_language(mentor: Learner, mentee: Learner) -> str | None:
    """The first of the mentee's languages (their preference) that the mentor speaks."""
    return next((code for code in mentee.languages if code in mentor.languages), None)


def broken_rule(
    mentor: Learner,
    mentee: Learner,
    levels: Mapping[str, AreaLevels],
    targets: Mapping[str, AreaLevels],
    area_ids: Sequence[str],
) -> str | None:
    """Which rule a pair would break, in words, or None when the pair is allowed."""
    if mentor.id == mentee.id:
        return "a learner cannot mentor themselves"
    if not mentor.offers_mentoring or mentor.capacity < 1:
        return f"{mentor.id} does not offer mentoring"
    if not mentee.seeks_mentoring:
        return f"{mentee.id} does not ask for a mentor"
    if mentor.country == mentee.country:
        return "mentor and mentee come from the same country"
    if shared_language(mentor, mentee) is None:
        return "mentor and mentee share no language"
    if mentor.id not in levels or mentee.id not in levels:
        return "levels are missing"
    focus = focus_areas(levels[mentee.id], targets[mentee.role], area_ids)
    if not pair_areas(levels[mentor.id], levels[mentee.id], focus):
        return "the mentor is not above the mentee in any area the mentee needs"
    return None


# -- the same rules on arrays, for hundreds or thousands of learners ---------------------------


@dataclass
class _Table:
    """The learners as arrays (one row per learner, one column per area)."""

    learners: Sequence[Learner]
    area_ids: Sequence[str]
    has_levels: np.ndarray  # bool[n]
    level: np.ndarray  # int8[n, areas], 0 when unknown
    need: np.ndarray  # int8[n, areas], focus weight per area
    total: np.ndarray  # int64[n], the sum of `need`
    country: np.ndarray  # int32[n]
    institution: np.ndarray  # int32[n]
    language: np.ndarray  # uint64[n], one bit per language spoken
    capacity: np.ndarray  # int64[n]

    @classmethod
    def build(
        cls,
        learners: Sequence[Learner],
        levels: Mapping[str, AreaLevels],
        targets: Mapping[str, AreaLevels],
        area_ids: Sequence[str],
    ) -> _Table:
        n, k = len(learners), len(area_ids)
        has_levels = np.zeros(n, bool)
        level = np.zeros((n, k), np.int8)
        need = np.zeros((n, k), np.int8)
        for i, learner in enumerate(learners):
            own = levels.get(learner.id)
            if own is None:
                continue
            if learner.role not in targets:
                raise ValueError(f"role '{learner.role}' of {learner.id} has no targets")
            has_levels[i] = True
            level[i] = [level_number(own[a]) for a in area_ids]
            focus = focus_areas(own, targets[learner.role], area_ids)
            need[i] = [focus.get(a, 0) for a in area_ids]
        codes = sorted({code for learner in learners for code in learner.languages})
        if len(codes) > 64:
            raise ValueError("more than 64 different languages in one roster")
        bit = {code: np.uint64(1) << np.uint64(i) for i, code in enumerate(codes)}
        language = np.zeros(n, np.uint64)
        for i, learner in enumerate(learners):
            for code in learner.languages:
                language[i] |= bit[code]
        return cls(
            learners=learners,
            area_ids=area_ids,
            has_levels=has_levels,
            level=level,
            need=need,
            total=need.sum(axis=1, dtype=np.int64),
            country=_codes([learner.country for learner in learners]),
            institution=_codes([learner.institution_type for learner in learners]),
            language=language,
            capacity=np.array([learner.capacity for learner in learners], np.int64),
        )


def _codes(values: Sequence[str]) -> np.ndarray:
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], np.int32)


@dataclass
class _Candidates:
    """Every possible pair: rows are mentees, columns mentors (learner indices in `rows/cols`)."""

    rows: np.ndarray  # learner index of each mentee (seeks mentoring, has levels)
    cols: np.ndarray  # learner index of each mentor (offers, capacity > 0, has levels)
    other_country: np.ndarray  # bool[rows, cols]; also excludes self-pairs
    language: np.ndarray  # bool[rows, cols]: share a language
    covered: np.ndarray  # int16[rows, cols]: focus weight the pair covers
    eligible: np.ndarray  # bool[rows, cols]: every rule holds
    variety: np.ndarray  # bool[rows, cols]: different institution types

    @classmethod
    def build(cls, t: _Table) -> _Candidates:
        seeks = np.array([learner.seeks_mentoring for learner in t.learners], bool)
        offers = np.array([learner.offers_mentoring for learner in t.learners], bool)
        rows = np.flatnonzero(seeks & t.has_levels)
        cols = np.flatnonzero(offers & t.has_levels & (t.capacity > 0))
        other_country = (t.country[rows][:, None] != t.country[cols][None, :]) & (
            rows[:, None] != cols[None, :]
        )
        language = (t.language[rows][:, None] & t.language[cols][None, :]) != 0
        covered = np.zeros((len(rows), len(cols)), np.int16)
        for a in range(len(t.area_ids)):
            above = t.level[cols, a][None, :] > t.level[rows, a][:, None]
            covered += t.need[rows, a].astype(np.int16)[:, None] * above
        eligible = other_country & language & (covered > 0)
        variety = t.institution[rows][:, None] != t.institution[cols][None, :]
        return cls(rows, cols, other_country, language, covered, eligible, variety)


def _optimal(t: _Table, c: _Candidates) -> list[tuple[int, int]]:
    """(row, col) pairs of an assignment that is optimal for the three goals in order."""
    live_rows = np.flatnonzero(c.eligible.any(axis=1))
    live_cols = np.flatnonzero(c.eligible.any(axis=0))
    if not len(live_rows) or not len(live_cols):
        return []
    eligible = c.eligible[np.ix_(live_rows, live_cols)]
    # A mentor needs no more places than the mentees they could take.
    places = np.minimum(t.capacity[c.cols[live_cols]], eligible.sum(axis=0))
    place_col = np.repeat(np.arange(len(live_cols)), places)

    sub = np.ix_(live_rows, live_cols)
    totals = t.total[c.rows[live_rows]]
    most = min(len(live_rows), len(place_col))  # the most pairs there can be
    # Scores are covered/total; with `scale` a multiple of every total they become exact
    # integers. The variety goal adds at most `most`, so one score unit is worth most + 1;
    # a matched pair is worth more than all score and variety units together. Every weight
    # and every sum the solver forms stays below 2**52, so float64 holds them exactly.
    scale = math.lcm(*{int(x) for x in totals})
    budget = _EXACT // ((len(live_rows) + len(place_col) + 1) * (most + 2) ** 2)
    weight = c.covered[sub].astype(np.float64)
    if scale <= budget:
        weight *= (scale // totals)[:, None]
    else:  # only with a profile whose gaps add up to odd totals: round scores to 1/budget
        scale = max(budget, 1)
        weight *= scale / totals[:, None]
        np.rint(weight, out=weight)
    score_unit = most + 1
    match_unit = most * scale * score_unit + most + 1
    weight *= score_unit
    weight += match_unit
    weight += c.variety[sub]
    weight[~eligible] = 0
    weight = weight[:, place_col]
    from scipy.optimize import linear_sum_assignment  # here: a command without it starts faster

    row_ind, place_ind = linear_sum_assignment(weight, maximize=True)
    chosen = [
        (int(live_rows[r]), int(live_cols[place_col[p]]))
        for r, p in zip(row_ind, place_ind, strict=True)
        if eligible[r, place_col[p]]
    ]
    return chosen


def _greedy(t: _Table, c: _Candidates) -> list[tuple[int, int]]:
    """Mentees in roster order, each taking the free mentor with the best score (baseline)."""
    left = t.capacity[c.cols].copy()
    key = c.covered.astype(np.int64) * 2 + c.variety
    chosen = []
    for r in range(len(c.rows)):
        options = c.eligible[r] & (left > 0)
        if not options.any():
            continue
        col = int(np.argmax(np.where(options, key[r], -1)))
        left[col] -= 1
        chosen.append((r, col))
    return chosen


def match_mentors(
    learners: Sequence[Learner],
    levels: Mapping[str, AreaLevels],
    targets: Mapping[str, AreaLevels],
    area_ids: Sequence[str],
) -> Matching:
    """The optimal matching of a roster (see the module doc for the rules and goals).

    `levels`: learner id -> area id -> level id; learners missing from it are not matched.
    `targets`: role id -> area id -> level id (`profile.role_targets()`).
    """
    t = _Table.build(learners, levels, targets, area_ids)
    c = _Candidates.build(t)
    return _result(t, c, _optimal(t, c))


def greedy_match(
    learners: Sequence[Learner],
    levels: Mapping[str, AreaLevels],
    targets: Mapping[str, AreaLevels],
    area_ids: Sequence[str],
) -> Matching:
    """The greedy baseline: same rules, first come first served. Not optimal."""
    t = _Table.build(learners, levels, targets, area_ids)
    c = _Candidates.build(t)
    return _result(t, c, _greedy(t, c))


# -- the result, with reasons ------------------------------------------------------------------


def _result(t: _Table, c: _Candidates, chosen: list[tuple[int, int]]) -> Matching:
    learners = t.learners
    pairs: list[tuple[int, int, Pair]] = []
    coverage = Fraction(0)
    mixed = 0
    mentor_of: dict[int, int] = {}
    mentees_of: dict[int, list[int]] = {}
    for r, col in chosen:
        mentee_i, mentor_i = int(c.rows[r]), int(c.cols[col])
        mentee, mentor = learners[mentee_i], learners[mentor_i]
        areas = tuple(
            a
            for k, a in enumerate(t.area_ids)
            if t.need[mentee_i, k] > 0 and t.level[mentor_i, k] > t.level[mentee_i, k]
        )
        score = Fraction(int(c.covered[r, col]), int(t.total[mentee_i]))
        coverage += score
        mixed += bool(c.variety[r, col])
        language = shared_language(mentor, mentee)
        assert language is not None and areas  # guaranteed by `eligible`
        pair = Pair(mentor.id, mentee.id, language, areas, round(float(score), 3))
        pairs.append((mentor_i, mentee_i, pair))
        mentor_of[mentee_i] = mentor_i
        mentees_of.setdefault(mentor_i, []).append(mentee_i)
    pairs.sort(key=lambda item: (item[0], item[1]))

    row_of = {int(i): r for r, i in enumerate(c.rows)}
    col_of = {int(i): k for k, i in enumerate(c.cols)}
    unmatched: list[Unmatched] = []
    for i, learner in enumerate(learners):
        if learner.seeks_mentoring and i not in mentor_of:
            reason = _mentee_reason(t, c, i, row_of.get(i))
            if i in mentees_of:
                ids = ", ".join(learners[j].id for j in mentees_of[i])
                reason = Said(N_("{reason} (they do mentor {ids})"), reason=reason, ids=ids)
            unmatched.append(Unmatched(learner.id, reason))
        elif learner.wants == "mentor" and i not in mentees_of:
            reason = _mentor_reason(t, c, i, col_of.get(i))
            unmatched.append(Unmatched(learner.id, reason))
    return Matching(
        pairs=tuple(p for _, _, p in pairs),
        unmatched=tuple(unmatched),
        mentees_seeking=sum(learner.seeks_mentoring for learner in learners),
        coverage=float(coverage),
        mixed_institution_pairs=mixed,
    )


def _mentee_reason(t: _Table, c: _Candidates, i: int, r: int | None) -> str:
    learner = t.learners[i]
    areas = t.area_ids
    if r is None:
        return Said(
            N_(
                "has no levels for {first}..{last}: add them to the roster so that a mentor "
                "can be found"
            ),
            first=areas[0],
            last=areas[-1],
        )
    if t.total[i] == 0:
        return Said(N_("is at L4 (Lead) in every area, so no mentor can be above them"))
    others = c.cols != i
    if not others.any():
        return Said(
            N_(
                "nobody else in the roster offers to mentor (wants 'mentor' or 'both' with a "
                "capacity above 0)"
            )
        )
    abroad = c.other_country[r]
    if not abroad.any():
        return Said(
            N_(
                "every mentor comes from their own country ({country}); a mentor must come "
                "from another country"
            ),
            country=learner.country,
        )
    speaking = abroad & c.language[r]
    if not speaking.any():
        return Said(
            N_("no mentor from another country shares a language with them ({languages})"),
            languages=", ".join(learner.languages),
        )
    if not c.eligible[r].any():
        needed = ", ".join(a for k, a in enumerate(areas) if t.need[i, k] > 0)
        return Said(
            N_(
                "no mentor from another country who shares a language is above their level in "
                "the areas they need ({areas})"
            ),
            areas=needed,
        )
    suitable = np.flatnonzero(c.eligible[r])
    full = [t.learners[int(c.cols[k])].id for k in suitable[:3]]
    return Said(
        N_(
            "all suitable mentors are full ({mentors}): their places went to other mentees; "
            "ask one of them to take one more mentee, or add a mentor"
        ),
        mentors=_some(full, len(suitable)),
    )


def _some(ids: list[str], total: int) -> str:
    """'a, b, c' or 'a, b, c, +4': the first ids of a longer list, the same in any language."""
    return ", ".join(ids) + (f", +{total - len(ids)}" if total > len(ids) else "")


def _mentor_reason(t: _Table, c: _Candidates, i: int, col: int | None) -> str:
    learner = t.learners[i]
    if learner.capacity < 1:
        return Said(N_("has capacity 0, so takes no mentee"))
    if col is None:
        areas = t.area_ids
        return Said(
            N_("has no levels for {first}..{last}: add them to the roster"),
            first=areas[0],
            last=areas[-1],
        )
    possible = np.flatnonzero(c.eligible[:, col])
    if not len(possible):
        return Said(
            N_(
                "no mentee from another country who shares a language with them needs an area "
                "in which they are stronger"
            )
        )
    ids = [t.learners[int(c.rows[r])].id for r in possible[:3]]
    return Said(
        N_(
            "the mentees they could help ({mentees}) were matched with other mentors, so that "
            "more mentees have a mentor or their gaps are better covered"
        ),
        mentees=_some(ids, len(possible)),
    )
