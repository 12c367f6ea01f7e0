"""The mentoring and workshop commands' words in the reader's language: the gettext domain
`mentoring` (digiculture/locale/LANG/LC_MESSAGES/mentoring.po).

The texts are written in English in this package and in digiculture/cli/mentoring.py, marked
`_("...")` where they are shown (`_` is `words(lang)`) or `N_("...")` where a sentence is made
before its reader is known: a `Said` is that sentence in English (it is a `str`, so JSON and
the tests read it as before) and remembers its template and values, to be said again in a
reader's language with `said.in_words(_)`. Language and country names come from Babel, dates
are written as the language writes them.
"""

from __future__ import annotations

from digiculture.course.codes import COUNTRIES, LANGUAGES
from digiculture.gettext_catalogs import MENTORING_DOMAIN
from digiculture.outcomes.words import N_, Words, _babel_names

__all__ = ["N_", "CountryCode", "Day", "LanguageCode", "Said", "Words", "say", "words"]


def words(lang: str | None) -> Words:
    """`_("text", **values)` in `lang` (English for a language the kit does not speak)."""
    return Words(lang, MENTORING_DOMAIN)


class LanguageCode(str):
    """A language code put into a sentence: said as the language's name in the reader's."""


class CountryCode(str):
    """A country code put into a sentence: said as the country's name in the reader's."""


class Day(str):
    """A day (ISO text) put into a sentence: said as the reader's language writes a date."""


def _english(value: object) -> object:
    if isinstance(value, LanguageCode):
        return LANGUAGES.get(value, value)
    if isinstance(value, CountryCode):
        return COUNTRIES[value][0] if value in COUNTRIES else value
    if isinstance(value, Day):
        return words(None).date(value, weekday=True)
    return value


def _local(value: object, _: Words) -> object:
    if isinstance(value, LanguageCode):  # inside a sentence: as the language writes it there
        return _babel_names(_.lang, "languages").get(value) or _.language(value)
    if isinstance(value, CountryCode):
        return _.country(value)
    if isinstance(value, Day):
        return _.date(value, weekday=True)
    return value


class Said(str):
    """A sentence in English that can be said again in another language (module doc)."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Said:
        made = super().__new__(cls, template.format(**{k: _english(v) for k, v in values.items()}))
        made.template = template
        made.values = values
        return made

    def in_words(self, _: Words) -> str:
        return _(self.template, **{k: _local(v, _) for k, v in self.values.items()})


def say(text: str, _: Words) -> str:
    """`text` in the reader's language: a `Said` said again, any other text as it is."""
    return text.in_words(_) if isinstance(text, Said) else text
