"""The reflection queue on a real graded nbgrader course (tests/grading/conftest.py): only the
answers graded by hand, with the learner, the question and the answer; scores and comments
saved into nbgrader's gradebook so that the gateway, `digiculture gradebook` and formgrader's
own API agree; bad input refused with a sentence and nothing saved; the comment bank."""

from __future__ import annotations

import json

import pytest

from digiculture.course.gradebook import open_gradebook
from digiculture.grading import reflections as rf
from tests.digiculture.texts_tables import assert_translated_like_english
from tests.grading.conftest import ANSWERS, REFLECTION, UNIT, run

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]


def by_learner(queue):
    return {item.learner: item for item in queue}


def formgrader_scores(course, learner):
    """What formgrader's submissions table shows for the learner's notebook (its own API)."""
    from digiculture.course.folder import course_api

    api = course_api(course)
    rows = {d["student"]: d for d in api.get_notebook_submissions(UNIT, UNIT)}
    return rows[learner]


def formgrader_grade(course, learner):
    """The reflection's grade and comment as formgrader's grading page loads them."""
    from digiculture.course.folder import course_api

    api = course_api(course)
    with api.gradebook as gb:
        notebook = gb.find_submission_notebook(UNIT, UNIT, learner)
        grade = next(g.to_dict() for g in notebook.grades if g.name == REFLECTION)
        comment = next(c.to_dict() for c in notebook.comments if c.name == REFLECTION)
    return grade["manual_score"], comment["manual_comment"]


def test_the_queue_has_only_the_answers_graded_by_hand(graded_course):
    queue = rf.reflection_queue(graded_course)
    assert [item.learner for item in queue] == ["de-001", "el-002", "it-003", "pt-004"]
    assert {item.grade_id for item in queue} == {REFLECTION}  # no test cell, no code answer
    items = by_learner(queue)
    anja = items["de-001"]
    assert (anja.name, anja.language, anja.unit, anja.max_score) == (
        "Anja Schneider",
        "de",
        UNIT,
        2.0,
    )
    assert anja.key == f"{UNIT}/{UNIT}/de-001/{REFLECTION}"
    assert anja.answer == ANSWERS["de-001"]
    assert (anja.score, anja.comment, anja.needs_grading) == (None, None, True)
    # The question is the markdown cell before the answer, in the learner's language where
    # the kit has the unit in it (the course itself is English).
    assert anja.question_language == "de"
    assert anja.question.startswith("## Jetzt sind Sie dran")
    assert "Your turn" not in anja.question
    # A learner who answered nothing: nbgrader scored the untouched cell 0, nothing to grade.
    marco = items["it-003"]
    assert marco.unanswered and marco.auto_score == 0 and not marco.needs_grading
    assert marco.answer == rf.texts("en")("answer_empty")
    # The answer is the learner's text as written (the page shows it as text, never markup).
    assert items["pt-004"].answer == ANSWERS["pt-004"]
    assert rf.reflection_queue(graded_course, UNIT) == queue
    # A page reads the queue without texts, then the texts of the answer it shows.
    bare = rf.reflection_queue(graded_course, with_texts=False)
    assert [i.answer for i in bare] == ["", "", "", ""]
    assert [rf.texts_of(graded_course, i) for i in bare] == queue


def test_the_question_is_in_english_for_an_english_reader(graded_course):
    queue = rf.reflection_queue(graded_course)
    # Every question is the same cell: in the learner's language or, lacking it, English.
    for item in queue:
        assert item.question
        if item.question_language == "en":
            assert item.question.startswith("## Your turn to think")


def test_a_saved_grade_is_what_formgrader_the_export_and_the_gateway_show(graded_course):
    item = by_learner(rf.reflection_queue(graded_course))["de-001"]
    with open_gradebook(graded_course) as gb:
        before = gb.score(UNIT, "de-001")
    assert before.needs_manual_grade
    assert formgrader_scores(graded_course, "de-001")["needs_manual_grade"]

    saved = rf.save_grade(graded_course, item.key, "1,5", "  Danke: sehr konkret.  ")

    assert (saved.score, saved.comment, saved.needs_grading) == (1.5, "Danke: sehr konkret.", False)
    with open_gradebook(graded_course) as gb:
        after = gb.score(UNIT, "de-001")
        [answer] = [g for g in gb.hand_grades(UNIT) if g.learner == "de-001"]
    assert after.score == pytest.approx(before.score + 1.5)
    assert not after.needs_manual_grade
    assert (answer.manual_score, answer.manual_comment) == (1.5, "Danke: sehr konkret.")
    # formgrader's own API (its submissions table) has the same total, and its grading page's
    # grades and comments (what its /api/grades and /api/comments handlers send) the same values.
    row = formgrader_scores(graded_course, "de-001")
    assert row["score"] == pytest.approx(after.score)
    assert not row["needs_manual_grade"]
    assert formgrader_grade(graded_course, "de-001") == (1.5, "Danke: sehr konkret.")
    # `digiculture gradebook` exports it.
    out = run("gradebook", "--course-dir", graded_course, "--format", "json")
    assert out.exit_code == 0, out.output
    rows = {(r["learner"], r["unit"]): r for r in json.loads(out.stdout)}
    assert rows[("de-001", UNIT)]["score"] == pytest.approx(after.score)
    assert "by hand" not in rows[("de-001", UNIT)]["reason"]
    assert "by hand" in rows[("el-002", UNIT)]["reason"]
    # The queue reads it back; others are untouched.
    items = by_learner(rf.reflection_queue(graded_course))
    assert items["de-001"].score == 1.5
    assert items["el-002"].score is None


def test_an_empty_score_makes_the_answer_wait_again(graded_course):
    item = by_learner(rf.reflection_queue(graded_course))["el-002"]
    rf.save_grade(graded_course, item.key, 2, "Ευχαριστώ")
    cleared = rf.save_grade(graded_course, item.key, "", None)
    assert (cleared.score, cleared.comment, cleared.needs_grading) == (None, None, True)
    with open_gradebook(graded_course) as gb:
        assert gb.score(UNIT, "el-002").needs_manual_grade


@pytest.mark.parametrize(
    ("score", "says"),
    [
        ("3", "more than this answer's 2 point(s)"),
        (2.5, "more than this answer's 2 point(s)"),
        ("-1", "cannot be below 0"),
        ("two", "'two' is not a score"),
        ("nan", "is not a score"),
        ("inf", "is not a score"),
        (True, "is not a score"),
        ([1], "is not a score"),
    ],
)
def test_a_bad_score_is_refused_and_nothing_is_saved(graded_course, score, says):
    item = by_learner(rf.reflection_queue(graded_course))["de-001"]
    with open_gradebook(graded_course) as gb:
        before = gb.hand_grades(UNIT)
    with pytest.raises(rf.ReflectionError) as refused:
        rf.save_grade(graded_course, item.key, score, "a comment that must not be saved")
    assert says in str(refused.value)
    with open_gradebook(graded_course) as gb:
        assert gb.hand_grades(UNIT) == before


@pytest.mark.parametrize(
    "key",
    [
        "nonsense",
        f"{UNIT}/{UNIT}/de-001",
        f"{UNIT}/{UNIT}/nobody/{REFLECTION}",
        f"{UNIT}/{UNIT}/de-001/u01_february_check",  # a test cell: graded by nbgrader
        f"{UNIT}/{UNIT}/de-001/u01_february",  # a code answer without points
        f"u99_none/{UNIT}/de-001/{REFLECTION}",
        f"{UNIT}/other/de-001/{REFLECTION}",
        f"{UNIT}/{UNIT}/de-001/{REFLECTION}/more",
    ],
)
def test_an_unknown_answer_is_refused(graded_course, key):
    with pytest.raises(rf.ReflectionError, match="There is no answer .* to grade"):
        rf.save_grade(graded_course, key, 1)


def test_refusals_are_in_the_facilitators_language(graded_course):
    item = by_learner(rf.reflection_queue(graded_course))["de-001"]
    with pytest.raises(rf.ReflectionError, match="höchstens 2"):
        rf.save_grade(graded_course, item.key, "5", lang="de")
    with pytest.raises(rf.ReflectionError, match="non è un punteggio"):
        rf.save_grade(graded_course, item.key, "x", lang="it")
    long = "x" * (rf.COMMENT_LIMIT + 1)
    with pytest.raises(rf.ReflectionError, match="shorten it"):
        rf.save_grade(graded_course, item.key, "1", long)


def test_the_comment_bank_per_language(graded_course):
    kit_de = rf.kit_comments("de")
    assert kit_de and rf.comment_bank(graded_course, "de") == kit_de
    # Every language has its own words, not English.
    english = set(rf.kit_comments("en"))
    for lang in ("de", "it", "hr", "el", "pt"):
        assert len(rf.kit_comments(lang)) == len(english)
        assert not english & set(rf.kit_comments(lang))

    bank = rf.add_comment(graded_course, "de", "Schöne Idee für die nächste Ausstellung!")
    assert bank[0] == "Schöne Idee für die nächste Ausstellung!"
    assert rf.add_comment(graded_course, "de", "Schöne Idee für die nächste Ausstellung!") == bank
    assert rf.comment_bank(graded_course, "it") == rf.kit_comments("it")  # other languages
    stored = json.loads((graded_course / rf.BANK_FILE).read_text(encoding="utf-8"))
    assert stored["comments"]["de"] == ["Schöne Idee für die nächste Ausstellung!"]

    # A kit default taken out is hidden for this course only; it can come back.
    bank = rf.remove_comment(graded_course, "de", kit_de[0])
    assert kit_de[0] not in bank
    assert rf.remove_comment(graded_course, "de", "Schöne Idee für die nächste Ausstellung!")
    assert rf.comment_bank(graded_course, "de") == kit_de[1:]
    assert rf.add_comment(graded_course, "de", kit_de[0])[0] == kit_de[0]


def test_the_comment_bank_refuses_with_a_sentence(graded_course):
    with pytest.raises(rf.ReflectionError, match="Unknown language 'fr'"):
        rf.comment_bank(graded_course, "fr")
    with pytest.raises(rf.ReflectionError, match="The comment is empty"):
        rf.add_comment(graded_course, "de", "   ")
    with pytest.raises(rf.ReflectionError, match="is not in the course's comment bank"):
        rf.remove_comment(graded_course, "de", "never there")
    (graded_course / rf.BANK_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(rf.ReflectionError, match="cannot be read .*delete it"):
        rf.comment_bank(graded_course, "de")
    with pytest.raises(rf.ReflectionError, match="cannot be read"):
        rf.add_comment(graded_course, "de", "Gut")
    assert (graded_course / rf.BANK_FILE).read_text(encoding="utf-8") == "{not json"


def test_the_commands(graded_course):
    out = run("reflections", "list", "--course-dir", graded_course)
    assert out.exit_code == 0, out.output
    assert "Anja Schneider (de)" in out.stdout
    assert "1 of 4 answers graded." in out.stdout  # it-003 answered nothing: 0 by nbgrader
    key = f"{UNIT}/{UNIT}/el-002/{REFLECTION}"
    out = run("reflections", "grade", key, "--score", "2", "--comment", "Πολύ καλά",
              "--course-dir", graded_course, "--lang", "el")  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "Αποθηκεύτηκε για Eleni Papadopoulou: 2 από 2" in out.stdout
    out = run("reflections", "grade", key, "--score", "9", "--course-dir", graded_course)
    assert out.exit_code == 2
    assert "more than this answer's 2 point(s)" in out.output
    assert "Traceback" not in out.output
    out = run("reflections", "list", "--todo", "--course-dir", graded_course)
    assert "el-002" not in out.stdout and "de-001" in out.stdout
    out = run("reflections", "comments", "add", "Bravo!", "--lang", "pt",
              "--course-dir", graded_course)  # fmt: skip
    assert out.exit_code == 0 and out.stdout.splitlines()[0] == "Bravo!"
    out = run("reflections", "comments", "list", "--lang", "fr", "--course-dir", graded_course)
    assert out.exit_code == 2 and "Unknown language 'fr'" in out.output


def test_the_texts_are_in_every_language():
    from digiculture.course.codes import COURSE_LANGUAGES
    from digiculture.course.facilitator_texts import REFLECTION_TEXTS

    assert set(REFLECTION_TEXTS) == set(COURSE_LANGUAGES)
    for lang in COURSE_LANGUAGES:
        assert_translated_like_english(REFLECTION_TEXTS, lang)
