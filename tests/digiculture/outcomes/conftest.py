from __future__ import annotations

import pytest

from digiculture.outcomes.service import Outcomes
from tests.digiculture.outcomes.cohort import generated_programme


@pytest.fixture(scope="session")
def programme(tmp_path_factory):
    """(settings, summary) of the generated programme."""
    return generated_programme(tmp_path_factory)


@pytest.fixture(scope="session")
def outcomes(programme):
    return Outcomes.load(programme[0])


@pytest.fixture(scope="session")
def data(outcomes):
    return outcomes.programme_data()
