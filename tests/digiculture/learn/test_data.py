from __future__ import annotations

import pytest

from digiculture.learn.data import DataMissing, load_data


def test_missing_file_gives_a_calm_message(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGICULTURE_DATA_DIR", str(tmp_path))
    with pytest.raises(DataMissing, match="Nothing is wrong with your work"):
        load_data("nothing_here.csv")


def test_loads_by_kind(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGICULTURE_DATA_DIR", str(tmp_path))
    (tmp_path / "t.csv").write_text("title,year\nBell,1890\n", encoding="utf-8")
    (tmp_path / "d.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "n.txt").write_text("hello", encoding="utf-8")
    assert load_data("t.csv")["year"].tolist() == [1890]
    assert load_data("d.json") == {"a": 1}
    assert load_data("n.txt") == "hello"
