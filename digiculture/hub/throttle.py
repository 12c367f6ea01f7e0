"""Failed log-ins slow down the one who fails, never lock the owner out.

NativeAuthenticator blocked a *name* for 60 s after 10 failures, even for the right password:
anyone could keep the facilitator out. The kit counts failures by name *and source* (the
browser's address as the proxy saw it):

- a source that failed 10 times for a name waits 60 s before it may try that name again;
- a source that failed 50 times in 10 minutes (any names: password spraying) waits 10 minutes;
- while a name is under attack (10 failures in 10 minutes from all sources together), a source
  that has not failed for it gets one try per `POOL_SECONDS` for that name (so an attacker who
  changes address cannot guess fast), except a browser that logged in as this name before
  (its signed device cookie): the owner is never kept out.

Everything is in the hub's memory (a restart forgets it); times come from `clock` (tests).
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

PAIR_FAILURES, PAIR_SECONDS = 10, 60.0
SOURCE_FAILURES, SOURCE_WINDOW, SOURCE_SECONDS = 50, 600.0, 600.0
NAME_FAILURES, NAME_WINDOW, POOL_SECONDS = 10, 600.0, 5.0


@dataclass
class Throttle:
    clock: Callable[[], float] = time.monotonic
    _pair: dict[tuple[str, str], deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _source: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _name: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _pool: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def _recent(times: deque[float], now: float, window: float) -> deque[float]:
        while times and now - times[0] > window:
            times.popleft()
        return times

    def refusal(self, name: str, source: str, trusted: bool = False) -> str | None:
        """Why this attempt is not even checked (for the log), or None: check the password.

        `trusted`: the browser carries this name's device cookie (it logged in as it before).
        """
        now = self.clock()
        pair = self._recent(self._pair.get((name, source), deque()), now, PAIR_SECONDS)
        if len(pair) >= PAIR_FAILURES:
            return f"{source} failed {len(pair)} times for {name}: it waits {PAIR_SECONDS:g} s"
        spray = self._recent(self._source.get(source, deque()), now, SOURCE_WINDOW)
        if len(spray) >= SOURCE_FAILURES and now - spray[-1] < SOURCE_SECONDS:
            return f"{source} failed {len(spray)} log-ins in 10 minutes: it waits 10 minutes"
        if trusted or pair:
            return None
        attacked = self._recent(self._name.get(name, deque()), now, NAME_WINDOW)
        if len(attacked) >= NAME_FAILURES:
            if now - self._pool.get(name, -POOL_SECONDS) < POOL_SECONDS:
                return f"{name} is under attack: a new source gets one try per {POOL_SECONDS:g} s"
            self._pool[name] = now
        return None

    def failed(self, name: str, source: str) -> None:
        now = self.clock()
        self._pair[(name, source)].append(now)
        self._source[source].append(now)
        self._name[name].append(now)
        self._forget(now)

    def succeeded(self, name: str, source: str) -> None:
        self._pair.pop((name, source), None)

    def _forget(self, now: float) -> None:
        """Drop what no rule looks at any more (the hub runs for weeks)."""
        if len(self._pair) + len(self._source) + len(self._name) < 10_000:
            return
        longest = max(PAIR_SECONDS, SOURCE_WINDOW + SOURCE_SECONDS, NAME_WINDOW)
        for table in (self._pair, self._source, self._name):
            for key in [k for k, v in table.items() if not v or now - v[-1] > longest]:
                del table[key]
