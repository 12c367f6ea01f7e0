"""The console's pages' own logic, without a hub: the roster upload and its preview, the
learners' table, the grading progress and its sentences, the units' state, the credentials'
files, mentoring from the course's roster, the gradebook table, the words and the registry.
(The pages on a real hub, in a browser: test_console_walkthrough.py; who gets in:
test_console_access.py.)"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime

import pytest

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")

from digiculture.console import learners, units  # noqa: E402
from digiculture.console.words import Words  # noqa: E402
from digiculture.course.folder import Course  # noqa: E402
from digiculture.course.roster import Learner  # noqa: E402
from digiculture.course.roster_import import preview_roster  # noqa: E402
from digiculture.errors import UserError  # noqa: E402

EN = Words("en")
HEADER = "id;name;email;country;language;institution"


# -- the roster upload ----------------------------------------------------------------------------
def test_an_upload_is_kept_privately_and_found_by_its_token_only(tmp_path):
    body = (HEADER + "\r\nde-001;Jürgen Müller;;DE;de;Stadtmuseum\r\n").encode("cp1252")
    token, path = learners.keep_upload(tmp_path, "C:\\Users\\anja\\Kurs 2027.csv", body, EN)
    assert path.name == "Kurs-2027.csv"  # no folders, no odd characters
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "console").stat().st_mode) == 0o700
    assert learners.kept_upload(tmp_path, token) == path
    for guess in ("", "../../etc", token[:8], token + "/..", "x" * 70):
        assert learners.kept_upload(tmp_path, guess) is None
    learners.forget_upload(path)
    assert learners.kept_upload(tmp_path, token) is None


def test_the_invitations_csv_is_kept_privately_for_its_cohort(tmp_path):
    from datetime import timedelta

    from digiculture.hub.invitations import Invitation

    expires = datetime(2026, 12, 17, tzinfo=UTC)
    learner = Learner("de-001", "Jürgen Müller", "DE", ("de",), email="jm@example.org")
    link = "http://127.0.0.1:8000/hub/signup?name=de-001&invitation=abc&lang=de"
    token = learners.keep_invitations(
        tmp_path, "spring", [(learner, Invitation("de-001", "abc", link, expires))]
    )
    path = learners.kept_invitations(tmp_path, token)
    assert path is not None and path.name == "invitations-spring.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "id,name,email,link,valid_until",
        f"de-001,Jürgen Müller,jm@example.org,{link},2026-12-17",
    ]
    for guess in ("", "../uploads", token[:10]):
        assert learners.kept_invitations(tmp_path, guess) is None
    # A day later the next import removes it.
    old = (datetime.now() - timedelta(days=2)).timestamp()
    os.utime(path.parent, (old, old))
    learners.keep_invitations(tmp_path, "spring", [])
    assert learners.kept_invitations(tmp_path, token) is None


@pytest.mark.parametrize(
    ("name", "body", "words"),
    [
        ("roster.csv", b"", "empty"),
        ("roster.pdf", b"%PDF-1.4", "not .roster.pdf.: save it as one of these"),
        ("roster.csv", b"x" * (learners.MAX_BYTES + 1), "larger than 5 MB"),
    ],
)
def test_a_file_the_kit_cannot_read_is_refused_with_a_sentence(tmp_path, name, body, words):
    with pytest.raises(UserError, match=words):
        learners.keep_upload(tmp_path, name, body, EN)
    assert not list((tmp_path / "console" / "uploads").glob("*/*"))


def test_the_preview_lists_every_problem_and_offers_no_import(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(
        (
            HEADER + "\r\n"
            "de-001;Jürgen Müller;jm@example.org;XX;de;Stadtmuseum\r\n"
            "root;Someone;;DE;de;Museum\r\n"
            "it-002;Giulia Rossi;;IT;it;Biblioteca\r\n"
        ).encode("cp1252")
    )
    html, importable = learners.preview_html(preview_roster(roster), "roster.csv", EN)
    assert not importable
    assert "Windows-1252" in html and "&#x27;;&#x27;" in html  # how the file was read
    assert 'class="problems"' in html and "XX" in html
    assert "reserved" in html or "root" in html  # an id the hub cannot take as an account
    assert "1 learner(s) ready to import, 2 line(s) with a problem." in html


def test_the_preview_of_a_good_xlsx_roster_offers_the_import_in_german(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "name", "email", "country", "language", "institution"])
    book.active.append(["hr-001", "Ana Perić", "ap@example.org", "HR", "hr", "Knjižnica"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    html, importable = learners.preview_html(preview_roster(path), "roster.xlsx", Words("de"))
    assert importable
    assert "Excel-Arbeitsmappe" in html and "Ana Perić" in html and "Kroatien" in html
    assert "<script" not in html


def test_names_in_the_preview_are_escaped(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        HEADER.replace(";", ",") + "\nde-001,<script>alert(1)</script>,,DE,de,<b>Museum</b>\n",
        encoding="utf-8",
    )
    html, _ = learners.preview_html(preview_roster(roster), "roster.csv", EN)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


# -- the learners' table --------------------------------------------------------------------------
def test_each_learner_shows_sign_up_and_last_activity():
    roster = {
        "a": Learner("a", "Anja", "DE", ("de",)),
        "b": Learner("b", "Bruno", "IT", ("it",)),
    }
    seen = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    rows = learners.learner_statuses(roster, ["a", "b", "c"], {"a"}, {"b"}, {"a": seen})
    assert [(r.id, r.account, r.last_activity) for r in rows] == [
        ("a", "signed_up", seen),
        ("b", "invited", None),
        ("c", "not_invited", None),
    ]
    assert rows[0].country == "DE" and rows[2].name == ""
    assert learners.parse_time("2026-12-03T09:30:00.000000Z") == seen
    assert learners.parse_time(None) is None and learners.parse_time("soon") is None
    assert learners.when(None, Words("it")) == "mai"
    assert "2026" in learners.when(seen, Words("de")) or "26" in learners.when(seen, Words("de"))


# -- units: their state, grading progress and its sentences ---------------------------------------
def test_the_state_of_each_unit_comes_from_the_folders(tmp_path):
    course = Course(tmp_path / "course", "c1", ("u01", "u02"), "en")
    exchange = tmp_path / "exchange"
    (exchange / "c1" / "outbound" / "u01").mkdir(parents=True)
    inbound = exchange / "c1" / "inbound"
    inbound.mkdir(parents=True)
    for name in ("anja+u01+2026-12-03 10:00 UTC+a", "anja+u01+2026-12-03 11:00 UTC+b",
                 "bruno+u01+2026-12-03 10:00 UTC+c"):  # fmt: skip
        (inbound / name).mkdir()
    (course.folder / "submitted" / "anja" / "u01").mkdir(parents=True)
    (course.folder / "autograded" / "anja" / "u01").mkdir(parents=True)
    states = units.unit_states(course, exchange)
    assert states[0] == units.UnitState("u01", True, 2, 1, 1, 0)
    assert states[1] == units.UnitState("u02", False, 0, 0, 0, 0)


def test_grading_progress_and_its_report():
    de = Words("de")
    assert units.progress_data(None, EN)["finished"] is True
    job = units.GradingJob("c1", "u01")
    assert units.progress_data(job, EN)["message"] == "Getting the submissions ready…"
    job.total, job.done = 4, 1
    running = units.progress_data(job, de)
    assert running == {
        "done": 1,
        "total": 4,
        "finished": False,
        "message": "1 von 4 Abgaben bewertet…",
    }
    job.done, job.finished = 4, True
    job.report = ["Graded 3 of 4 submissions of u01."]
    job.failed = [("bruno", "<the notebook is not valid JSON>")]
    done = units.progress_data(job, EN)
    assert done["finished"] and done["message"] == "Grading finished."
    assert "Graded 3 of 4" in done["report_html"]
    assert "&lt;the notebook is not valid JSON&gt;" in done["report_html"]
    job.error = "There is no unit u01 in the course."
    assert units.progress_data(job, EN)["report_html"].startswith('<p role="alert"')


def test_a_grading_summary_in_sentences():
    from digiculture.grading.results import Refused, SubmissionResult, Summary

    results = [
        SubmissionResult("anja", "graded", score=3, max_score=4, needs_manual_grade=True),
        SubmissionResult("bruno", "failed", reason="it ran longer than 30 s"),
    ]
    summary = Summary("u01", results, 5.0, 2, True, refused=[Refused("x y", "not a learner")])
    lines = units.summary_sentences(summary, EN)
    assert lines == [
        "Graded 1 of 2 submissions of u01.",
        "Not graded: 1.",
        "1 graded submissions have answers to grade by hand (the reflections).",
        "Not graded: 1 folders in submitted/ that are not the course's learners' submissions.",
    ]
    empty = Summary("u01", [], 0.1, 0, True)
    assert units.summary_sentences(empty, Words("pt")) == [
        "Não há entregas de u01 para avaliar: recolha-as primeiro."
    ]


# -- credentials' files, the gradebook's table ----------------------------------------------------
def test_only_the_send_folders_files_are_served(tmp_path):
    from digiculture.console.credentials import send_file, send_folder

    folder = send_folder(tmp_path)
    folder.mkdir(parents=True)
    for name in ("mail_merge.csv", "not_issued.csv", "anja.zip"):
        (folder / name).write_bytes(b"x")
    (tmp_path / "secret.zip").write_bytes(b"key")
    os.symlink(tmp_path / "secret.zip", folder / "bruno.zip")
    assert send_file(tmp_path, "anja.zip") == folder / "anja.zip"
    assert send_file(tmp_path, "mail_merge.csv") == folder / "mail_merge.csv"
    for name in ("../secret.zip", "bruno.zip", "other.csv", ".zip", "carla.zip", "/etc/passwd"):
        assert send_file(tmp_path, name) is None, name


def test_the_gradebook_table_keeps_numbers_and_escapes_names():
    from digiculture.console.gradebook import table_html
    from digiculture.course.gradebook_export import WideGradebook

    table = WideGradebook(["learner", "name", "u01 (of 4)"], [["a", "=HYPERLINK(<x>)", 3.5]])
    html = table_html(table)
    assert '<th scope="row">a</th>' in html
    assert "=HYPERLINK(&lt;x&gt;)" in html
    assert '<td class="number">3.5</td>' in html


# -- mentoring and the workshop from the course's roster ------------------------------------------
def test_no_workshop_group_is_smaller_than_the_facilitator_allows(tmp_path):
    from competence_profile import load_profile
    from digiculture.console.mentoring import plan_for_course
    from digiculture.mentoring.sample import roster_csv, synthetic_roster
    from digiculture.settings import Settings

    settings = Settings.load(state_dir=tmp_path / "var", cohorts_dir=tmp_path / "cohorts")
    profile = load_profile(settings.profile_dir)
    people, levels = synthetic_roster(40, profile, seed=3)
    course = Course(tmp_path / "course", "c1", ("u01_jupyter_first_steps",), "en")
    course.folder.mkdir()
    (course.folder / "roster.csv").write_text(roster_csv(people, levels), encoding="utf-8")
    made = plan_for_course(course, settings, size=8, least=4, words=EN)
    result = made["result"]
    assert result.groups and all(len(g.members) >= 4 for g in result.groups)
    assert all(len(g.members) <= 8 for g in result.groups)
    placed = {m.id for g in result.groups for m in g.members}
    assert placed | {u.learner.id for u in result.unplaced} == {p.id for p in people}
    participants = (tmp_path / "cohorts" / "workshop.csv").read_text().split()
    assert participants[0] == "learner" and sorted(participants[1:]) == sorted(placed)
    assert (tmp_path / "var" / "workshops" / "c1" / "workshops.md").is_file()
    with pytest.raises(UserError, match="between 1 and 4"):
        plan_for_course(course, settings, size=8, least=5, words=EN)


def test_a_roster_without_the_mentoring_columns_gets_its_problems(tmp_path):
    from digiculture.console.mentoring import plan_for_course
    from digiculture.settings import Settings

    settings = Settings.load(state_dir=tmp_path / "var", cohorts_dir=tmp_path / "cohorts")
    course = Course(tmp_path / "course", "c1", (), "en")
    course.folder.mkdir()
    with pytest.raises(UserError, match="no roster yet"):
        plan_for_course(course, settings, 12, 3, EN)
    (course.folder / "roster.csv").write_text(
        "id,name,email,country,language,institution\nde-1,Anja,,DE,de,Museum\n"
    )
    with pytest.raises(UserError) as caught:
        plan_for_course(course, settings, 12, 3, Words("de"))
    assert caught.value.problems
    assert not (tmp_path / "cohorts" / "workshop.csv").exists()


# -- the words and the registry -------------------------------------------------------------------
def test_every_console_text_is_translated_in_every_language():
    import polib

    from digiculture.course.codes import COURSE_LANGUAGES
    from digiculture.gettext_catalogs import LOCALE_DIR
    from digiculture.translations.catalogs import console_texts

    texts = {t.english for t in console_texts(LOCALE_DIR.parents[1])}
    assert len(texts) > 100
    for lang in COURSE_LANGUAGES:
        if lang == "en":
            continue
        po = polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "console.po"))
        assert po.metadata["X-Review-Status"] == "draft"
        translated = {e.msgid for e in po.translated_entries() if not e.obsolete}
        assert texts <= translated, (lang, sorted(texts - translated))
    assert Words("de")("Release") == "Freigeben"
    assert Words("el")("Graded {done} of {total} submissions…", done=1, total=2).startswith(
        "Βαθμολογήθηκαν 1 από 2"
    )


def test_the_app_collects_every_page_and_leaves_out_a_missing_one():
    from digiculture.console.app import PAGE_MODULES, make_app, page_modules

    assert "digiculture.console.reflections" in PAGE_MODULES
    modules = page_modules((*PAGE_MODULES, "digiculture.console.not_there"))
    app = make_app(modules=modules)
    paths = [entry.path for entry in app.settings["console_nav"]]
    assert paths[:2] == ["", "learners"]
    assert {"units", "gradebook", "credentials", "mentoring"} <= set(paths)
    assert app.settings["xsrf_cookies"] is True
