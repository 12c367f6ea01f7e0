"""A course for the facilitator's files (the grading tests' fixture course, copied per test)."""

from __future__ import annotations

from tests.digiculture.grading.conftest import course, course_template  # noqa: F401
