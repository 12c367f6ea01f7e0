from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from assessment.store import ResultStore, UnknownLearner, new_code, normalise_code

RESULT = {
    "role": "director",
    "areas": {"P1": {"score": 10.0, "level": "L1", "target": "L2"}},
    "competences": {},
    "institution": 50.0,
    "missing": [],
    "context": {"country": "IT"},
}


def _save(store, code=None, **kw):
    return store.save_attempt(
        code=code,
        language="it",
        role="director",
        answers={"x": 1},
        result=RESULT,
        recommendations=[{"unit": "u01", "minutes": 15, "reason": "r"}],
        **kw,
    )


def test_codes_are_pseudonymous_and_typed_forgivingly():
    code = new_code()
    assert len(code) == 14 and code.count("-") == 2
    assert not set(code.replace("-", "")) & set("01OI")
    assert normalise_code(code.lower().replace("-", " ")) == code


def test_wal_mode_and_pre_post_attempts(tmp_path):
    store = ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    code, first = _save(store, taken_at=datetime(2026, 1, 5, tzinfo=UTC))
    same, second = _save(store, code=code.lower(), taken_at=datetime(2026, 6, 5, tzinfo=UTC))
    assert same == code and second > first
    attempts = store.attempts(code)
    assert [a.taken_at[:10] for a in attempts] == ["2026-01-05", "2026-06-05"]
    assert attempts[0].result == RESULT


def test_export_holds_everything_about_one_learner_only(tmp_path):
    store = ResultStore(tmp_path / "r.sqlite")
    mine, _ = _save(store)
    other, _ = _save(store)
    data = store.export_learner(mine)
    assert data["learner"]["code"] == mine
    assert [a["learner"] for a in data["attempts"]] == [mine]
    assert other not in str(data)
    with pytest.raises(UnknownLearner):
        store.export_learner("AAAA-BBBB-CCCC")


def test_delete_removes_the_learner_and_keeps_the_others(tmp_path):
    store = ResultStore(tmp_path / "r.sqlite")
    mine, _ = _save(store)
    _save(store, code=mine)
    other, _ = _save(store)
    assert store.delete_learner(mine) == 2
    assert not store.knows(mine) and store.attempts(mine) == []
    assert store.knows(other)
    with pytest.raises(UnknownLearner):
        store.delete_learner(mine)


def test_retention_purges_expired_learners(tmp_path):
    store = ResultStore(tmp_path / "r.sqlite", retention_days=30)
    old, _ = _save(store, taken_at=datetime.now(UTC) - timedelta(days=40))
    recent, _ = _save(store)
    assert store.purge_expired() == 1
    assert not store.knows(old) and store.knows(recent)


def _writer(path: str, n: int, queue) -> None:
    store = ResultStore(path)
    codes = [_save(store)[0] for _ in range(n)]
    queue.put(codes)


def test_many_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "busy.sqlite")
    ResultStore(path)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, 25, queue)) for _ in range(8)]
    for p in procs:
        p.start()
    codes = [c for _ in procs for c in queue.get(timeout=120)]
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    store = ResultStore(path)
    assert len(codes) == 200 == len(set(codes))
    assert len(store.all_attempts()) == 200
    assert all(store.knows(c) for c in codes)


def test_unsupported_store_url_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="Unsupported results store"):
        ResultStore("mysql://somewhere/db")
