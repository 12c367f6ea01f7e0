"""The words nbgrader puts before a learner: the answer cells' placeholders and the feedback
page's headings, in the course's language.

English is the source; the translations are the gettext domain `nbgrader`
(`digiculture/locale/LANG/LC_MESSAGES/nbgrader.po`, context = the key), kept like the others
by `digiculture translations update|status|compile`. A word with no translation is English.

- `stubs(lang)`: nbgrader's ClearSolutions placeholders for a learner version in `lang`.
- `word(key, lang)`: a Jinja filter of the kit's feedback page, which
  replaces nbgrader's English-only one (`digiculture/course/feedback_template/`, set up by
  `digiculture.course.nbgrader_settings`); the page speaks the language of the graded notebook
  (`metadata.digiculture.language`, set when the learner version was built).
"""

from __future__ import annotations

from typing import Any

from digiculture.learn.language import SOURCE_LANGUAGE, lookup

DOMAIN = "nbgrader"

#: What a learner sees in an answer cell instead of the solution: no error when run.
CODE_STUB = "# ✏️ Write your answer here, then run the cell (Shift + Enter)."
TEXT_STUB = (
    "✏️ Double-click this cell, click into the text that opens, and write your answer there "
    "(a few sentences are enough). Shift + Enter shows it as text again."
)

WORDS: dict[str, str] = {
    # What a learner sees in an answer cell instead of the solution (no error when run).
    "code_stub": CODE_STUB,
    "text_stub": TEXT_STUB,
    # The feedback page (nbgrader generate_feedback).
    "score": "Score",
    "top": "(Top)",
    "test_cell": "Check",
    "coding_answer": "Your code",
    "written_answer": "Written answer",
    "task": "Task",
    "comment": "Comment",
    "comments": "Comments",
    "late_penalty": "Late submission penalty",
    "your_answer": "Your answer",
    "your_task": "Your task",
    "grade_cell": "Check",
}


def notebook_language(notebook: Any) -> str:
    """The language a learner version was built in (English when it does not say)."""
    metadata = getattr(notebook, "metadata", None) or (
        notebook.get("metadata", {}) if isinstance(notebook, dict) else {}
    )
    return str((metadata.get("digiculture") or {}).get("language") or SOURCE_LANGUAGE)


def word(key: str, lang: Any = None) -> str:
    """The word `key` in `lang` (English when there is no translation); `lang` may be a
    notebook, whose language is then used. `word("lang", notebook)` is the language code."""
    if lang is not None and not isinstance(lang, str):
        lang = notebook_language(lang)
    lang = lang or SOURCE_LANGUAGE
    if key == "lang":
        return lang
    english = WORDS[key]
    if lang == SOURCE_LANGUAGE:
        return english
    return lookup(DOMAIN, english, key, lang) or english


def stubs(lang: str | None) -> dict[str, object]:
    """nbgrader's ClearSolutions settings for a learner version in `lang`."""
    return {"code_stub": {"python": word("code_stub", lang)}, "text_stub": word("text_stub", lang)}
