"""The kit's interface texts by key, in every language: English in the code, the rest gettext.

The start page, the learners' README, the hub's sign-up page, a space's page, the credentials'
texts, the facilitator's texts, the roster's problems and the institutions' texts are tables of
short texts by key (`"title"`, `"mail_subject"`, ...). Each is a `TextTable`: the English is
written where the table is used (a dict in the module, or the English-only YAML file of
`credentials` and `institutions` and the facilitator's), and each other language is the
table's gettext catalog, `digiculture/locale/LANG/LC_MESSAGES/DOMAIN.po` (context = the key,
msgid = the English), kept like every other catalog by `digiculture translations
update|status|compile`. A translator works with PO files only.

    WORDS = TextTable("start_page", "The start page", "digiculture/course/start_page.py", ENGLISH)
    WORDS["de"]["title"]        # 'Willkommen im BoostDigiCulture-Kurs'

A text with no translation (or a stale, fuzzy one, or one that lost a `{field}`) is English,
text by text. A catalog is read the first time its language is asked for (once per process),
from the `.mo` `make setup` compiles, or from the `.po` when that is newer.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache, cached_property

from competence_profile import interface_languages
from digiculture.gettext_catalogs import SOURCE_LANGUAGE, lookup

#: Every text table of the kit: its domain and where it is ("module:attribute").
TABLES: dict[str, str] = {
    "start_page": "digiculture.course.start_page:WORDS",
    "learners_readme": "digiculture.course.learners_readme:WORDS",
    "signup": "digiculture.hub.texts:WORDS",
    "space_page": "digiculture.spaces.page:WORDS",
    "credentials": "digiculture.credentials.texts:TEXTS",
    "facilitator": "digiculture.course.facilitator_texts:TEXTS",
    "roster_problems": "digiculture.course.facilitator_texts:PROBLEM_TEXTS",
    "reflections": "digiculture.course.facilitator_texts:REFLECTION_TEXTS",
    "institutions": "digiculture.institutions.texts:TEXTS",
}

_FIELD = re.compile(r"\{(\w*)[^{}]*\}")


class TextTable(Mapping[str, dict[str, str]]):
    """{language: {key: text}} of one table, for each of the kit's languages (`in`, `get`,
    iterating: the course languages; another language is not in it)."""

    def __init__(
        self,
        domain: str,
        title: str,
        where: str,
        english: dict[str, str] | Callable[[], dict[str, str]],
    ) -> None:
        self.domain = domain
        self.title = title
        #: the file that holds the English (the catalogs' template is made from it)
        self.where = where
        self._english = english

    @cached_property
    def english(self) -> dict[str, str]:
        english = self._english() if callable(self._english) else self._english
        return {str(key): str(text) for key, text in english.items()}

    def _languages(self) -> tuple[str, ...]:
        return _course_languages()

    def __getitem__(self, lang: str) -> dict[str, str]:
        if lang not in self._languages():
            raise KeyError(lang)
        return {key: self.text(key, lang) for key in self.english}

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages())

    def __len__(self) -> int:
        return len(self._languages())

    def __contains__(self, lang: object) -> bool:
        return lang in self._languages()

    def translation(self, key: str, lang: str) -> str | None:
        """The text `key` in `lang`, None when it has no usable translation."""
        english = self.english[key]
        if lang == SOURCE_LANGUAGE:
            return english
        found = lookup(self.domain, english, lang, context=key)
        if not found or _fields(found) != _fields(english):
            return None  # a translation that lost a {field} would fail when filled in
        return found

    def text(self, key: str, lang: str) -> str:
        """The text `key` in `lang`, English when it has no translation."""
        return self.translation(key, lang) or self.english[key]

    def untranslated(self, lang: str) -> list[str]:
        """The keys still English in `lang`."""
        return [key for key in self.english if self.translation(key, lang) is None]


@cache
def _course_languages() -> tuple[str, ...]:
    """The course languages (as digiculture.course.codes, which this module must not import:
    the course package uses these tables)."""
    return interface_languages()


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def tables() -> list[TextTable]:
    """Every text table of the kit, in the order of TABLES."""
    found = []
    for domain, place in TABLES.items():
        module, attribute = place.split(":")
        table = getattr(importlib.import_module(module), attribute)
        if not isinstance(table, TextTable) or table.domain != domain:
            raise TypeError(f"{place} is not the TextTable of the domain '{domain}'")
        found.append(table)
    return found
