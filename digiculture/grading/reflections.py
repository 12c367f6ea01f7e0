"""The reflection queue: only the answers a facilitator grades by hand, one at a time.

In formgrader a facilitator scrolls past every cell of every submission to reach the one
reflection answer, anonymous until "Show All Names". The queue gives just those answers
(nbgrader's "manually graded answers": cells that are both a solution and a grade cell), each
with who wrote it (name and language from the course's roster), the question (the markdown
cell before the answer in the course's source notebook, in the learner's language where the
kit has a translation of the unit), the answer, its points and what is saved so far.

    queue = reflection_queue(course_dir, unit="u01_jupyter_first_steps")
    save_grade(course_dir, queue[0].key, "1,5", "Thank you: ...")

Scores and comments are nbgrader's own (`Grade.manual_score`, `Comment.manual_comment`),
written through the one gateway (`digiculture.course.gradebook`) in one transaction, as
formgrader writes them: formgrader, `digiculture gradebook`, the feedback pages and the
credentials see the same numbers.

The comment bank: comments a facilitator reuses, per language, in the course folder
(`reflection_comments.json`), offered in the learner's language together with the kit's own
default comments (`digiculture/course/data/reflections.yaml`, keys `bank_*`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.facilitator_texts import (
    REFLECTION_TEXTS,
    check_language,
    facilitator_texts,
)
from digiculture.course.folder import Course, open_course
from digiculture.course.gradebook import HandGrade, open_gradebook
from digiculture.course.roster import load_course_roster
from digiculture.errors import UserError

BANK_FILE = "reflection_comments.json"
#: The longest comment kept (a comment is a few sentences for one learner).
COMMENT_LIMIT = 2000
#: An answer is shown up to this many characters (a learner's cell may hold anything).
ANSWER_LIMIT = 20_000
#: A graded notebook larger than this is not read for the answer (it says so instead).
NOTEBOOK_LIMIT = 50 * 1024 * 1024


class ReflectionError(UserError):
    """A score, comment or answer the queue refuses; the message says what to do."""

    exit_code = 2


def texts(lang: str | None):
    """The reflection queue's texts in `lang`: say(key, **values)."""
    return facilitator_texts(lang, REFLECTION_TEXTS)


@dataclass(frozen=True)
class Reflection:
    """One answer to grade by hand, with everything the facilitator needs to grade it."""

    #: "unit/notebook/learner/grade id": names the answer in `save_grade`.
    key: str
    learner: str
    name: str
    #: The learner's language (the roster's first), else the course's.
    language: str
    unit: str
    notebook: str
    grade_id: str
    question: str
    #: The language the question is in (the learner's when the kit has the translation).
    question_language: str
    answer: str
    #: True when the cell was handed in as it was handed out (nbgrader then scores it 0).
    unanswered: bool
    max_score: float
    #: The facilitator's score and comment so far; None when not given yet.
    score: float | None
    comment: str | None
    #: nbgrader's own score of the answer (0 for an unanswered cell, else None).
    auto_score: float | None
    #: False once a score counts (a hand score, or nbgrader's 0 for no answer).
    needs_grading: bool

    @property
    def points(self) -> float | None:
        """The points that count now: the hand score, else nbgrader's own."""
        return self.score if self.score is not None else self.auto_score


def answer_key(unit: str, notebook: str, learner: str, grade_id: str) -> str:
    return "/".join((unit, notebook, learner, grade_id))


def reflection_queue(
    course: Course | Path,
    unit: str | None = None,
    *,
    lang: str | None = None,
    with_texts: bool = True,
) -> list[Reflection]:
    """Every answer graded by hand of the course's graded submissions (of `unit` only when
    given), in unit order, then by learner; `lang` is the facilitator's language for the
    queue's own notes (the course's when None). Without `with_texts` the questions and
    answers are left empty (a page that shows one answer reads its texts with `texts_of`:
    a cohort of 60 learners and 12 units has 720 graded notebooks)."""
    course = open_course(course)
    if unit is not None:
        course.require_unit(unit)
    with open_gradebook(course) as gb:
        names = {s.id: s.name for s in gb.students()}
        units = [unit] if unit is not None else _in_order(gb.unit_ids(), course.units)
        grades = [g for u in units for g in gb.hand_grades(u)]
    return _reflections(course, grades, names, lang, with_texts)


def _reflections(
    course: Course,
    grades: list[HandGrade],
    names: dict[str, str],
    lang: str | None,
    with_texts: bool,
) -> list[Reflection]:
    roster = load_course_roster(course.folder)
    questions = _Questions(course)
    say = texts(lang or course.language)
    items = []
    for grade in grades:
        learner = roster.get(grade.learner)
        name = (learner.name if learner else "") or names.get(grade.learner, "") or grade.learner
        language = learner.languages[0] if learner and learner.languages else course.language
        item = _reflection(grade, name, language)
        items.append(_with_texts(course, item, questions, say) if with_texts else item)
    return items


def texts_of(course: Course | Path, item: Reflection, *, lang: str | None = None) -> Reflection:
    """`item` with its question and answer (for a queue read without them)."""
    course = open_course(course)
    return _with_texts(course, item, _Questions(course), texts(lang or course.language))


def _in_order(units: list[str], order: tuple[str, ...]) -> list[str]:
    return sorted(units, key=lambda u: (order.index(u) if u in order else len(order), u))


def _reflection(grade: HandGrade, name: str, language: str) -> Reflection:
    return Reflection(
        key=answer_key(grade.unit, grade.notebook, grade.learner, grade.grade_id),
        learner=grade.learner,
        name=name,
        language=language,
        unit=grade.unit,
        notebook=grade.notebook,
        grade_id=grade.grade_id,
        question="",
        question_language=language,
        answer="",
        unanswered=grade.auto_score is not None,
        max_score=grade.max_score,
        score=grade.manual_score,
        comment=grade.manual_comment,
        auto_score=grade.auto_score,
        needs_grading=grade.needs_manual_grade,
    )


def _with_texts(course: Course, item: Reflection, questions: _Questions, say) -> Reflection:
    question, question_language = questions.question(
        item.unit, item.notebook, item.grade_id, item.language
    )
    answer = _answer(course, item)
    if answer is None:
        answer = say("answer_unreadable")
    elif item.unanswered:
        answer = say("answer_empty")
    return replace(item, question=question, question_language=question_language, answer=answer)


def _answer(course: Course, grade: Reflection) -> str | None:
    """The answer cell's text in the learner's graded notebook (what formgrader shows), or
    None when the notebook cannot be read."""
    path = course.step_folder("autograded") / grade.learner / grade.unit / f"{grade.notebook}.ipynb"
    try:
        if path.is_symlink() or path.stat().st_size > NOTEBOOK_LIMIT:
            return None
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for cell in _cells(notebook):
        if _grade_id(cell) == grade.grade_id:
            text = _text(cell)
            return text if len(text) <= ANSWER_LIMIT else text[:ANSWER_LIMIT] + " […]"
    return None


def _cells(notebook: object) -> list[dict]:
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    return [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []


def _grade_id(cell: dict) -> str | None:
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None


def _is_graded(cell: dict) -> bool:
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return isinstance(nbgrader, dict) and bool(nbgrader.get("grade") or nbgrader.get("solution"))


def _raw(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _text(cell: dict) -> str:
    return _raw(cell).strip()


class _Questions:
    """The question of each answer: the markdown cell before it in the course's source
    notebook (the facilitator's copy, not the learner's, which a learner can edit)."""

    def __init__(self, course: Course):
        self.course = course
        self._notebooks: dict[tuple[str, str], dict] = {}

    def question(self, unit: str, notebook: str, grade_id: str, language: str) -> tuple[str, str]:
        source = self._notebook(self.course.folder / "source" / unit / f"{notebook}.ipynb")
        source_language = _language_of(source) or self.course.language
        cell = _question_cell(source, grade_id)
        if cell is None:
            return "", source_language
        text = _text(cell)
        if language == source_language:
            return text, source_language
        english = _raw(cell) if source_language == "en" else self._english(unit, notebook, cell)
        if english is None:
            return text, source_language
        if language == "en":
            return english.strip(), "en"
        translated = _translator(unit, language)(f"cell {cell.get('id', '')}", english)
        if translated:
            return translated.strip(), language
        return text, source_language

    def _english(self, unit: str, notebook: str, cell: dict) -> str | None:
        """The English of a question cell, from the kit's own source of the unit."""
        from digiculture.settings import Settings

        kit = self._notebook(Settings.load().course_dir / "source" / unit / f"{notebook}.ipynb")
        for other in _cells(kit):
            if cell.get("id") and other.get("id") == cell.get("id"):
                return _raw(other)
        return None

    def _notebook(self, path: Path) -> dict:
        key = (str(path), "")
        if key not in self._notebooks:
            try:
                self._notebooks[key] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._notebooks[key] = {}
        return self._notebooks[key]


def _language_of(notebook: dict) -> str | None:
    meta = notebook.get("metadata") if isinstance(notebook, dict) else None
    kit = meta.get("digiculture") if isinstance(meta, dict) else None
    return kit.get("language") if isinstance(kit, dict) else None


def _question_cell(notebook: dict, grade_id: str) -> dict | None:
    cells = _cells(notebook)
    for index, cell in enumerate(cells):
        if _grade_id(cell) == grade_id:
            for before in reversed(cells[:index]):
                markdown = before.get("cell_type") == "markdown"
                if markdown and not _is_graded(before) and _text(before):
                    return before
            return None
    return None


@cache
def _translator(unit: str, language: str):
    from digiculture.translations.catalogs import unit_translator

    return unit_translator(unit, language)


# -- grading -------------------------------------------------------------------------------


def parse_score(value: object, maximum: float, lang: str | None = None) -> float | None:
    """A score from what a facilitator typed ("1.5", "1,5", 2): None for an empty field (not
    graded yet); ReflectionError with a sentence for anything else that is not 0..maximum."""
    say = texts(lang)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    shown = str(value).strip()[:40]
    limit = f"{maximum:g}"
    if isinstance(value, bool):
        raise ReflectionError(say("bad_score", value=shown, max=limit))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise ReflectionError(say("bad_score", value=shown, max=limit)) from None
    else:
        raise ReflectionError(say("bad_score", value=shown, max=limit))
    if not math.isfinite(number):
        raise ReflectionError(say("bad_score", value=shown, max=limit))
    if number < 0:
        raise ReflectionError(say("score_negative", max=limit))
    if number > maximum:
        raise ReflectionError(say("score_too_high", value=f"{number:g}", max=limit))
    return number


def parse_comment(value: object, lang: str | None = None) -> str | None:
    """A comment as saved: None for an empty one; ReflectionError when it is too long."""
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").strip()
    if not text:
        return None
    if len(text) > COMMENT_LIMIT:
        raise ReflectionError(
            texts(lang)("comment_too_long", length=len(text), limit=COMMENT_LIMIT)
        )
    return text


def save_grade(
    course: Course | Path,
    key: str,
    score: object,
    comment: object = None,
    *,
    lang: str | None = None,
) -> Reflection:
    """Save the score (an empty one: not graded yet) and the comment of the answer `key`
    into nbgrader's gradebook, in one transaction, and give the answer as it is now. Nothing
    is saved when the score or comment is refused (ReflectionError, in `lang`)."""
    course = open_course(course)
    say = texts(lang or course.language)
    parts = key.split("/") if isinstance(key, str) else []
    unknown = ReflectionError(say("unknown_answer", answer=str(key)[:200]))
    if len(parts) != 4 or not all(parts):
        raise unknown
    unit, notebook, learner, grade_id = parts
    with open_gradebook(course) as gb:
        if unit not in gb.unit_ids():
            raise unknown
        found = [
            g
            for g in gb.hand_grades(unit)
            if (g.notebook, g.learner, g.grade_id) == (notebook, learner, grade_id)
        ]
        if not found:
            raise unknown
        points = parse_score(score, found[0].max_score, lang or course.language)
        text = parse_comment(comment, lang or course.language)
        if not gb.save_hand_grade(unit, notebook, learner, grade_id, points, text):
            raise unknown
        names = {s.id: s.name for s in gb.students()}
        now = [
            g
            for g in gb.hand_grades(unit)
            if (g.notebook, g.learner, g.grade_id) == (notebook, learner, grade_id)
        ]
    return _reflections(course, now, names, lang, with_texts=True)[0]


# -- the comment bank ----------------------------------------------------------------------


def kit_comments(lang: str) -> list[str]:
    """The kit's default comments for reflections in `lang` (English for another language)."""
    words = REFLECTION_TEXTS.get(lang) or REFLECTION_TEXTS["en"]
    return [" ".join(str(text).split()) for key, text in words.items() if key.startswith("bank_")]


def _language(lang: str) -> str:
    problem = check_language(lang)
    if problem or lang not in COURSE_LANGUAGES:
        raise ReflectionError(problem or f"Unknown language '{lang}'.")
    return lang


def _bank_path(course: Course) -> Path:
    return course.folder / BANK_FILE


def _read_bank(course: Course, ui: str | None = None) -> dict:
    path = _bank_path(course)
    if not path.is_file():
        return {"comments": {}, "hidden": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("it is not a JSON object")
        for part in ("comments", "hidden"):
            table = data.setdefault(part, {})
            if not isinstance(table, dict) or not all(
                isinstance(v, list) and all(isinstance(t, str) for t in v) for v in table.values()
            ):
                raise ValueError(f"'{part}' is not a list of texts per language")
    except (OSError, ValueError) as problem:
        raise ReflectionError(
            texts(ui or course.language)("bank_unreadable", file=path, problem=problem)
        ) from None
    return data


@contextlib.contextmanager
def _bank_for_change(course: Course) -> Iterator[dict]:
    """The bank, read and written back whole under a lock (two facilitators at once)."""
    path = _bank_path(course)
    with open(path.with_name(BANK_FILE + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = _read_bank(course)
        yield data
        fd, tmp = tempfile.mkstemp(prefix=".reflection_comments-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
                out.write("\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def comment_bank(course: Course | Path, lang: str, *, ui: str | None = None) -> list[str]:
    """The comments offered when grading an answer in `lang`: the course's own first, then
    the kit's defaults (those the course has not removed). `ui`: the language of a refusal."""
    course = open_course(course)
    lang = _language(lang)
    data = _read_bank(course, ui)
    own = list(data["comments"].get(lang, []))
    hidden = set(data["hidden"].get(lang, []))
    return own + [t for t in kit_comments(lang) if t not in hidden and t not in own]


def add_comment(course: Course | Path, lang: str, text: str, *, ui: str | None = None) -> list[str]:
    """Keep `text` in the course's bank for `lang` (once); the bank as it is now. `ui` is
    the facilitator's language for a refusal (the course's when None)."""
    course = open_course(course)
    lang = _language(lang)
    comment = parse_comment(text, ui or course.language)
    if comment is None:
        raise ReflectionError(texts(ui or course.language)("comment_empty"))
    with _bank_for_change(course) as data:
        own = data["comments"].setdefault(lang, [])
        if comment not in own:
            own.append(comment)
        hidden = data["hidden"].get(lang, [])
        if comment in hidden:
            hidden.remove(comment)
    return comment_bank(course, lang)


def remove_comment(
    course: Course | Path, lang: str, text: str, *, ui: str | None = None
) -> list[str]:
    """Take `text` out of the bank for `lang` (a kit default is hidden for this course)."""
    course = open_course(course)
    lang = _language(lang)
    comment = " ".join(str(text).split()) if text is not None else ""
    if comment not in [" ".join(t.split()) for t in comment_bank(course, lang)]:
        raise ReflectionError(
            texts(ui or course.language)("comment_not_in_bank", text=comment[:200], lang=lang)
        )
    with _bank_for_change(course) as data:
        own = data["comments"].setdefault(lang, [])
        kept = [t for t in own if " ".join(t.split()) != comment]
        data["comments"][lang] = kept
        if len(kept) == len(own) and comment in kit_comments(lang):
            data["hidden"].setdefault(lang, []).append(comment)
    return comment_bank(course, lang)
