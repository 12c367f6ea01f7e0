"""The institution report page behind `voila_apps/institution_report.ipynb`.

A director chooses their institution (or opens the page with `?institution=...`) and sees
the development framework, with the PDF to download. Only institutions with at least 5
staff in the results store are offered; another name gets the report's refusal message.
"""

from __future__ import annotations

import html
import logging
import os
from collections import Counter
from urllib.parse import parse_qs

import ipywidgets as w

from digiculture.outcomes.dashboard import download_link
from digiculture.outcomes.html import institution_html
from digiculture.outcomes.institution import InstitutionReportRefused
from digiculture.outcomes.privacy import MIN_GROUP, shown
from digiculture.outcomes.service import Outcomes, open_store, render
from digiculture.outcomes.sources import assessed_learners

CHOOSE = "__choose__"


class InstitutionPage:
    def __init__(self, outcomes: Outcomes, institution: str | None = None) -> None:
        self.outcomes = outcomes
        self.assessed = assessed_learners(open_store(outcomes.settings).all_attempts())
        counts = Counter(a.institution for a in self.assessed if a.institution)
        names = sorted(n for n, k in counts.items() if shown(k))
        self.choice = w.Dropdown(
            options=[("Choose your institution", CHOOSE)] + [(n, n) for n in names],
            value=CHOOSE,
            description="Institution",
            layout=w.Layout(width="36rem"),
        )
        self.choice.add_class("kit-institution-choice")
        self.download = w.HTML()
        self.body = w.HTML(
            f"<p>Choose your institution to see its staff's digital competence picture and a "
            f"12-month development plan. Institutions appear here once at least {MIN_GROUP} "
            "staff have taken the self-assessment.</p>",
            layout=w.Layout(width="100%"),
        )
        self.body.add_class("kit-institution-body")
        self.choice.observe(lambda change: self.show_report(change["new"]), names="value")
        self.widget = w.VBox(
            [
                w.HTML("<h1>Your institution's digital competence framework</h1>"),
                w.HBox([self.choice, self.download]),
                self.body,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("kit-institution-page")
        if institution:
            if institution in names:
                self.choice.value = institution
            else:
                self.show_report(institution)

    def show_report(self, name: str) -> None:
        if name == CHOOSE:
            return
        a = self.outcomes.assessment
        from digiculture.outcomes.institution import institution_report

        try:
            report = institution_report(self.assessed, name, a.profile, a.manifest, a.bank)
        except InstitutionReportRefused as exc:
            self.download.value = ""
            self.body.value = f'<p class="kit-note kit-refused">{html.escape(str(exc))}</p>'
            return
        self.body.value = institution_html(report, whole_page=False)
        self.download.value = download_link(
            render(report, "pdf"),
            "development-plan.pdf",
            "application/pdf",
            "Download the report (PDF)",
            "kit-download-pdf",
        )


def _institution_parameter() -> str | None:
    query = ""
    try:
        from voila.utils import get_query_string

        query = get_query_string() or ""
    except Exception:  # not under Voilà
        query = os.environ.get("QUERY_STRING", "")
    values = parse_qs(query).get("institution")
    return values[0] if values else None


def show() -> None:
    from IPython.display import display

    from digiculture.errors import UserError
    from digiculture.settings import Settings

    settings = Settings.load()
    log_dir = settings.state_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=log_dir / "institution_report.log", level=logging.WARNING)
    try:
        page = InstitutionPage(Outcomes.load(settings), _institution_parameter())
        display(page.widget)
    except UserError as exc:
        display(w.HTML(f'<p class="kit-note">{html.escape(str(exc))}</p>'))
