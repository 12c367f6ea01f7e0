"""Attacks of a curious learner (or a stranger) on the kit's hub, each of which must fail.

One real hub for the module (JupyterHub + configurable-http-proxy on 127.0.0.1, set up with
the `digiculture hub` CLI, the kit's whole state in a temporary var/): a facilitator, three
roster learners (A and B sign up with their invitations, C has not yet) and a released unit.
Each test names its attack in its docstring.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import subprocess
import time
from pathlib import Path

import pytest
from requests.adapters import HTTPAdapter

from digiculture.devtools.hub_driver import PASSWORD, Person, TestHub, kit_name
from tests.hub_marks import ON_A_REAL_HUB

pytestmark = ON_A_REAL_HUB

UNIT = "u01_jupyter_first_steps"


@pytest.fixture(scope="module")
def hub():
    course = "kit-x-" + os.urandom(2).hex()
    fac, fac2, a, b, c = (kit_name(r) for r in ("fac", "fb", "la", "lb", "lc"))
    with TestHub(admin=fac, in_state_dir=True) as hub:
        # The kit's state as on a facilitator's machine: a results store and an issuer key.
        hub.state_dir.mkdir(parents=True)
        from assessment.store import ResultStore
        from digiculture.credentials.keys import load_or_create

        ResultStore(f"sqlite:///{hub.state_dir / 'results.sqlite'}")
        load_or_create(hub.state_dir / "issuer_key")
        hub.init()
        hub.users.add(fac2)
        hub.cli("hub", "add-cohort", course, "--units", UNIT, "--facilitator", fac2)
        hub.cli("hub", "add-learners", course, str(hub.roster([a, b, c])))
        hub.start()
        people = {n: hub.person(n) for n in (fac, a, b, c)}
        for name in (fac, a, b):
            assert people[name].signup().status_code == 200
            assert people[name].login().status_code == 302, f"{name} could not log in"
        hub.start_servers([(people[n], n) for n in (fac, a, b)])
        released = people[fac].server("POST", f"/formgrader/api/assignment/{UNIT}/release")
        assert released.json()["success"], released.text
        yield {
            "hub": hub, "course": course, "fac": people[fac], "a": people[a], "b": people[b],
            "c": people[c], "fac2": fac2, "exchange": hub.hub_dir / "exchange" / course,
        }  # fmt: skip


def fresh(hub: TestHub, name: str, source: str = "127.0.0.1") -> Person:
    """Someone new at the hub's door, whose connections come from `source` (127.x.y.z)."""
    person = Person(hub, name)
    adapter = HTTPAdapter()
    adapter.init_poolmanager(10, 10, source_address=(source, 0))
    person.session.mount("http://", adapter)
    return person


def python_of(person: Person, code: str) -> str:
    output, error = person.execute(code)
    assert not error, output
    return output


def ensure_fetched(person: Person, course: str) -> str:
    """The person's copy of the unit (fetched now unless they have it): its contents path."""
    path = f"/api/contents/{course}/{UNIT}/{UNIT}.ipynb"
    if person.server("GET", path).status_code != 200:
        body = {"course_id": course, "assignment_id": UNIT}
        fetched = person.server("POST", "/assignments/fetch", json=body).json()
        assert fetched["success"], fetched
    return path


PROBE = r"""
import json, os, sys
readable = []
for path in json.load(sys.stdin):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            os.listdir(path)
        else:
            with open(path, "rb") as fh:
                fh.read(1)
        readable.append(path)
    except OSError:
        pass
print(json.dumps(readable))
"""


def readable_as(user: str, paths: list[str]) -> list[str]:
    """Which of `paths` the Unix user can read (files) or list (folders)."""
    result = subprocess.run(
        # The system's Python: the kit's may live in root's home (shown to servers only).
        ["runuser", "-u", user, "--", "/usr/bin/python3", "-I", "-c", PROBE],
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        timeout=300,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def everything_under(*roots: Path) -> list[str]:
    paths = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            paths.append(folder)
            paths += [os.path.join(folder, n) for n in dirs + files]
    return sorted(set(paths))


# --- 2. exchange takeover ------------------------------------------------------------------


def test_learner_cannot_make_or_replace_a_cohorts_exchange_folders(hub):
    """Attack: a learner makes exchange/<new cohort> before the kit does (the root was 1777),
    or replaces outbound/ of a cohort, to serve others a changed unit and list submissions."""
    exchange, b = hub["exchange"], hub["b"]
    root = exchange.parent
    code = "import os, shutil\n"
    attempts = {
        "new_cohort": f"os.mkdir({str(root / 'kit-next-cohort')!r})",
        "replace_outbound": f"os.rename({str(exchange / 'outbound')!r}, '/tmp/x')",
        "write_outbound": f"os.mkdir({str(exchange / 'outbound' / 'u99_changed')!r})",
        "change_unit": f"open({str(exchange / 'outbound' / UNIT / (UNIT + '.ipynb'))!r}, 'a')",
        "list_inbound": f"os.listdir({str(exchange / 'inbound')!r})",
        "list_feedback": f"os.listdir({str(exchange / 'feedback')!r})",
    }
    for label, attempt in attempts.items():
        code += (
            f"try:\n    {attempt}\n    print({label!r}, 'DONE')\n"
            f"except PermissionError:\n    print({label!r}, 'denied')\n"
        )
    output = python_of(b, code)
    for label in attempts:
        assert f"{label} denied" in output, output
    # The folders are the kit's, with nbgrader's modes for a shared course.
    gid = __import__("grp").getgrnam(f"formgrade-{hub['course']}").gr_gid
    modes = {"": 0o2775, "outbound": 0o2775, "inbound": 0o2773, "feedback": 0o2771}
    assert (root.stat().st_uid, root.stat().st_mode & 0o7777) == (0, 0o755)
    for name, mode in modes.items():
        st = (exchange / name).stat()
        assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (0, gid, mode), name


def test_kit_refuses_exchange_folders_it_did_not_make(hub):
    """Attack: an outbound/ folder made by a learner (as on a hub from before the fix): the
    kit must refuse to use it, saying which folder and how to repair it, not serve from it."""
    hub_, a, b = hub["hub"], hub["a"], hub["b"]
    outbound = hub["exchange"] / "outbound"
    uid = pwd.getpwnam(b.name).pw_uid
    st = outbound.stat()
    os.chown(outbound, uid, st.st_gid)
    try:
        body = {"course_id": hub["course"], "assignment_id": UNIT}
        fetched = a.server("POST", "/assignments/fetch", json=body).json()
        assert not fetched["success"]
        # nbgrader shows the learner its own "exchange not available"; the server's log (the
        # hub's) has the kit's sentence for the facilitator.
        log = hub_.log.read_text(errors="replace")
        assert f"The exchange folder {outbound} was not made by the kit" in log
        assert f"(it belongs to {b.name})" in log
        again = hub_.cli("hub", "add-cohort", hub["course"], "--units", UNIT, check=False)
        assert again.returncode == 1
        assert f"{outbound}" in again.stderr and "remove it" in again.stderr
    finally:
        os.chown(outbound, 0, st.st_gid)
    fetched = a.server("POST", "/assignments/fetch", json=body).json()
    assert fetched["success"], fetched


# --- 3. account names by invitation ------------------------------------------------------


def signup_as(hub_: TestHub, name: str, invitation: str = "", source: str = "127.0.0.1"):
    return fresh(hub_, name, source).signup(invitation=invitation)


def test_roster_and_facilitator_names_need_their_invitation(hub):
    """Attack: a stranger signs up first with a roster id or a facilitator's name and gets
    that person's account (approved at once: an outsider became admin)."""
    hub_, c = hub["hub"], hub["c"]
    code_c = hub_.invitations[c.name]
    # The mail-merge file add-learners wrote: one personal link per learner, private.
    sent = hub_.tmp / f"invitations-{hub['course']}.csv"
    assert sent.stat().st_mode & 0o077 == 0
    rows = {r["id"]: r for r in csv.DictReader(sent.open(encoding="utf-8"))}
    assert set(rows) == {hub["a"].name, hub["b"].name, c.name}
    assert rows[c.name]["name"] == "Learner 2" and f"invitation={code_c}" in rows[c.name]["link"]
    # No code, another person's code, a made-up code: refused with a sentence.
    for invitation in ("", hub_.invitations.get(hub["a"].name, "x" * 24), "not-the-code"):
        refused = signup_as(hub_, c.name, invitation)
        assert refused.status_code == 403
        assert "invitation" in refused.text
    # A facilitator's name likewise (add-cohort --facilitator printed their link only) ...
    assert hub["fac2"] in hub_.invitations
    assert signup_as(hub_, hub["fac2"], "").status_code == 403
    # ... and a name already signed up stays its owner's.
    taken = signup_as(hub_, hub["fac"].name, "")
    assert "already in use" in taken.text or taken.status_code == 403
    # A new invitation (`hub invite`, for a lost link) replaces the old one ...
    hub_.cli("hub", "invite", c.name)
    assert hub_.invitations[c.name] != code_c
    assert "not the one for this name" in signup_as(hub_, c.name, code_c).text
    # ... C's own link signs C up, approved at once; the code works once only.
    code_c = hub_.invitations[c.name]
    assert c.signup(invitation=code_c).status_code == 200
    assert c.login().status_code == 302
    assert c.name not in hub_.hub_dir.joinpath("invitations.json").read_text()
    again = fresh(hub_, c.name).signup(invitation=code_c)
    assert "already in use" in again.text or again.status_code == 403
    assert "Already signed up" in hub_.cli("hub", "invite", c.name).stdout


@pytest.mark.parametrize(
    "name", ["admin", "root", "jovyan", "daemon", "formgrade-kit-x", "nbgrader-kit-x", "space-x"]
)
def test_reserved_and_system_names_cannot_sign_up(hub, name):
    """Attack: signing up as `admin`, `root`, `jovyan`, a system user or a kit group's name."""
    refused = signup_as(hub["hub"], name)
    assert refused.status_code == 403
    assert "is reserved on this hub" in refused.text


def test_refusals_speak_the_invitations_language(hub):
    """The refusal is a sentence the person reads in the language of their link."""
    person = fresh(hub["hub"], "admin")
    url = f"{hub['hub'].url}/hub/signup?name=admin&lang=de"
    page = person.session.get(url)
    assert "Einladungscode" in page.text
    refused = person.session.post(
        url,
        data={
            "username": "admin",
            "signup_password": PASSWORD,
            "signup_password_confirmation": PASSWORD,
            "invitation": "",
            "lang": "de",
            "_xsrf": person._xsrf(),
        },
    )
    assert refused.status_code == 403 and "ist auf diesem Hub reserviert" in refused.text


def test_roster_with_a_reserved_id_is_refused(hub):
    """Attack: a roster line with the id `root` (or `jovyan`) makes the kit create it."""
    hub_ = hub["hub"]
    roster = hub_.tmp / "bad-roster.csv"
    roster.write_text(
        "id,name,email,country,language,institution\n"
        "jovyan,Jo,,DE,de,Museum\nroot,Rooty,,DE,de,Museum\n"
    )
    result = hub_.cli("hub", "add-learners", hub["course"], str(roster), check=False)
    assert result.returncode == 1
    assert "'jovyan' is reserved" in result.stderr and "'root' is reserved" in result.stderr


def test_a_name_signed_up_before_it_reached_the_roster_is_not_handed_over(hub):
    """Attack: a stranger signs up as `de-099` (a free name, waiting for approval) before the
    facilitator adds de-099's roster; the real learner could not sign up, and approving the
    stranger would give them the learner's place."""
    hub_ = hub["hub"]
    early = kit_name("ld")
    hub_.users.add(early)
    assert signup_as(hub_, early).status_code == 200  # free name: waits for approval
    result = hub_.cli("hub", "add-learners", hub["course"], str(hub_.roster([early])), check=False)
    assert result.returncode == 1
    assert f"Someone has already signed up on the hub as {early}" in result.stderr
    assert (
        early
        not in json.loads((hub_.hub_dir / "hub.json").read_text())["cohorts"][hub["course"]][
            "learners"
        ]
    )


def test_invitation_codes_are_stored_hashed_and_expire(hub, tmp_path):
    """Attack: reading a code from the hub's files, or using an old link months later."""
    from datetime import UTC, datetime, timedelta

    from digiculture.hub import invitations

    stored = (hub["hub"].hub_dir / "invitations.json").read_text()
    assert not any(code in stored for code in hub["hub"].invitations.values())
    made = invitations.issue(tmp_path, ["kit-someone"], "http://127.0.0.1:1", days=14)[0]
    assert invitations.check(tmp_path, "kit-someone", made.code) is None
    later = datetime.now(UTC) + timedelta(days=15)
    assert invitations.check(tmp_path, "kit-someone", made.code, now=later) == "expired"
    assert invitations.check(tmp_path, "kit-someone", "guess") == "wrong_code"
    assert (tmp_path / "invitations.json").stat().st_mode & 0o077 == 0


# --- 4. who can read the hub's and the kit's files -----------------------------------------


ALLOWED_FOR_LEARNERS = """
Only these may a learner read or list: their own home; the homes' folder itself; the exchange
root and their cohort's folder in it; the released units (outbound/); their own submission;
the learners' and the spaces' Jupyter configuration (jupyter/learner/, jupyter/space/).
"""


def test_learner_reads_nothing_of_the_hub_or_the_kits_state(hub):
    """Attack: a learner reads the hub's database (password hashes), its secrets, hub.json,
    the invitations, the courses' solutions and gradebooks, the results store, the issuer key,
    another learner's home or submission."""
    hub_, a, b = hub["hub"], hub["a"], hub["b"]
    body = {"course_id": hub["course"], "assignment_id": UNIT}
    for person in (a, b):  # a submission each, so that inbound/ holds something to steal
        ensure_fetched(person, hub["course"])
        assert person.server("POST", "/assignments/submit", json=body).json()["success"]
    paths = everything_under(hub_.state_dir, hub_.home_base)
    assert any(p.endswith("jupyterhub.sqlite") for p in paths)
    assert any("issuer_key" in p for p in paths) and any("gradebook.db" in p for p in paths)
    exchange = hub["exchange"]
    home_b = hub_.home_base / b.name

    def allowed(path: str) -> bool:
        p = Path(path)
        own_submission = p.is_relative_to(exchange / "inbound") and p.relative_to(
            exchange / "inbound"
        ).parts[0].startswith(f"{b.name}+")
        return (
            p in (hub_.home_base, exchange.parent, exchange)
            or p.is_relative_to(home_b)
            or p.is_relative_to(exchange / "outbound")
            or p.is_relative_to(hub_.hub_dir / "jupyter" / "learner")
            # the affinity spaces' servers' settings (extensions, JupyterLab's defaults): as
            # the learners' own, nothing secret; a space's server runs as its own user
            or p.is_relative_to(hub_.hub_dir / "jupyter" / "space")
            or p == hub_.hub_dir / "jupyter"
            or own_submission
        )

    leaks = [p for p in readable_as(b.name, paths) if not allowed(p)]
    assert leaks == [], ALLOWED_FOR_LEARNERS + "\n".join(leaks)
    # And the learner does read what they need.
    needed = [str(exchange / "outbound" / UNIT / f"{UNIT}.ipynb"), str(home_b)]
    assert readable_as(b.name, needed) == needed


def test_learner_cannot_read_the_hubs_process_or_secrets_in_command_lines(hub):
    """Attack: a learner reads /proc/<hub pid>/environ, or finds the hub's tokens in the
    command lines or environments of the hub's, the proxy's or other learners' processes."""
    hub_, b = hub["hub"], hub["b"]
    secrets_dir = hub_.hub_dir / "secrets"
    secrets = [p.read_text().strip() for p in secrets_dir.iterdir()]
    proxy_pid = (hub_.hub_dir / "proxy.pid").read_text().strip()
    targets = [f"/proc/{hub_.process.pid}/environ", f"/proc/{proxy_pid}/environ"]
    assert readable_as(b.name, targets) == []
    uid = pwd.getpwnam(b.name).pw_uid
    probe = (
        "import os, json\nfound = {}\n"
        "for pid in filter(str.isdigit, os.listdir('/proc')):\n"
        "    for part in ('cmdline', 'environ'):\n"
        "        try:\n"
        f"            if os.stat(f'/proc/{{pid}}').st_uid == {uid}:\n"
        "                continue\n"
        "            found[f'{pid}/{part}'] = open(f'/proc/{pid}/{part}', 'rb').read()"
        ".decode(errors='replace')\n"
        "        except OSError:\n"
        "            pass\n"
        "print(json.dumps(found))\n"
    )
    seen = json.loads(python_of(b, probe))
    assert any(k.endswith("cmdline") for k in seen)  # the probe did look
    assert not [k for k in seen if k.endswith("environ")]
    assert not [k for k, text in seen.items() if any(s in text for s in secrets)]


# --- 5. submissions in another learner's name ----------------------------------------------


def test_submission_in_another_learners_name_is_left_out(hub):
    """Attack: B writes straight into inbound/ a folder named like A's submission (newer than
    A's) and one named `=HYPERLINK(...)`, bypassing `nbgrader submit`; collect must take A's
    own submission and neither forgery."""
    a, b, fac, course = hub["a"], hub["b"], hub["fac"], hub["course"]
    body = {"course_id": course, "assignment_id": UNIT}
    path = ensure_fetched(a, course)
    notebook = a.server("GET", path).json()["content"]
    notebook["cells"][0]["source"] = "A's own answer"
    assert a.server("PUT", path, json={"type": "notebook", "content": notebook}).ok
    assert a.server("POST", "/assignments/submit", json=body).json()["success"]
    inbound = hub["exchange"] / "inbound"
    forged = python_of(
        b,
        "import os, json, datetime\n"
        "stamp = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))"
        ".strftime('%Y-%m-%d %H:%M:%S.%f UTC')\n"
        f"nb = {{'cells': [{{'cell_type': 'markdown', 'metadata': {{}}, 'source': 'FORGED'}}],"
        " 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}\n"
        f"for who in ({a.name!r}, '=HYPERLINK(\"evil.example\")'):\n"
        f"    folder = os.path.join({str(inbound)!r}, f'{{who}}+{UNIT}+{{stamp}}+forged')\n"
        "    os.mkdir(folder)\n"
        f"    json.dump(nb, open(os.path.join(folder, '{UNIT}.ipynb'), 'w'))\n"
        "    open(os.path.join(folder, 'timestamp.txt'), 'w').write(stamp)\n"
        "print('planted')\n",
    )
    assert "planted" in forged
    collected = fac.server("POST", f"/formgrader/api/assignment/{UNIT}/collect").json()
    assert collected["success"], collected
    assert f"Left out the submission {a.name}+{UNIT}+" in collected["log"]
    submitted = Path(hub["hub"].hub_dir / "courses" / course / "submitted")
    assert not [p for p in submitted.iterdir() if p.name.startswith("=")]
    text = (submitted / a.name / UNIT / f"{UNIT}.ipynb").read_text()
    assert "A's own answer" in text and "FORGED" not in text


# --- 8. lock-out --------------------------------------------------------------------------


def test_failed_logins_do_not_lock_the_facilitator_out(hub):
    """Attack: 12 wrong passwords for the facilitator's name (NativeAuthenticator then blocked
    the name for 60 s, right password or not) and a password spray from one address."""
    hub_, fac = hub["hub"], hub["fac"]
    attacker = fresh(hub_, fac.name, "127.0.0.2")
    for _ in range(12):
        assert attacker.login(password="wrong-" + PASSWORD).status_code == 200
    # The attacking source is slowed down, even with the right password ...
    assert attacker.login().status_code == 200
    # ... the owner's browser (it logged in before) gets in at once ...
    assert fac.login().status_code == 302
    # ... and so does the owner from a new address, at the latest after a short wait.
    owner = fresh(hub_, fac.name, "127.0.0.3")
    deadline = time.monotonic() + 120
    while owner.login().status_code != 302:
        assert time.monotonic() < deadline, "the owner was kept out"
        time.sleep(1)
    # A spray of many names from one address stops that address, and only it.
    sprayer = fresh(hub_, "kit-nobody", "127.0.0.4")
    for i in range(51):
        sprayer.name = f"kit-nobody-{i}"
        sprayer.login(password="wrong")
    sprayer.name = hub["a"].name
    assert sprayer.login().status_code == 200
    assert fresh(hub_, hub["a"].name, "127.0.0.5").login().status_code == 302


def test_the_source_is_the_proxys_not_the_browsers_claim(hub):
    """Attack: a browser claims another address (X-Forwarded-For, X-Real-Ip) to escape the
    throttle; the kit takes the address the proxy appended."""
    from digiculture.hub.auth import KitAuthenticator

    class Request:
        headers = {"X-Forwarded-For": "10.0.0.1, 203.0.113.9", "X-Real-Ip": "10.9.9.9"}
        remote_ip = "10.9.9.9"

    class Handler:
        request = Request()

    assert KitAuthenticator.source_of(Handler()) == "203.0.113.9"
