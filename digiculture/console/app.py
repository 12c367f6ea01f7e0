"""The console as a tornado application, and the service's `main` (the hub starts it).

`make_app(settings, prefix)` collects the pages: each module of `PAGE_MODULES` has
`HANDLERS = [(pattern, HandlerClass), ...]` (patterns relative to the console's address) and
`NAV` (its menu entry, or None); a module that is not there (`reflections` on a branch without
it) is left out. The hub runs `python -m digiculture.console.app` as the service `console`
(hub/config.py): it listens on the address JupyterHub gives it (JUPYTERHUB_SERVICE_URL,
127.0.0.1) under /services/console/.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import secrets
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

from jupyterhub.services.auth import HubOAuthCallbackHandler
from tornado import web

from digiculture.console.base import HOME_TITLE, ConsoleHandler, NavEntry, esc
from digiculture.settings import Settings

log = logging.getLogger("digiculture.console")

SERVICE_NAME = "console"
STATIC = Path(__file__).resolve().parent / "static"
#: The pages in the menu's order; a missing module is left out (see the module's text).
PAGE_MODULES = (
    "digiculture.console.learners",
    "digiculture.console.units",
    "digiculture.console.reflections",
    "digiculture.console.gradebook",
    "digiculture.console.credentials",
    "digiculture.console.mentoring",
)


def page_modules(names: tuple[str, ...] = PAGE_MODULES) -> list[ModuleType]:
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the page is there but something it needs is not
                raise
    return modules


class OverviewPage(ConsoleHandler):
    """The start page: the cohort and what each page is for."""

    def get(self) -> None:
        _ = self.words
        items = "".join(
            f'<li><a href="{esc(self.url(entry.path))}">{esc(_(entry.title))}</a></li>'
            for entry in self.nav
            if entry.path
        )
        others = ""
        if len(self.cohorts) > 1:
            links = ", ".join(
                f'<a href="{esc(self.url("", cohort=c))}">{esc(c)}</a>' for c in self.cohorts
            )
            others = f"<p>{esc(_('Your other cohorts:'))} {links}</p>"
        counts = _(
            "{count} learners on the roster, {units} units.",
            count=len(self.cohort.learners),
            units=len(self.course.units),
        )
        self.render_page(
            _("The cohort {cohort}", cohort=self.cohort.course),
            f"<p>{esc(counts)}</p><ul>{items}</ul>{others}",
        )


class NoSuchPage(ConsoleHandler):
    """Any other address under the console: 404 for a facilitator (403 for anybody else,
    who is refused before)."""

    def get(self) -> None:
        raise web.HTTPError(404)

    post = get


def make_app(
    settings: Settings | None = None,
    prefix: str = "/services/console/",
    modules: list[ModuleType] | None = None,
    cookie_secret: bytes | None = None,
) -> web.Application:
    """The console for the hub of `settings` at `prefix` (ending in '/')."""
    settings = settings or Settings.load()
    prefix = "/" + prefix.strip("/") + "/"
    modules = page_modules() if modules is None else modules
    nav = [NavEntry("", HOME_TITLE)]
    handlers: list[tuple] = [
        (prefix, OverviewPage),
        (prefix + "oauth_callback", HubOAuthCallbackHandler),
        (prefix + r"static/(.*)", web.StaticFileHandler, {"path": str(STATIC)}),
    ]
    for module in modules:
        if getattr(module, "NAV", None) is not None:
            nav.append(module.NAV)
        for spec in module.HANDLERS:
            pattern, handler, *extra = spec
            handlers.append((prefix + pattern.lstrip("/"), handler, *extra))
    handlers.append((prefix + r".*", NoSuchPage))
    return web.Application(
        handlers,
        kit=settings,
        console_prefix=prefix,
        console_nav=nav,
        cookie_secret=cookie_secret or secrets.token_bytes(32),
        xsrf_cookies=True,
        max_body_size=20 * 1024 * 1024,
    )


def main() -> None:
    """The service: listen where the hub says, until the hub stops it."""
    import asyncio

    logging.basicConfig(level=logging.INFO, format="%(asctime)s console %(levelname)s %(message)s")
    # The hub runs with the umask 077; the console writes what `sudo digiculture ...` writes
    # (course files for the cohort's facilitators' group; nbgrader sets the exchange's modes).
    os.umask(0o022)
    settings = Settings.load()
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")

    async def forever() -> None:
        app = make_app(settings, prefix)
        app.listen(url.port or 80, url.hostname or "127.0.0.1", max_body_size=20 * 1024 * 1024)
        log.info("The facilitators' console listens on %s", url.geturl())
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):  # the hub stops its services: no message
        asyncio.run(forever())


if __name__ == "__main__":
    main()
