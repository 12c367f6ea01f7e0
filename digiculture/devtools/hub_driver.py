"""A real hub for the tests and the benchmarks: set up with the `digiculture hub` CLI, driven
over HTTP only.

`TestHub` starts JupyterHub (hub/jupyterhub_config.py) on free ports of 127.0.0.1 with its
folder and the learners' homes in a temporary directory; people sign up and log in through
the hub's forms, get tokens from the hub's REST API, start their servers and work through
their servers' REST APIs (contents, kernels, nbgrader's handlers). `close()` stops the hub
(and with it every server), removes the Unix users and groups it made, and the folders.
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
import websocket

from digiculture.hub import accounts
from digiculture.server import free_port

REPO = Path(__file__).resolve().parents[2]
DIGICULTURE = str(Path(sys.executable).parent / "digiculture")
PASSWORD = "Kit-hub-test-" + secrets.token_hex(4)


def kit_name(role: str) -> str:
    """A test user's name: kit- plus the role and a random suffix (removed at the end)."""
    return f"kit-{role}-{secrets.token_hex(3)}"


@dataclass
class Person:
    hub: TestHub
    name: str
    session: requests.Session = field(default_factory=requests.Session)
    token: str = ""

    # --- the hub's forms and REST API -------------------------------------------------
    def signup(self, invitation: str | None = None) -> requests.Response:
        """Sign up with the person's invitation from the CLI (or the code given)."""
        url = f"{self.hub.url}/hub/signup"
        self.session.get(url)
        xsrf = self._xsrf()
        data = {
            "username": self.name,
            "signup_password": PASSWORD,
            "signup_password_confirmation": PASSWORD,
            "invitation": self.hub.invitations.get(self.name, "")
            if invitation is None
            else invitation,
            "_xsrf": xsrf,
        }
        return self.session.post(url, data=data)

    def login(self, password: str = PASSWORD) -> requests.Response:
        url = f"{self.hub.url}/hub/login"
        self.session.get(url)
        data = {
            "username": self.name,
            "password": password,
            "_xsrf": self._xsrf(),
        }
        response = self.session.post(url, data=data, allow_redirects=False)
        if response.status_code == 302 and "/hub/login" not in response.headers["Location"]:
            self.token = self._new_token()
        return response

    def _xsrf(self) -> str:
        """The hub's XSRF cookie (a session that visited a server also has the server's)."""
        return self.session.cookies.get("_xsrf", path="/hub/") or self.session.cookies.get(
            "_xsrf", ""
        )

    def _new_token(self) -> str:
        xsrf = self._xsrf()
        response = self.session.post(
            f"{self.hub.url}/hub/api/users/{self.name}/tokens",
            json={"note": "kit test", "expires_in": 3600},
            headers={"X-XSRFToken": xsrf, "Referer": f"{self.hub.url}/hub/token"},
        )
        response.raise_for_status()
        return response.json()["token"]

    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{self.hub.url}/hub/api{path}", headers=headers, **kw)

    def start_server(self, owner: str | None = None) -> None:
        owner = owner or self.name
        response = self.hub_api("POST", f"/users/{owner}/server")
        assert response.status_code in (201, 202, 400), response.text

    def wait_ready(self, owner: str | None = None, timeout: float = 120, poll: float = 0.5) -> None:
        """Until the server answers; asks the hub every `poll` seconds (the cohort benchmark
        asks less often: 60 learners asking twice a second were most of the hub's work)."""
        owner = owner or self.name
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.hub.admin_api("GET", f"/users/{owner}").json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server and not model.get("pending"):
                raise RuntimeError(f"{owner}'s server stopped while starting; see {self.hub.log}")
            time.sleep(poll)
        raise TimeoutError(f"{owner}'s server did not start; see {self.hub.log}")

    # --- a single-user server's REST API ------------------------------------------------
    def server(self, method: str, path: str, owner: str | None = None, **kw) -> requests.Response:
        owner = owner or self.name
        headers = {"Authorization": f"token {self.token}"}
        url = f"{self.hub.url}/user/{owner}{path}"
        return requests.request(method, url, headers=headers, timeout=120, **kw)

    def run_python(self, code: str, owner: str | None = None) -> str:
        """Run `code` in a new kernel on a server (as that server's Unix user); its output."""
        return self.execute(code, owner)[0]

    def execute(
        self, code: str, owner: str | None = None, keep_kernel: bool = False, timeout: float = 60
    ) -> tuple[str, str]:
        """Run `code` in a new kernel on a server: its output, and its error ('' if none).

        The kernel is shut down afterwards unless `keep_kernel` (the cohort benchmark keeps
        each learner's kernel open to measure its memory).
        """
        owner = owner or self.name
        kernel = self.server("POST", "/api/kernels", owner=owner, json={"name": "python3"})
        kernel.raise_for_status()
        kid = kernel.json()["id"]
        ws_url = self.hub.url.replace("http", "ws") + f"/user/{owner}/api/kernels/{kid}/channels"
        ws = websocket.create_connection(
            ws_url, header=[f"Authorization: token {self.token}"], timeout=timeout
        )
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": self.name,
                        "session": uuid.uuid4().hex,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {"code": code, "silent": False},
                    "channel": "shell",
                }
            )
        )
        output: list[str] = []
        error = ""
        try:
            while True:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "stream":
                    output.append(msg["content"]["text"])
                elif kind == "error":
                    output.append("\n".join(msg["content"]["traceback"]))
                    error = msg["content"]["ename"] + ": " + msg["content"]["evalue"]
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
        finally:
            ws.close()
            if not keep_kernel:
                self.server("DELETE", f"/api/kernels/{kid}", owner=owner)
        return "".join(output), error


class TestHub:
    """A hub of the kit in a temporary folder; use as a context manager."""

    __test__ = False

    def __init__(self, admin: str, in_state_dir: bool = False):
        """`in_state_dir`: the kit's whole state (var/: results store, issuer key, the hub's
        folder var/hub) in the temporary folder, as on a real machine."""
        self.tmp = Path(tempfile.mkdtemp(prefix="kit-hub-test-"))
        os.chmod(self.tmp, 0o755)
        self.state_dir = self.tmp / "var" if in_state_dir else None
        self.hub_dir = self.state_dir / "hub" if self.state_dir else self.tmp / "hub"
        self.home_base = self.tmp / "home"
        self.port = free_port()
        self.admin_name = admin
        self.users: set[str] = {admin}
        self.groups: set[str] = set()
        self.process: subprocess.Popen | None = None
        self.log = self.tmp / "hub.log"
        #: Each invited person's code, from the CLI's output and invitation files.
        self.invitations: dict[str, str] = {}
        self.env = dict(os.environ)
        self.env["DIGICULTURE_HUB_PATH"] = str(self.hub_dir)
        if self.state_dir is not None:
            self.env["DIGICULTURE_STATE_DIR"] = str(self.state_dir)
        self.env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{self.env['PATH']}"
        #: How JupyterHub's Python is run (the cohort benchmark's --profile-hub adds cProfile).
        self.hub_python: list[str] = [sys.executable]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [DIGICULTURE, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=self.tmp,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"digiculture {' '.join(args)}: {result.stderr}")
        self._collect_invitations(result.stdout)
        return result

    def _collect_invitations(self, stdout: str) -> None:
        """The codes of the links the CLI printed or wrote (as a facilitator would send)."""
        links = re.findall(r"https?://\S+/hub/signup\?\S+", stdout)
        for name in re.findall(r"invitation\(s\) to (\S+\.csv)", stdout):
            with (self.tmp / name).open(encoding="utf-8") as fh:
                links += [row["link"] for row in csv.DictReader(fh)]
        for link in links:
            query = parse_qs(urlsplit(link).query)
            self.invitations[query["name"][0]] = query["invitation"][0]

    def init(self) -> None:
        # The hub's own ports: free ones, so parallel runs and a real hub do not collide.
        self.cli(
            "hub",
            "init",
            "--admin",
            self.admin_name,
            "--port",
            str(self.port),
            "--home-base",
            str(self.home_base),
        )
        state_file = self.hub_dir / "hub.json"
        state = json.loads(state_file.read_text())
        state["hub_port"], state["proxy_api_port"] = free_port(), free_port()
        state["console_port"] = free_port()
        state_file.write_text(json.dumps(state))

    def roster(self, names: list[str]) -> Path:
        path = self.tmp / f"roster-{len(names)}-{secrets.token_hex(2)}.csv"
        lines = ["id,name,email,country,language,institution"]
        places = [("DE", "de", "Stadtmuseum Kassel"), ("IT", "it", "Biblioteca civica")]
        for i, name in enumerate(names):
            country, lang, place = places[i % 2]
            lines.append(f"{name},Learner {i},,{country},{lang},{place}")
        path.write_text("\n".join(lines) + "\n")
        self.users.update(names)
        return path

    def start(self) -> None:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [*self.hub_python, "-m", "jupyterhub", "-f", str(REPO / "hub/jupyterhub_config.py")],
            cwd=self.hub_dir,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped while starting; see {self.log}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"the hub did not start; see {self.log}")

    def admin_api(self, method: str, path: str, **kw) -> requests.Response:
        token = (self.hub_dir / "secrets" / "cli_token").read_text().strip()
        return requests.request(
            method, f"{self.url}/hub/api{path}", headers={"Authorization": f"token {token}"}, **kw
        )

    def start_servers(self, starts: list[tuple[Person, str]]) -> None:
        """Start servers at once ((who asks, whose server)) and wait until all are ready."""
        with ThreadPoolExecutor(len(starts)) as pool:
            list(pool.map(lambda s: s[0].start_server(owner=s[1]), starts))
        for person, owner in starts:
            person.wait_ready(owner=owner)

    def person(self, name: str) -> Person:
        self.users.add(name)
        return Person(self, name)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for name in self.users:
            if name.startswith(("kit-", "space-kit")):
                try:
                    accounts.remove_user(name)
                except accounts.AccountError as exc:  # say so, go on with the others
                    print(f"cleanup: {exc}", file=sys.stderr)
        state_file = self.hub_dir / "hub.json"
        if state_file.is_file():
            state = json.loads(state_file.read_text())
            for course in state.get("cohorts", {}):
                accounts.remove_group(f"formgrade-{course}")
        if self.log.is_file():  # kept for a look after a failure
            artifacts = REPO / "tests" / "artifacts"
            artifacts.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.log, artifacts / f"hub-{self.admin_name}.log")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> TestHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
