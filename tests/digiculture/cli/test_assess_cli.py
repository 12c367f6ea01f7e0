"""The `digiculture assess` contract that facilitators' scripts rely on."""

from __future__ import annotations

import json
import os

import pytest


@pytest.fixture
def store_env(tmp_path):
    return dict(os.environ, DIGICULTURE_STORE_URL=f"sqlite:///{tmp_path / 'r.sqlite'}")


def test_validate(cli):
    out = cli("assess", "validate")
    assert out.returncode == 0, out.stderr
    assert "24 self-rating, 24 knowledge" in out.stdout


def test_items_json_contract(cli):
    out = cli("assess", "items", "--lang", "hr", "--json")
    assert out.returncode == 0
    items = json.loads(out.stdout)
    by_kind = {}
    for item in items:
        assert set(item) >= {"id", "competence", "kind", "text"}
        by_kind.setdefault(item["kind"], []).append(item)
    rate = by_kind["self_rating"][0]
    assert [p["value"] for p in rate["scale"]] == [1, 2, 3, 4]
    assert rate["competence"].startswith("P")
    quiz = by_kind["knowledge"][0]
    assert {"id", "text"} == set(quiz["options"][0]) and "answer" not in quiz
    assert all(i["competence"] is None for i in by_kind["context"] + by_kind["institution"])
    role = next(i for i in by_kind["context"] if i["id"] == "role")
    assert len(role["options"]) >= 5
    with_answers = json.loads(cli("assess", "items", "--json", "--include-answers").stdout)
    quiz = next(i for i in with_answers if i["kind"] == "knowledge")
    assert quiz["answer"] in [o["id"] for o in quiz["options"]] and quiz["explanation"]


def test_score_contract(cli, tmp_path):
    items = json.loads(cli("assess", "items", "--json", "--include-answers").stdout)
    answers = {i["id"]: 2 for i in items if i["kind"] == "self_rating"}
    answers.update({i["id"]: i["answer"] for i in items if i["kind"] == "knowledge"})
    del answers["P6.4-rate"]
    path = tmp_path / "responses.json"
    path.write_text(json.dumps({"language": "it", "role": "director", "answers": answers}))
    out = cli("assess", "score", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data["areas"]) == {"P1", "P2", "P3", "P4", "P5", "P6"}
    for area in data["areas"].values():
        assert 0 <= area["score"] <= 100 and area["level"] in ("L1", "L2", "L3", "L4")
        assert area["target"] in ("L1", "L2", "L3", "L4")
    assert set(data["competences"]["P1.1"]) == {"score", "level"}
    assert "P6.4-rate" in data["missing"]
    for rec in data["recommendations"]:
        assert set(rec) == {"unit", "reason", "minutes"}


@pytest.mark.parametrize(
    "content,fragment",
    [
        ("not json {", "is not valid JSON"),
        ('{"language": "fr", "role": "director", "answers": {}}', "unknown language 'fr'"),
        ('{"language": "en", "role": "pilot", "answers": {}}', "unknown role 'pilot'"),
        ('{"language": "en", "role": "director", "answers": {"zz": 1}}', "unknown item id 'zz'"),
        ('{"language": "en", "role": "director", "answers": {"P1.1-rate": 9}}', "from 1 to 4"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_score_bad_input_exits_2_with_one_clear_line(cli, tmp_path, content, fragment):
    path = tmp_path / "responses.json"
    path.write_text(content)
    out = cli("assess", "score", str(path), "--json")
    assert out.returncode == 2
    assert fragment in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_export_and_delete_a_learner(cli, store_env, tmp_path):
    from assessment.store import ResultStore

    store = ResultStore(store_env["DIGICULTURE_STORE_URL"])
    code, _ = store.save_attempt(
        code=None,
        language="el",
        role="director",
        answers={},
        result={"areas": {}, "competences": {}},
        recommendations=[],
    )
    out = cli("assess", "export", "--learner", code, env=store_env)
    assert out.returncode == 0 and json.loads(out.stdout)["learner"]["code"] == code
    csv_out = cli("assess", "export", "--all-csv", env=store_env)
    assert csv_out.returncode == 0 and code in csv_out.stdout
    unknown = cli("assess", "export", "--learner", "AAAA-BBBB-CCCC", env=store_env)
    assert unknown.returncode == 1 and "No learner with the code" in unknown.stderr
    gone = cli("assess", "delete", "--learner", code, "--yes", env=store_env)
    assert gone.returncode == 0 and "Deleted learner" in gone.stdout
    assert not store.knows(code)
