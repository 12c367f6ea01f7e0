"""A PostgreSQL results store through the kit's settings and CLI, as on a cluster."""

from __future__ import annotations

import json
import os

from assessment.store import ResultStore
from digiculture.assessment_setup import load_assessment
from digiculture.server import free_port
from digiculture.settings import Settings


def test_store_url_from_the_environment_reaches_the_store(postgres):
    url = postgres.new_database()
    settings = Settings.load(environ={"DIGICULTURE_STORE_URL": url})
    assert settings.results_store == url
    assessment = load_assessment(settings)
    assert assessment.store.kind == "postgresql"
    assert assessment.store.description == url.replace(postgres.password, "***")


def test_export_and_delete_from_a_postgresql_store(cli, postgres):
    url = postgres.new_database()
    code, _ = ResultStore(url).save_attempt(
        code=None,
        language="hr",
        role="director",
        answers={},
        result={"areas": {}, "competences": {}},
        recommendations=[],
    )
    env = dict(os.environ, DIGICULTURE_STORE_URL=url)
    out = cli("assess", "export", "--learner", code, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["learner"]["code"] == code
    gone = cli("assess", "delete", "--learner", code, "--yes", "--store", url)
    assert gone.returncode == 0 and "Deleted learner" in gone.stdout
    assert not ResultStore(url).knows(code)


def test_unreachable_store_is_one_sentence_not_a_traceback(cli):
    url = f"postgresql://kit:pa55word@127.0.0.1:{free_port()}/results"
    out = cli("assess", "export", "--all-csv", env=dict(os.environ, DIGICULTURE_STORE_URL=url))
    assert out.returncode == 1
    assert "cannot be reached" in out.stderr and "DIGICULTURE_STORE_URL" in out.stderr
    assert "Traceback" not in out.stderr and "pa55word" not in out.stderr
