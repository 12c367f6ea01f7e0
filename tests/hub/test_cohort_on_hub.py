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

from digiculture.devtools.hub_driver import PASSWORD, REPO, TestHub, kit_name
from digiculture.grading import sandbox
from digiculture.hub.texts import say
from tests.hub_marks import ON_A_REAL_HUB

pytestmark = ON_A_REAL_HUB

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


def in_browser(hub, facilitator: str, learner: str, out: dict) -> None:
    """The facilitator opens Nbgrader > Formgrader in their JupyterLab on the hub and follows a
    link inside it; a learner opens their start page (headless Chromium, the hub's forms)."""
    from tests.browser import chromium_page

    artifacts = REPO / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        page.set_default_timeout(120_000)
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", facilitator)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        page.wait_for_url("**/user/**")
        page.goto(f"{hub.url}/user/{facilitator}/lab")
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        page.locator(".lm-Menu-itemLabel", has_text="Formgrader").first.click()
        frame = page.frame_locator("#formgrader-iframe iframe")
        frame.locator("text=Manage Assignments").first.wait_for()
        frame.locator(f"text={UNIT}").first.wait_for()
        out["formgrader_units"] = frame.locator("body").inner_text()
        frame.locator("a", has_text="Manage Students").first.click()
        frame.locator(f"text={learner}").first.wait_for()
        out["formgrader_students"] = frame.locator("body").inner_text()
        page.screenshot(path=str(artifacts / "hub-formgrader.png"))
    with chromium_page() as page:
        page.set_default_timeout(120_000)
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", learner)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        page.wait_for_url("**/user/**")
        page.goto(f"{hub.url}/user/{learner}/lab/tree/start_here.ipynb")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for()
        out["learner_lab_dialogs"] = page.locator(".jp-Dialog").count()
        page.screenshot(path=str(artifacts / "hub-learner-lab.png"))


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
            signups = list(pool.map(lambda p: p.signup(), (facilitator, la, lb, st)))
        out["signup_pages"] = [r.text for r in signups]
        out["stranger_before"] = st.login().status_code
        for p in (facilitator, la, lb):
            assert p.login().status_code == 302, f"{p.name} could not log in"
        out["approve"] = facilitator.session.get(
            f"{hub.url}/hub/authorize/{stranger}", allow_redirects=False
        ).status_code
        out["stranger_after"] = st.login().status_code

        # A learner added while the hub runs signs up with their invitation and is approved.
        late = hub.person(kit_name("lc"))
        out["add_late"] = hub.cli("hub", "add-learners", course, str(hub.roster([late.name])))
        out["late_signup"] = late.signup().text
        out["late_login"] = late.login().status_code

        hub.start_servers([(p, p.name) for p in (facilitator, la, lb, late)])

        # The facilitator releases the unit through formgrader's API.
        fg = f"/formgrader/api/assignment/{UNIT}"
        out["release"] = facilitator.server("POST", f"{fg}/release").json()
        # Which pages may be framed: formgrader's by the hub's origin, nothing else.
        out["csp"] = {
            what: person.server("GET", path, owner=owner).headers.get("Content-Security-Policy")
            for what, person, owner, path in (
                ("formgrader", facilitator, fac, "/formgrader"),
                ("facilitator_lab", facilitator, fac, "/lab"),
                ("learner_lab", la, a, "/lab"),
            )
        }
        out["learner_formgrader"] = la.server("GET", "/formgrader").status_code
        in_browser(hub, fac, a, out)
        body = {"course_id": course, "assignment_id": UNIT}
        out["late_fetch"] = late.server("POST", "/assignments/fetch", json=body).json()

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

        # The late learner leaves: their files exported (a zip), then deleted; no prompt.
        export_dir = hub.tmp / "exports"
        out["remove"] = hub.cli(
            "hub", "remove-learner", course, late.name, "--files", "export", "--yes",
            "--export-dir", str(export_dir),
        ).stdout  # fmt: skip
        out["removed_zip"] = export_dir / f"{course}-{late.name}.zip"
        out["late_after"] = late.login().status_code
        out["late"] = late.name
        out["state_after"] = json.loads((hub.hub_dir / "hub.json").read_text())
        yield out


def test_accounts_sign_up_and_approval(run):
    assert run["stranger_before"] == 200  # the login form again: not approved yet
    assert run["approve"] == 302
    assert run["stranger_after"] == 302  # approved by the facilitator: logged in
    assert "Added 2 new learner(s)" in run["add_learners"]
    # What the sign-up page says is what happened: invited people may log in at once, the
    # stranger waits for a facilitator.
    fac_page, a_page, b_page, stranger_page = run["signup_pages"]
    for page in (fac_page, a_page, b_page):
        assert say("en", "ready") in page
        assert "sent to the admin" not in page
    assert "approve" in stranger_page and say("en", "ready") not in stranger_page


def test_learner_added_while_the_hub_runs_is_approved(run):
    assert "the hub knows them now" in run["add_late"].stdout
    assert say("en", "ready") in run["late_signup"]
    assert run["late_login"] == 302
    assert run["late_fetch"]["success"], run["late_fetch"]


def test_formgrader_opens_from_the_hub(run):
    csp = run["csp"]
    assert "frame-ancestors 'self'" in csp["formgrader"]
    assert "frame-ancestors 'none'" in csp["facilitator_lab"]
    assert "frame-ancestors 'none'" in csp["learner_lab"]
    assert run["learner_formgrader"] == 404  # not on a learner's server at all
    assert UNIT in run["formgrader_units"]
    assert run["a"].name in run["formgrader_students"]
    assert run["learner_lab_dialogs"] == 0  # the start page opened without an error


def test_removed_learner_is_exported_then_gone(run):
    import zipfile

    late = run["late"]
    assert "exported to" in run["remove"]
    names = zipfile.ZipFile(run["removed_zip"]).namelist()
    assert "grades.csv" in names
    assert any(n.startswith("folder/") and n.endswith(f"{UNIT}.ipynb") for n in names), names
    assert oct(run["removed_zip"].stat().st_mode & 0o777) == "0o600"
    assert run["late_after"] != 302  # cannot log in any more
    assert late not in run["state_after"]["cohorts"][run["course"]]["learners"]
    assert not (run["hub"].home_base / late).exists()
    import pwd

    with pytest.raises(KeyError):
        pwd.getpwnam(late)


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
