"""Drafts: answers kept as the learner goes, one attempt however many tabs finish it."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

from assessment.drafts import DRAFT_DAYS, Drafts, new_draft_key
from assessment.store import ResultStore, utc_now
from tests.assessment.conftest import answers_at


def test_a_draft_is_kept_under_its_key_and_only_a_hash_of_it_is_stored(store_url, tmp_path):
    drafts = Drafts(ResultStore(store_url))
    key = new_draft_key()
    assert drafts.load(key) is None
    assert drafts.save(key, {"answers": {"P1.1-rate": 3}, "page": 3, "lang": "de"})
    assert drafts.save(key, {"answers": {"P1.1-rate": 4}, "page": 4, "lang": "de"})
    draft = drafts.load(key)
    assert draft.state["answers"] == {"P1.1-rate": 4} and not draft.finished
    assert drafts.load(new_draft_key()) is None
    if store_url.startswith("sqlite"):
        rows = sqlite3.connect(store_url[len("sqlite:///") :]).execute(
            "SELECT key_hash FROM assessment_drafts"
        )
        assert key not in [r[0] for r in rows]


def test_a_draft_is_claimed_once_and_keeps_no_answers_after(store_url):
    drafts = Drafts(ResultStore(store_url))
    key = new_draft_key()
    drafts.save(key, {"answers": {"role": "director"}})
    assert drafts.claim(key)
    assert not drafts.claim(key)  # the second tab
    drafts.finished(key, "ABCD-EFGH-JKLM")
    draft = drafts.load(key)
    assert draft.finished and draft.finished_code == "ABCD-EFGH-JKLM" and draft.state == {}
    assert not drafts.save(key, {"answers": {"role": "director"}})  # finished: not reopened


def test_old_drafts_are_deleted(tmp_path):
    drafts = Drafts(ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}"))
    key = new_draft_key()
    drafts.save(key, {"answers": {"a": 1}}, now=utc_now() - timedelta(days=DRAFT_DAYS + 1))
    assert drafts.load(key) is None
    assert drafts.purge_expired() == 1


def test_two_tabs_finishing_one_draft_store_one_attempt(stored_assessment):
    a = stored_assessment
    key = new_draft_key()
    answers = answers_at(a, 2, True, "director")
    outcomes = []

    def finish() -> None:
        outcomes.append(a.finish(answers, "director", "de", consent=True, draft=key))

    tabs = [threading.Thread(target=finish) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    codes = {o.code for o in outcomes}
    assert len(codes) == 1 and None not in codes
    assert len(a.store.attempts(codes.pop())) == 1


def test_the_comparison_is_with_the_first_attempt(stored_assessment):
    a = stored_assessment
    first = a.finish(answers_at(a, 1, False, "director"), "director", "de", consent=True)
    a.finish(answers_at(a, 4, True, "director"), "director", "de", consent=True, code=first.code)
    third = a.finish(
        answers_at(a, 2, True, "director"), "director", "de", consent=True, code=first.code
    )
    assert third.previous.to_dict() == first.result.to_dict()
    assert third.earlier_attempts == 2


def test_deleting_a_learner_on_request_deletes_their_drafts(tmp_path):
    drafts = Drafts(ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}"))
    open_key, done_key, other = new_draft_key(), new_draft_key(), new_draft_key()
    drafts.save(open_key, {"answers": {"role": "director"}, "code": "abcd efgh jkmn"})
    drafts.claim(done_key)
    drafts.finished(done_key, "ABCD-EFGH-JKMN")
    drafts.save(other, {"answers": {"role": "director"}, "code": None})
    assert drafts.forget("ABCD-EFGH-JKMN") == 2
    assert drafts.load(open_key) is None and drafts.load(done_key) is None
    assert drafts.load(other) is not None
