from __future__ import annotations

from assessment.scoring import score
from tests.assessment.conftest import answers_at


def _run(assessment, answers, role, budget=None, lang="en"):
    result, recs = assessment.evaluate(answers, role, lang, budget)
    return result, recs


def test_gaps_are_closed_by_units_of_the_right_areas_and_levels(assessment):
    result, recs = _run(
        assessment,
        answers_at(assessment, 1, False, "communication_marketing"),
        "communication_marketing",
    )
    manifest = assessment.manifest
    gap_areas = {a for a, s in result.areas.items() if s.gap > 0}
    assert recs, "a beginner with gaps gets units"
    for rec in recs:
        unit = manifest.unit(rec.unit)
        assert rec.minutes == unit.minutes
        if rec.area is not None:
            assert rec.area in gap_areas
            assert rec.area in {c.split(".")[0] for c in unit.competences}
            assert result.areas[rec.area].level in rec.reason
    # The largest gap (P3: L1 against a target of L3) comes first: apart from what the P3
    # units need before them, nothing comes before the first P3 unit.
    order = [r.unit for r in recs]
    first_p3 = next(i for i, r in enumerate(recs) if r.area == "P3")
    needed = _all_prerequisites(manifest, [r.unit for r in recs if r.area == "P3"])
    assert set(order[:first_p3]) <= needed


def _all_prerequisites(manifest, unit_ids):
    seen: set[str] = set()
    todo = [p for u in unit_ids for p in manifest.unit(u).prerequisites]
    while todo:
        uid = todo.pop()
        if uid not in seen:
            seen.add(uid)
            todo += manifest.unit(uid).prerequisites
    return seen


def test_prerequisites_come_before_the_units_that_need_them(assessment):
    _, recs = _run(
        assessment, answers_at(assessment, 1, False, "digital_content"), "digital_content"
    )
    order = [r.unit for r in recs]
    for uid in order:
        for pre in assessment.manifest.unit(uid).prerequisites:
            assert pre in order and order.index(pre) < order.index(uid)
    assert len(order) == len(set(order))


def test_time_budget_is_respected(assessment):
    answers = answers_at(assessment, 1, False, "digital_content")
    _, everything = _run(assessment, answers, "digital_content")
    _, short = _run(assessment, answers, "digital_content", budget=45)
    assert sum(r.minutes for r in short) <= 45
    assert 0 < len(short) < len(everything)


def test_no_gap_gives_a_next_step_not_an_empty_page(assessment):
    result, recs = _run(
        assessment, answers_at(assessment, 2, True, "front_of_house"), "front_of_house"
    )
    assert all(s.gap == 0 and s.level == "L3" for s in result.areas.values())
    assert 0 < len([r for r in recs if r.area]) <= 2
    assert all("next step" in r.reason for r in recs if r.area)


def test_reasons_are_in_the_learners_language(assessment):
    answers = answers_at(assessment, 1, False, "education_outreach")
    _, recs_de = _run(assessment, answers, "education_outreach", lang="de")
    _, recs_en = _run(assessment, answers, "education_outreach", lang="en")
    assert [r.unit for r in recs_de] == [r.unit for r in recs_en]
    assert recs_de[0].reason != recs_en[0].reason


def test_scores_do_not_depend_on_language(assessment):
    answers = answers_at(assessment, 2, True, "director")
    profile_el, bank_el = assessment.local("el")
    a = score(assessment.bank, assessment.profile, answers, "director")
    b = score(bank_el, profile_el, answers, "director")
    assert a.to_dict() == b.to_dict()


def test_at_the_top_everywhere_nothing_is_recommended(assessment):
    result, recs = _run(assessment, answers_at(assessment, 4, True, "director"), "director")
    assert all(s.level == "L4" for s in result.areas.values())
    assert recs == []
