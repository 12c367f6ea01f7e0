"""Attack: a 6-person library's report must not tell anything about 1-4 of its staff.

In a group of 6, a count of 1-4 is about 1-4 people, and a count of 5 gives away the 1 on the
other side: under the small-cell rule only 0 and 6 may be shown, in every output (the report's
data, its tables and CSV, the HTML page, the PDF and the JSON)."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest
from pypdf import PdfReader

from digiculture.outcomes.institution import SMALL_CELL_RULE, institution_report
from digiculture.outcomes.privacy import cell, cell_share, share
from digiculture.outcomes.service import render
from digiculture.outcomes.tables import institution_tables, to_csv

LIBRARY = "Stadtbibliothek Sechsdorf"


def test_the_small_cell_rule():
    assert [cell(c, 6) for c in range(7)] == [0, None, None, None, None, None, 6]
    assert [cell(c, 10) for c in (0, 1, 4, 5, 6, 9, 10)] == [0, None, None, 5, None, None, 10]
    assert cell(2, 4) is None and cell(0, 4) is None  # a group of 4 shows nothing
    assert cell_share(5, 10) == 50.0 and cell_share(24, 25) is None
    assert share(24, 25) is None  # the programme's shares follow the same rule


@pytest.fixture(scope="module")
def library(outcomes, data):
    """Six staff of one library: the first 6 assessed learners of a big institution, moved.
    Their first area is made 5 at target and 1 below, the case of issue #14."""
    staff = [a for a in data.assessed if a.institution == "Stadtmuseum Lindenau"][:6]
    assert len(staff) == 6
    profile = outcomes.assessment.profile
    area = profile.areas[0].id
    moved = []
    for k, a in enumerate(staff):
        result = json.loads(json.dumps(a.latest.result))
        target = profile.role(a.role).targets.get(area, "L1")
        result["areas"][area]["level"] = "L1" if k == 0 and target != "L1" else "L4"
        if k == 0 and target == "L1":  # nobody is below L1: give this one a higher target
            a = dataclasses.replace(a, role="director")
            result["areas"][area]["level"] = "L1"
        latest = dataclasses.replace(a.latest, result=result, institution=LIBRARY)
        moved.append(dataclasses.replace(a, pre=latest, post=None, institution=LIBRARY))
    a = outcomes.assessment
    return institution_report(moved, LIBRARY, a.profile, a.manifest, a.bank)


def _numbers_about_people(report) -> list[int]:
    out = []
    for area in report.areas:
        out += [v for v in area.levels.values() if v is not None]
        out += [area.below_target] if area.below_target is not None else []
        if area.at_target_percent is not None:
            out.append(round(area.at_target_percent * report.staff / 100))
    for c in report.heatmap:
        if c.at_target_percent is not None:
            out.append(round(c.at_target_percent * c.staff / 100))
    for p in report.priorities:
        out += [p.below_target] if p.below_target is not None else []
        out += [s.staff for s in p.units if s.staff is not None]
        if p.below_target_percent is not None:
            out.append(round(p.below_target_percent * report.staff / 100))
    return out


def test_a_six_person_library_shows_no_count_of_one_to_five(library):
    assert library.staff == 6
    numbers = _numbers_about_people(library)
    assert numbers and all(n in (0, 6) for n in numbers), numbers
    first = library.areas[0]
    assert first.below_target is None and first.at_target_percent is None  # 1 below, 5 at


def test_no_output_of_the_library_report_says_below_target_one(library):
    tables = institution_tables(library)
    csv_text = to_csv(tables)
    html_text = render(library, "html").decode()
    pdf_text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render(library, "pdf"))).pages
    )
    data = json.loads(render(library, "json"))
    assert data["small_cells"] == SMALL_CELL_RULE
    for text in (csv_text, html_text, pdf_text):
        assert not re.search(r"below target\W{0,3}[1-5]\b", text)
        assert not re.search(r"\bThe [1-5] staff\b", text)
    for table in tables:
        if table.key != "areas":
            continue
        for row in table.rows:
            counts = row[4:]  # below target, then L1-L4 when shown
            assert all(v in ("–", "0", "6") for v in counts), row
    assert "worked out" in html_text and "worked out" in " ".join(pdf_text.split())


def test_the_dashboards_funnel_gives_away_no_small_complement(outcomes, data):
    """ "57 of 60 handed in" tells of 3 learners: such counts are hidden too."""
    checked = 0
    for cohorts, country in ((None, None), (["2026-spring"], None), (None, "HR")):
        report = outcomes.programme(cohorts, country, data=data)
        for step in report.funnel:
            shown_counts = [c for c in (step.enrolled, step.handed_in, step.passed) if c]
            for a in shown_counts:
                for b in shown_counts:
                    assert not 0 < a - b < 5, step
            checked += len(shown_counts)
        for s in report.unit_scores:
            if s.passed_percent is not None and s.graded is not None:
                passed = round(s.passed_percent * s.graded / 100)
                assert passed == 0 or (passed >= 5 and not 0 < s.graded - passed < 5)
    assert checked


def test_groups_and_the_selection_give_away_no_small_complement(outcomes, data):
    """ "12 enrolled, 10 completed" tells of 2 learners: such counts are hidden too."""
    seen = 0
    for cohorts, country in ((None, None), (["2026-spring"], None), (["2026-autumn"], "CY")):
        report = outcomes.programme(cohorts, country, data=data)
        rows = [vars(r) for r in report.by_country + report.by_language]
        for row in [*rows, report.selection]:
            people = row["people"]
            for part, whole in (
                ("enrolled", "people"),
                ("assessed", "people"),
                ("completed", "enrolled"),
                ("assessed_twice", "assessed"),
            ):
                if row[part] is None:
                    continue
                seen += 1
                assert row[part] == 0 or row[part] >= 5
                for parent in (row[whole], people):
                    if parent is not None:
                        assert not 0 < parent - row[part] < 5, (row, part)
    assert seen
