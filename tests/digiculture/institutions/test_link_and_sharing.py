"""The self-assessment link and the choice to share one's result with one's institution.

Attacks: a visitor who types a real institution's name (or a made-up code, or a formula) into
`?institution=` adds nothing to that institution; a made-up `?cohort=` is not stored. A shared
result is seen only by that institution's director, and a withdrawal removes it from every
figure at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.app import SelfAssessmentApp
from assessment.store import ResultStore
from assessment.wording import long_date
from digiculture.institutions.page import staff_html
from digiculture.institutions.registry import Registry, RegistryError
from digiculture.institutions.sharing import ShareChoice
from digiculture.institutions.staff import staff_picture
from digiculture.self_assessment import app as self_assessment
from digiculture.settings import Settings
from tests.digiculture.institutions.conftest import answers


def _visit(monkeypatch, tmp_path, store_url, query: str) -> SelfAssessmentApp:
    cohorts = tmp_path / "cohorts" / "2027-spring"
    (cohorts / "source").mkdir(parents=True, exist_ok=True)
    (cohorts / "nbgrader_config.py").write_text("c = get_config()\n")
    monkeypatch.setenv("DIGICULTURE_STORE_URL", store_url)
    monkeypatch.setenv("DIGICULTURE_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("DIGICULTURE_COHORTS_DIR", str(tmp_path / "cohorts"))
    monkeypatch.setenv("QUERY_STRING", query)
    return self_assessment.build("en")


def _finish(app: SelfAssessmentApp, rating: int = 2) -> None:
    app.answers = answers(app.assessment, rating)
    app._finish()


def test_the_registry_makes_secret_codes_and_refuses_mistakes(registry):
    museum = registry.add("Heimatmuseum Kleinbach", "museum", "1-4", "de", "de")
    assert museum.country == "DE" and len(museum.staff_code) == 14
    assert len(museum.director_key) == 24 and museum.staff_code != museum.director_key
    assert registry.by_staff_code(museum.staff_code.lower().replace("-", " ")) == museum
    assert registry.by_director_key(museum.director_key) == museum
    assert registry.by_director_key(museum.staff_code) is None  # the link opens no page
    assert registry.by_staff_code("Heimatmuseum Kleinbach") is None
    assert "director_key" not in museum.public()
    for bad, message in (
        (("heimatmuseum  KLEINBACH", "museum", "1-4", "DE", "de"), "already registered"),
        (("X", "zoo", "1-4", "DE", "de"), "Unknown type"),
        (("X", "museum", "3", "DE", "de"), "size band"),
        (("X", "museum", "1-4", "Germany", "de"), "country code"),
        (("X\x00", "museum", "1-4", "DE", "de"), "control character"),
        (('=HYPERLINK("x")', "museum", "1-4", "DE", "de"), "formula"),
    ):
        with pytest.raises(RegistryError, match=message):
            registry.add(*bad)


def test_a_made_up_institution_or_cohort_is_not_stored(monkeypatch, tmp_path, store_url):
    registry = Registry(store_url)
    registry.add("Stadtmuseum Lindenau", "museum", "10-49", "DE", "de")
    for query in (
        "institution=Stadtmuseum%20Lindenau&cohort=2099-fake",
        "institution=%3DHYPERLINK(%22http://x%22)&cohort=%3D1%2B1",
        "institution=AAAA-BBBB-CCCC",
    ):
        app = _visit(monkeypatch, tmp_path, store_url, query)
        assert (app.institution, app.cohort) == (None, None)
        notes = " ".join(getattr(c, "value", "") for c in app.body.children)
        assert "institution code in your link is not known" in notes
        _finish(app)
    attempts = ResultStore(store_url).all_attempts()
    assert len(attempts) == 3
    assert all(a.institution is None and a.cohort is None for a in attempts)


def test_a_known_code_and_cohort_are_attached(monkeypatch, tmp_path, store_url):
    museum = Registry(store_url).add("Heimatmuseum Kleinbach", "museum", "1-4", "DE", "de")
    app = _visit(
        monkeypatch, tmp_path, store_url, f"institution={museum.staff_code}&cohort=2027-spring"
    )
    assert (app.institution, app.cohort) == ("Heimatmuseum Kleinbach", "2027-spring")
    notes = " ".join(getattr(c, "value", "") for c in app.body.children)
    assert "not known" not in notes
    _finish(app)
    (attempt,) = ResultStore(store_url).all_attempts()
    assert (attempt.institution, attempt.cohort) == ("Heimatmuseum Kleinbach", "2027-spring")


def _share_choice(app) -> ShareChoice:
    boxes = [c for c in app.body.children if "kit-share-choice" in c._dom_classes]
    assert len(boxes) == 1
    box = boxes[0]
    return box.children[1], box.children[2], box.children[3]


def test_sharing_is_explicit_seen_only_by_the_institution_and_withdrawn_everywhere(
    monkeypatch, tmp_path, store_url, assessment
):
    registry = Registry(store_url)
    museum = registry.add("Heimatmuseum Kleinbach", "museum", "1-4", "DE", "de")
    other = registry.add("Museo Civico di Sasso", "museum", "1-4", "IT", "it")
    store = ResultStore(store_url)
    people = []
    for k in range(3):
        app = _visit(monkeypatch, tmp_path, store_url, f"institution={museum.staff_code}")
        _finish(app, rating=1 + k)
        name, box, status = _share_choice(app)
        assert box.value is False  # nothing is shared until the person ticks the box
        people.append((app, name, box, status))
    profile = assessment.profile

    def seen(institution, with_names=True):
        return staff_picture(store, institution, profile, with_names=with_names)

    assert seen(museum).shared == [] and seen(museum).assessed is None  # 3 < 5: no count
    # Ticking without a name shares nothing and says why.
    _, name, box, status = people[0]
    box.value = True
    assert box.value is False and "Type the name" in status.value
    name.value = "Anna Weber"
    box.value = True
    people[1][1].value = "Jonas"
    people[1][2].value = True
    assert [s.shown_as for s in seen(museum).shared] == ["Anna Weber", "Jonas"]
    assert seen(other).shared == []  # another institution's director sees nothing
    assert seen(museum, with_names=False).shared == []
    jonas = seen(museum).shared[1]
    assert jonas.levels and jonas.role and jonas.taken_on
    # The director's page writes the day as German does ("3. Dezember 2026"), not ISO.
    shown = staff_html(seen(museum), "de", profile)
    assert long_date(jonas.taken_on, "de") in shown and jonas.taken_on not in shown
    # Withdrawal: Anna unticks; she is in no figure any more.
    people[0][2].value = False
    assert "Not shared" in people[0][3].value
    assert [s.shown_as for s in seen(museum).shared] == ["Jonas"]
    # A later self-assessment with Jonas's code shows his choice, and he withdraws there.
    code = people[1][0].attempt.code
    later = _visit(monkeypatch, tmp_path, store_url, f"institution={museum.staff_code}")
    later.code = code
    _finish(later, rating=3)
    _, box, _ = _share_choice(later)
    assert box.value is True
    box.value = False
    assert seen(museum).shared == []
    # Deleting one's data removes the choice too.
    people[2][1].value = "Petra"
    people[2][2].value = True
    store.delete_learner(people[2][0].attempt.code)
    assert seen(museum).shared == [] and store.shares() == {}


def test_no_share_choice_without_an_institution_or_without_storing(
    monkeypatch, tmp_path, store_url
):
    app = _visit(monkeypatch, tmp_path, store_url, "")
    _finish(app)
    assert not [c for c in app.body.children if "kit-share-choice" in c._dom_classes]
    museum = Registry(store_url).add("Heimatmuseum Kleinbach", "museum", "1-4", "DE", "de")
    app = _visit(monkeypatch, tmp_path, store_url, f"institution={museum.staff_code}")
    app.answers = answers(app.assessment, 2)
    app.answers["consent"] = "no"
    app._finish()
    assert not [c for c in app.body.children if "kit-share-choice" in c._dom_classes]
    assert len(ResultStore(store_url).all_attempts()) == 1  # the first visit's only
    assert Path(Settings.load().state_dir) == tmp_path
