"""The self-assessment as visitors open it: Voilà with the kit's light page.

`digiculture run`, the browser tests and the load benchmark all start it through
`self_assessment_server`, so all three serve the same thing: Voilà with preheated kernels
(the app built in the server's language before anyone arrives), the kit's proxy before it
(digiculture/voila_proxy.py) and the light page (Voilà template `kit-light`, whose script is built
from voila_apps/light_page by `make`).
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from digiculture.assessment_setup import load_assessment
from digiculture.errors import UserError
from digiculture.server import LocalServer, ProxiedServer, voila_app
from digiculture.settings import Settings

#: The Voilà template of the light page (voila_apps/jupyter/voila/templates/kit-light).
LIGHT_TEMPLATE = "kit-light"

#: The texts of the page around the app (assessment/data/ui.yaml and its translations).
PAGE_MESSAGES = (
    "page_loading",
    "page_failed",
    "page_disconnected",
    "page_disconnected_kept",
    "page_needs_javascript",
)


def light_page_script(settings: Settings) -> Path:
    """The light page's script, as `make` builds it from voila_apps/light_page."""
    return (
        settings.apps_dir / "jupyter" / "voila" / "templates" / LIGHT_TEMPLATE / "static"
    ) / f"{LIGHT_TEMPLATE}.js"


def page_messages(settings: Settings) -> dict[str, dict[str, str]]:
    """The page's texts in every language of the item bank: {lang: {key: text}}."""
    assessment = load_assessment(settings, with_store=False)
    return {
        lang: {key: assessment.local(lang)[1].ui[key] for key in PAGE_MESSAGES}
        for lang in assessment.languages
    }


def _json_for_html(value: object) -> str:
    """JSON that can stand inside a <script> element as it is."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def self_assessment_server(
    port: int,
    settings: Settings | None = None,
    pool_size: int = 2,
    lang: str = "en",
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
) -> tuple[LocalServer | ProxiedServer, str]:
    """The self-assessment's server (not started yet) and the address visitors open.

    `lang` is the language the preheated kernels build the app in (a visitor asking for
    another with ?lang= gets it built on arrival); `pool_size` kernels wait for visitors.
    The kernels get `env` (default: this process's environment) and `settings` (default:
    those of `env`), so the app reads the same data and store as the caller.
    """
    env = dict(os.environ if env is None else env)
    settings = settings or Settings.load(environ=env)
    if not light_page_script(settings).is_file():
        raise UserError(
            "The self-assessment's page is not built yet "
            f"({light_page_script(settings)} is missing). Run `make setup` in the kit's "
            "folder: it builds the page with npm (Node.js)."
        )
    messages = page_messages(settings)
    # Without JavaScript the page cannot tell the visitor's language: the message in every
    # language, the server's first, each marked with its language for screen readers.
    order = [lang, *(code for code in messages if code != lang)] if lang in messages else messages
    noscript = "".join(
        f'<span lang="{code}">{html.escape(messages[code]["page_needs_javascript"])}</span><br>'
        for code in order
    )
    return voila_app(
        settings.apps_dir / "self_assessment.ipynb",
        port,
        tuned=True,
        pool_size=pool_size,
        env={**env, **settings.as_environ(), "DIGICULTURE_LANG": lang},
        log_path=log_path,
        template=LIGHT_TEMPLATE,
        resources={"kit_messages": _json_for_html(messages), "kit_noscript": noscript},
    )
