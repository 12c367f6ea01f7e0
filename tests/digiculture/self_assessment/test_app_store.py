"""The self-assessment app when its results store cannot be reached."""

from __future__ import annotations

import logging

from digiculture.self_assessment import app as self_assessment
from digiculture.server import free_port


def test_app_starts_without_storing_when_the_store_is_unreachable(
    monkeypatch, tmp_path, caplog, capsys
):
    url = f"postgresql://kit:pw@127.0.0.1:{free_port()}/results"
    monkeypatch.setenv("DIGICULTURE_STORE_URL", url)
    monkeypatch.setenv("DIGICULTURE_STATE_DIR", str(tmp_path))
    with caplog.at_level(logging.ERROR, logger="digiculture"):
        self_assessment.show("pt")
    assert "Box(" in capsys.readouterr().out  # the app's widget was displayed
    assert any("Answers will not be stored" in r.getMessage() for r in caplog.records)
    assert any("cannot be reached" in r.getMessage() for r in caplog.records)


class Recorded(self_assessment.SelfAssessmentApp):
    """The app, remembering every one built."""

    built: list[self_assessment.SelfAssessmentApp] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Recorded.built.append(self)


def _visit(monkeypatch, tmp_path, query: str):
    Recorded.built = []
    monkeypatch.setattr(self_assessment, "SelfAssessmentApp", Recorded)
    monkeypatch.setenv("DIGICULTURE_STORE_URL", f"sqlite:///{tmp_path / 'results.sqlite'}")
    monkeypatch.setenv("DIGICULTURE_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("DIGICULTURE_LANG", "de")  # the server was started for a German group
    monkeypatch.setenv("QUERY_STRING", query)  # the visitor's address, as Voilà passes it
    return self_assessment.build()


def test_a_visitor_in_the_servers_language_gets_the_app_prepared_in_advance(monkeypatch, tmp_path):
    app = _visit(monkeypatch, tmp_path, "lang=de&cohort=spring-2027")
    assert Recorded.built == [app]
    assert (app.lang, app.cohort, app.institution) == ("de", None, None)  # unknown cohort


def test_a_visitor_with_another_language_gets_it_and_the_prepared_app_is_closed(
    monkeypatch, tmp_path
):
    app = _visit(monkeypatch, tmp_path, "lang=it&institution=museo-civico")
    prepared, shown = Recorded.built
    assert (prepared.lang, shown.lang) == ("de", "it") and shown is app
    assert app.institution is None  # a name, not a registered institution's staff code
    assert prepared.widget.comm is None  # closed: its widgets are not sent to the browser
    assert app.widget.comm is not None


def test_recommended_units_open_from_the_learners_branch(monkeypatch, tmp_path):
    """The results link each unit to its learner version (Binder, or the cohort's hub)."""
    monkeypatch.setenv("DIGICULTURE_REPO_URL", "https://github.com/boostdigiculture/course")
    monkeypatch.setenv("DIGICULTURE_HUB_URL", "")
    app = _visit(monkeypatch, tmp_path, "lang=de")
    link = app.unit_link("u03_collection_tables")
    assert link.startswith("https://mybinder.org/v2/gh/boostdigiculture/course/learners?")
    assert "notebooks%2Frelease%2Fu03_collection_tables%2Fu03_collection_tables.ipynb" in link
    monkeypatch.setenv("DIGICULTURE_HUB_URL", "https://hub.example.org")
    link = _visit(monkeypatch, tmp_path, "lang=de").unit_link("u03_collection_tables")
    assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert "branch=learners" in link
