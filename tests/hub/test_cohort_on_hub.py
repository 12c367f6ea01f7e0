"""A cohort on a real hub, end to end, over HTTP: release, fetch, answer, submit, collect,
grade (`digiculture grade`), feedback, fetch feedback; and who can read what.

One hub for the module (set up with the `digiculture hub` CLI, on free ports of 127.0.0.1):
a facilitator and two learners of a roster, each with their own Unix account and server.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")
pytest.importorskip("nativeauthenticator", reason="NativeAuthenticator is not installed")

from digiculture.devtools.hub_driver import REPO, TestHub, kit_name  # noqa: E402
from digiculture.grading import sandbox  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the hub needs root (useradd)"
    ),
]

UNIT = "u01_jupyter_first_steps"
SOURCE = REPO / "notebooks" / "source" / UNIT / f"{UNIT}.ipynb"


def answered(notebook: dict, grade_ids: set[str]) -> dict:
    """The learner's notebook with the model answers of `grade_ids` written in."""
    model = json.loads(SOURCE.read_text())
    solutions = {
        c["metadata"]["nbgrader"]["grade_id"]: c["source"]
        for c in model["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution")
    }
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in grade_ids:
            text = "".join(solutions[grade_id]) if isinstance(solutions[grade_id], list) else ""
            text = text or solutions[grade_id]
            lines = [
                ln for ln in text.splitlines() if "BEGIN SOLUTION" not in ln and "END SOL" not in ln
            ]
            cell["source"] = "\n".join(lines)
    return notebook


@pytest.fixture(scope="module")
def run():
    """The whole cohort round on one hub; tests below check what it left."""
    course = "kit-c-" + os.urandom(2).hex()
    fac, a, b = kit_name("fac"), kit_name("la"), kit_name("lb")
    stranger = kit_name("st")
    with TestHub(admin=fac) as hub:
        hub.init()
        hub.cli("hub", "add-cohort", course, "--units", UNIT)
        added = hub.cli("hub", "add-learners", course, str(hub.roster([a, b])))
        hub.start()
        facilitator, la, lb, st = (hub.person(n) for n in (fac, a, b, stranger))
        out: dict = {"hub": hub, "course": course, "fac": facilitator, "a": la, "b": lb}
        out["add_learners"] = added.stdout

        # Accounts: the facilitator (admin) and roster learners are approved at sign-up;
        # a stranger waits until the facilitator approves them.
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda p: p.signup(), (facilitator, la, lb, st)))
        out["stranger_before"] = st.login().status_code
        for p in (facilitator, la, lb):
            assert p.login().status_code == 302, f"{p.name} could not log in"
        out["approve"] = facilitator.session.get(
            f"{hub.url}/hub/authorize/{stranger}", allow_redirects=False
        ).status_code
        out["stranger_after"] = st.login().status_code

        hub.start_servers([(p, p.name) for p in (facilitator, la, lb)])

        # The facilitator releases the unit through formgrader's API.
        fg = f"/formgrader/api/assignment/{UNIT}"
        out["release"] = facilitator.server("POST", f"{fg}/release").json()

        # Each learner fetches, answers, saves and submits through their own server.
        def learner_round(person, grade_ids):
            listed = person.server("GET", "/assignments", params={"course_id": course}).json()
            body = {"course_id": course, "assignment_id": UNIT}
            fetched = person.server("POST", "/assignments/fetch", json=body).json()
            path = f"/api/contents/{course}/{UNIT}/{UNIT}.ipynb"
            nb = person.server("GET", path).json()["content"]
            saved = person.server(
                "PUT", path, json={"type": "notebook", "content": answered(nb, grade_ids)}
            )
            submitted = person.server("POST", "/assignments/submit", json=body).json()
            return listed, fetched, saved.status_code, submitted

        all_answers = {"u01_february", "u01_harbour_films"}
        with ThreadPoolExecutor(2) as pool:
            ra = pool.submit(learner_round, la, all_answers)
            rb = pool.submit(learner_round, lb, {"u01_february"})
            out["round_a"], out["round_b"] = ra.result(), rb.result()

        out["collect"] = facilitator.server("POST", f"{fg}/collect").json()

        # Grading runs on the machine, as root, in the kit's sandbox (docs/hub.md, step 6).
        course_dir = hub.hub_dir / "courses" / course
        options = [] if sandbox.sandbox_problem() is None else ["--no-sandbox"]
        out["grade"] = hub.cli("grade", UNIT, "--course-dir", str(course_dir), *options).stdout
        out["feedback"] = hub.cli("feedback", UNIT, "--course-dir", str(course_dir)).stdout
        out["scores"] = facilitator.server("GET", f"/formgrader/api/submissions/{UNIT}").json()
        out["release_feedback"] = facilitator.server("POST", f"{fg}/release_feedback").json()

        body = {"course_id": course, "assignment_id": UNIT}
        for key, person in (("fb_a", la), ("fb_b", lb)):
            person.server("POST", "/assignments/fetch_feedback", json=body)
            folder = person.server("GET", f"/api/contents/{course}/{UNIT}/feedback").json()
            stamp = folder["content"][0]["path"]
            page = person.server("GET", f"/api/contents/{stamp}/{UNIT}.html").json()
            out[key] = page["content"]
        out["course_dir"] = course_dir
        yield out


def test_accounts_sign_up_and_approval(run):
    assert run["stranger_before"] == 200  # the login form again: not approved yet
    assert run["approve"] == 302
    assert run["stranger_after"] == 302  # approved by the facilitator: logged in
    assert "Added 2 new learner(s)" in run["add_learners"]


def test_release_fetch_submit_collect(run):
    assert run["release"]["success"], run["release"]
    for key in ("round_a", "round_b"):
        listed, fetched, saved, submitted = run[key]
        assert listed["success"] and [x["assignment_id"] for x in listed["value"]] == [UNIT]
        assert fetched["success"] and fetched["value"][0]["status"] == "fetched"
        assert saved == 200
        assert submitted["success"], submitted
    assert run["collect"]["success"], run["collect"]
    submitted = run["course_dir"] / "submitted"
    assert {p.name for p in submitted.iterdir()} == {run["a"].name, run["b"].name}


def test_grading_and_feedback_reach_each_learner(run):
    assert "Graded 2 of 2 submissions" in run["grade"]
    assert "Made 2 feedback page(s)" in run["feedback"]
    # The facilitator sees the grades in formgrader (its API): A all right, B one answer.
    scores = {s["student"]: s for s in run["scores"]}
    a, b = run["a"].name, run["b"].name
    assert scores[a]["code_score"] == 4.0 and scores[b]["code_score"] == 2.0
    assert scores[a]["max_score"] == 6.0  # with the reflection, which the facilitator grades
    assert run["release_feedback"]["success"], run["release_feedback"]
    assert "Score: 4.0" in run["fb_a"] or "4.0 / 6.0" in run["fb_a"]
    assert "Score: 2.0" in run["fb_b"] or "2.0 / 6.0" in run["fb_b"]


def test_learner_b_cannot_read_learner_a(run):
    hub, a, b, course = run["hub"], run["a"], run["b"], run["course"]
    # Through the hub: B's token does not open A's server.
    assert b.server("GET", "/api/contents", owner=a.name).status_code in (403, 404)
    # On the machine: B's own Python cannot read A's home, the course or the exchange.
    home_a = hub.home_base / a.name
    exchange = hub.hub_dir / "exchange" / course
    probes = {
        "home": f"os.listdir({str(home_a)!r})",
        "notebook": f"open({str(home_a / course / UNIT / (UNIT + '.ipynb'))!r}).read()",
        "inbound": f"os.listdir({str(exchange / 'inbound')!r})",
        "feedback": f"os.listdir({str(exchange / 'feedback')!r})",
        "solutions": f"os.listdir({str(run['course_dir'] / 'source')!r})",
        "gradebook": f"open({str(run['course_dir'] / 'gradebook.db')!r}, 'rb').read()",
    }
    code = "import os, getpass\nprint('user', getpass.getuser())\n"
    for label, probe in probes.items():
        code += (
            f"try:\n    {probe}\n    print({label!r}, 'READ')\n"
            f"except PermissionError:\n    print({label!r}, 'denied')\n"
        )
    output = b.run_python(code)
    assert f"user {b.name}" in output
    for label in probes:
        assert f"{label} denied" in output, output
    # B's own feedback is B's: it is not A's page.
    assert run["fb_a"] != run["fb_b"]


def test_learner_server_limits_and_start_page(run):
    a = run["a"]
    output = a.run_python(
        "import resource, os\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20,"
        " resource.getrlimit(resource.RLIMIT_NPROC)[0], oct(os.umask(0)))"
    )
    assert output.split() == ["2048", "256", "0o77"]
    home = a.server("GET", "/api/contents").json()
    assert "start_here.ipynb" in {c["name"] for c in home["content"]}
    model = run["hub"].admin_api("GET", f"/users/{a.name}").json()
    assert model["groups"] == [f"nbgrader-{run['course']}"]


def test_kit_files_readable_but_not_solutions(run):
    assert not (Path(REPO / "notebooks" / "source").stat().st_mode & 0o007)
