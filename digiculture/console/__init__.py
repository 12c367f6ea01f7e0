"""The facilitator's console: a web application on the course hub (a JupyterHub service).

Facilitators upload the roster, release, collect and grade units, read the gradebook, issue
credentials and plan mentoring and the workshop in the browser, without a root shell. Each
page calls the same functions as the `digiculture` command (never a second implementation).

- `app`: `make_app` and the service's `main` (the hub starts it: hub/config.py);
- `base`: `ConsoleHandler`, the base of every page (the hub's OAuth, the facilitator, the
  course, the words in the facilitator's language, `render_page`, XSRF);
- `words`: the gettext domain `console`;
- one module per page (`learners`, `units`, `gradebook`, `credentials`, `mentoring`, and
  `reflections` when present), each with `HANDLERS = [(pattern, HandlerClass), ...]` and
  `NAV = (path, title)`; `app.PAGE_MODULES` lists them in the menu's order.
"""
