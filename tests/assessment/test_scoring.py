from __future__ import annotations

import pytest

from assessment.scoring import AnswersInvalid, score
from tests.assessment.conftest import answers_at


def _score(a, answers, role="front_of_house"):
    return score(a.bank, a.profile, answers, role)


def test_lowest_answers_score_zero_and_l1(assessment):
    result = _score(assessment, answers_at(assessment, 1, False, "front_of_house"))
    assert all(s.score == 0 and s.level == "L1" for s in result.competences.values())
    assert all(s.score == 0 and s.level == "L1" for s in result.areas.values())
    assert result.institution == 0
    assert result.missing == []


def test_top_answers_score_100_and_l4(assessment):
    result = _score(assessment, answers_at(assessment, 4, True, "director"), role="director")
    assert all(s.score == 100 and s.level == "L4" for s in result.areas.values())
    assert result.institution == 100
    assert {a: s.target for a, s in result.areas.items()} == assessment.profile.role(
        "director"
    ).targets


def test_self_rating_alone_cannot_reach_the_top(assessment):
    """Rating yourself 4 everywhere but missing every situation stays at the self-rating
    weight (40 by default): L2, not L4."""
    result = _score(assessment, answers_at(assessment, 4, False, "director"))
    weight = assessment.bank.scoring.weights["self_rating"] / sum(
        assessment.bank.scoring.weights.values()
    )
    assert all(s.score == pytest.approx(100 * weight, abs=0.1) for s in result.areas.values())
    assert {s.level for s in result.areas.values()} == {"L2"}


def test_cut_offs_come_from_the_data(assessment):
    scoring = assessment.bank.scoring
    assert scoring.level(scoring.level_cutoffs["L3"] - 0.01) == "L2"
    assert scoring.level(scoring.level_cutoffs["L3"]) == "L3"
    assert scoring.level(0) == "L1" and scoring.level(100) == "L4"


def test_unanswered_items_count_lowest_and_are_listed(assessment):
    answers = answers_at(assessment, 4, True, "director")
    del answers["P1.1-rate"], answers["P1.1-quiz"], answers["inst_strategy"]
    result = _score(assessment, answers)
    assert result.competences["P1.1"].score == 0
    assert set(result.missing) == {"P1.1-rate", "P1.1-quiz", "inst_strategy"}
    assert result.competences["P1.2"].score == 100


def test_empty_answers_are_scored_not_refused(assessment):
    result = _score(assessment, {})
    assert all(s.level == "L1" for s in result.areas.values())
    assert len(result.missing) == 48 + 5


@pytest.mark.parametrize(
    "answers,fragment",
    [
        ({"nonsense": 3}, "unknown item id 'nonsense'"),
        ({"P1.1-rate": 5}, "whole number from 1 to 4"),
        ({"P1.1-rate": "4"}, "whole number from 1 to 4"),
        ({"P1.1-rate": True}, "whole number from 1 to 4"),
        ({"P1.1-quiz": "z"}, "must be one of a, b"),
        ({"country": "XX"}, "must be one of DE"),
    ],
)
def test_answers_that_cannot_be_scored(assessment, answers, fragment):
    with pytest.raises(AnswersInvalid) as raised:
        _score(assessment, answers)
    assert any(fragment in p for p in raised.value.problems)


def test_unknown_role(assessment):
    with pytest.raises(AnswersInvalid, match="unknown role 'astronaut'"):
        _score(assessment, {}, role="astronaut")
