"""The self-assessment as one object: bank, profile, units and store, in any language.

The app and the CLI both go through `Assessment`, so scoring, recommending, storing and
reporting happen the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assessment.bank import ItemBank, load_bank
from assessment.drafts import Drafts
from assessment.recommend import Recommendation, recommend
from assessment.scoring import AreaScore, Result, Scored, score
from assessment.store import ResultStore
from competence_profile import Profile, load_profile
from competence_profile.units import UnitManifest, load_units


@dataclass
class FinishedAttempt:
    """What one finished attempt gives the learner."""

    lang: str
    result: Result
    recommendations: list[Recommendation]
    code: str | None = None  # set when stored (with consent)
    #: The learner's FIRST attempt (before the course), to compare with, and its date.
    previous: Result | None = None
    previous_date: str | None = None
    #: How many attempts the learner had stored before this one.
    earlier_attempts: int = 0


@dataclass
class Assessment:
    profile: Profile
    bank: ItemBank
    manifest: UnitManifest
    store: ResultStore | None = None
    _local: dict[str, tuple[Profile, ItemBank]] = field(default_factory=dict, repr=False)
    _drafts: Drafts | None = field(default=None, repr=False)

    @property
    def drafts(self) -> Drafts | None:
        """Unfinished attempts (assessment/drafts.py), in the results store; None without one."""
        if self._drafts is None and self.store is not None:
            self._drafts = Drafts(self.store)
        return self._drafts

    def knows_code(self, code: str) -> bool | None:
        """Whether the store knows this personal code (None: there is no store to ask)."""
        return None if self.store is None else self.store.knows(code)

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
        draft: str | None = None,
    ) -> FinishedAttempt:
        """Score, recommend and (with consent) store an attempt; compare with the first one.

        `draft`: the key of the visitor's draft (assessment/drafts.py). A draft finished
        already (the same visitor in another tab) is not stored a second time: the result
        names the attempt the other tab stored.
        """
        result, recs = self.evaluate(answers, role, lang)
        attempt = FinishedAttempt(lang, result, recs)
        drafts = self.drafts if draft else None
        if drafts is not None and not drafts.claim(draft):
            done = drafts.wait_for_finish(draft)
            if done is not None and done.finished_code is not None:
                if done.finished_code:
                    self._compare(attempt, done.finished_code, skip_last=True)
                    attempt.code = done.finished_code
                return attempt
        try:
            self._store(attempt, answers, role, lang, consent, code, cohort, institution)
        finally:
            if drafts is not None:
                drafts.finished(draft, attempt.code)
        return attempt

    def _compare(self, attempt: FinishedAttempt, code: str, skip_last: bool = False) -> None:
        """Compare with the learner's first attempt (their starting point)."""
        assert self.store is not None
        earlier = self.store.attempts(code)
        if skip_last:
            earlier = earlier[:-1]
        attempt.earlier_attempts = len(earlier)
        if earlier:
            attempt.previous = result_from_dict(earlier[0].result)
            attempt.previous_date = earlier[0].taken_at[:10]

    def _store(
        self,
        attempt: FinishedAttempt,
        answers: dict,
        role: str,
        lang: str,
        consent: bool,
        code: str | None,
        cohort: str | None,
        institution: str | None,
    ) -> None:
        if self.store is None or not consent:
            return
        if code and self.store.knows(code):
            self._compare(attempt, code)
        else:
            code = None
        result, recs = attempt.result, attempt.recommendations
        attempt.code, _ = self.store.save_attempt(
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

    def pdf(self, attempt: FinishedAttempt) -> bytes:
        # Imported here: the chart and PDF libraries take a second to load, and only the
        # results page needs them (the first screen comes up faster without them).
        from assessment.report import pdf_report

        profile, bank = self.local(attempt.lang)
        return pdf_report(
            attempt.result,
            attempt.recommendations,
            profile,
            self.manifest,
            bank.ui,
            attempt.lang,
            code=attempt.code,
            previous=attempt.previous,
            previous_date=attempt.previous_date,
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
