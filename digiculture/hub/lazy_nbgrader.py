"""nbgrader's learner handlers (the Assignments panel: list, fetch, submit, fetch feedback,
validate) on a learner's server, loaded when first asked for instead of when the server starts.

Importing them imports most of nbgrader (its exchange, its apps, nbconvert, SQLAlchemy): about
half of the processor time a learner's server spends before it answers (1.8 of 3.3 s here,
measured with `python -X importtime` and the CPU time of a server until its API answers).
When 60 learners log in together on 2 cores that is the difference between waiting one
minute and two; the panel is opened later, by each learner at their own moment.

This Jupyter server extension (enabled in the learners' Jupyter config instead of nbgrader's
`assignment_list` and `validate_assignment`, `layout.LEARNER_SERVER_ON`) routes their URLs to
a router that, on the first request, runs nbgrader's own two `load_jupyter_server_extension`
functions (the same settings, the same handler classes) into its own rules, and then serves
that and every later request with them. Nothing of nbgrader's behaviour changes.
"""

from __future__ import annotations

import importlib
from typing import Any

from tornado.routing import Router
from tornado.web import Application, _ApplicationRouter

MODULES = (
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.validate_assignment",
)
#: The paths of nbgrader's handlers in MODULES (their `default_handlers`, under base_url).
PATHS = r"(?:assignments|assignments/[^/]+|courses|nbgrader_version)"


class LazyNbgrader(Router):
    def __init__(self, serverapp: Any):
        self.serverapp = serverapp
        self.real: _ApplicationRouter | None = None

    def load(self) -> _ApplicationRouter:
        """nbgrader's extensions, loaded once, their handlers into this router's own rules."""
        if self.real is None:
            web_app = self.serverapp.web_app
            rules: list = []

            def add_handlers(host: str, handlers: list) -> None:
                for pattern, handler, *_ in handlers:  # Jupyter's check of their authentication
                    web_app._check_handler_auth(pattern, handler)
                rules.extend(handlers)

            web_app.add_handlers = add_handlers
            try:
                for name in MODULES:
                    importlib.import_module(name).load_jupyter_server_extension(self.serverapp)
            finally:
                del web_app.add_handlers
            self.real = _ApplicationRouter(web_app, rules)
        return self.real

    def find_handler(self, request, **kwargs):
        return self.load().find_handler(request, **kwargs)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "digiculture.hub.lazy_nbgrader"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from jupyter_server.utils import url_path_join

    base_url = serverapp.web_app.settings["base_url"]
    # Tornado's own add_handlers: Jupyter's checks the handler classes' authentication, which
    # it does on nbgrader's classes when they are loaded (their methods are authenticated).
    Application.add_handlers(
        serverapp.web_app, ".*$", [(url_path_join(base_url, PATHS), LazyNbgrader(serverapp))]
    )
    serverapp.log.info("nbgrader's Assignments handlers load when first asked for.")
