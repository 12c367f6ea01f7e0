"""The source notebooks: clean, valid against the manifest, and runnable top to bottom."""

from __future__ import annotations

import json

import pytest

from digiculture.course.checks import check_notebooks, source_notebook
from tests.units.conftest import SETTINGS, UNIT_IDS


def test_units_and_notebooks_agree(manifest):
    assert [str(p) for p in check_notebooks(SETTINGS.course_dir, manifest)] == []


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_source_committed_without_outputs(unit_id):
    nb = json.loads(source_notebook(SETTINGS.course_dir, unit_id).read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert dirty == [], f"cells with outputs: {dirty}"


# Running every source notebook top to bottom (solutions in place, all tests passing) is
# done by nbval: `make test` collects notebooks/source/ with --nbval-lax (see pyproject).
