"""From answers to scores and levels: pure functions, rules from scoring.yaml.

- a self-rating answer 1-4 counts 0, 33.3, 66.7 or 100; a knowledge answer 100 when correct;
- a competence's score is the weighted mean of its self-rating and knowledge parts;
- an area's score is the mean of its competences; levels follow the published cut-offs;
- an unanswered scored item counts as the lowest answer and is listed in `missing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from assessment.bank import ItemBank
from competence_profile import Profile, levels_below


@dataclass(frozen=True)
class Scored:
    score: float
    level: str


@dataclass(frozen=True)
class AreaScore:
    score: float
    level: str
    target: str | None

    @property
    def gap(self) -> int:
        """How many levels below the role's target (0 when at or above it)."""
        if self.target is None:
            return 0
        return levels_below(self.target, self.level)


@dataclass(frozen=True)
class Result:
    role: str | None
    competences: dict[str, Scored]
    areas: dict[str, AreaScore]
    institution: float | None
    missing: list[str]
    context: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "role": self.role,
            "areas": {
                a: {"score": s.score, "level": s.level, "target": s.target}
                for a, s in self.areas.items()
            },
            "competences": {
                c: {"score": s.score, "level": s.level} for c, s in self.competences.items()
            },
            "institution": self.institution,
            "missing": list(self.missing),
            "context": dict(self.context),
        }


class AnswersInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def answer_problems(bank: ItemBank, answers: dict[str, object]) -> list[str]:
    """One sentence per answer that cannot be scored (unknown item, value out of range)."""
    problems = []
    for item_id, value in answers.items():
        if item_id not in bank.item_ids:
            problems.append(
                f"unknown item id '{item_id}': use the ids of `digiculture assess items`"
            )
            continue
        item = bank.item(item_id)
        if item.kind in ("self_rating", "institution"):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
                problems.append(
                    f"answer to '{item_id}' must be a whole number from 1 to 4, not {value!r}"
                )
        else:
            ids = [o.id for o in item.options] if isinstance(item.options, list) else None
            if not isinstance(value, str) or (ids is not None and value not in ids):
                allowed = ", ".join(ids) if ids else "a role id"
                problems.append(f"answer to '{item_id}' must be one of {allowed}, not {value!r}")
    return problems


def _rating_points(value: int) -> float:
    return (value - 1) / 3 * 100


def score(
    bank: ItemBank, profile: Profile, answers: dict[str, object], role: str | None = None
) -> Result:
    """Score one attempt. Raises AnswersInvalid for answers that cannot be scored."""
    problems = answer_problems(bank, answers)
    if role is not None and role not in {r.id for r in profile.roles}:
        problems.append(
            f"unknown role '{role}': use one of {', '.join(r.id for r in profile.roles)}"
        )
    if problems:
        raise AnswersInvalid(problems)
    weights = bank.scoring.weights
    missing: list[str] = []
    competences: dict[str, Scored] = {}
    for comp in profile.competences:
        parts: dict[str, list[float]] = {"self_rating": [], "knowledge": []}
        for item in bank.for_competence(comp.id):
            value = answers.get(item.id)
            if value is None:
                missing.append(item.id)
            if item.kind == "self_rating":
                parts["self_rating"].append(_rating_points(value) if value is not None else 0.0)
            else:
                parts["knowledge"].append(100.0 if value == item.answer else 0.0)
        used = {k: v for k, v in parts.items() if v and weights[k] > 0}
        total_weight = sum(weights[k] for k in used)
        value = sum(weights[k] * mean(v) for k, v in used.items()) / total_weight
        competences[comp.id] = Scored(round(value, 1), bank.scoring.level(value))
    targets = profile.role(role).targets if role else {}
    areas: dict[str, AreaScore] = {}
    for area in profile.areas:
        value = mean(competences[c.id].score for c in profile.competences_of(area.id))
        areas[area.id] = AreaScore(round(value, 1), bank.scoring.level(value), targets.get(area.id))
    institution_items = bank.of_kind("institution")
    inst_values = []
    for item in institution_items:
        value = answers.get(item.id)
        if value is None:
            missing.append(item.id)
        inst_values.append(_rating_points(value) if value is not None else 0.0)
    institution = round(mean(inst_values), 1) if inst_values else None
    context = {i.id: str(answers[i.id]) for i in bank.of_kind("context") if i.id in answers}
    return Result(role, competences, areas, institution, missing, context)
