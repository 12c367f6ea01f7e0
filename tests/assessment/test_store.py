"""The results store, run against both databases: a SQLite file and a PostgreSQL server."""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest

from assessment.store import (
    ResultStore,
    StoreUnavailable,
    UnknownLearner,
    new_code,
    normalise_code,
)

RESULT = {
    "role": "director",
    "areas": {"P1": {"score": 10.0, "level": "L1", "target": "L2"}},
    "competences": {},
    "institution": 50.0,
    "missing": [],
    "context": {"country": "IT", "note": "Čakovec, Ηράκλειο"},
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


def test_sqlite_store_is_one_file_in_wal_mode(tmp_path):
    store = ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    assert store.kind == "sqlite" and store.path == tmp_path / "r.sqlite"
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ResultStore(tmp_path / "plain.sqlite").path == tmp_path / "plain.sqlite"


def test_sqlite_store_can_be_read_by_its_owner_only(tmp_path):
    """On the course hub every learner has an account: the results file is not theirs to read."""
    store = ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    store.save_attempt(
        code=new_code(), language="en", role="director", answers={}, result={}, recommendations=[]
    )
    files = sorted(tmp_path.glob("r.sqlite*"))
    assert files, "no store file was made"
    for file in files:
        assert file.stat().st_mode & 0o077 == 0, f"{file.name} can be read by other users"


def test_pre_and_post_attempts(store_url):
    store = ResultStore(store_url)
    code, first = _save(store, taken_at=datetime(2026, 1, 5, tzinfo=UTC))
    same, second = _save(store, code=code.lower(), taken_at=datetime(2026, 6, 5, tzinfo=UTC))
    assert same == code and second > first
    attempts = store.attempts(code)
    assert [a.taken_at[:10] for a in attempts] == ["2026-01-05", "2026-06-05"]
    assert attempts[0].result == RESULT  # JSON round trip, non-Latin text included
    assert attempts[1].recommendations == [{"unit": "u01", "minutes": 15, "reason": "r"}]
    # The second attempt extends the retention from its own date.
    retain = store.export_learner(code)["learner"]["retain_until"]
    assert retain.startswith(str((datetime(2026, 6, 5) + timedelta(days=730)).date()))


def test_export_holds_everything_about_one_learner_only(store_url):
    store = ResultStore(store_url)
    mine, _ = _save(store)
    other, _ = _save(store)
    data = store.export_learner(mine)
    assert data["learner"]["code"] == mine
    assert [a["learner"] for a in data["attempts"]] == [mine]
    assert other not in str(data)
    with pytest.raises(UnknownLearner):
        store.export_learner("AAAA-BBBB-CCCC")


def test_all_attempts_are_ordered_by_learner_then_date(store_url):
    store = ResultStore(store_url)
    for code in ("ZZZZ-2222-AAAA", "AAAA-9999-ZZZZ", "MMMM-2A2A-MMMM"):
        _save(store, code=code, taken_at=datetime(2026, 3, 1, tzinfo=UTC))
        _save(store, code=code, taken_at=datetime(2026, 2, 1, tzinfo=UTC))
    listed = [(a.learner, a.taken_at[:7]) for a in store.all_attempts()]
    assert listed == sorted(listed)  # byte order, as in SQLite, whatever the server's locale


def test_delete_removes_the_learner_and_keeps_the_others(store_url):
    store = ResultStore(store_url)
    mine, _ = _save(store)
    _save(store, code=mine)
    other, _ = _save(store)
    assert store.delete_learner(mine) == 2
    assert not store.knows(mine) and store.attempts(mine) == []
    assert store.knows(other)
    with pytest.raises(UnknownLearner):
        store.delete_learner(mine)


def test_retention_purges_expired_learners(store_url):
    store = ResultStore(store_url, retention_days=30)
    old, _ = _save(store, taken_at=datetime.now(UTC) - timedelta(days=40))
    recent, _ = _save(store)
    assert store.purge_expired() == 1
    assert not store.knows(old) and store.knows(recent)
    assert store.attempts(old) == []


# -- 60 learners saving at once ---------------------------------------------------------------
PROCESSES, THREADS = 6, 10  # 60 writers: a cohort pressing "finish" in the same second


def _writer(url: str, start, queue) -> None:
    """One app process with THREADS learners; each saves a first and a second attempt."""
    store = ResultStore(url)
    saved: list[tuple[str, int, int]] = []
    errors: list[str] = []

    def learner() -> None:
        try:
            start.wait(60)
            code, first = _save(store)
            _, second = _save(store, code=code)
            saved.append((code, first, second))
        except Exception as exc:  # reported to the test, which fails with it
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=learner) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((saved, errors))


def test_sixty_learners_saving_at_once_lose_nothing(store_url):
    ResultStore(store_url)
    ctx = multiprocessing.get_context("spawn")
    queue, start = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=_writer, args=(store_url, start, queue)) for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    start.set()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    errors = [e for _, errs in results for e in errs]
    assert errors == []
    saved = [s for batch, _ in results for s in batch]
    assert len(saved) == PROCESSES * THREADS == len({code for code, _, _ in saved})
    store = ResultStore(store_url)
    assert len(store.all_attempts()) == 2 * len(saved)
    for code, first, second in saved:
        assert [a.id for a in store.attempts(code)] == [first, second]


# -- stores that cannot be opened: a sentence, never a traceback ------------------------------
def test_unsupported_store_url_is_a_clear_error():
    with pytest.raises(ValueError, match="Unsupported results store") as err:
        ResultStore("mysql://kit:secret@somewhere/db")
    assert isinstance(err.value, StoreUnavailable)
    assert "secret" not in str(err.value) and "postgresql://" in str(err.value)


def test_sqlite_file_that_cannot_be_written_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="cannot be opened") as err:
        ResultStore(f"sqlite:///{blocker / 'results.sqlite'}")
    assert "DIGICULTURE_STORE_URL" in str(err.value)


def test_unreachable_postgresql_is_a_clear_error_without_the_password():
    from digiculture.server import free_port

    url = f"postgresql://kit:s3cret-pw@127.0.0.1:{free_port()}/results"
    with pytest.raises(StoreUnavailable, match="cannot be reached") as err:
        ResultStore(url)
    message = str(err.value)
    assert "s3cret-pw" not in message and "kit:***@127.0.0.1" in message
    assert "database server is running" in message and "Traceback" not in message


def test_wrong_password_or_database_is_a_clear_error(postgres):
    with pytest.raises(StoreUnavailable, match="password authentication failed") as err:
        ResultStore(postgres.url("postgres", password="wrong-password"))
    assert "wrong-password" not in str(err.value)
    with pytest.raises(StoreUnavailable, match='database "no_such_db" does not exist'):
        ResultStore(postgres.url("no_such_db"))


def test_missing_postgresql_driver_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    with pytest.raises(StoreUnavailable, match=r"pip install 'psycopg\[binary\]'"):
        ResultStore("postgresql://kit@db.example.org/results")
