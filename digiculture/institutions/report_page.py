"""The institution report page behind `voila_apps/institution_report.ipynb`.

The page is for the institution only: it opens with the institution's **director key**
(`digiculture institution add` makes it; the facilitator gives it to the director). It lists
no institutions. Then it shows the staff's anonymous competence picture and 12-month plan
(from 5 staff on, under the small-cell rule), with the PDF to download; with fewer staff, the
report's refusal and the way to the institution's own check (`institution_check.ipynb`).
"""

from __future__ import annotations

import html

import ipywidgets as w

from digiculture.institutions.registry import Registry
from digiculture.institutions.texts import language_for, texts
from digiculture.outcomes.dashboard import download_link
from digiculture.outcomes.html import institution_html
from digiculture.outcomes.institution import InstitutionReportRefused, institution_report
from digiculture.outcomes.privacy import MIN_GROUP
from digiculture.outcomes.service import Outcomes, open_store, render
from digiculture.outcomes.sources import assessed_learners
from digiculture.outcomes.words import N_, Words

PAGE_TITLE = N_("Your institution's digital competence framework")


class InstitutionPage:
    def __init__(self, outcomes: Outcomes, lang: str | None = None) -> None:
        self.outcomes = outcomes
        self.lang = language_for(lang)
        self.t = texts(self.lang)
        _ = self.words = Words(self.lang)
        self.registry = Registry(outcomes.settings.results_store)
        self.key = w.Password(
            description=self.t["key_prompt"],
            layout=w.Layout(width="30rem"),
            style={"description_width": "initial"},
        )
        self.key.add_class("kit-key")
        button = w.Button(description=self.t["key_button"], button_style="primary")
        button.add_class("kit-open")
        button.on_click(lambda _: self.open(self.key.value))
        self.download = w.HTML()
        intro = _(
            "Type your institution's director key (the facilitator of the programme gives it "
            "to you) to see your staff's digital competence picture and a 12-month development "
            "plan. The staff picture needs at least {n} staff who took the self-assessment with "
            "your institution's link.",
            n=MIN_GROUP,
        )
        self.body = w.HTML(f"<p>{html.escape(intro)}</p>", layout=w.Layout(width="100%"))
        self.body.add_class("kit-institution-body")
        self.widget = w.VBox(
            [
                w.HTML(f"<h1>{html.escape(_(PAGE_TITLE))}</h1>"),
                w.HBox([self.key, button, self.download]),
                self.body,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("kit-institution-page")

    def open(self, key: str) -> bool:
        institution = self.registry.by_director_key(key)
        self.download.value = ""
        if institution is None:
            self.body.value = (
                '<p class="kit-note kit-refused" role="alert">'
                f"{html.escape(self.t['key_wrong'])}</p>"
            )
            return False
        a = self.outcomes.assessment
        assessed = assessed_learners(open_store(self.outcomes.settings).all_attempts())
        try:
            report = institution_report(
                assessed, institution.name, a.profile, a.manifest, a.bank, lang=self.lang
            )
        except InstitutionReportRefused as exc:
            self.body.value = f'<p class="kit-note kit-refused">{html.escape(str(exc))}</p>'
            return True
        self.body.value = institution_html(report, whole_page=False)
        self.download.value = download_link(
            render(report, "pdf"),
            "development-plan.pdf",
            "application/pdf",
            self.words("Download the report (PDF)"),
            "kit-download-pdf",
        )
        return True


def show() -> None:
    from IPython.display import display

    from digiculture.errors import UserError
    from digiculture.settings import Settings

    settings = Settings.load()
    settings.log_app_to("institution_report")
    try:
        from digiculture.voila_query import url_parameters

        page = InstitutionPage(Outcomes.load(settings), url_parameters().get("lang"))
        display(page.widget)
    except UserError as exc:
        display(w.HTML(f'<p class="kit-note">{html.escape(str(exc))}</p>'))
