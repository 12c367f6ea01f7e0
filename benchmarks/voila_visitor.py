"""A Voilà visitor without a browser: the network conversation a browser has, nothing more.

The self-assessment's 60 visitors sit at 60 computers; what they share is the server. To
measure the server and not 60 browsers competing for this machine's 2 cores, a
`ProtocolVisitor` says to the server what a first-time visitor's browser says:

1. GET the page (Voilà renders the notebook; with preheated kernels it was rendered ahead);
2. GET every script, style sheet and font the page needs (`assets`, recorded from one real
   browser visit: nothing cached, as for someone who never came before);
3. open the kernel's websocket, ask for `kernel_info` as JupyterLab's kernel connection does,
   open the `jupyter.widget.control` comm and ask for the widgets' states, as the
   ipywidgets manager does before it draws anything.

The visitor is "interactive" when the widget states have arrived: the browser then draws the
first question from them, which is work on the visitor's own computer (measured separately
with a real browser for one visitor).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from datetime import UTC, datetime

import aiohttp

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


def _message(
    msg_type: str, content: dict, session: str, channel: str, metadata: dict | None = None
) -> str:
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": "visitor",
                "session": session,
                "date": datetime.now(UTC).isoformat(),
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "buffers": [],
            "channel": channel,
        }
    )


async def _fetch(client: aiohttp.ClientSession, url: str) -> bytes:
    async with client.get(url) as response:
        body = await response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} for {url}")
        return body


async def visit(base_url: str, page: str, assets: list[str], timeout: float) -> float:
    """One first-time visitor; returns the seconds until the widget states arrived."""
    # A browser of its own: its own connections (six at a time, as browsers keep per
    # server), no shared cache.
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=6),
        timeout=aiohttp.ClientTimeout(total=timeout),
    ) as client:
        return await _visit(client, base_url, page, assets, timeout)


async def _visit(
    client: aiohttp.ClientSession, base_url: str, page: str, assets: list[str], timeout: float
) -> float:
    start = time.monotonic()
    html = (await _fetch(client, base_url + page)).decode("utf-8")
    found = KERNEL_ID.search(html)
    if not found:
        shown = " ".join(html.split())[-300:]
        raise RuntimeError(f"the page names no kernel (Voilà showed an error page?): {shown}")
    # A browser fetches a page's scripts in parallel, six at a time per server.
    queue = list(assets)

    async def fetcher() -> None:
        while queue:
            await _fetch(client, base_url + queue.pop())

    await asyncio.gather(*(fetcher() for _ in range(6)))
    session = uuid.uuid4().hex
    ws_url = base_url.replace("http", "ws", 1) + (
        f"/api/kernels/{found.group(1)}/channels?session_id={session}"
    )
    origin = base_url  # a browser sends its page's address; Voilà checks it
    async with client.ws_connect(ws_url, headers={"Origin": origin}, max_msg_size=0) as ws:
        await ws.send_str(_message("kernel_info_request", {}, session, "shell"))
        await _wait_for(ws, lambda m: m.get("msg_type") == "kernel_info_reply", start, timeout)
        comm_id = uuid.uuid4().hex
        await ws.send_str(
            _message(
                "comm_open",
                {
                    "comm_id": comm_id,
                    "target_name": "jupyter.widget.control",
                    "data": {},
                },
                session,
                "shell",
                {"version": "1.0.0"},  # ipywidgets' control protocol, as its manager sends
            )
        )
        await ws.send_str(
            _message(
                "comm_msg",
                {"comm_id": comm_id, "data": {"method": "request_states"}},
                session,
                "shell",
            )
        )

        def states(m: dict) -> bool:
            content = m.get("content", {})
            return (
                m.get("msg_type") == "comm_msg"
                and content.get("comm_id") == comm_id
                and content.get("data", {}).get("method") == "update_states"
                and bool(content["data"].get("states"))
            )

        await _wait_for(ws, states, start, timeout)
        seconds = time.monotonic() - start
        # The manager closes its control comm once it has the states.
        await ws.send_str(
            _message("comm_close", {"comm_id": comm_id, "data": {}}, session, "shell")
        )
        return seconds


async def _wait_for(ws, matches, start: float, timeout: float) -> dict:
    while True:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            raise TimeoutError("no answer from the kernel in time")
        frame = await ws.receive(timeout=left)
        if frame.type == aiohttp.WSMsgType.BINARY:
            continue  # widget buffers: not what we wait for
        if frame.type != aiohttp.WSMsgType.TEXT:
            raise ConnectionError("the server closed the kernel's websocket")
        message = json.loads(frame.data)
        message["msg_type"] = message.get("header", {}).get("msg_type")
        if matches(message):
            return message


async def crowd(
    base_url: str, page: str, assets: list[str], visitors: int, timeout: float
) -> list[float | BaseException]:
    """`visitors` first-time visitors arriving at the same moment."""
    return await asyncio.gather(
        *(visit(base_url, page, assets, timeout) for _ in range(visitors)),
        return_exceptions=True,
    )
