"""Servers start in turns: at most N at once, the others in the order they asked; a turn ends
when the server answers HTTP (any answer but its own error), or its process ended.

The servers here are real HTTP servers on 127.0.0.1 (free ports), stopped by the test."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest

from digiculture.hub.turns import StartTurns, until_answering
from digiculture.server import free_port


async def _until(condition, what: str) -> None:
    async def poll():
        while not condition():
            await asyncio.sleep(0.01)

    try:
        await asyncio.wait_for(poll(), 120)
    except TimeoutError:
        raise AssertionError(f"never: {what}") from None


def test_turns_go_in_the_order_asked_and_never_more_than_size():
    async def scenario():
        turns = StartTurns(2)
        order: list[int] = []
        inside: set[int] = set()
        most = 0
        done = [asyncio.Event() for _ in range(5)]

        async def start(i: int) -> None:
            nonlocal most
            async with turns:
                order.append(i)
                inside.add(i)
                most = max(most, len(inside))
                await done[i].wait()
                inside.discard(i)

        tasks = []
        for i in range(5):
            tasks.append(asyncio.create_task(start(i)))
            await _until(lambda i=i: i in inside or turns.waiting == i - 1, f"{i} asked")
        assert order == [0, 1] and turns.full and turns.waiting == 3
        # The second finishes first: the next in line (2), not the last to ask, goes next.
        done[1].set()
        await _until(lambda: 2 in inside, "2 started")
        done[0].set()
        await _until(lambda: 3 in inside, "3 started")
        for event in done[2:]:
            event.set()
        await asyncio.gather(*tasks)
        assert order == [0, 1, 2, 3, 4]
        assert most == 2 and not turns.full and turns.waiting == 0

    asyncio.run(scenario())


def test_turns_default_to_a_few_per_processor():
    async def scenario():
        import os

        from digiculture.hub.turns import PER_PROCESSOR

        assert StartTurns().size == PER_PROCESSOR * (os.cpu_count() or 1)

    asyncio.run(scenario())


SERVER = textwrap.dedent(
    """
    import http.server, sys
    status = int(sys.argv[2])
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.end_headers()
        def log_message(self, *args):
            pass
    sys.stdin.readline()  # listens only once told to
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """
)


@pytest.fixture
def server():
    """A real HTTP server answering `status` on every path, listening once `listen()` is
    called; stopped at the end."""
    started: list[subprocess.Popen] = []

    def make(status: int):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(port), str(status)],
            stdin=subprocess.PIPE,
            text=True,
        )
        started.append(process)

        def listen() -> None:
            process.stdin.write("go\n")
            process.stdin.flush()

        return f"http://127.0.0.1:{port}/user/kit-x/", process, listen

    yield make
    for process in started:
        process.kill()
        process.wait(60)


async def _alive() -> bool:
    return True


def test_a_404_is_an_answer_and_a_refused_connection_is_not(server):
    url, _process, listen = server(404)

    async def scenario():
        # Nothing listens yet: no answer within the time given.
        assert await until_answering(url, _alive, timeout=1) is False
        listen()
        assert await until_answering(url, _alive, timeout=120) is True

    asyncio.run(scenario())


def _listening(url: str) -> None:
    """Until something accepts connections at `url`'s port."""
    import socket
    import time

    port = int(url.split(":")[2].split("/")[0])
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "the test's server never listened"
            time.sleep(0.1)


def test_the_servers_own_error_is_not_an_answer(server):
    url, _process, listen = server(500)
    listen()
    _listening(url)

    async def scenario():
        assert await until_answering(url, _alive, timeout=2) is False

    asyncio.run(scenario())


def test_a_process_that_ended_ends_the_wait(server):
    url, process, _listen = server(200)
    process.kill()
    process.wait(60)

    async def running() -> bool:
        return process.poll() is None

    async def scenario():
        # Far longer than the test may take: it ends because the process has ended.
        assert await until_answering(url, running, timeout=3600) is False

    asyncio.run(scenario())
