from __future__ import annotations

import csv
import io

from competence_profile import LEVEL_IDS, load_profile
from competence_profile.export import CSV_COLUMNS, to_csv, to_dict, to_markdown


def test_json_shape_in_english():
    data = to_dict(load_profile())
    assert isinstance(data["version"], str)
    assert data["languages"] == ["en", "de", "it", "hr", "el", "pt"]
    assert [lv["id"] for lv in data["levels"]] == list(LEVEL_IDS)
    assert data["levels"][0]["digcomp_levels"] == [1, 2]
    assert data["levels"][3]["digcomp_levels"] == [7, 8]
    first = data["areas"][0]["competences"][0]
    assert set(first) >= {"id", "title", "description", "digcomp", "descriptors"}
    assert list(first["descriptors"]) == list(LEVEL_IDS)
    role = data["roles"][0]
    assert set(role["targets"]) == {a["id"] for a in data["areas"]}
    assert all(": " in label for label in role["related"])  # "Mu.SA: ..." / "DigCurV: ..."


def test_json_texts_follow_the_language():
    profile = load_profile()
    en, el = to_dict(profile, "en"), to_dict(profile, "el")
    assert en["areas"][0]["id"] == el["areas"][0]["id"]
    assert en["areas"][0]["title"] != el["areas"][0]["title"]
    greek = el["areas"][0]["competences"][0]["descriptors"]["L1"]
    assert any("\u0370" <= ch <= "\u03ff" for ch in greek)


def test_csv_has_one_row_per_competence():
    profile = load_profile()
    rows = list(csv.DictReader(io.StringIO(to_csv(profile, "hr"))))
    assert len(rows) == len(profile.competences)
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[0]["competence_id"] == "P1.1"


def test_markdown_lists_every_competence_and_role():
    profile = load_profile()
    page = to_markdown(profile, "pt")
    for c in profile.in_language("pt").competences:
        assert f"#### {c.id} {c.title}" in page
    for r in profile.in_language("pt").roles:
        assert r.title in page
