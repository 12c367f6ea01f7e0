"""Servers start a few at a time, in the order people asked (the spawner's turns).

When 60 learners log in together, 60 servers starting at once on 2 cores each get a sixtieth
of a core: all are ready only at the end, together, and some after the hub has given up on
them, and the hub's calls to its proxy for the servers ready at the same moment timed out. In
turns, a few per processor, the first learners work after seconds and the others follow in
the order they came (docs/hub.md). A turn is held until the server answers (or its start
failed), which is when its start stops needing the processor.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable

import aiohttp

#: Turns per processor, unless told otherwise. One per processor is best on a machine that
#: does nothing else; on one shared with other work, starting servers get a share of the
#: processors by their number (2 of 20 busy processes get a tenth), so a few more go at once.
PER_PROCESSOR = 4
#: Seconds between two checks of whether a starting server answers.
CHECK_EVERY = 0.3


class StartTurns:
    """At most `size` holders at a time; the others wait in the order they asked
    (asyncio's semaphore wakes its waiters first come, first served). Made in the event loop
    that uses it."""

    def __init__(self, size: int = 0):
        self.size = size or PER_PROCESSOR * (os.cpu_count() or 1)
        self._semaphore = asyncio.Semaphore(self.size)

    @property
    def full(self) -> bool:
        """True when every turn is taken (a newcomer waits)."""
        return self._semaphore.locked()

    @property
    def waiting(self) -> int:
        """How many are waiting for a turn now."""
        waiters = getattr(self._semaphore, "_waiters", None) or ()
        return sum(1 for w in waiters if not w.done())

    async def __aenter__(self) -> StartTurns:
        await self._semaphore.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._semaphore.release()


async def until_answering(url: str, running: Callable[[], Awaitable[bool]], timeout: float) -> bool:
    """Wait until the server at `url` answers HTTP with anything but an error of its own
    (a redirect, even a 404: what JupyterHub checks too), its process has ended
    (`running()` says False) or `timeout` seconds have passed. True when it answered."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # aiohttp, as JupyterHub asks: it connects to an IP address without resolving it. (Tornado's
    # client resolves even 127.0.0.1 in the event loop's default threads, where 60 queued
    # password checks held it up for a minute.)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        while loop.time() < deadline:
            if not await running():
                return False
            try:
                async with session.get(url, allow_redirects=False) as response:
                    if response.status < 500:
                        return True
            except (TimeoutError, aiohttp.ClientError, OSError):
                pass  # refused or no answer yet: not listening, or still starting
            await asyncio.sleep(CHECK_EVERY)
    return False
