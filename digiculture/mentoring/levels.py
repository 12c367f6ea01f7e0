"""Area levels for matching, from the self-assessment results store."""

from __future__ import annotations

from assessment.store import ResultStore


def levels_from_results(
    store: ResultStore, learner_ids: list[str], area_ids: list[str]
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Each learner's area levels from their latest attempt, and the ids without an attempt.

    A roster's `learner_id` is then the learner's personal code of the self-assessment.
    """
    levels: dict[str, dict[str, str]] = {}
    missing: list[str] = []
    for learner_id in learner_ids:
        attempts = store.attempts(learner_id) if store.knows(learner_id) else []
        if not attempts:
            missing.append(learner_id)
            continue
        areas = attempts[-1].result.get("areas", {})
        levels[learner_id] = {a: areas[a]["level"] for a in area_ids if a in areas}
    return levels, missing
