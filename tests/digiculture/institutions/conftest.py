from __future__ import annotations

import pytest

from assessment.service import Assessment
from assessment.store import ResultStore
from digiculture.assessment_setup import load_assessment
from digiculture.institutions.registry import Registry


@pytest.fixture(scope="session")
def assessment() -> Assessment:
    return load_assessment(with_store=False)


@pytest.fixture
def store_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'results.sqlite'}"


@pytest.fixture
def registry(store_url) -> Registry:
    return Registry(store_url)


@pytest.fixture
def stored(assessment, store_url) -> Assessment:
    """The self-assessment with a results store."""
    return Assessment(
        assessment.profile, assessment.bank, assessment.manifest, ResultStore(store_url)
    )


def answers(assessment: Assessment, rating: int, role: str = "collections_documentation") -> dict:
    """Every item answered; self-ratings `rating`, knowledge right when rating >= 3."""
    out: dict = {"role": role, "consent": "yes", "country": "DE", "language": "de"}
    for item in assessment.bank.items:
        if item.kind in ("self_rating", "institution"):
            out[item.id] = rating
        elif item.kind == "knowledge":
            wrong = next(o.id for o in item.options if o.id != item.answer)
            out[item.id] = item.answer if rating >= 3 else wrong
    return out


def kleinbach_staff(stored: Assessment, institution: str) -> None:
    """3 staff of the institution take the self-assessment with its link; 2 share by name."""
    for k, name in enumerate(("Anna Weber", "Jonas Keller", None)):
        outcome = stored.finish(
            answers(stored, 1 + k),
            "collections_documentation",
            "de",
            consent=True,
            institution=institution,
        )
        if name:
            stored.store.share_with_institution(outcome.code, institution, name)
