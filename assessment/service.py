"""The self-assessment as one object: bank, profile, units and store, in any language.

The app and the CLI both go through `Assessment`, so scoring, recommending, storing and
reporting happen the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assessment.bank import ItemBank, load_bank
from assessment.recommend import Recommendation, recommend
from assessment.scoring import AreaScore, Result, Scored, score
from assessment.store import ResultStore
from competence_profile import Profile, load_profile
from competence_profile.units import UnitManifest, load_units


@dataclass
class Outcome:
    """What one finished attempt gives the learner."""

    lang: str
    result: Result
    recommendations: list[Recommendation]
    code: str | None = None  # set when stored (with consent)
    previous: Result | None = None
    previous_date: str | None = None


@dataclass
class Assessment:
    profile: Profile
    bank: ItemBank
    manifest: UnitManifest
    store: ResultStore | None = None
    _local: dict[str, tuple[Profile, ItemBank]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        profile_dir: Path,
        bank_dir: Path | None,
        manifest_path: Path,
        store_url: str | Path | None = None,
    ) -> Assessment:
        profile = load_profile(profile_dir)
        return cls(
            profile=profile,
            bank=load_bank(profile, bank_dir),
            manifest=load_units(manifest_path, profile),
            store=ResultStore(store_url) if store_url else None,
        )

    @property
    def languages(self) -> list[str]:
        return list(self.profile.languages)

    def local(self, lang: str) -> tuple[Profile, ItemBank]:
        """Profile and bank in `lang` (made once per language: the app asks often)."""
        if lang not in self._local:
            self._local[lang] = (
                self.profile.in_language(lang),
                self.bank.in_language(lang, self.profile),
            )
        return self._local[lang]

    def evaluate(
        self, answers: dict, role: str, lang: str, budget_minutes: int | None = None
    ) -> tuple[Result, list[Recommendation]]:
        profile, bank = self.local(lang)
        result = score(bank, profile, answers, role)
        budget = (
            budget_minutes if budget_minutes is not None else (bank.scoring.default_budget_minutes)
        )
        recs = recommend(result, profile, self.manifest, bank.ui, lang, budget)
        return result, recs

    def finish(
        self,
        answers: dict,
        role: str,
        lang: str,
        *,
        consent: bool,
        code: str | None = None,
        cohort: str | None = None,
        institution: str | None = None,
    ) -> Outcome:
        """Score, recommend and (with consent) store an attempt; compare with the last one."""
        result, recs = self.evaluate(answers, role, lang)
        outcome = Outcome(lang, result, recs)
        if self.store is None or not consent:
            return outcome
        if code and self.store.knows(code):
            earlier = self.store.attempts(code)
            if earlier:
                outcome.previous = result_from_dict(earlier[-1].result)
                outcome.previous_date = earlier[-1].taken_at[:10]
        else:
            code = None
        outcome.code, _ = self.store.save_attempt(
            code=code,
            language=lang,
            role=role,
            answers=answers,
            result=result.to_dict(),
            recommendations=[r.to_dict() for r in recs],
            cohort=cohort,
            institution=institution,
            profile_version=self.profile.version,
            bank_version=self.bank.version,
        )
        return outcome

    def pdf(self, outcome: Outcome) -> bytes:
        # Imported here: the chart and PDF libraries take a second to load, and only the
        # results page needs them (the first screen comes up faster without them).
        from assessment.report import pdf_report

        profile, bank = self.local(outcome.lang)
        return pdf_report(
            outcome.result,
            outcome.recommendations,
            profile,
            self.manifest,
            bank.ui,
            outcome.lang,
            code=outcome.code,
            previous=outcome.previous,
            previous_date=outcome.previous_date,
            cutoffs=bank.scoring.level_cutoffs,
            strength_score=bank.scoring.strength_score,
        )


def result_from_dict(data: dict) -> Result:
    """A stored result (Result.to_dict) back as a Result."""
    return Result(
        role=data.get("role"),
        competences={c: Scored(v["score"], v["level"]) for c, v in data["competences"].items()},
        areas={
            a: AreaScore(v["score"], v["level"], v.get("target")) for a, v in data["areas"].items()
        },
        institution=data.get("institution"),
        missing=list(data.get("missing", [])),
        context=dict(data.get("context", {})),
    )
