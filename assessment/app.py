"""The self-assessment app (ipywidgets): what a cultural professional uses in the browser.

`voila_apps/self_assessment.ipynb` only creates and shows a `SelfAssessmentApp`. Pages:
language and welcome, consent, about you, one page per profile area, my institution, results
(chart, levels, strengths, recommended units, PDF download, the situations explained).
Everything is plain HTML controls (radio buttons, buttons), so it works with the keyboard and
a screen reader, and the layout flows at 200 % zoom.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Callable

import ipywidgets as w

from assessment.bank import Item, ItemBank
from assessment.recommend import Recommendation
from assessment.service import Assessment, FinishedAttempt
from assessment.wording import long_date
from competence_profile import Profile, interface_languages

log = logging.getLogger(__name__)


def own_language_names(codes: tuple[str, ...]) -> dict[str, str]:
    """Each language's name in itself, from Babel (the Unicode CLDR): 'Hrvatski' for hr."""
    from babel import Locale, UnknownLocaleError

    names = {}
    for code in codes:
        try:
            name = Locale.parse(code).get_display_name(code) or ""
        except (ValueError, UnknownLocaleError):
            continue
        if name:
            names[code] = name[:1].upper() + name[1:]  # a choice in a list starts upper-case
    return names


#: The languages' names on the language page, each in itself (English, Deutsch, Hrvatski...).
LANGUAGE_NAMES = own_language_names(interface_languages())
CONTEXT_ON_ABOUT_PAGE = ("role", "institution_type", "institution_size", "country", "language")

STYLE = """
<style>
.kit-app { font-size: 1rem; line-height: 1.5; max-width: 52rem; }
.kit-app h1 { font-size: 1.6rem; margin: 0.4rem 0; }
.kit-app h2 { font-size: 1.3rem; margin: 0.8rem 0 0.3rem; }
.kit-app h3 { font-size: 1.1rem; margin: 0.8rem 0 0.2rem; }
.kit-app .widget-html-content { white-space: normal; line-height: 1.4; }
.kit-app .widget-radio, .kit-app .widget-radio-box { height: auto !important; width: 100%; }
.kit-app .widget-radio-box label { display: flex; align-items: flex-start; gap: 0.4rem;
  height: auto !important; min-height: 1.6rem; line-height: 1.4; white-space: normal;
  margin: 0 0 0.45rem 0; cursor: pointer; }
.kit-app .widget-radio-box input[type=radio] { order: -1; flex: none; margin-top: 0.25rem;
  width: 1.1rem; height: 1.1rem; }
.kit-app .kit-question { margin: 0.2rem 0 0.8rem; padding: 0.4rem 0.6rem;
  border-left: 4px solid #1d4ed8; background: #f8fafc; }
.kit-app .kit-note { color: #7c2d12; }
.kit-app table { border-collapse: collapse; margin: 0.4rem 0; }
.kit-app th, .kit-app td { border: 1px solid #94a3b8; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; }
.kit-app table.kit-levels { width: 100%; max-width: 40rem; }
@media (max-width: 30rem) {  /* a phone: every column in view, long words hyphenated */
  .kit-app .kit-levels th, .kit-app .kit-levels td { padding: 0.2rem 0.25rem;
    hyphens: auto; font-size: 0.85rem; }
  .kit-app .kit-levels tbody th { overflow-wrap: anywhere; }
}
.kit-app .kit-level-meanings dt { font-weight: bold; margin-top: 0.4rem; }
.kit-app .kit-level-meanings dd { margin: 0 0 0 1rem; }
.kit-app .kit-unanswered ul { margin: 0.3rem 0; }
.kit-app a.kit-download { display: inline-block; padding: 0.5rem 1rem; background: #1d4ed8;
  color: #ffffff; border-radius: 4px; text-decoration: none; font-weight: bold; }
.kit-app .widget-button { height: auto; min-height: 2.2rem; white-space: normal; }
.kit-app button:focus-visible, .kit-app input:focus-visible, .kit-app a:focus-visible {
  outline: 3px solid #c2410c; outline-offset: 2px; }
</style>
"""


def _html(text: str, tag: str = "p", cls: str | None = None) -> w.HTML:
    widget = w.HTML(f"<{tag}>{html.escape(text)}</{tag}>", layout=w.Layout(width="100%"))
    if cls:
        widget.add_class(cls)
    return widget


def _id_class(item_id: str) -> str:
    return "kit-item-" + item_id.replace(".", "-")


#: What a draft key looks like (assessment/drafts.py, voila_apps/light_page/src/draft.js).
DRAFT_KEY = re.compile(r"[A-Za-z0-9_-]{24,64}")

#: A widget with the class LABELLED_BY + id is named by the element of that id (the light
#: page sets aria-labelledby: voila_apps/light_page/src/views.js).
LABELLED_BY = "kit-labelledby-"


def question_id(item_id: str) -> str:
    """The HTML id of a question's text (the name of its radio group)."""
    return "kit-q-" + "".join(c if c.isalnum() else "-" for c in item_id)


def _mark(widget: w.DOMWidget, prefix: str, value: str) -> None:
    """Give `widget` the class `prefix` + `value` in place of its earlier one of that prefix.

    The page around the app follows these (voila_apps/light_page): `kit-lang-de` on the app
    becomes the page's language, a new `kit-page-...` on its body brings the visitor to the
    top of the new page.
    """
    name = prefix + "".join(c if c.isalnum() else "-" for c in value)
    for old in widget._dom_classes:
        if old.startswith(prefix) and old != name:
            widget.remove_class(old)
    widget.add_class(name)


class SelfAssessmentApp:
    """The whole self-assessment for one visitor."""

    def __init__(
        self,
        assessment: Assessment,
        lang: str | None = None,
        cohort: str | None = None,
        institution: str | None = None,
        on_finish: Callable[[FinishedAttempt], None] | None = None,
        unit_link: Callable[[str], str | None] | None = None,
    ):
        self.assessment = assessment
        self.lang = lang if lang in assessment.languages else "en"
        self.cohort, self.institution = cohort, institution
        self.on_finish = on_finish
        #: Extra widgets at the end of a page, by page name ("language", "results", ...):
        #: how the kit adds its parts (the link's notes, sharing with one's institution)
        #: without this class knowing them. Each is called when its page is drawn.
        self.extensions: dict[str, Callable[[SelfAssessmentApp], list[w.Widget]]] = {}
        #: The address that opens a unit (the cohort's hub or Binder), when it is known.
        self.unit_link = unit_link
        self.answers: dict[str, object] = {}
        self.consent: bool = False
        self.code: str | None = None
        self.attempt: FinishedAttempt | None = None
        self.page = 0
        self._page_items: list[str] = []
        self._warned_page: int | None = None
        self.body = w.VBox(layout=w.Layout(width="100%"))
        self.body.add_class("kit-page")
        self.nav = w.HBox(
            layout=w.Layout(
                width="100%", flex_flow="row wrap", align_items="center", grid_gap="0.6rem"
            )
        )
        self.progress = w.IntProgress(
            min=0, value=0, description="", layout=w.Layout(width="100%", max_width="30rem")
        )
        self.progress.add_class(LABELLED_BY + "kit-progress-text")  # role=progressbar
        self.progress_label = w.HTML()
        self.note = w.HTML()
        # The visitor's draft key: the light page gives the one its browser keeps ("new" when
        # it has none) and keeps the one the app gives back (assessment/drafts.py).
        self.draft_key = w.Text(value="", layout=w.Layout(display="none"))
        self.draft_key.add_class("kit-draft")
        self._draft: str | None = None
        self._restored = False
        self.draft_key.observe(lambda change: self._attach_draft(change["new"]), names="value")
        self.widget = w.VBox(
            [w.HTML(STYLE), self.body, self.draft_key], layout=w.Layout(width="100%")
        )
        self.widget.add_class("kit-app")
        self._build()
        _mark(self.widget, "kit-saved-", "yes")

    # -- structure --------------------------------------------------------------------
    @property
    def texts(self) -> tuple[Profile, ItemBank]:
        return self.assessment.local(self.lang)

    def _build(self) -> None:
        profile, bank = self.texts
        self.ui = bank.ui
        self._page_items = []
        self.controls: dict[str, w.RadioButtons] = {}
        self.pages: list[tuple[str, Callable[[], list[w.Widget]]]] = [
            ("language", self._language_page),
            ("consent", self._consent_page),
            ("about", self._about_page),
            *[(f"area:{a.id}", lambda a=a: self._area_page(a.id)) for a in profile.areas],
            ("institution", self._institution_page),
        ]
        self.progress.max = len(self.pages) - 1
        self.show_page()
        _mark(self.widget, "kit-lang-", self.lang)  # once the page is there in the language

    def show_page(self) -> None:
        """Draw the current page (again: after a move, or when its extensions changed)."""
        name, make = self.pages[self.page] if self.page < len(self.pages) else ("results", None)
        self.note.value = ""
        content = make() if make else self._results_page()
        if name in self.extensions:
            content = [*content, *self.extensions[name](self)]
        self._navigation(name)
        if self._restored and name != "results":
            self._restored = False
            self.note.value = (
                f'<p class="kit-note kit-restored" role="status">'
                f"{html.escape(self.ui['draft_restored'])}</p>"
            )
        self.body.children = [*content, self.note, self.nav]  # one update: no half-drawn page
        _mark(self.body, "kit-page-", name)
        if make:
            self._save_draft()

    def _navigation(self, name: str) -> None:
        ui = self.ui
        buttons: list[w.Widget] = []
        if name == "language":
            start = w.Button(description=ui["start"], button_style="primary")
            start.add_class("kit-start")
            start.on_click(lambda _: self._start())
            self.nav.children = [start]
            return
        if name == "results":
            self.nav.children = []
            return
        back = w.Button(description="← " + ui["back"])
        back.add_class("kit-back")
        back.on_click(lambda _: self._go(-1))
        last = self.page == len(self.pages) - 1
        forward = w.Button(
            description=(ui["finish"] if last else ui["next"] + " →"), button_style="primary"
        )
        forward.add_class("kit-finish" if last else "kit-next")
        forward.on_click(lambda _: self._forward())
        self.progress.value = self.page
        progress = ui["progress"].format(page=self.page, pages=len(self.pages) - 1)
        self.progress.tooltip = progress  # aria-valuetext
        self.progress_label.value = f'<span id="kit-progress-text">{html.escape(progress)}</span>'
        buttons = [back, forward, self.progress, self.progress_label]
        self.nav.children = buttons

    def _start(self) -> None:
        self._apply_language()  # a language chosen but not confirmed: the visitor meant it
        self._go(1)

    def _go(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.show_page()

    def _forward(self) -> None:
        name = self.pages[self.page][0]
        if name == "consent" and self.code and self._code_known() is False:
            # A mistyped code would silently start a new learner: the comparison with the
            # first attempt would be lost. The code stays in its box to be corrected.
            self.note.value = (
                f'<p class="kit-note kit-code-unknown" role="alert">'
                f"{html.escape(self.ui['code_unknown'])}</p>"
            )
            return
        if name == "about" and not self.answers.get("role"):
            self.note.value = (
                f'<p class="kit-note" role="alert">{html.escape(self.ui["role_needed"])}</p>'
            )
            return
        if name.startswith("area:") or name == "institution":
            open_items = [
                i for i, c in self.controls.items() if i in self._page_items and c.value is None
            ]
            if open_items and self._warned_page != self.page:
                self._warned_page = self.page
                self.note.value = self._unanswered_note(open_items)
                return
        if self.page == len(self.pages) - 1:
            self._finish()
            return
        self._go(1)

    def _code_known(self) -> bool | None:
        try:
            return self.assessment.knows_code(self.code or "")
        except Exception:  # the store is down: the results page says "not stored"
            log.exception("checking a personal code failed")
            return None

    def _unanswered_note(self, item_ids: list[str]) -> str:
        """The questions without an answer, each a link to its group (the light page moves
        the keyboard focus there)."""
        _, bank = self.texts
        links = "".join(
            f'<li><a href="#{question_id(i)}" class="kit-to-question">'
            f"{html.escape(bank.item(i).text)}</a></li>"
            for i in item_ids
        )
        return (
            '<div class="kit-note kit-unanswered" role="alert">'
            f"<p>{html.escape(self.ui['unanswered_list'])}</p><ul>{links}</ul></div>"
        )

    # -- inputs ------------------------------------------------------------------------
    def _radio(self, item: Item, choices: list[tuple[str, object]]) -> w.Widget:
        """A question: its text, then radio buttons; the answer goes into self.answers.

        The light page draws the buttons as one radio group named by the question's text
        (voila_apps/light_page/src/views.js follows the `kit-labelledby-` class).
        """
        text_id = question_id(item.id)
        text = w.HTML(
            f'<p id="{text_id}">{html.escape(item.text)}</p>', layout=w.Layout(width="100%")
        )
        text.add_class("kit-question-text")
        radio = w.RadioButtons(
            options=choices,
            value=self.answers.get(item.id),
            layout=w.Layout(width="100%"),
            description="",
        )
        radio.add_class(LABELLED_BY + text_id)
        radio.observe(lambda change, i=item.id: self._answer(i, change["new"]), names="value")
        self.controls[item.id] = radio
        box = w.VBox([text, radio], layout=w.Layout(width="100%"))
        box.add_class("kit-question")
        box.add_class(_id_class(item.id))
        return box

    def _answer(self, item_id: str, value: object) -> None:
        if value is None:
            self.answers.pop(item_id, None)
        else:
            self.answers[item_id] = value
        self._save_draft()

    # -- the draft: answers kept as the visitor goes ---------------------------------------
    def _attach_draft(self, key: str) -> None:
        """The visitor's browser gave its draft key: go on where its draft left off."""
        drafts = self.assessment.drafts
        if not key or key == self._draft:
            return
        draft = None
        if drafts is not None and key != "new":
            try:
                draft = drafts.load(key)
            except Exception:
                log.exception("reading the visitor's draft failed")
        if drafts is not None and draft is None and DRAFT_KEY.fullmatch(key):
            self._draft = key  # a key the browser made for its first visit: a new draft
            self._save_draft()
            return
        if drafts is None or draft is None or draft.finished:
            self._new_draft()
            return
        self._draft = key
        self._restore(draft.state)

    def _new_draft(self) -> None:
        from assessment.drafts import new_draft_key

        self._draft = new_draft_key() if self.assessment.drafts is not None else None
        self.draft_key.value = self._draft or ""
        self._save_draft()

    def _restore(self, state: dict) -> None:
        answers = state.get("answers")
        if not isinstance(answers, dict) or not answers:
            return
        self.answers = dict(answers)
        self.code = state.get("code") or None
        lang = state.get("lang")
        self.lang = lang if lang in self.assessment.languages else self.lang
        self.page = 0
        self._build()  # the pages in the draft's language
        page = state.get("page")
        self.page = page if isinstance(page, int) and 0 <= page < len(self.pages) else 0
        self._restored = True
        self.show_page()

    def _save_draft(self) -> None:
        """Keep the answers so far under the visitor's draft key (nothing to lose after)."""
        drafts = self.assessment.drafts
        saved = not self.answers or self.attempt is not None
        if drafts is not None and self._draft and self.attempt is None:
            state = {"answers": self.answers, "code": self.code, "lang": self.lang}
            state["page"] = self.page
            try:
                drafts.save(self._draft, state)
                saved = True
            except Exception:
                log.exception("keeping the visitor's draft failed")
        # The light page warns before the visitor leaves a page with unsaved answers.
        _mark(self.widget, "kit-saved-", "yes" if saved else "no")

    def _item_widget(self, item: Item) -> w.Widget:
        _, bank = self.texts
        if item.scale_name:
            return self._radio(item, [(p.label, p.value) for p in bank.scales[item.scale_name]])
        return self._radio(item, [(o.text, o.id) for o in item.options])

    # -- pages ---------------------------------------------------------------------------
    def _language_page(self) -> list[w.Widget]:
        choice = w.RadioButtons(
            options=[(LANGUAGE_NAMES.get(c, c), c) for c in self.assessment.languages],
            value=self.lang,
            layout=w.Layout(width="100%"),
        )
        choice.add_class("kit-language")
        choice.add_class(LABELLED_BY + "kit-choose-language")
        # Choosing (with the arrow keys too) only marks a language; the page changes when the
        # visitor confirms it with this button, written in the language chosen, or starts.
        apply = w.Button(layout=w.Layout(display="none"))
        apply.add_class("kit-language-apply")
        self._pending_lang = self.lang

        def choose(change: dict) -> None:
            self._pending_lang = change["new"]
            if self._pending_lang == self.lang:
                apply.layout.display = "none"
            else:
                apply.description = self.assessment.local(self._pending_lang)[1].ui[
                    "language_apply"
                ]
                apply.layout.display = None

        choice.observe(choose, names="value")
        apply.on_click(lambda _: self._apply_language())
        return [
            _html(self.ui["app_title"], "h1"),
            _html(self.ui["welcome"]),
            w.HTML(f'<h2 id="kit-choose-language">{html.escape(self.ui["choose_language"])}</h2>'),
            choice,
            apply,
        ]

    def _apply_language(self) -> bool:
        """Rebuild the app in the language chosen on the first page; False if it is shown."""
        lang = getattr(self, "_pending_lang", self.lang)
        if lang == self.lang:
            return False
        self.lang = lang
        self.answers.setdefault("language", lang)
        self._build()
        return True

    def _consent_page(self) -> list[w.Widget]:
        _, bank = self.texts
        consent = bank.item("consent")
        code = w.Text(
            value=self.code or "", placeholder="XXXX-XXXX-XXXX", layout=w.Layout(width="16rem")
        )
        code.add_class("kit-code")

        def remember(change: dict) -> None:
            self.code = change["new"].strip() or None
            self._save_draft()

        code.observe(remember, names="value")
        code.add_class(LABELLED_BY + "kit-code-label")
        code_label = w.HTML(
            f'<label id="kit-code-label">{html.escape(self.ui["code_prompt"])}</label>'
        )
        return [
            _html(self.ui["consent_title"], "h2"),
            _html(self.ui["consent_text"]),
            _html(self.ui["draft_note"]),
            self._item_widget(consent),
            code_label,
            code,
        ]

    def _about_page(self) -> list[w.Widget]:
        _, bank = self.texts
        self._page_items = list(CONTEXT_ON_ABOUT_PAGE)
        return [
            _html(self.ui["about_you"], "h2"),
            *[self._item_widget(bank.item(i)) for i in CONTEXT_ON_ABOUT_PAGE],
        ]

    def _area_page(self, area_id: str) -> list[w.Widget]:
        profile, bank = self.texts
        area = profile.area(area_id)
        number = profile.area_ids.index(area_id) + 1
        out: list[w.Widget] = [
            _html(
                self.ui["area_page"].format(
                    number=number, total=len(profile.areas), area=area.title
                ),
                "h2",
            ),
            _html(" ".join(area.description.split())),
        ]
        self._page_items = []
        for comp in profile.competences_of(area_id):
            out.append(_html(f"{comp.id} {comp.title}", "h3"))
            for item in bank.for_competence(comp.id):
                prompt = (
                    self.ui["rate_prompt"] if item.kind == "self_rating" else self.ui["quiz_prompt"]
                )
                out += [_html(prompt, "p"), self._item_widget(item)]
                self._page_items.append(item.id)
        return out

    def _institution_page(self) -> list[w.Widget]:
        _, bank = self.texts
        items = bank.of_kind("institution")
        self._page_items = [i.id for i in items]
        return [
            _html(self.ui["institution_title"], "h2"),
            _html(self.ui["institution_intro"]),
            *[self._item_widget(i) for i in items],
        ]

    # -- results -----------------------------------------------------------------------
    def _finish(self) -> None:
        self.consent = self.answers.get("consent") == "yes"
        try:
            self.attempt = self.assessment.finish(
                dict(self.answers),
                str(self.answers["role"]),
                self.lang,
                consent=self.consent,
                code=self.code,
                cohort=self.cohort,
                institution=self.institution,
                draft=self._draft,
            )
        except Exception:
            log.exception("finishing the self-assessment failed")
            self.note.value = (
                '<p class="kit-note" role="alert">' + html.escape(self.ui["error_generic"]) + "</p>"
            )
            return
        if self.on_finish:
            self.on_finish(self.attempt)
        last_page = self.page
        self.page = len(self.pages)
        try:
            self.show_page()
        except Exception:  # the answers are stored; the learner is told, not left waiting
            log.exception("showing the results failed")
            self.page = last_page
            self.note.value = (
                '<p class="kit-note" role="alert">' + html.escape(self.ui["error_generic"]) + "</p>"
            )
            return
        self._new_draft()  # a later attempt in this browser starts afresh

    def _results_page(self) -> list[w.Widget]:
        from assessment.report import radar_chart

        assert self.attempt is not None
        profile, bank = self.texts
        ui, result = self.ui, self.attempt.result
        out: list[w.Widget] = [
            _html(ui["results_title"], "h1"),
            _html(ui["results_intro"].format(role=profile.role(result.role).title)),
        ]
        chart = radar_chart(result, profile, ui, bank.scoring.level_cutoffs)
        out.append(
            w.HTML(
                f'<img src="data:image/png;base64,{base64.b64encode(chart).decode()}" '
                f'alt="{html.escape(ui["chart_alt"])}" style="max-width:100%;width:28rem">'
            )
        )
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(a.id + ' ' + a.title)}</th>"
            f"<td>{result.areas[a.id].level}</td><td>{result.areas[a.id].target}</td>"
            f"<td>{result.areas[a.id].score:.0f}</td></tr>"
            for a in profile.areas
        )
        out.append(
            w.HTML(
                f"<table class='kit-levels'><caption>{html.escape(ui['results_title'])}</caption>"
                f"<thead><tr><th scope='col'>{html.escape(ui['area'])}</th>"
                f"<th scope='col'>{html.escape(ui['level'])}</th>"
                f"<th scope='col'>{html.escape(ui['target'])}</th>"
                f"<th scope='col'>{html.escape(ui['score'])}</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        )
        # What L1-L4 mean, in the profile's own words.
        meanings = "".join(
            f"<dt>{html.escape(lv.id + ' ' + lv.title)}</dt><dd>{html.escape(lv.description)}</dd>"
            for lv in profile.levels
        )
        out.append(_html(ui["levels_title"], "h2"))
        out.append(w.HTML(f"<dl class='kit-level-meanings'>{meanings}</dl>"))
        strengths = [
            c
            for c in profile.competences
            if result.competences[c.id].score >= bank.scoring.strength_score
        ]
        out.append(_html(ui["strengths"], "h2"))
        out.append(
            w.HTML(
                "<ul>"
                + "".join(f"<li>{html.escape(c.id + ' ' + c.title)}</li>" for c in strengths)
                + "</ul>"
                if strengths
                else f"<p>{html.escape(ui['no_strengths'])}</p>"
            )
        )
        out.append(_html(ui["recommendations"], "h2"))
        recs = self.attempt.recommendations
        if recs:
            out.append(_html(ui["recommendations_first"]))
            items = "".join(self._recommendation(r) for r in recs)
            total = ui["total_time"].format(minutes=sum(r.minutes for r in recs))
            out.append(
                w.HTML(f"<ol class='kit-recommendations'>{items}</ol><p>{html.escape(total)}</p>")
            )
        else:
            out.append(_html(ui["no_recommendations"]))
        if self.attempt.previous is not None:
            prev = self.attempt.previous
            lines = "".join(
                f"<li>{html.escape(a.id + ' ' + a.title)}: {prev.areas[a.id].level} → "
                f"{result.areas[a.id].level} "
                f"({result.areas[a.id].score - prev.areas[a.id].score:+.0f})</li>"
                for a in profile.areas
            )
            out += [
                _html(ui["first_change_title"], "h2"),
                _html(
                    ui["first_change_intro"].format(
                        date=long_date(self.attempt.previous_date or "", self.lang)
                    )
                ),
                w.HTML(f"<ul class='kit-change'>{lines}</ul>"),
            ]
        if self.attempt.code:
            code_note = _html(ui["your_code"].format(code=self.attempt.code), "p", "kit-your-code")
            out += [code_note, _html(ui["data_rights"])]
        else:
            out.append(_html(ui["not_stored"]))
        pdf = self.assessment.pdf(self.attempt)
        out.append(
            w.HTML(
                f'<p><a class="kit-download" download="{html.escape(ui["report_file"])}.pdf" '
                f'href="data:application/pdf;base64,{base64.b64encode(pdf).decode()}">'
                f"{html.escape(ui['download_pdf'])}</a></p>"
            )
        )
        out.append(self._explanations())
        return out

    def _recommendation(self, rec: Recommendation) -> str:
        """One recommended unit: its title (a link that opens it, when the course's address
        is known), its time and why."""
        title = html.escape(self.assessment.manifest.unit(rec.unit).title_in(self.lang))
        link = self.unit_link(rec.unit) if self.unit_link else None
        if link:
            title = (
                f'<a class="kit-unit-link" href="{html.escape(link)}" target="_blank" '
                f'rel="noopener">{title}<span class="kit-new-tab"> '
                f"({html.escape(self.ui['opens_in_new_tab'])})</span></a>"
            )
        return (
            f"<li><strong>{title}</strong> "
            f"({html.escape(self.ui['minutes'].format(minutes=rec.minutes))})<br>"
            f"{html.escape(rec.reason)}</li>"
        )

    def _explanations(self) -> w.Widget:
        _, bank = self.texts
        ui = self.ui
        parts = []
        for item in bank.of_kind("knowledge"):
            options = {o.id: o.text for o in item.options}
            given = self.answers.get(item.id)
            verdict = ui["correct"] if given == item.answer else ui["not_correct"]
            parts.append(
                f"<h3>{html.escape(item.competence or '')}: {html.escape(verdict)}</h3>"
                f"<p>{html.escape(item.text)}</p>"
                f"<p>{html.escape(ui['your_answer'])}: "
                f"{html.escape(options.get(given, ui['no_answer']))}</p>"
                f"<p>{html.escape(item.explanation or '')}</p>"
            )
        return w.HTML(
            f"<details><summary>{html.escape(ui['answers_title'])}</summary>"
            + "".join(parts)
            + "</details>"
        )
