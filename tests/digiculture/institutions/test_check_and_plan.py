"""The institution's own check and its development plan: a 3-person museum does the check on
the director's page, gets a plan in German with an owner and a month for every action, and a
year later the second check shows the change. Imports and exports keep the data and refuse
what is broken with sentences."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from digiculture.institutions import check as checks
from digiculture.institutions.page import DirectorPage
from digiculture.institutions.plan import make_plan, render_plan
from digiculture.institutions.staff import staff_picture
from digiculture.institutions.texts import agenda, texts
from tests.digiculture.institutions.conftest import kleinbach_staff

AREAS = [a.id for a in agenda()]


def _fill(page: DirectorPage, levels: dict[str, tuple[int, int]], day: str, who: str) -> None:
    page.date.value = day
    page.participants.value = who
    for area, (now, target) in levels.items():
        page.fields[area]["now"].value = now
        page.fields[area]["target"].value = target
        page.fields[area]["notes"].value = f"Notiz zu {area}"
        page.fields[area]["who"].value = "Anna"


@pytest.fixture
def museum(registry, stored):
    """Heimatmuseum Kleinbach: 3 staff took the self-assessment with its link; 2 share."""
    inst = registry.add("Heimatmuseum Kleinbach", "museum", "1-4", "DE", "de")
    kleinbach_staff(stored, inst.name)
    return inst, stored.store


def test_a_three_person_museum_does_the_check_and_a_year_later_sees_the_change(
    registry, museum, assessment
):
    inst, store = museum
    page = DirectorPage(
        registry,
        store,
        assessment.profile,
        assessment.manifest,
        assessment.bank,
        today=date(2025, 11, 24),
    )
    assert inst.name not in str(page.body.children[0].value)
    assert not page.open(inst.staff_code)  # the staff link's code opens nothing
    assert page.open(inst.director_key)
    assert page.lang == "de" and "kit-lang-de" in page.widget._dom_classes
    # Saving with gaps says what is missing, in German, and saves nothing.
    assert not page.save()
    assert texts("de")["participants_needed"] in page.status.value
    assert registry.checks(inst) == []
    first = {a: (1, 2) for a in AREAS}
    first["partnerships"] = (2, 2)
    _fill(page, first, "2025-11-24", "Anna Weber, Jonas Keller, Petra Lang")
    page.fields["data"]["target"].value = 1
    page.fields["data"]["now"].value = 2
    assert not page.save() and "12-Monats-Ziel" in page.status.value
    page.fields["data"]["target"].value = 2
    assert page.save(), page.status.value
    (saved,) = registry.checks(inst)
    assert saved["participants"] == ["Anna Weber", "Jonas Keller", "Petra Lang"]
    assert saved["areas"]["strategy"] == {
        "now": 1,
        "target": 2,
        "notes": "Notiz zu strategy",
        "responsible": "Anna",
    }
    plan_view = page.plan.value
    assert "Entwicklungsplan" in plan_view and 'lang="de"' in plan_view
    assert "Anna Weber" in page.staff.value and "Jonas Keller" in page.staff.value
    assert "weniger als 5" in page.staff.value  # 3 staff: no anonymous figure
    for fmt in ("pdf", "html", "json"):
        assert f"kit-download-{fmt}" in page.downloads.value

    # A year later: the second check, the change since the first.
    page.today = date(2026, 11, 23)
    page._show()
    second = dict(first, strategy=(2, 3), collections=(2, 3), skills=(1, 2))
    _fill(page, second, "2026-11-23", "Anna Weber, Petra Lang")
    assert page.save(), page.status.value
    assert [c["taken_on"] for c in registry.checks(inst)] == ["2025-11-24", "2026-11-23"]
    assert "Veränderung seit dem Check vom 24. November 2025" in page.plan.value
    assert "Ziel erreicht" in page.plan.value and "Ziel noch nicht erreicht" in page.plan.value


def test_the_plan_has_months_owners_units_mentoring_and_a_review(registry, museum, assessment):
    inst, store = museum
    levels = {a: (1, 2) for a in AREAS}
    levels["strategy"] = (1, 3)
    check = checks.validate(
        {
            "taken_on": "2025-11-24",
            "participants": ["Anna Weber"],
            "areas": {
                a: {"now": n, "target": t, "responsible": "Anna" if a == "strategy" else ""}
                for a, (n, t) in levels.items()
            },
        },
        inst.name,
    )
    staff = staff_picture(store, inst, assessment.profile, assessment.manifest, assessment.bank)
    plan = make_plan(inst, [check], staff, "de", assessment.manifest, date(2025, 11, 25))
    assert all(1 <= a.month <= 12 and a.owner and a.text for a in plan.actions)
    kinds = [a.kind for a in plan.actions]
    assert kinds.count("institution") == 7 and "mentoring" in kinds and kinds[-1] == "review"
    first = plan.actions[0]
    assert (first.month, first.area, first.owner) == (1, "strategy", "Anna")  # largest gap
    training = [a for a in plan.actions if a.kind == "training"]
    assert {a.owner for a in training} == {"Anna Weber", "Jonas Keller"}  # only who shares
    assert all("Petra" not in a.owner for a in plan.actions)
    pdf = render_plan(plan, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Entwicklungsplan: Heimatmuseum Kleinbach" in " ".join(text.split())
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    # Tagged: a structure a screen reader follows (title, headings, paragraphs, table rows).
    assert bool(root["/MarkInfo"]["/Marked"])
    elements = [e.get_object() for e in root["/StructTreeRoot"]["/K"][0].get_object()["/K"]]
    kinds = [e["/S"] for e in elements]
    assert kinds[0] == "/H1" and kinds.count("/P") > len(plan.actions)
    data = json.loads(render_plan(plan, "json"))
    assert data["lang"] == "de" and len(data["actions"]) == len(plan.actions)
    html_text = render_plan(plan, "html").decode()
    assert html_text.startswith("<!DOCTYPE html>") and '<html lang="de">' in html_text


def test_the_pdf_has_no_text_below_ten_points(registry, museum, assessment):
    inst, store = museum
    check = checks.validate(
        {
            "taken_on": "2025-11-24",
            "participants": "Anna",
            "areas": {a: {"now": 1, "target": 2} for a in AREAS},
        },
        inst.name,
    )
    staff = staff_picture(store, inst, assessment.profile, assessment.manifest, assessment.bank)
    pdf = render_plan(make_plan(inst, [check], staff, "el", assessment.manifest), "pdf")
    sizes = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, fd, size: sizes.add(size * tm[0]))
    assert sizes and min(s for s in sizes if s) >= 10


def test_a_check_goes_out_and_comes_back_as_json_and_csv(registry):
    inst = registry.add("Museo Civico di Sasso", "museum", "1-4", "IT", "it")
    check = checks.validate(
        {
            "taken_on": "2026-03-02",
            "participants": ['=HYPERLINK("x")', "Lucia"],
            "areas": {
                a: {"now": 2, "target": 3, "notes": "+39 055 123, «ok»", "responsible": "@lucia"}
                for a in AREAS
            },
        },
        inst.name,
    )
    assert checks.from_json(checks.to_json(check), inst.name) == check
    text = checks.to_csv(check)
    for line in text.splitlines()[1:]:
        assert all(not cell.startswith(("=", "+", "-", "@")) for cell in line.split(","))
    assert "'=HYPERLINK" in text and "'@lucia" in text
    assert checks.from_csv(text, inst.name) == check


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a check in JSON"),
        ("[1, 2]", "not a check"),
        ('{"taken_on": "2026-13-01", "participants": ["A"], "areas": {}}', "not a date"),
        ('{"taken_on": "2026-01-01", "participants": [], "areas": {"x": {}}}', "Write who"),
        ("[" * 100_000 + "]" * 100_000, "not a check"),
    ],
)
def test_a_broken_check_file_gets_sentences(text, message):
    with pytest.raises(checks.CheckError, match=message):
        checks.from_json(text, "X")


def test_a_broken_csv_gets_sentences():
    with pytest.raises(checks.CheckError, match="first line"):
        checks.from_csv("a,b\n1,2\n", "X")
    with pytest.raises(checks.CheckError, match="NUL"):
        checks.from_csv("taken_on\x00", "X")
    header = ",".join(checks.CSV_COLUMNS)
    with pytest.raises(checks.CheckError, match="not a level"):
        checks.from_csv(header + "\n2026-01-01,A,strategy,high,3,,\n", "X")


def test_institutions_like_yours_only_from_five_of_the_same_type_and_size(registry, museum):
    from digiculture.institutions.plan import like_yours

    inst, store = museum
    registry.add("Stadtarchiv Klein", "archive", "1-4", "DE", "de")  # another type: not counted
    registry.add("Museum Groß", "museum", "10-49", "DE", "de")  # another size: not counted
    for k in range(5):
        other = registry.add(f"Dorfmuseum {k}", "museum", "1-4", "DE", "de")
        if k == 4:
            assert like_yours(registry, inst) == {"count": None, "areas": {}}  # 4 peers
        registry.save_check(
            other,
            checks.validate(
                {
                    "taken_on": "2025-10-01",
                    "participants": ["Leitung"],
                    "areas": {a: {"now": 1 + k % 3, "target": 3} for a in AREAS},
                },
                other.name,
            ),
        )
    for name in ("Stadtarchiv Klein", "Museum Groß"):
        registry.save_check(
            registry.by_name(name),
            checks.validate(
                {
                    "taken_on": "2025-10-01",
                    "participants": ["X"],
                    "areas": {a: {"now": 4, "target": 4} for a in AREAS},
                },
                name,
            ),
        )
    like = like_yours(registry, inst)
    assert like["count"] == 5 and set(like["areas"].values()) == {2}  # 1,2,3,1,2 -> 2
    check = checks.validate(
        {
            "taken_on": "2025-11-24",
            "participants": "Anna",
            "areas": {a: {"now": 1, "target": 2} for a in AREAS},
        },
        inst.name,
    )
    plan = make_plan(
        inst, [check], staff_picture(store, inst, None, with_names=False), "it", peers=like
    )
    html_text = render_plan(plan, "html").decode()
    assert "Istituzioni come la vostra" in html_text and "5 istituzioni" in html_text
