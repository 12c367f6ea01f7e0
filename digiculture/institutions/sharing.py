"""The self-assessment's parts about institutions (added to `SelfAssessmentApp` through its
`extensions`, so the app itself knows nothing of them):

- on the first page, a note when the link's institution or cohort was not accepted;
- on the results page, the explicit, revocable choice to share one's own result with one's
  institution (unticked until the person ticks it; unticking withdraws it at once).
"""

from __future__ import annotations

import html
import logging

import ipywidgets as w

from assessment.store import ResultStore
from digiculture.institutions.link import LinkContext
from digiculture.institutions.registry import Institution, RegistryError, clean_text
from digiculture.institutions.texts import texts

log = logging.getLogger(__name__)


def _note(text: str, cls: str) -> w.HTML:
    widget = w.HTML(f'<p class="kit-note {cls}" role="status">{html.escape(text)}</p>')
    widget.add_class(cls)
    return widget


def link_notes(context: LinkContext):
    """Extension of the first page: what the link asked for and was not accepted."""

    def make(app) -> list[w.Widget]:
        t = texts(app.lang)
        return [_note(t[key], "kit-link-ignored") for key in context.ignored]

    return make


class ShareChoice:
    """The results page's choice to share one's result with `institution`."""

    def __init__(self, app, store: ResultStore, institution: Institution):
        self.app, self.store, self.institution = app, store, institution
        t = texts(app.lang)
        self.t = t
        code = app.attempt.code
        current = store.shared_with(code)
        shared = current is not None and current[0] == institution.name
        self.name = w.Text(  # its description is the input's label (for screen readers)
            value=current[1] if shared else "",
            description=t["share_name"],
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="36rem"),
        )
        self.name.add_class("kit-share-name")
        self.box = w.Checkbox(
            value=shared,
            description=t["share_choice"].format(institution=institution.name),
            indent=False,
            layout=w.Layout(width="100%"),
        )
        self.box.add_class("kit-share")
        self.status = w.HTML()
        self._status("share_done" if shared else "share_withdrawn")
        self._busy = False
        self.box.observe(self._changed, names="value")
        self.widget = w.VBox(
            [
                w.HTML(
                    f"<h2>{html.escape(t['share_title'].format(institution=institution.name))}"
                    f"</h2><p>{html.escape(t['share_text'].format(institution=institution.name))}"
                    "</p>"
                ),
                self.name,
                self.box,
                self.status,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("kit-share-choice")

    def _status(self, key: str) -> None:
        text = self.t[key].format(institution=self.institution.name, name=self.name.value.strip())
        self.status.value = f'<p class="kit-share-status" role="status">{html.escape(text)}</p>'

    def _changed(self, change: dict) -> None:
        if self._busy:
            return
        code = self.app.attempt.code
        try:
            if change["new"]:
                try:
                    name = clean_text(self.name.value, "name", 80)
                except RegistryError:
                    name = ""
                if not name:
                    self._busy = True
                    self.box.value = False
                    self._busy = False
                    self._status("share_name_needed")
                    return
                self.store.share_with_institution(code, self.institution.name, name)
                self._status("share_done")
            else:
                self.store.withdraw_share(code)
                self._status("share_withdrawn")
        except Exception:
            log.exception("saving the choice to share failed")
            self._status("share_failed")


def share_choice(store: ResultStore | None, institution: Institution | None):
    """Extension of the results page: the choice to share, when the result was stored with
    a registered institution's link."""

    def make(app) -> list[w.Widget]:
        if store is None or institution is None or app.attempt is None or not app.attempt.code:
            return []
        try:
            return [ShareChoice(app, store, institution).widget]
        except Exception:
            log.exception("the choice to share could not be shown")
            return []

    return make
