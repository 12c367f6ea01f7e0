"""The self-assessment app that `voila_apps/self_assessment.ipynb` shows: built from the
kit's settings, with the link's cohort and institution and the units' links."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from assessment.app import SelfAssessmentApp
from assessment.store import StoreUnavailable
from assessment.wording import language_of
from digiculture.assessment_setup import load_assessment
from digiculture.errors import UserError
from digiculture.settings import Settings
from digiculture.voila_query import url_parameters


def unit_links(settings: Settings) -> Callable[[str], str | None] | None:
    """What opens a recommended unit: the cohort's hub (nbgitpuller) when there is one, else
    Binder; None when the kit does not know where the course is published."""
    from digiculture.links import (
        binder_link,
        course_path,
        find_repository,
        nbgitpuller_link,
        service_address,
    )

    try:
        repo = find_repository(settings)
        if settings.hub_url:
            hub = service_address(settings.hub_url, "hub")
            return lambda unit: nbgitpuller_link(hub, repo, course_path(unit))
        binder = service_address(settings.binder_url, "Binder service")
        return lambda unit: binder_link(binder, repo, course_path(unit))
    except UserError as exc:
        logging.getLogger("digiculture").warning("Units are shown without links: %s", exc)
        return None


def build(lang: str | None = None) -> SelfAssessmentApp:
    """The app for the visitor who opened the page (language from the argument or ?lang=)."""
    settings = Settings.load()
    settings.log_app_to("self_assessment")
    # Load everything before waiting for the visitor: a preheated kernel does this in advance.
    try:
        assessment = load_assessment(settings)
    except StoreUnavailable as exc:
        # Learners still get their results and report; nothing is stored ("not stored" is
        # shown on the results page). The facilitator finds the reason in the log.
        logging.getLogger("digiculture").error("Answers will not be stored: %s", exc)
        assessment = load_assessment(settings, with_store=False)
    # The app is built before the visitor arrives too, in the language the server was started
    # for (`digiculture run --lang`, DIGICULTURE_LANG): a visitor who comes with it (the
    # address `digiculture run` prints) only waits for the app to be shown.
    app = SelfAssessmentApp(assessment, lang=lang or os.environ.get("DIGICULTURE_LANG"))
    app.unit_link = unit_links(settings)
    params = url_parameters()
    # ?lang= in any case, with a region or not (de-AT, DE); the kit's proxy adds it from the
    # browser's languages when the address has none (digiculture/voila_proxy.py).
    asked = language_of(lang or params.get("lang"), assessment.languages)
    if asked in assessment.languages and asked != app.lang:
        import ipywidgets

        ipywidgets.Widget.close_all()  # the app built in advance: nobody will see it
        app = SelfAssessmentApp(assessment, lang=asked, unit_link=app.unit_link)
    attach_link(app, settings, params)
    return app


def attach_link(app: SelfAssessmentApp, settings: Settings, params: dict[str, str]) -> None:
    """The link's cohort and institution, only when known (a registered institution's staff
    code, a cohort's course folder); the visitor is told what was ignored, and may share
    their result with the institution at the end."""
    from digiculture.institutions.link import resolve
    from digiculture.institutions.sharing import link_notes, share_choice

    context = resolve(settings, params.get("institution"), params.get("cohort"))
    app.cohort = context.cohort
    app.institution = context.institution.name if context.institution else None
    app.extensions["language"] = link_notes(context)
    app.extensions["results"] = share_choice(app.assessment.store, context.institution)
    if context.ignored:
        app.show_page()  # the first page again, with the note


def show(lang: str | None = None) -> None:
    """Build the app for the visitor (see `build`) and display it."""
    from IPython.display import display

    display(build(lang).widget)
