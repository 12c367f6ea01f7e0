"""The registry, the checks and the choice to share in both kinds of results store (a SQLite
file and a PostgreSQL database): the same behaviour, and deleting a learner deletes their
choice."""

from __future__ import annotations

import pytest

from assessment.store import ResultStore
from digiculture.institutions import check as checks
from digiculture.institutions.registry import Registry
from digiculture.institutions.texts import agenda


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'results.sqlite'}"
    return request.getfixturevalue("postgres").new_database()


def test_registry_checks_and_shares_in_both_stores(url):
    registry = Registry(url)
    Registry(url)  # opening it again changes nothing
    museum = registry.add("Muzej grada Lovrinca", "museum", "5-9", "HR", "hr")
    assert registry.by_staff_code(museum.staff_code) == museum
    assert registry.by_director_key(museum.director_key) == museum
    for day, level in (("2025-11-24", 1), ("2026-11-23", 2)):
        registry.save_check(
            museum,
            checks.validate(
                {
                    "taken_on": day,
                    "participants": ["Ravnateljica"],
                    "areas": {a.id: {"now": level, "target": level + 1} for a in agenda()},
                },
                museum.name,
            ),
        )
    assert [c["taken_on"] for c in registry.checks(museum)] == ["2025-11-24", "2026-11-23"]
    store = ResultStore(url)
    code, _ = store.save_attempt(
        code=None,
        language="hr",
        role="director",
        answers={},
        result={"areas": {}},
        recommendations=[],
        institution=museum.name,
    )
    store.share_with_institution(code, museum.name, "Ivana")
    assert store.shared_with(code) == (museum.name, "Ivana")
    assert store.export_learner(code)["shared_with_institution"] == (museum.name, "Ivana")
    store.delete_learner(code)
    assert store.shares() == {}
    registry.remove(museum.name)
    assert registry.all() == []
