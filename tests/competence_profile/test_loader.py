from __future__ import annotations

import pytest

from competence_profile import LEVEL_IDS, DataInvalid, check_profile, load_profile
from tests.competence_profile.conftest import BROKEN_CASES, assemble, expected_lines


def test_shipped_profile_is_valid_and_complete():
    profile = load_profile()
    assert len(profile.areas) == 6
    for area in profile.areas:
        assert 3 <= len(profile.competences_of(area.id)) <= 5
    assert {ref for c in profile.competences for ref in c.digcomp} == {
        d.id for d in profile.digcomp
    }
    assert len(profile.digcomp) == 21
    assert len(profile.roles) >= 5
    assert set(profile.languages) == {"en", "de", "it", "hr", "el", "pt"}
    for role in profile.roles:
        assert set(role.targets) == set(profile.area_ids)
        assert {rel.source for rel in role.related} <= {"musa", "digcurv"}
    for c in profile.competences:
        assert list(c.descriptors) == list(LEVEL_IDS)
        assert c.id.startswith(c.area + ".")


def test_every_language_translates_every_text():
    profile = load_profile()
    for lang in profile.languages:
        local = profile.in_language(lang)
        for c in local.competences:
            assert c.title.strip() and c.description.strip()
            assert all(text.strip() for text in c.descriptors.values())
        if lang != "en":  # texts really differ from the English source
            assert local.competence("P1.1").title != profile.competence("P1.1").title


def test_small_valid_profile_loads(small_profile_dir):
    profile = load_profile(small_profile_dir)
    assert profile.version == "0.0.1"
    assert profile.in_language("de").area("P1").title == "DE Information"


def test_unknown_language_is_refused(small_profile_dir):
    with pytest.raises(KeyError):
        load_profile(small_profile_dir).in_language("fr")


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_each_broken_profile_names_its_problem(case, tmp_path):
    folder = assemble(case, tmp_path / "profile")
    profile, problems = check_profile(folder)
    assert profile is None
    text = "\n".join(str(p) for p in problems)
    for line in expected_lines(case):
        assert line in text, f"expected {line!r} in:\n{text}"
    with pytest.raises(DataInvalid) as raised:
        load_profile(folder)
    assert raised.value.problems == problems


def test_missing_folder_is_one_clear_problem(tmp_path):
    profile, problems = check_profile(tmp_path / "nowhere")
    assert profile is None
    assert len(problems) == 1 and "folder not found" in str(problems[0])


def test_area_with_too_few_competences(small_profile_dir):
    import yaml

    path = small_profile_dir / "competences.yaml"
    data = yaml.safe_load(path.read_text())
    p1 = [c for c in data["competences"] if c["area"] == "P1"]
    moved = p1[-1]["digcomp"]
    data["competences"] = [c for c in data["competences"] if c["id"] not in ("P1.3", "P1.4")]
    data["competences"][0]["digcomp"] += moved + ["3.1", "3.2"]
    path.write_text(yaml.safe_dump(data))
    _, problems = check_profile(small_profile_dir)
    assert any("has 2 competences: an area needs 3 to 5" in str(p) for p in problems)
