from __future__ import annotations

import shutil

import pytest
import yaml

from assessment.bank import DEFAULT_BANK_DIR, check_bank
from competence_profile import load_profile

PROFILE = load_profile()


def test_shipped_bank_covers_every_competence_in_every_language(assessment):
    bank = assessment.bank
    for comp in PROFILE.competences:
        kinds = {i.kind for i in bank.for_competence(comp.id)}
        assert {"self_rating", "knowledge"} <= kinds
    assert len(bank.of_kind("institution")) == 5
    assert {i.id for i in bank.of_kind("context")} >= {
        "role",
        "institution_type",
        "institution_size",
        "country",
        "language",
        "consent",
    }
    for lang in PROFILE.languages:
        _, local = assessment.local(lang)
        for item in local.items:
            assert item.text.strip()
            if item.kind == "knowledge":
                assert len({o.text for o in item.options}) == len(item.options)
                assert item.explanation.strip()
        assert [p.value for p in local.scales["self_rating"]] == [1, 2, 3, 4]
    assert assessment.local("de")[1].item("P1.1-quiz").text != bank.item("P1.1-quiz").text


def _broken(tmp_path, change):
    folder = tmp_path / "bank"
    shutil.copytree(DEFAULT_BANK_DIR, folder)
    change(folder)
    bank, problems = check_bank(PROFILE, folder)
    assert bank is None
    return "\n".join(str(p) for p in problems)


def _edit(path, fn):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _item(data, item_id):
    return next(i for i in data["items"] if i["id"] == item_id)


@pytest.mark.parametrize(
    "change,expected",
    [
        (lambda d: _item(d, "P1.1-quiz").update(answer="z"), "P1.1-quiz: answer 'z' is not one"),
        (lambda d: _item(d, "P1.1-rate").update(competence="P9.9"), "unknown competence 'P9.9'"),
        (lambda d: d["items"].remove(_item(d, "P2.1-quiz")), "P2.1: has no knowledge item"),
        (lambda d: d["items"].append(dict(_item(d, "P1.1-rate"))), "P1.1-rate: duplicate item id"),
        (
            lambda d: _item(d, "P1.2-quiz").update(options=_item(d, "P1.2-quiz")["options"][:2]),
            "needs 3 or 4 options",
        ),
    ],
)
def test_broken_items_are_named(tmp_path, change, expected):
    text = _broken(tmp_path, lambda f: _edit(f / "items.yaml", change))
    assert expected in text


def test_translation_problems_are_named(tmp_path):
    def change(folder):
        def tr(d):
            del d["items"]["P3.1-quiz"]
            d["ui"]["area_page"] = "Bereich ohne Platzhalter"
            d["items"]["P1.1-quiz"]["options"].pop("a")

        _edit(folder / "translations" / "de.yaml", tr)

    text = _broken(tmp_path, change)
    assert "translations/de.yaml: P3.1-quiz: missing translation" in text
    assert "translations/de.yaml: ui.area_page: must keep the {placeholders}" in text
    assert "translations/de.yaml: P1.1-quiz: missing translation of option 'a'" in text


def test_cut_offs_must_rise(tmp_path):
    text = _broken(
        tmp_path, lambda f: _edit(f / "scoring.yaml", lambda d: d["level_cutoffs"].update(L3=30))
    )
    assert "level_cutoffs" in text
