from __future__ import annotations

import pytest

from assessment.service import Assessment
from assessment.store import ResultStore
from digiculture.assessment_setup import load_assessment


@pytest.fixture(scope="session")
def assessment() -> Assessment:
    return load_assessment(with_store=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty results store of each kind: a SQLite file, a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'results.sqlite'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def stored_assessment(assessment, tmp_path) -> Assessment:
    return Assessment(
        assessment.profile,
        assessment.bank,
        assessment.manifest,
        ResultStore(f"sqlite:///{tmp_path / 'results.sqlite'}"),
    )


def answers_at(assessment: Assessment, rating: int, correct: bool, role: str) -> dict:
    """Every item answered: all self-ratings `rating`, knowledge all right or all wrong."""
    answers: dict = {"role": role, "consent": "yes", "country": "DE", "language": "de"}
    for item in assessment.bank.items:
        if item.kind in ("self_rating", "institution"):
            answers[item.id] = rating
        elif item.kind == "knowledge":
            wrong = next(o.id for o in item.options if o.id != item.answer)
            answers[item.id] = item.answer if correct else wrong
    return answers
