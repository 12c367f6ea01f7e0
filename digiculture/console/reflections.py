"""The console's page *Reflections*: the answers graded by hand, one at a time.

The queue is `grading.reflections.reflection_queue` (what `digiculture reflections list`
shows); a score and a comment are saved with `save_grade` into nbgrader's gradebook, so
formgrader, the gradebook and the credentials see them. The page works with the keyboard
alone (`static/reflections.js`; without the script it is a plain form):

| key               | what it does                                              |
|-------------------|-----------------------------------------------------------|
| a digit           | the score (the score field has the focus when the page opens) |
| Enter             | save and go on to the next answer still to grade          |
| J / K             | next / previous answer (without saving)                   |
| C                 | the comment bank: arrow keys pick a comment, Enter saves  |
| Ctrl + Enter      | save from the comment field (Enter there starts a new line) |
| Esc               | leave the comment field (the keys above work again)       |

"Saved" is said in a live region; a refused score is said in an alert, and what was typed
stays in the form.
"""

from __future__ import annotations

from digiculture.console.base import ConsoleHandler, NavEntry, esc
from digiculture.console.words import N_
from digiculture.errors import UserError

NAV = NavEntry("reflections", N_("Reflections"))
#: The answer keeps the learner's lines.
PRE = 'style="white-space: pre-wrap"'


def question_html(markdown: str) -> str:
    """A unit's question (Markdown, the kit's own text) as HTML the facilitator reads: HTML in
    it is shown as text, and its headings are bold lines under the page's "Question"."""
    import re

    import mistune

    html = mistune.create_markdown(escape=True)(markdown)
    html = re.sub(r"<h[1-6][^>]*>", "<p><strong>", html)
    return re.sub(r"</h[1-6]>", "</strong></p>", html)


class ReflectionsPage(ConsoleHandler):
    """GET: one answer of the queue (`?key=`, else the first still to grade; `?unit=` for
    one unit). POST `reflections/save`: save it, then the next answer still to grade."""

    def get(self) -> None:
        self.show(self.get_argument("key", ""), saved_key=self.get_argument("saved", ""))

    def queue(self):
        from digiculture.grading.reflections import reflection_queue

        unit = self.get_argument("unit", "") or None
        if unit is not None and unit not in self.course.units:
            unit = None
        return unit, reflection_queue(self.course, unit, lang=self.words.lang, with_texts=False)

    def show(
        self,
        key: str,
        *,
        problem: str = "",
        typed: tuple[str, str] | None = None,
        saved_key: str = "",
        status: int = 200,
    ) -> None:
        _ = self.words
        unit, queue = self.queue()
        title = _("Reflections")
        if not queue:
            self.render_page(
                title,
                f"<p>{esc(_('There are no answers to grade by hand yet: grade a unit first.'))}</p>"
                + self.back("units", _("Go to the units")),
            )
            return
        keys = [item.key for item in queue]
        if key in keys:
            at = keys.index(key)
        else:
            todo = [i for i, item in enumerate(queue) if item.needs_grading]
            at = todo[0] if todo else 0
        graded = sum(not i.needs_grading for i in queue)
        saved = ""
        for done in queue:
            if saved_key and done.key == saved_key:
                saved = self.saved_sentence(done)
        self.render_page(title, self.body(unit, queue, at, graded, problem, typed, saved), status)

    def bank_language(self, item) -> str:  # noqa: ANN001 (Reflection)
        """The comment bank offered: the learner's language, else the course's (a roster may
        name a language the kit does not speak)."""
        from digiculture.course.codes import COURSE_LANGUAGES

        return item.language if item.language in COURSE_LANGUAGES else self.course.language

    def saved_sentence(self, item) -> str:  # noqa: ANN001 (Reflection)
        _ = self.words
        if item.score is None:
            return _("Saved for {name}: not graded yet.", name=item.name)
        return _(
            "Saved for {name}: {score} of {max} points.",
            name=item.name,
            score=f"{item.score:g}",
            max=f"{item.max_score:g}",
        )

    def body(self, unit, queue, at, graded, problem, typed, saved) -> str:  # noqa: ANN001, PLR0913
        from digiculture.grading.reflections import comment_bank, texts_of

        _ = self.words
        item = texts_of(self.course, queue[at], lang=_.lang)
        total = len(queue)
        score, comment = typed or (
            "" if item.score is None else f"{item.score:g}",
            item.comment or "",
        )
        units = "".join(
            f'<option value="{esc(u)}"{" selected" if u == unit else ""}>{esc(u)}</option>'
            for u in self.course.units
        )
        chooser = (
            f'<form method="get" action="{esc(self.url("reflections"))}" class="inline">'
            f'<input type="hidden" name="cohort" value="{esc(self.cohort.course)}">'
            f'<label for="unit">{esc(_("Unit"))}</label> <select id="unit" name="unit">'
            f'<option value="">{esc(_("All units"))}</option>{units}</select> '
            f'<button type="submit" class="secondary">{esc(_("Show"))}</button></form>'
        )
        progress = _("{graded} of {total} answers graded", graded=graded, total=total)
        position = _("Answer {number} of {total}", number=at + 1, total=total)
        try:
            bank = comment_bank(self.course, self.bank_language(item), ui=_.lang)
        except UserError as refused:  # a damaged bank file: grading goes on without it
            bank, problem = [], problem or str(refused)
        keep = _(
            "Keep this comment in the bank for {language}",
            language=_.language(self.bank_language(item)),
        )
        options = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in bank)
        status = "" if item.score is None else _("saved earlier")
        if item.unanswered:
            status = _("no answer: nbgrader gave 0 points")
        prev_key = queue[at - 1].key if at > 0 else ""
        next_key = queue[at + 1].key if at + 1 < total else ""

        def link(key: str, label: str, rel: str, shortcut: str) -> str:
            if not key:
                return f'<span class="disabled">{esc(label)}</span>'
            href = self.url("reflections", key=key, unit=unit or "")
            return (
                f'<a href="{esc(href)}" id="{rel}" rel="{rel}" '
                f'aria-keyshortcuts="{shortcut}">{esc(label)}</a>'
            )

        learner = _(
            "{name} ({learner}), writes in {language}",
            name=item.name,
            learner=item.learner,
            language=_.language(item.language),
        )
        alert = (
            f'<p role="alert" class="problem" id="problem">{esc(problem)}</p>' if problem else ""
        )
        keys_help = "".join(
            f"<dt><kbd>{esc(k)}</kbd></dt><dd>{esc(v)}</dd>"
            for k, v in (
                ("0 – 9", _("type the score")),
                ("Enter", _("save and go on to the next answer to grade")),
                ("J / K", _("next / previous answer, without saving")),
                ("C", _("choose a comment from the bank (arrow keys, then Enter saves)")),
                ("Ctrl + Enter", _("save from the comment field")),
                ("Esc", _("leave the comment field")),
            )
        )
        return (
            f"{chooser}"
            f'<p id="progress-text">{esc(progress)} · <span id="position">{esc(position)}</span>'
            f'</p><progress id="progress" max="{total}" value="{graded}" '
            f'aria-label="{esc(progress)}"></progress>'
            f'<p role="status" aria-live="polite" id="saved" data-saved="{esc(saved)}"></p>'
            f"{alert}"
            f'<section aria-labelledby="who"><h2 id="who">{esc(learner)}</h2>'
            f'<p class="unit">{esc(_("Unit"))}: {esc(item.unit)}'
            + (f" · {esc(status)}" if status else "")
            + "</p></section>"
            f'<section aria-labelledby="question-h"><h2 id="question-h">{esc(_("Question"))}</h2>'
            f'<div id="question" class="text" lang="{esc(item.question_language)}">'
            f"{question_html(item.question)}</div></section>"
            f'<section aria-labelledby="answer-h"><h2 id="answer-h">{esc(_("Answer"))}</h2>'
            f'<div id="answer" class="text" {PRE}>{esc(item.answer)}</div></section>'
            f'<form method="post" action="{esc(self.url("reflections/save"))}" id="grade">'
            f"{self.xsrf_form_html()}"
            f'<input type="hidden" name="key" value="{esc(item.key)}">'
            f'<input type="hidden" name="unit" value="{esc(unit or "")}">'
            f'<p><label for="score">{esc(_("Score (0 to {max})", max=f"{item.max_score:g}"))}'
            f'</label> <input id="score" name="score" inputmode="decimal" autocomplete="off" '
            f'size="5" value="{esc(score)}" autofocus '
            f'aria-describedby="keys-summary"></p>'
            f'<p><label for="bank">{esc(_("Comment bank"))}</label> '
            f'<select id="bank" name="bank" aria-keyshortcuts="C">'
            f'<option value="">{esc(_("(choose a comment)"))}</option>{options}</select></p>'
            f'<p><label for="comment">{esc(_("Comment to the learner"))}</label><br>'
            f'<textarea id="comment" name="comment" rows="3" cols="70">{esc(comment)}</textarea>'
            f"</p>"
            f'<p><label><input type="checkbox" name="keep" value="1"> '
            f"{esc(keep)}"
            f"</label></p>"
            f'<p><button type="submit">{esc(_("Save and go on"))}</button></p></form>'
            f'<p class="nav">{link(prev_key, _("Previous answer"), "prev", "K")} · '
            f"{link(next_key, _('Next answer'), 'next', 'J')}</p>"
            f'<details id="keys"><summary id="keys-summary">'
            f"{esc(_('Keys: digits for the score, Enter saves, J/K next/previous, C comments'))}"
            f"</summary><dl>{keys_help}</dl></details>"
            f'<script src="{esc(self.prefix)}static/reflections.js" defer></script>'
        )

    def post(self) -> None:
        from digiculture.grading.reflections import (
            ReflectionError,
            add_comment,
            reflection_queue,
            save_grade,
        )

        _ = self.words
        key = self.get_argument("key", "")
        score = self.get_argument("score", "")
        comment = self.get_argument("comment", "")
        chosen = self.get_argument("bank", "")
        if not comment.strip() and chosen:
            comment = chosen  # without the page's script: the chosen comment is the comment
        try:
            item = save_grade(self.course, key, score, comment, lang=_.lang)
            if self.get_argument("keep", "") and item.comment:
                add_comment(self.course, self.bank_language(item), item.comment, ui=_.lang)
        except ReflectionError as refused:
            self.show(key, problem=str(refused), typed=(score, comment), status=400)
            return
        unit = self.get_argument("unit", "") or None
        if unit is not None and unit not in self.course.units:
            unit = None
        queue = reflection_queue(self.course, unit, lang=_.lang, with_texts=False)
        keys = [i.key for i in queue]
        at = keys.index(key) if key in keys else -1
        later = [i.key for i in queue[at + 1 :] + queue[: at + 1] if i.needs_grading]
        following = later[0] if later else key
        self.redirect(
            self.url("reflections", key=following, unit=unit or "", saved=item.key), status=303
        )


HANDLERS = [("reflections", ReflectionsPage), ("reflections/save", ReflectionsPage)]
