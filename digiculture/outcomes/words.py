"""The reports' words in the reader's language: the gettext domain `reports`.

The programme report, the dashboard and the institution's staff report (the development
framework) are written in English in this package's code, each text marked `_("...")` where
it is shown (`_` is a `Words` for the report's language) or `N_("...")` where it is kept for
later; `digiculture translations update` extracts them into the catalogs
`digiculture/locale/LANG/LC_MESSAGES/reports.po`. A text with values is a template:
`_("Made on {date}", date=...)`, never an f-string, so that it can be translated. Country and
language names come from Babel (the Unicode CLDR), the competence areas' titles from the
profile's translations, the units' titles from units.yaml.
"""

from __future__ import annotations

from functools import lru_cache

from digiculture.course.codes import COUNTRIES, COURSE_LANGUAGES, LANGUAGES
from digiculture.gettext_catalogs import REPORTS_DOMAIN as DOMAIN
from digiculture.gettext_catalogs import SOURCE_LANGUAGE, lookup


def N_(text: str) -> str:  # noqa: N802 (gettext's name for "translate later")
    """Mark `text` for the catalog where it is kept; it is translated where it is shown."""
    return text


class Words:
    """`_("text", **values)`: a report's text in `lang`, English when it has no translation.

    `domain`: the catalog (the reports' by default; the mentoring commands and the console
    use theirs)."""

    #: The gettext domain of the texts (a subclass may name its own).
    domain = DOMAIN

    def __init__(self, lang: str | None = None, domain: str | None = None) -> None:
        self.lang = lang if lang in COURSE_LANGUAGES else SOURCE_LANGUAGE
        self.domain = domain or type(self).domain

    def __call__(self, text: str, **values: object) -> str:
        translated = lookup(self.domain, text, self.lang) or text
        if not values:
            return translated
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation naming other {fields}
            return text.format(**values)

    def decimal(self, x: float, places: int = 1, signed: bool = False) -> str:
        """`x` with `places` decimals as the language writes it (0,9 in German, 0.9 in English)."""
        text = f"{x:+.{places}f}" if signed else f"{x:.{places}f}"
        if self.lang == SOURCE_LANGUAGE:
            return text
        try:
            from babel.numbers import get_decimal_symbol

            return text.replace(".", get_decimal_symbol(self.lang))
        except Exception:  # noqa: BLE001 (a point is still readable)
            return text

    def date(self, day: object, weekday: bool = False) -> str:
        """A date as the language writes it (Babel): '3. Dezember 2026', 'December 3, 2026';
        with the weekday: 'Donnerstag, 3. Dezember 2026'.

        `day`: a date or an ISO text; a text that is no date is shown as it is."""
        from assessment.wording import long_date

        try:
            if weekday:
                from datetime import date

                from babel.dates import format_date

                when = date.fromisoformat(str(day)[:10])
                return format_date(when, format="full", locale=self.lang)
            return long_date(day, self.lang)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(day)

    def country(self, code: str) -> str:
        """The country's name in the language ('Deutschland' for DE in German)."""
        names = _babel_names(self.lang, "territories")
        english = COUNTRIES[code][0] if code in COUNTRIES else code
        return names.get(code.upper(), english)

    def language(self, code: str) -> str:
        """The language's name in the language ('Kroatisch' for hr in German)."""
        names = _babel_names(self.lang, "languages")
        name = names.get(code, LANGUAGES.get(code, code))
        return name[:1].upper() + name[1:]  # a row's first word (Croatian writes 'hrvatski')


@lru_cache(maxsize=16)
def _babel_names(lang: str, kind: str) -> dict[str, str]:
    try:
        from babel import Locale

        return dict(getattr(Locale.parse(lang), kind))
    except Exception:  # noqa: BLE001 (no names is English names, never an error)
        return {}
