"""The console's words in the facilitator's language: the gettext domain `console`.

Texts are written in English in the console's modules, marked `_("...")` where shown (`_` is
a `Words` for the page's language) or `N_("...")` where kept for later (menu titles);
`digiculture translations update` extracts them into
`digiculture/locale/LANG/LC_MESSAGES/console.po`. A text with values is a template:
`_("Released {unit}.", unit=...)`, never an f-string.
"""

from __future__ import annotations

from digiculture.gettext_catalogs import CONSOLE_DOMAIN
from digiculture.outcomes.words import N_
from digiculture.outcomes.words import Words as _ReportWords

__all__ = ["N_", "Words", "CONSOLE_DOMAIN"]


class Words(_ReportWords):
    """`_("text", **values)`: a console text in `lang`, English when it has no translation;
    country and language names from Babel (as the reports' `Words`)."""

    domain = CONSOLE_DOMAIN
