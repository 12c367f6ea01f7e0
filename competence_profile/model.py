"""Typed model of the Professional Digital Competence Profile (PDCP).

The model is plain data: it knows nothing about files (see `loader`) or Jupyter.
Text fields hold the source language (English); `Profile.in_language` returns a copy with
the texts of another language taken from its translation file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LEVEL_IDS: tuple[str, ...] = ("L1", "L2", "L3", "L4")
TranslationStatus = Literal["draft", "reviewed"]


# -- level arithmetic (levels are ids: L1 Foundation ... L4 Lead) ----------------------------
def level_number(level_id: str) -> int:
    """A level's number, 1 for L1 up to 4 for L4 (ValueError for an unknown id)."""
    return LEVEL_IDS.index(level_id) + 1


def level_of_number(number: float) -> str:
    """The level with this number (a fraction rounds down), kept within L1 ... L4."""
    return LEVEL_IDS[max(0, min(len(LEVEL_IDS), int(number)) - 1)]


def levels_below(target: str, level: str) -> int:
    """How many levels `level` is below `target`; 0 when at or above it."""
    return max(0, level_number(target) - level_number(level))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A framework the profile draws on, and what was taken from it."""

    id: str
    title: str
    publisher: str
    year: int
    url: str
    used_for: str
    profiles: list[str] = Field(default_factory=list)


class DigCompCompetence(_Strict):
    id: str
    area: str
    title: str


class Level(_Strict):
    id: str
    title: str
    description: str
    digcomp_levels: list[int]


class Area(_Strict):
    id: str
    title: str
    description: str


class Competence(_Strict):
    id: str
    area: str
    title: str
    description: str
    digcomp: list[str]
    descriptors: dict[str, str]
    sources: list[str]


class RelatedProfile(_Strict):
    source: str
    profile: str

    def label(self, sources: dict[str, Source]) -> str:
        short = sources[self.source].title.split(":")[0] if self.source in sources else self.source
        return f"{short}: {self.profile}"


class Role(_Strict):
    id: str
    title: str
    description: str
    targets: dict[str, str]
    related: list[RelatedProfile]


class TranslationEntry(_Strict):
    status: TranslationStatus
    title: str
    description: str | None = None
    descriptors: dict[str, str] | None = None


class Translation(_Strict):
    language: str
    language_name: str
    entries: dict[str, TranslationEntry]


class Profile(_Strict):
    id: str
    title: str
    version: str
    source_language: str
    languages: list[str]
    sources: list[Source]
    digcomp: list[DigCompCompetence]
    levels: list[Level]
    areas: list[Area]
    competences: list[Competence]
    roles: list[Role]
    translations: dict[str, Translation] = Field(default_factory=dict)

    # -- look-ups -------------------------------------------------------------------------
    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def competence(self, competence_id: str) -> Competence:
        return next(c for c in self.competences if c.id == competence_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)

    def competences_of(self, area_id: str) -> list[Competence]:
        return [c for c in self.competences if c.area == area_id]

    @property
    def competence_ids(self) -> set[str]:
        return {c.id for c in self.competences}

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]

    # -- role targets -----------------------------------------------------------------------
    def role_targets(self) -> dict[str, dict[str, str]]:
        """Role id -> area id -> the level the role needs there."""
        return {role.id: dict(role.targets) for role in self.roles}

    def target(self, role_id: str | None, area_id: str) -> str:
        """The level `role_id` needs in the area; L1 when the role is unknown or needs none."""
        role = next((r for r in self.roles if r.id == role_id), None)
        return (role.targets.get(area_id) if role else None) or LEVEL_IDS[0]

    # -- languages --------------------------------------------------------------------------
    def in_language(self, lang: str) -> Profile:
        """The same profile with every translatable text in `lang`.

        Raises KeyError for a language the profile does not offer.
        """
        if lang == self.source_language:
            return self
        if lang not in self.translations:
            raise KeyError(lang)
        entries = self.translations[lang].entries

        def tr(key: str, item: _Strict) -> dict:
            entry = entries[key]
            changes: dict = {"title": entry.title}
            if entry.description is not None:
                changes["description"] = entry.description
            if entry.descriptors is not None:
                changes["descriptors"] = dict(entry.descriptors)
            return changes

        return self.model_copy(
            update={
                "title": entries["profile"].title,
                "levels": [lv.model_copy(update=tr(f"level:{lv.id}", lv)) for lv in self.levels],
                "areas": [a.model_copy(update=tr(f"area:{a.id}", a)) for a in self.areas],
                "competences": [
                    c.model_copy(update=tr(f"competence:{c.id}", c)) for c in self.competences
                ],
                "roles": [r.model_copy(update=tr(f"role:{r.id}", r)) for r in self.roles],
            }
        )


def translatable_entries(profile: Profile) -> dict[str, dict[str, object]]:
    """Every text a translation must provide, keyed as in the translation files.

    Values are the source-language fields: {"title": .., "description": .., "descriptors": {..}}.
    """
    entries: dict[str, dict[str, object]] = {"profile": {"title": profile.title}}
    for lv in profile.levels:
        entries[f"level:{lv.id}"] = {"title": lv.title, "description": lv.description}
    for a in profile.areas:
        entries[f"area:{a.id}"] = {"title": a.title, "description": a.description}
    for c in profile.competences:
        entries[f"competence:{c.id}"] = {
            "title": c.title,
            "description": c.description,
            "descriptors": dict(c.descriptors),
        }
    for r in profile.roles:
        entries[f"role:{r.id}"] = {"title": r.title, "description": r.description}
    return entries
