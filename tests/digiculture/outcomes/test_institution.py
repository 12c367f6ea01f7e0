"""The institution report on the generated programme: the staff picture against the roles'
targets equals an independent computation; small institutions are refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from digiculture.institutions.report_page import InstitutionPage
from digiculture.outcomes.institution import ALL_STAFF, InstitutionReportRefused
from digiculture.outcomes.privacy import MIN_GROUP
from digiculture.settings import Settings
from tests.digiculture.outcomes import independent

LEVELS = ["L1", "L2", "L3", "L4"]
BIG = "Stadtmuseum Lindenau"


@pytest.fixture(scope="module")
def lindenau(outcomes):
    return outcomes.institution("  stadtmuseum   LINDENAU ")


def test_staff_picture_equals_an_independent_computation(lindenau, programme):
    _, summary = programme
    store = Path(summary["store_url"].removeprefix("sqlite:///"))
    roles = yaml.safe_load((Settings.load().profile_dir / "roles.yaml").read_text())["roles"]
    targets = {r["id"]: r["targets"] for r in roles}
    staff = [a[-1] for a in independent.attempts(store).values() if a[-1]["institution"] == BIG]
    assert lindenau.institution == BIG and lindenau.staff == len(staff) == 40
    for area in lindenau.areas:
        at = [
            LEVELS.index(s["result"]["areas"][area.area]["level"])
            >= LEVELS.index(targets[s["role"]][area.area])
            for s in staff
        ]
        n_at = sum(at)
        if n_at in (1, 2, 3, 4, 36, 37, 38, 39):  # a small cell: hidden
            assert area.at_target_percent is None
        else:
            assert area.at_target_percent == pytest.approx(100 * n_at / len(at))
        mean = sum(s["result"]["areas"][area.area]["score"] for s in staff) / len(staff)
        assert area.mean_score == pytest.approx(mean)
    cells = [c for c in lindenau.heatmap if c.group == ALL_STAFF]
    assert [c.at_target_percent for c in cells] == [a.at_target_percent for a in lindenau.areas]


def test_every_group_of_the_heat_map_has_at_least_five_staff(lindenau):
    assert lindenau.groups[ALL_STAFF] == 40
    assert all(n >= MIN_GROUP for n in lindenau.groups.values())
    assert len(lindenau.groups) > 2  # roles are shown where they are big enough
    for area in lindenau.areas:  # within the institution's group, the levels shown add up
        shown = [v for v in area.levels.values() if v is not None]
        assert sum(shown) <= 40 and all(v == 0 or 5 <= v <= 35 or v == 40 for v in shown)
        if len(shown) == 4:
            assert sum(shown) == 40


def test_priorities_units_and_a_twelve_month_plan(lindenau, outcomes):
    manifest = outcomes.assessment.manifest
    profile = outcomes.assessment.profile
    shares = [p.below_target_percent for p in lindenau.priorities]
    assert 1 <= len(shares) <= 3 and shares == sorted(shares, reverse=True)
    for p in lindenau.priorities:
        trained = {
            profile.competence(c).area for s in p.units for c in manifest.unit(s.unit).competences
        }
        assert p.area in trained
        assert p.hours_per_person == pytest.approx(sum(s.minutes for s in p.units) / 60)
    today = date.fromisoformat(lindenau.generated)
    for row in lindenau.plan:
        review = date.fromisoformat(row.review)
        assert 0 < (review - today).days <= 370
        assert row.current and row.target and row.actions and row.indicators
    assert lindenau.plan[-1].period.endswith("12")


def test_fewer_than_five_staff_and_unknown_institutions_are_refused(outcomes):
    with pytest.raises(InstitutionReportRefused, match="Fewer than 5 staff of 'Heimatmuseum"):
        outcomes.institution("Heimatmuseum Kleinbach")
    with pytest.raises(InstitutionReportRefused) as refused:
        outcomes.institution("Museum of Nowhere")
    message = str(refused.value)
    assert "No one from 'Museum of Nowhere'" in message
    assert BIG not in message and "Heimatmuseum Kleinbach" not in message  # no list to anyone


def test_the_institution_page_lists_no_institution_and_opens_only_with_a_key(outcomes, programme):
    _, summary = programme
    keys = summary["director_keys"]
    page = InstitutionPage(outcomes)
    shown_before = page.body.value + page.widget.children[0].value
    for name in keys:  # no institution's name is shown to a visitor without a key
        assert name not in shown_before
    assert not page.open("Δημοτική Πινακοθήκη Καλαμού")  # a name is not a key
    assert not page.open(keys[BIG][:-1] + ("2" if keys[BIG][-1] != "2" else "3"))
    assert "does not open an institution" in page.body.value and page.download.value == ""
    assert page.open(keys["Δημοτική Πινακοθήκη Καλαμού"].lower())
    assert "12-month development plan" in page.body.value
    assert "application/pdf;base64," in page.download.value
    assert page.open(keys["Heimatmuseum Kleinbach"])  # 3 staff: refused, nothing shown
    assert "kit-refused" in page.body.value and page.download.value == ""
    assert BIG not in page.body.value
