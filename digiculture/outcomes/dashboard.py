"""The facilitator dashboard behind `voila_apps/facilitator_dashboard.ipynb`.

The data (results store, every cohort's roster and gradebook) is read once; choosing a cohort
or a country recomputes the figures from it. The CSV link holds the tables as shown. The page
speaks the language of its link (`?lang=de`), else English.
"""

from __future__ import annotations

import base64
import html
import logging

import ipywidgets as w

from digiculture.outcomes.html import programme_html
from digiculture.outcomes.service import Outcomes
from digiculture.outcomes.tables import programme_tables, to_csv
from digiculture.outcomes.words import Words

log = logging.getLogger(__name__)
ALL = "__all__"


def download_link(data: bytes, filename: str, mime: str, text: str, cls: str) -> str:
    href = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    return (
        f'<a class="{cls}" download="{html.escape(filename)}" href="{href}">{html.escape(text)}</a>'
    )


class FacilitatorDashboard:
    def __init__(self, outcomes: Outcomes, lang: str | None = None) -> None:
        _ = self.words = Words(lang)
        self.outcomes = outcomes
        self.data = outcomes.programme_data()
        first = outcomes.programme(data=self.data, lang=_.lang)
        self.cohort = w.Dropdown(
            options=[(_("All cohorts"), ALL)] + [(c, c) for c in first.cohorts_available],
            value=ALL,
            description=_("Cohort"),
        )
        self.cohort.add_class("kit-filter-cohort")
        self.country = w.Dropdown(
            options=[(_("All countries"), ALL)]
            + [(f"{_.country(c)} ({c})", c) for c in first.countries_available],
            value=ALL,
            description=_("Country"),
        )
        self.country.add_class("kit-filter-country")
        self.download = w.HTML()
        self.body = w.HTML(layout=w.Layout(width="100%"))
        self.body.add_class("kit-dashboard-body")
        for control in (self.cohort, self.country):
            control.observe(lambda _change: self.refresh(), names="value")
        filters = w.HBox([self.cohort, self.country, self.download])
        filters.add_class("kit-filters")
        heading = html.escape(_("Programme dashboard: reach, units and competence change"))
        title = w.HTML(f"<h1>{heading}</h1>")
        self.widget = w.VBox([title, filters, self.body], layout=w.Layout(width="100%"))
        self.widget.add_class("kit-dashboard")
        self.refresh(first)

    def refresh(self, report=None) -> None:
        cohorts = None if self.cohort.value == ALL else [self.cohort.value]
        country = None if self.country.value == ALL else self.country.value
        report = report or self.outcomes.programme(
            cohorts, country, data=self.data, lang=self.words.lang
        )
        self.report = report
        self.body.value = programme_html(report, whole_page=False)
        name = "programme-" + "-".join(filter(None, [*(cohorts or []), country])) or "programme"
        self.download.value = download_link(
            to_csv(programme_tables(report)).encode("utf-8"),
            f"{name.rstrip('-')}.csv",
            "text/csv",
            self.words("Download the tables (CSV)"),
            "kit-download-csv",
        )


def show() -> None:
    """Build the dashboard from the kit's settings and display it (the Voilà page)."""
    from IPython.display import display

    from digiculture.errors import UserError
    from digiculture.settings import Settings

    settings = Settings.load()
    settings.log_app_to("dashboard")
    try:
        from digiculture.voila_query import url_parameters

        lang = url_parameters().get("lang")
        display(FacilitatorDashboard(Outcomes.load(settings), lang).widget)
    except UserError as exc:
        display(w.HTML(f'<p class="kit-note">{html.escape(str(exc))}</p>'))
