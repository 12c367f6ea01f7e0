"""`ConsoleHandler`: the base of every page of the console.

A request is answered only for a facilitator of a cohort on the hub (an admin, or a cohort's
facilitator in `hub.json`): the person is known from the hub's OAuth (JupyterHub's
`HubOAuthenticated`); anybody else gets a 403 page in their language and no data. A page
handler then has:

- `self.facilitator`: the facilitator's name on the hub;
- `self.cohort` and `self.course`: the chosen cohort (`?cohort=`, else the first one they
  facilitate) and its `Course` value (`digiculture.course.folder.open_course`);
- `self.words`: the texts in the facilitator's language (`?lang=`, remembered in a cookie, else
  the browser's Accept-Language, else the course's language);
- `self.render_page(title, body_html)`: the page in the console's frame (menu, headings,
  `<html lang>`), and `self.url(path, **query)` for links that keep the cohort and language;
- `self.send_json(data)` for the small scripts, `self.fail(message)` for a sentence instead
  of a traceback. POST requests carry the XSRF token (`self.xsrf_form_html()` in a form, the
  header `X-XSRFToken` from scripts: `self.xsrf_token` is in the page's `<meta>`).
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jupyterhub.services.auth import HubOAuthenticated
from tornado import web

from assessment.wording import accepted_language
from digiculture.console.words import N_, Words
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.errors import UserError
from digiculture.hub.state import Cohort, HubState, load_state
from digiculture.settings import Settings

log = logging.getLogger("digiculture.console")

LANG_COOKIE = "digiculture-console-lang"


def esc(value: object) -> str:
    """Text for HTML (every value a page shows goes through this)."""
    return html.escape(str(value), quote=True)


def para(text: str) -> str:
    """A paragraph of (escaped) text."""
    return f"<p>{esc(text)}</p>"


def column_headers(titles: Iterable[object]) -> str:
    """A table's header cells (escaped), one `<th scope="col">` per title."""
    return "".join(f'<th scope="col">{esc(title)}</th>' for title in titles)


@dataclass(frozen=True)
class NavEntry:
    path: str
    title: str


class Refused(web.HTTPError):
    """A request of somebody who is not a facilitator of a cohort here."""


class ConsoleHandler(HubOAuthenticated, web.RequestHandler):
    """The base of the console's pages (see the module's text)."""

    #: Pages a person who is no facilitator may see (none; the 403 page is written here).
    facilitator = ""
    cohort: Cohort
    course: Any = None
    words: Words

    # -- the application's parts ---------------------------------------------------------
    @property
    def kit(self) -> Settings:
        return self.application.settings["kit"]

    @property
    def prefix(self) -> str:
        """The console's address on the hub, ending in '/' (/services/console/)."""
        return self.application.settings["console_prefix"]

    @property
    def nav(self) -> list[NavEntry]:
        return self.application.settings["console_nav"]

    def hub_state(self) -> HubState:
        state = load_state(self.kit.hub_dir)
        if state is None:
            raise UserError(
                f"The hub in {self.kit.hub_dir} has not been set up: run `digiculture hub "
                "init --admin YOUR_NAME` first (see docs/hub.md)."
            )
        return state

    # -- who is asking -----------------------------------------------------------------------
    def prepare(self) -> None:
        self.words = Words(self._language(None))
        user = self.current_user
        if not user:
            if self.request.method in ("GET", "HEAD"):
                self.redirect(self.get_login_url())
                return
            raise web.HTTPError(403)
        state = self.hub_state()
        name = user.get("name", "")
        cohorts = state.facilitated_by(name) if user.get("kind", "user") == "user" else []
        if not cohorts:
            self.words = Words(self._language(self._roster_language(state, name)))
            log.warning("The console refused %s (not a facilitator of a cohort here)", name)
            raise Refused(403)
        self.facilitator = name
        wanted = self.get_argument("cohort", "")
        chosen = [c for c in cohorts if c.course == wanted]
        self.cohort = chosen[0] if chosen else sorted(cohorts, key=lambda c: c.course)[0]
        self.cohorts = sorted(c.course for c in cohorts)
        from digiculture.course.folder import open_course

        self.course = open_course(Path(self.cohort.course_dir))
        self.words = Words(self._language(None, self.course.language))

    def _language(self, known: str | None, fallback: str | None = None) -> str:
        """`?lang=` (remembered in a cookie), else the remembered one, else the person's
        language when `known` (a learner's roster), else the browser's, else `fallback`."""
        asked = self.get_argument("lang", "")
        if asked in COURSE_LANGUAGES:
            self.set_cookie(LANG_COOKIE, asked, path=self.prefix, httponly=True, samesite="Lax")
            return asked
        remembered = self.get_cookie(LANG_COOKIE, "")
        if remembered in COURSE_LANGUAGES:
            return remembered
        if known in COURSE_LANGUAGES:
            return known
        browser = accepted_language(
            self.request.headers.get("Accept-Language"), list(COURSE_LANGUAGES)
        )
        return browser or fallback or "en"

    @staticmethod
    def _roster_language(state: HubState, name: str) -> str | None:
        """A learner's language from their cohort's roster (for the 403 page)."""
        from digiculture.course.roster import load_course_roster

        for cohort in state.cohort_of(name):
            try:
                learner = load_course_roster(Path(cohort.course_dir)).get(name)
            except (OSError, UserError):
                continue
            if learner is not None and learner.language in COURSE_LANGUAGES:
                return learner.language
        return None

    # -- answers ---------------------------------------------------------------------------
    def url(self, path: str = "", **query: object) -> str:
        """The console's address of `path` (relative to the console), keeping the cohort."""
        values = {"cohort": getattr(self, "cohort", None) and self.cohort.course}
        values.update(query)
        text = urlencode({k: v for k, v in values.items() if v not in (None, "")})
        return self.prefix + path.lstrip("/") + (f"?{text}" if text else "")

    def back(self, path: str, label: str) -> str:
        """A paragraph with a link back to a page of the console."""
        return f'<p><a href="{esc(self.url(path))}">{esc(label)}</a></p>'

    def send_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data, ensure_ascii=False))

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
        )

    def render_page(self, title: str, body_html: str, status: int = 200) -> None:
        """The page: the console's frame around `body_html` (already escaped HTML)."""
        _ = self.words
        lang = _.lang
        menu = ""
        if self.facilitator:
            here = self.request.path
            items = []
            for entry in self.nav:
                href = self.url(entry.path)
                current = ' aria-current="page"' if here == self.prefix + entry.path else ""
                items.append(f'<li><a href="{esc(href)}"{current}>{esc(_(entry.title))}</a></li>')
            langs = " ".join(
                f'<a href="{esc(self.url(self.request.path[len(self.prefix) :], lang=code))}"'
                f' lang="{code}" hreflang="{code}"'
                + (' aria-current="true"' if code == lang else "")
                + f">{esc(code.upper())}</a>"
                for code in COURSE_LANGUAGES
            )
            cohort = esc(self.cohort.course)
            menu = (
                f'<nav aria-label="{esc(_("Console"))}"><ul>{"".join(items)}</ul></nav>'
                f'<p class="who">{esc(_("Cohort"))}: <strong>{cohort}</strong> · '
                f"{esc(self.facilitator)} · "
                f'<span aria-label="{esc(_("Language"))}">{langs}</span></p>'
            )
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="xsrf" content="{esc(self.xsrf_token.decode())}">'
            f"<title>{esc(title)} · {esc(_('Facilitator console'))}</title>"
            f'<link rel="stylesheet" href="{esc(self.prefix)}static/console.css">'
            f'<script src="{esc(self.prefix)}static/console.js" defer></script>'
            f'</head><body><a class="skip" href="#main">{esc(_("Skip to the content"))}</a>'
            f'<header><p class="brand">{esc(_("Facilitator console"))}</p>{menu}</header>'
            f'<main id="main" tabindex="-1"><h1>{esc(title)}</h1>{body_html}</main>'
            "</body></html>"
        )

    def fail(self, message: str, status: int = 400) -> None:
        """A sentence instead of the page (what went wrong and what to do)."""
        _ = self.words
        self.render_page(
            _("Something needs your attention"),
            f'<p role="alert" class="problem">{esc(message)}</p>'
            f'<p><a href="{esc(self.url(""))}">{esc(_("Back to the console"))}</a></p>',
            status,
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        _ = getattr(self, "words", None) or Words("en")
        self.words = _
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, UserError):
            self.fail(str(exc), 400)
            return
        if status_code == 403:
            self.facilitator = ""  # no menu, no cohort's name
            self.render_page(
                _("This page is for the course's facilitators"),
                '<p role="alert">'
                + esc(
                    _(
                        "You are logged in to the course hub, but this console is only for the "
                        "facilitators of a cohort. Your own work is in your JupyterLab: open "
                        "the hub's home page."
                    )
                )
                + f'</p><p><a href="/hub/home">{esc(_("Go to my hub home page"))}</a></p>',
                403,
            )
            return
        if status_code == 404:
            self.render_page(
                _("There is no such page"),
                para(_("There is no such page in the console: choose one in the menu.")),
                404,
            )
            return
        self.render_page(
            _("Something went wrong"),
            '<p role="alert">'
            + esc(
                _(
                    "The console could not do this. Nothing was changed by half. Try again; if "
                    "it happens again, the hub's administrator finds the reason in the "
                    "console's log."
                )
            )
            + "</p>",
            status_code,
        )

    def log_exception(self, typ, value, tb) -> None:  # noqa: ANN001 (tornado's signature)
        if isinstance(value, (Refused, UserError)):
            return
        super().log_exception(typ, value, tb)


#: The menu's title of the start page.
HOME_TITLE = N_("Overview")
