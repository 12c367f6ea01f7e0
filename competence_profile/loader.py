"""Load the profile from its YAML files and check every rule.

`check_profile(dir)` returns the profile (or None) and the list of problems;
`load_profile(dir)` returns the profile or raises `DataInvalid`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from competence_profile.model import (
    LEVEL_IDS,
    Area,
    Competence,
    DigCompCompetence,
    Level,
    Profile,
    Role,
    Source,
    Translation,
    translatable_entries,
)
from competence_profile.problems import (
    DataInvalid,
    Problem,
    describe_validation_error,
    read_yaml,
    validate_entries,
)

#: The folder shipped with the package: the default data of the kit.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"

MIN_COMPETENCES_PER_AREA = 3
MAX_COMPETENCES_PER_AREA = 5
MIN_ROLES = 5

M = TypeVar("M", bound=BaseModel)


def interface_languages(data_dir: Path | None = None) -> tuple[str, ...]:
    """The kit's interface languages, English (the source) first: `languages` of profile.yaml,
    read without loading the whole profile."""
    import yaml

    path = (data_dir or DEFAULT_DATA_DIR) / "profile.yaml"
    head = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(str(code) for code in head["languages"])


def load_profile(data_dir: Path | None = None) -> Profile:
    profile, problems = check_profile(data_dir)
    if problems or profile is None:
        raise DataInvalid(problems)
    return profile


def check_profile(data_dir: Path | None = None) -> tuple[Profile | None, list[Problem]]:
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return None, [Problem(str(data_dir), "", "folder not found: check the --data path")]

    head = _mapping(data_dir, "profile.yaml", problems)
    sources = _entries(data_dir, "sources.yaml", "sources", Source, problems)
    digcomp = _entries(data_dir, "digcomp.yaml", "competences", DigCompCompetence, problems)
    levels = _entries(data_dir, "levels.yaml", "levels", Level, problems)
    areas = _entries(data_dir, "areas.yaml", "areas", Area, problems)
    competences = _entries(data_dir, "competences.yaml", "competences", Competence, problems)
    roles = _entries(data_dir, "roles.yaml", "roles", Role, problems)
    # When an entry or file could not be read, comparing translations against the rest
    # would only add noise: they are checked once the base files read cleanly.
    base_read_cleanly = not problems

    for label, items in [
        ("sources.yaml", sources),
        ("digcomp.yaml", digcomp),
        ("levels.yaml", levels),
        ("areas.yaml", areas),
        ("competences.yaml", competences),
        ("roles.yaml", roles),
    ]:
        _check_unique(label, items, problems)
        _check_texts(label, items, problems)

    source_by_id = {s.id: s for s in sources}
    digcomp_ids = [d.id for d in digcomp]
    area_ids = [a.id for a in areas]
    _check_levels(levels, problems)
    _check_competences(competences, area_ids, digcomp_ids, source_by_id, problems)
    _check_roles(roles, area_ids, source_by_id, problems)

    if head is None:
        return None, sorted(set(problems))
    try:
        profile = Profile(
            **head,
            sources=sources,
            digcomp=digcomp,
            levels=levels,
            areas=areas,
            competences=competences,
            roles=roles,
        )
    except ValidationError as exc:
        for line in describe_validation_error(exc):
            problems.append(Problem("profile.yaml", "", line))
        return None, sorted(set(problems))

    if profile.source_language not in profile.languages:
        problems.append(
            Problem(
                "profile.yaml",
                "languages",
                f"must include the source language '{profile.source_language}'",
            )
        )
    translations = _check_translations(data_dir, profile, problems) if base_read_cleanly else {}
    profile = profile.model_copy(update={"translations": translations})
    return (profile if not problems else None), sorted(set(problems))


# -- reading ---------------------------------------------------------------------------------
def _mapping(data_dir: Path, name: str, problems: list[Problem]) -> dict[str, Any] | None:
    raw = read_yaml(data_dir / name, name, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(name, "", "must be a mapping of keys to values (key: value)"))
        return None
    return raw


def _entries(
    data_dir: Path, name: str, key: str, model: type[M], problems: list[Problem]
) -> list[M]:
    """Validate each entry of the list under `key` separately, so one bad entry names itself."""
    raw = _mapping(data_dir, name, problems)
    if raw is None:
        return []
    items = raw.get(key)
    if not isinstance(items, list) or not items:
        problems.append(Problem(name, "", f"needs a non-empty list under '{key}:'"))
        return []
    return validate_entries(items, model, name, "entry", problems)


# -- rules -----------------------------------------------------------------------------------
def _check_unique(label: str, items: list[Any], problems: list[Problem]) -> None:
    for item_id, count in Counter(i.id for i in items).items():
        if count > 1:
            problems.append(
                Problem(
                    label, item_id, f"duplicate id ({count} entries): give each entry its own id"
                )
            )


def _check_texts(label: str, items: list[BaseModel], problems: list[Problem]) -> None:
    for item in items:
        for field, value in item:
            if isinstance(value, str) and not value.strip():
                problems.append(Problem(label, item.id, f"'{field}' is empty: write it"))


def _check_levels(levels: list[Level], problems: list[Problem]) -> None:
    ids = [lv.id for lv in levels]
    if levels and ids != list(LEVEL_IDS):
        problems.append(
            Problem(
                "levels.yaml",
                "",
                f"levels must be {', '.join(LEVEL_IDS)} in this order, found {', '.join(ids)}",
            )
        )
    for lv in levels:
        if not lv.digcomp_levels or any(not 1 <= n <= 8 for n in lv.digcomp_levels):
            problems.append(
                Problem(
                    "levels.yaml", lv.id, "digcomp_levels must be DigComp levels between 1 and 8"
                )
            )


def _check_competences(
    competences: list[Competence],
    area_ids: list[str],
    digcomp_ids: list[str],
    sources: dict[str, Source],
    problems: list[Problem],
) -> None:
    label = "competences.yaml"
    for c in competences:
        if not area_ids:  # areas.yaml did not load: its own problem is reported already
            pass
        elif c.area not in area_ids:
            problems.append(
                Problem(label, c.id, f"unknown area '{c.area}': use one of {', '.join(area_ids)}")
            )
        elif not c.id.startswith(c.area + "."):
            problems.append(Problem(label, c.id, f"id must start with its area '{c.area}.'"))
        if not c.digcomp:
            problems.append(
                Problem(
                    label, c.id, "'digcomp' is empty: name the DigComp 2.2 competences it draws on"
                )
            )
        for ref in c.digcomp:
            if ref not in digcomp_ids:
                problems.append(
                    Problem(
                        label,
                        c.id,
                        f"unknown DigComp reference '{ref}': use "
                        f"one of {digcomp_ids[0]} ... {digcomp_ids[-1]}"
                        if digcomp_ids
                        else f"unknown DigComp reference '{ref}'",
                    )
                )
        for level in LEVEL_IDS:
            if not str(c.descriptors.get(level, "")).strip():
                problems.append(
                    Problem(
                        label,
                        c.id,
                        f"missing level descriptor {level}: write what a person at {level} can do",
                    )
                )
        for level in c.descriptors:
            if level not in LEVEL_IDS:
                problems.append(
                    Problem(
                        label,
                        c.id,
                        f"descriptor for unknown level '{level}': use {', '.join(LEVEL_IDS)}",
                    )
                )
        for source in c.sources:
            if source not in sources:
                problems.append(
                    Problem(
                        label,
                        c.id,
                        f"unknown source '{source}': add it to sources.yaml or fix the spelling",
                    )
                )

    per_area = Counter(c.area for c in competences)
    for area in area_ids:
        n = per_area.get(area, 0)
        if competences and not MIN_COMPETENCES_PER_AREA <= n <= MAX_COMPETENCES_PER_AREA:
            problems.append(
                Problem(
                    "areas.yaml",
                    area,
                    f"has {n} competences: an area needs "
                    f"{MIN_COMPETENCES_PER_AREA} to {MAX_COMPETENCES_PER_AREA}",
                )
            )
    if competences and digcomp_ids and len(competences) == len({c.id for c in competences}):
        used = {ref for c in competences for ref in c.digcomp}
        for ref in digcomp_ids:
            if ref not in used:
                problems.append(
                    Problem(
                        label,
                        f"DigComp {ref}",
                        "is not referenced by any competence: map it to at least one",
                    )
                )


def _check_roles(
    roles: list[Role], area_ids: list[str], sources: dict[str, Source], problems: list[Problem]
) -> None:
    label = "roles.yaml"
    if roles and len(roles) < MIN_ROLES:
        problems.append(
            Problem(label, "", f"has {len(roles)} roles: the profile needs at least {MIN_ROLES}")
        )
    for r in roles:
        for area, level in r.targets.items():
            if area_ids and area not in area_ids:
                problems.append(
                    Problem(
                        label,
                        r.id,
                        f"target for unknown area '{area}': use one of {', '.join(area_ids)}",
                    )
                )
            if level not in LEVEL_IDS:
                problems.append(
                    Problem(
                        label,
                        r.id,
                        f"target level '{level}' for {area} is "
                        f"unknown: use one of {', '.join(LEVEL_IDS)}",
                    )
                )
        for area in area_ids:
            if area not in r.targets:
                problems.append(Problem(label, r.id, f"no target level for area {area}: add one"))
        if not r.related:
            problems.append(
                Problem(
                    label,
                    r.id,
                    "'related' is empty: name the Mu.SA or DigCurV profile this role relates to",
                )
            )
        for rel in r.related:
            source = sources.get(rel.source)
            if source is None:
                problems.append(
                    Problem(
                        label,
                        r.id,
                        f"related source '{rel.source}' is unknown: use an id from sources.yaml",
                    )
                )
            elif rel.profile not in source.profiles:
                problems.append(
                    Problem(
                        label,
                        r.id,
                        f"'{rel.profile}' is not a profile of "
                        f"{rel.source}: use one of {', '.join(source.profiles)}",
                    )
                )


def _check_translations(
    data_dir: Path, profile: Profile, problems: list[Problem]
) -> dict[str, Translation]:
    expected = translatable_entries(profile)
    result: dict[str, Translation] = {}
    folder = data_dir / "translations"
    wanted = [lang for lang in profile.languages if lang != profile.source_language]
    present = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    for lang in present:
        if lang not in profile.languages:
            problems.append(
                Problem(
                    f"translations/{lang}.yaml",
                    "",
                    f"language '{lang}' is not "
                    "listed in profile.yaml: add it there or remove the file",
                )
            )
    for lang in wanted:
        label = f"translations/{lang}.yaml"
        raw = _mapping(data_dir, label, problems)
        if raw is None:
            continue
        try:
            translation = Translation.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(part) for part in err["loc"]]
                where, field = (
                    (loc[1], ".".join(loc[2:])) if loc[:1] == ["entries"] else ("", ".".join(loc))
                )
                single = ValidationError.from_exception_data(
                    exc.title,
                    [
                        {
                            "type": err["type"],
                            "loc": (field or "entry",),
                            "input": err.get("input"),
                            "ctx": err.get("ctx", {}),
                        }
                    ],
                )
                for line in describe_validation_error(single):
                    problems.append(Problem(label, where, line))
            continue
        if translation.language != lang:
            problems.append(
                Problem(
                    label,
                    "language",
                    f"says '{translation.language}' but the file is for '{lang}': make them agree",
                )
            )
        for key, fields in expected.items():
            entry = translation.entries.get(key)
            if entry is None:
                problems.append(Problem(label, key, "missing translation: add this entry"))
                continue
            for field, source_value in fields.items():
                value = getattr(entry, field)
                if isinstance(source_value, dict):
                    for level in source_value:
                        if not (value or {}).get(level, "").strip():
                            problems.append(
                                Problem(
                                    label,
                                    key,
                                    f"missing translation of {field}.{level}: translate it",
                                )
                            )
                elif not (value or "").strip():
                    problems.append(
                        Problem(label, key, f"empty translation of {field}: translate it")
                    )
        for key in translation.entries:
            if key not in expected:
                problems.append(
                    Problem(label, key, "no such entry in the profile: remove it or fix the id")
                )
        result[lang] = translation
    return result
