"""The reports wired to the kit's settings, for the CLI and the Voilà pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assessment.service import Assessment
from assessment.store import ResultStore
from digiculture.errors import UserError
from digiculture.outcomes.institution import InstitutionReport, institution_report
from digiculture.outcomes.programme import ProgrammeReport, programme_report
from digiculture.outcomes.sources import ProgrammeData, assessed_learners, load_programme
from digiculture.settings import Settings

FORMATS = ("pdf", "html", "json")


def open_store(settings: Settings) -> ResultStore:
    """The results store; a UserError when its SQLite file does not exist (opening it would
    create an empty one and every report would silently show nothing)."""
    url = settings.results_store
    if url.startswith("sqlite:///") or "://" not in url:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise UserError(
                f"There is no results store {path}: check DIGICULTURE_STORE_URL or --store, or "
                "make the example programme with `digiculture report demo-data --output DIR`.",
                2,
            )
    return ResultStore(url)


@dataclass
class Outcomes:
    settings: Settings
    assessment: Assessment

    @classmethod
    def load(cls, settings: Settings | None = None) -> Outcomes:
        from digiculture.assessment_setup import load_assessment

        settings = settings or Settings.load()
        return cls(settings, load_assessment(settings, with_store=False))

    def programme_data(self) -> ProgrammeData:
        return load_programme(self.settings, open_store(self.settings))

    def programme(
        self,
        cohorts: list[str] | None = None,
        country: str | None = None,
        data: ProgrammeData | None = None,
        lang: str = "en",
    ) -> ProgrammeReport:
        if cohorts and data is None:  # a mistyped cohort is told before the gradebooks are read
            self._check_cohorts(cohorts)
        data = data or self.programme_data()
        report = programme_report(
            data,
            self.assessment.profile,
            self.assessment.manifest,
            self.settings,
            cohorts,
            country,
            lang=lang,
        )
        unknown = [c for c in cohorts or [] if c not in report.cohorts_available]
        if unknown:
            raise UserError(
                f"Unknown cohort {', '.join(unknown)}: use one of "
                f"{', '.join(report.cohorts_available) or '(none yet)'} (the course folders in "
                f"{self.settings.cohorts_dir}).",
                2,
            )
        if country and country not in report.countries_available:
            raise UserError(
                f"No learner from '{country}' in the programme: use one of "
                f"{', '.join(report.countries_available) or '(none yet)'}.",
                2,
            )
        return report

    def _check_cohorts(self, cohorts: list[str]) -> None:
        from digiculture.course.folder import read_course
        from digiculture.outcomes.sources import course_folders

        known = {read_course(f).id for f in course_folders(self.settings.cohorts_dir)}
        known |= {a.cohort for a in open_store(self.settings).all_attempts() if a.cohort}
        unknown = [c for c in cohorts if c not in known]
        if unknown:
            raise UserError(
                f"Unknown cohort {', '.join(unknown)}: use one of "
                f"{', '.join(sorted(known)) or '(none yet)'} (the course folders in "
                f"{self.settings.cohorts_dir}).",
                2,
            )

    def institution(self, name: str, lang: str = "en") -> InstitutionReport:
        store = open_store(self.settings)
        a = self.assessment
        return institution_report(
            assessed_learners(store.all_attempts()), name, a.profile, a.manifest, a.bank, lang=lang
        )


def render(report: ProgrammeReport | InstitutionReport, fmt: str) -> bytes:
    """The report as PDF, a whole HTML page or JSON."""
    from digiculture.outcomes import html, pdf

    if fmt == "json":
        return (json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n").encode()
    if isinstance(report, ProgrammeReport):
        return pdf.programme_pdf(report) if fmt == "pdf" else html.programme_html(report).encode()
    return pdf.institution_pdf(report) if fmt == "pdf" else html.institution_html(report).encode()
