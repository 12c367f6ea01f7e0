"""The self-assessment app when its results store cannot be reached."""

from __future__ import annotations

import logging

from digiculture.apps import self_assessment
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
