"""The item bank (assessment/data): items, scales, scoring rules, UI texts, translations.

`check_bank(profile)` loads and checks everything against the profile and returns the bank
and a list of problems (same style as the profile's validator); `load_bank` raises instead.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from competence_profile import LEVEL_IDS, Profile
from competence_profile.problems import (
    DataInvalid,
    Problem,
    describe_validation_error,
    read_yaml,
    validate_entries,
)

DEFAULT_BANK_DIR = Path(__file__).resolve().parent / "data"
ItemKind = Literal["self_rating", "knowledge", "context", "institution"]
ROLE_OPTIONS = "from_profile_roles"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScalePoint(_Strict):
    value: int
    label: str


class Option(_Strict):
    id: str
    text: str


class Item(_Strict):
    id: str
    kind: ItemKind
    text: str
    competence: str | None = None
    scale: str | None = None
    options: list[Option] | str | None = None
    answer: str | None = None
    explanation: str | None = None

    @property
    def scored(self) -> bool:
        return self.kind in ("self_rating", "knowledge")

    @property
    def scale_name(self) -> str | None:
        if self.kind == "self_rating":
            return self.scale or "self_rating"
        if self.kind == "institution":
            return self.scale or "agreement"
        return None


class Scoring(_Strict):
    version: int
    weights: dict[str, float]
    level_cutoffs: dict[str, float]
    strength_score: float
    default_budget_minutes: int | None = None

    def level(self, score: float) -> str:
        level = LEVEL_IDS[0]
        for lv in LEVEL_IDS:
            if score >= self.level_cutoffs[lv]:
                level = lv
        return level


class ItemText(_Strict):
    status: Literal["draft", "reviewed"]
    text: str
    options: dict[str, str] | None = None
    explanation: str | None = None


class BankTranslation(_Strict):
    language: str
    scales: dict[str, dict[int, str]]
    items: dict[str, ItemText]
    ui: dict[str, str]


class ItemBank(_Strict):
    version: int
    language: str = "en"
    scales: dict[str, list[ScalePoint]]
    items: list[Item]
    scoring: Scoring
    ui: dict[str, str]
    translations: dict[str, BankTranslation] = Field(default_factory=dict)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    @property
    def item_ids(self) -> set[str]:
        return {i.id for i in self.items}

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def for_competence(self, competence_id: str) -> list[Item]:
        return [i for i in self.items if i.competence == competence_id]

    def in_language(self, lang: str, profile: Profile) -> ItemBank:
        """The bank with every text in `lang`; role options filled in from the profile."""
        local_profile = profile.in_language(lang)
        role_options = [Option(id=r.id, text=r.title) for r in local_profile.roles]
        tr = None if lang == self.language else self.translations[lang]
        items = []
        for item in self.items:
            update: dict = {}
            if item.options == ROLE_OPTIONS:
                update["options"] = role_options
            if tr is not None:
                t = tr.items[item.id]
                update["text"] = t.text
                if t.explanation is not None:
                    update["explanation"] = t.explanation
                if t.options is not None and isinstance(item.options, list):
                    update["options"] = [
                        Option(id=o.id, text=t.options[o.id]) for o in item.options
                    ]
            items.append(item.model_copy(update=update))
        scales = self.scales
        if tr is not None:
            scales = {
                name: [ScalePoint(value=p.value, label=tr.scales[name][p.value]) for p in points]
                for name, points in self.scales.items()
            }
        ui = dict(self.ui) if tr is None else {**self.ui, **tr.ui}
        return self.model_copy(
            update={
                "language": lang,
                "items": items,
                "scales": scales,
                "ui": ui,
                "translations": {},
            }
        )


def check_bank(
    profile: Profile, bank_dir: Path | None = None
) -> tuple[ItemBank | None, list[Problem]]:
    bank_dir = Path(bank_dir) if bank_dir is not None else DEFAULT_BANK_DIR
    problems: list[Problem] = []
    raw = read_yaml(bank_dir / "items.yaml", "items.yaml", problems)
    raw_scoring = read_yaml(bank_dir / "scoring.yaml", "scoring.yaml", problems)
    raw_ui = read_yaml(bank_dir / "ui.yaml", "ui.yaml", problems)
    if problems:
        return None, problems
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        return None, [Problem("items.yaml", "", "needs 'version:', 'scales:' and a list 'items:'")]

    items = validate_entries(raw["items"], Item, "items.yaml", "item", problems)
    try:
        scales = {
            name: [ScalePoint.model_validate(p) for p in points]
            for name, points in (raw.get("scales") or {}).items()
        }
        scoring = Scoring.model_validate(raw_scoring)
    except (ValidationError, AttributeError, TypeError) as exc:
        lines = describe_validation_error(exc) if isinstance(exc, ValidationError) else [str(exc)]
        return None, problems + [Problem("scoring.yaml", "", line) for line in lines]
    if not isinstance(raw_ui, dict) or not all(isinstance(v, str) for v in raw_ui.values()):
        return None, problems + [Problem("ui.yaml", "", "must map each key to a text")]

    problems += _check_items(items, scales, profile)
    problems += _check_scoring(scoring)
    bank = None
    if not problems:
        bank = ItemBank(
            version=raw.get("version", 1), scales=scales, items=items, scoring=scoring, ui=raw_ui
        )
        translations = {}
        for lang in profile.languages:
            if lang == bank.language:
                continue
            translation = _check_translation(bank_dir, lang, bank, problems)
            if translation is not None:
                translations[lang] = translation
        bank = bank.model_copy(update={"translations": translations})
    return (bank if not problems else None), sorted(set(problems))


def load_bank(profile: Profile, bank_dir: Path | None = None) -> ItemBank:
    bank, problems = check_bank(profile, bank_dir)
    if bank is None:
        raise DataInvalid(problems)
    return bank


def _check_items(
    items: list[Item], scales: dict[str, list[ScalePoint]], profile: Profile
) -> list[Problem]:
    out: list[Problem] = []
    label = "items.yaml"
    for item_id, n in Counter(i.id for i in items).items():
        if n > 1:
            out.append(Problem(label, item_id, f"duplicate item id ({n} entries)"))
    for name in ("self_rating", "agreement"):
        points = scales.get(name)
        if not points or [p.value for p in points] != [1, 2, 3, 4]:
            out.append(Problem(label, f"scales.{name}", "needs four points with values 1-4"))
    for item in items:
        if not item.text.strip():
            out.append(Problem(label, item.id, "'text' is empty: write it"))
        if item.scored:
            if item.competence not in profile.competence_ids:
                out.append(
                    Problem(
                        label,
                        item.id,
                        f"unknown competence '{item.competence}': use an id from the profile",
                    )
                )
        elif item.competence is not None:
            out.append(
                Problem(label, item.id, f"a {item.kind} item is not scored: remove 'competence'")
            )
        if item.kind == "knowledge":
            options = item.options if isinstance(item.options, list) else []
            if not 3 <= len(options) <= 4:
                out.append(Problem(label, item.id, "a knowledge item needs 3 or 4 options"))
            ids = [o.id for o in options]
            if len(set(ids)) != len(ids):
                out.append(Problem(label, item.id, "option ids must differ"))
            if item.answer not in ids:
                out.append(
                    Problem(
                        label,
                        item.id,
                        f"answer '{item.answer}' is not one of the options {', '.join(ids)}",
                    )
                )
            if not (item.explanation or "").strip():
                out.append(Problem(label, item.id, "needs an explanation for the report"))
        if item.kind == "context" and not item.options:
            out.append(Problem(label, item.id, "a context item needs options"))
        if item.scale_name and item.scale_name not in scales:
            out.append(Problem(label, item.id, f"unknown scale '{item.scale_name}'"))
    for cid in sorted(profile.competence_ids):
        kinds = {i.kind for i in items if i.competence == cid}
        for kind in ("self_rating", "knowledge"):
            if kind not in kinds:
                out.append(Problem(label, cid, f"has no {kind} item: add one"))
    if not any(i.kind == "institution" for i in items):
        out.append(Problem(label, "", "has no institution items"))
    if not any(i.id == "role" and i.options == ROLE_OPTIONS for i in items):
        out.append(
            Problem(label, "role", f"a context item 'role' with options: {ROLE_OPTIONS} is needed")
        )
    return out


def _check_scoring(scoring: Scoring) -> list[Problem]:
    out = []
    if (
        set(scoring.weights) != {"self_rating", "knowledge"}
        or any(w < 0 for w in scoring.weights.values())
        or sum(scoring.weights.values()) <= 0
    ):
        out.append(
            Problem(
                "scoring.yaml", "weights", "give self_rating and knowledge non-negative weights"
            )
        )
    cut = [scoring.level_cutoffs.get(lv) for lv in LEVEL_IDS]
    if None in cut or cut[0] != 0 or cut != sorted(cut) or len(set(cut)) != 4 or cut[-1] > 100:
        out.append(
            Problem(
                "scoring.yaml",
                "level_cutoffs",
                "give L1 0 and rising cut-offs for L2, L3, L4 up to 100",
            )
        )
    return out


def _check_translation(
    bank_dir: Path, lang: str, bank: ItemBank, problems: list[Problem]
) -> BankTranslation | None:
    label = f"translations/{lang}.yaml"
    raw = read_yaml(bank_dir / "translations" / f"{lang}.yaml", label, problems)
    if raw is None:
        return None
    try:
        tr = BankTranslation.model_validate(raw)
    except ValidationError as exc:
        problems += [Problem(label, "", line) for line in describe_validation_error(exc)]
        return None
    for name, points in bank.scales.items():
        for p in points:
            if not tr.scales.get(name, {}).get(p.value, "").strip():
                problems.append(Problem(label, f"scales.{name}", f"missing label for {p.value}"))
    for item in bank.items:
        t = tr.items.get(item.id)
        if t is None or not t.text.strip():
            problems.append(Problem(label, item.id, "missing translation: add this item"))
            continue
        if isinstance(item.options, list):
            for o in item.options:
                if not (t.options or {}).get(o.id, "").strip():
                    problems.append(
                        Problem(label, item.id, f"missing translation of option '{o.id}'")
                    )
        if item.explanation and not (t.explanation or "").strip():
            problems.append(Problem(label, item.id, "missing translation of the explanation"))
    for key in tr.items:
        if key not in bank.item_ids:
            problems.append(Problem(label, key, "no such item in items.yaml: remove it"))
    for key in bank.ui:
        if not tr.ui.get(key, "").strip():
            problems.append(Problem(label, f"ui.{key}", "missing translation: add it"))
        elif _placeholders(tr.ui[key]) != _placeholders(bank.ui[key]):
            problems.append(
                Problem(
                    label,
                    f"ui.{key}",
                    "must keep the {placeholders} of the "
                    f"English text: {', '.join(sorted(_placeholders(bank.ui[key])))}",
                )
            )
    return tr


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"\{(\w+)\}", text))
