"""Who earned a credential: the course's gradebook against the thresholds in the settings.

A unit is passed when its submission is graded, nothing is left to grade by hand, and the
score reaches `unit_pass_mark` of the unit's points. The programme is passed when
the learner passed at least `credential_programme_threshold` of the course's units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from digiculture.grading.gradebook import Row

PROGRAMME = "programme"


@dataclass
class Decision:
    learner: str
    award: str  # a unit id, or PROGRAMME
    met: bool
    reason: str  # why not (empty when met)
    score: float | None = None
    max_score: float | None = None
    units: list[str] = field(default_factory=list)  # the passed units (programme)
    #: Why not, as a kind for summaries: not_handed_in, not_graded, hand_grading, below,
    #: no_points, programme, no_name (empty when met).
    kind: str = ""

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.max_score:
            return None
        return math.floor(100 * self.score / self.max_score + 1e-9)


def awaiting_hand_grading(course_dir: Path) -> set[tuple[str, str]]:
    """(learner, unit) pairs whose submission still has answers to grade by hand."""
    from digiculture.course.gradebook import open_gradebook

    with open_gradebook(course_dir) as gb:
        return gb.awaiting_hand_grading()


def unit_decision(row: Row, pending: set[tuple[str, str]], threshold: float) -> Decision:
    def no(reason: str, kind: str) -> Decision:
        return Decision(row.learner, row.unit, False, reason, row.score, row.max_score, kind=kind)

    if row.status != "graded" or row.score is None:
        nothing = row.status == "missing" and row.reason == "nothing handed in"
        return no(
            f"not graded ({row.status}: {row.reason or 'no reason given'})",
            "not_handed_in" if nothing else "not_graded",
        )
    if (row.learner, row.unit) in pending:
        return no(
            "answers still to grade by hand in formgrader; issue again afterwards", "hand_grading"
        )
    if not row.max_score:
        return no("the unit has no points to earn", "no_points")
    if row.score + 1e-9 < threshold * row.max_score:
        return no(
            f"{row.score:g} of {row.max_score:g} points, below the pass mark of "
            f"{threshold * 100:g} %",
            "below",
        )
    return Decision(row.learner, row.unit, True, "", row.score, row.max_score)


def programme_decision(
    learner: str,
    unit_ids: list[str],
    decisions: dict[str, Decision],
    share: float,
) -> Decision:
    """`decisions`: the learner's unit decisions by unit id."""
    passed = [u for u in unit_ids if decisions.get(u) and decisions[u].met]
    needed = programme_units_needed(len(unit_ids), share)
    score = sum(decisions[u].score or 0 for u in passed)
    maximum = sum(decisions[u].max_score or 0 for u in passed)
    if not unit_ids:
        return Decision(learner, PROGRAMME, False, "the course has no units", kind="programme")
    if len(passed) < needed:
        return Decision(
            learner,
            PROGRAMME,
            False,
            f"passed {len(passed)} of {len(unit_ids)} units; the programme needs {needed}",
            units=passed,
            kind="programme",
        )
    return Decision(learner, PROGRAMME, True, "", score, maximum, units=passed)


def programme_units_needed(total: int, share: float) -> int:
    return max(1, math.ceil(share * total - 1e-9)) if total else 0
