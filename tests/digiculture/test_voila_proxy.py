"""The front before Voilà: shared files from memory, everything else passed through.

The front runs as the real process `digiculture run` starts; behind it a small tornado
server plays Voilà (tornado is what Voilà runs on), counting what reaches it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import websocket

from digiculture.server import LocalServer, free_port

UPSTREAM = textwrap.dedent(
    """
    import asyncio, collections, json, sys
    import tornado.web, tornado.websocket

    hits = collections.Counter()

    class Counted(tornado.web.RequestHandler):
        def prepare(self):
            hits[self.request.path] += 1

    class Script(Counted):
        async def get(self):
            await asyncio.sleep(0.2)  # slow enough for a crowd to arrive while it is fetched
            self.set_header("Content-Type", "text/javascript")
            self.set_header("Etag", '"v1"')
            self.write("console.log('kit');" * 1000)

    class Missing(Counted):
        def get(self):
            self.set_status(404)
            self.write("no such file")

    class Page(Counted):
        async def get(self):
            self.set_header("Content-Type", "text/html")
            self.write("<html>first part ")
            await self.flush()
            await asyncio.sleep(0.2)
            self.write(f"last part, asked for {self.get_argument('lang')}</html>")

        def post(self):
            self.set_status(201)
            self.write(self.request.body[::-1])

    class Hits(tornado.web.RequestHandler):
        def get(self):
            self.write(json.dumps(hits))

    class Channels(tornado.websocket.WebSocketHandler):
        # tornado's own check_origin: the Origin must name the address in the Host header.
        def select_subprotocol(self, subprotocols):
            return "v1.kernel.websocket.jupyter.org" if subprotocols else None

        def on_message(self, message):
            self.write_message(message, binary=isinstance(message, bytes))

    app = tornado.web.Application([
        (r"/voila/static/app.js", Script),
        (r"/voila/static/missing.js", Missing),
        (r"/hits", Hits),
        (r"/api/kernels/k1/channels", Channels),
        (r"/", Page),
    ])

    async def main():
        app.listen(int(sys.argv[1]), "127.0.0.1")
        await asyncio.Event().wait()

    asyncio.run(main())
    """
)


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    work = tmp_path_factory.mktemp("front")
    script = work / "upstream.py"
    script.write_text(UPSTREAM)
    port = free_port()
    upstream = LocalServer("upstream", [sys.executable, str(script), str(port)], port, "/hits")
    front_port = free_port()
    front = LocalServer(
        "front",
        [
            sys.executable,
            "-m",
            "digiculture.voila_proxy",
            f"--port={front_port}",
            f"--upstream={upstream.base_url}",
        ],
        front_port,
        "/voila/static/app.js",
        log_path=work / "front.log",
    )
    with upstream, front:
        yield front.base_url, upstream.base_url


def get(url: str, headers: dict | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def hits(upstream: str) -> dict[str, int]:
    return json.loads(get(upstream + "/hits")[2])


def test_a_crowd_gets_voilas_file_and_voila_sends_it_once(front):
    base, upstream = front
    before = hits(upstream).get("/voila/static/app.js", 0)
    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(lambda _: get(base + "/voila/static/app.js?v=2"), range(30)))
    assert {status for status, _, _ in answers} == {200}
    assert {body for _, _, body in answers} == {b"console.log('kit');" * 1000}
    assert all(h["Content-Type"] == "text/javascript" for _, h, _ in answers)
    assert hits(upstream)["/voila/static/app.js"] == before + 1


def test_a_returning_browser_is_told_its_copy_is_current(front):
    base, _ = front
    status, headers, body = get(base + "/voila/static/app.js", {"If-None-Match": '"v1"'})
    assert (status, body) == (304, b"")
    assert headers["Etag"] == '"v1"'


def test_a_file_voila_does_not_have_is_not_kept(front):
    base, upstream = front
    for _ in range(2):
        status, _, body = get(base + "/voila/static/missing.js")
        assert (status, body) == (404, b"no such file")
    assert hits(upstream)["/voila/static/missing.js"] == 2


def test_the_page_and_the_api_reach_voila_unchanged(front):
    base, _ = front
    status, headers, body = get(base + "/?lang=de")
    assert status == 200 and headers["Content-Type"] == "text/html"
    assert body == b"<html>first part last part, asked for de</html>"
    status, _, body = get(base + "/", data=b"answers")
    assert (status, body) == (201, b"srewsna")


def test_the_kernels_websocket_carries_messages_both_ways(front):
    base, _ = front
    host = base.removeprefix("http://")
    ws = websocket.create_connection(
        f"ws://{host}/api/kernels/k1/channels",
        subprotocols=["v1.kernel.websocket.jupyter.org"],
        origin=base,  # a browser sends its page's address; Voilà checks it against Host
        timeout=10,
    )
    try:
        assert ws.subprotocol == "v1.kernel.websocket.jupyter.org"
        ws.send('{"msg_type": "kernel_info_request"}')
        assert ws.recv() == '{"msg_type": "kernel_info_request"}'
        ws.send_binary(b"\x00\x01widget buffer")
        assert ws.recv() == b"\x00\x01widget buffer"
    finally:
        ws.close()


def test_without_voila_the_visitor_reads_what_to_do(tmp_path):
    port = free_port()
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    argv = [
        sys.executable,
        "-m",
        "digiculture.voila_proxy",
        f"--port={port}",
        f"--upstream={nobody}",
    ]
    front = LocalServer("front", argv, port, "/")
    front.process = subprocess.Popen(argv, env=front.env)
    try:
        deadline = time.monotonic() + 30
        while True:  # the front is up when it answers at all
            try:
                status, headers, body = get(front.base_url + "/?lang=de")
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "the front did not start"
                time.sleep(0.1)
        assert status == 502
        assert headers["Content-Type"].startswith("text/html")
        # In the visitor's language (the self-assessment's texts, assessment/data).
        from digiculture.assessment_setup import load_assessment

        german = load_assessment(with_store=False).local("de")[1].ui["page_failed"]
        assert german in body.decode()
        assert b"lang='de'" in body
    finally:
        front.stop()
