"""Session times that fit everyone's working day, across time zones and clock changes.

Times are chosen in UTC and checked in each member's own time zone with `zoneinfo`, so the
clock changes (in the EU: the last Sunday of March and of October, at 01:00 UTC) are handled
by the time-zone database and never by hand. A session *fits* a member when, on the
session's date in their zone, it starts no earlier than the start of their working window
and ends no later than its end (by default 09:00-18:00 local time).

The proposal for one day: the first half-hour at which every member has been at work for
at least an hour and the session ends inside everyone's window; failing that, the first
half-hour that fits everyone; failing that (members too many hours apart), the half-hour
with the fewest minutes outside the members' windows, flagged as not fitting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

STEP = timedelta(minutes=30)
COMFORT = timedelta(hours=1)
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Window:
    """The local working hours within which a session must lie, e.g. 09:00-18:00."""

    start: time = time(9, 0)
    end: time = time(18, 0)

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_window(text: str) -> Window:
    """'09:00-18:00' as a Window; ValueError with a sentence for anything else."""
    m = _WINDOW.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a time window: write it like 09:00-18:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
        raise ValueError(f"'{text}' has a time that does not exist: write it like 09:00-18:00")
    window = Window(time(h1, m1), time(h2, m2))
    if window.minutes <= 0:
        raise ValueError(f"'{text}' ends before it starts: write it like 09:00-18:00")
    return window


@dataclass(frozen=True)
class Slot:
    """A proposed session: start and end in UTC, and whether it fits every member."""

    start: datetime
    end: datetime
    fits: bool
    outside: dict[str, int]  # time zone -> minutes outside the window (only when > 0)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def local_span(start: datetime, minutes: int, zone: str) -> tuple[datetime, datetime]:
    """Start and end of a session (start in UTC) on the clock of `zone`."""
    tz = ZoneInfo(zone)
    end = start + timedelta(minutes=minutes)
    return start.astimezone(tz), end.astimezone(tz)


def minutes_outside(start: datetime, minutes: int, zone: str, day: date, window: Window) -> int:
    """How many minutes of the session lie outside `window` on `day` in `zone` (0: it fits).

    Measured in real elapsed time: the window's start and end on `day` are turned into UTC
    instants, so a night with a clock change (when the wall clock jumps or repeats an hour)
    is counted correctly.
    """
    tz = ZoneInfo(zone)
    opens = datetime.combine(day, window.start, tz).astimezone(UTC)
    closes = datetime.combine(day, window.end, tz).astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    early = max(timedelta(0), min(opens, end) - start)
    late = max(timedelta(0), end - max(closes, start))
    return int((early + late).total_seconds() // 60)


def fits(start: datetime, minutes: int, zone: str, day: date, window: Window) -> bool:
    """Whether the session lies within `window` on `day` on the clock of `zone`."""
    return minutes_outside(start, minutes, zone, day, window) == 0


def propose_slot(
    day: date, zones: Mapping[str, int], minutes: int, window: Window | None = None
) -> Slot:
    """The session time on `day` for a group; `zones` maps time zone -> number of members."""
    window = window or Window()
    if not zones:
        raise ValueError("a group needs at least one member")
    comfort = Window(
        (datetime.combine(day, window.start) + COMFORT).time()
        if window.minutes >= minutes + COMFORT.total_seconds() // 60
        else window.start,
        window.end,
    )
    start = _first_fit(day, tuple(sorted(zones)), minutes, window, comfort)
    if start is not None:
        return _slot(start, minutes, zones, day, window)
    best = min(
        _candidates(day),
        key=lambda s: sum(
            n * minutes_outside(s, minutes, z, day, window) for z, n in zones.items()
        ),
    )
    return _slot(best, minutes, zones, day, window)


def _candidates(day: date) -> list[datetime]:
    """Every start from noon UTC the day before to noon UTC the day after, each half-hour."""
    first = datetime.combine(day, time(0), UTC) - timedelta(hours=12)
    return [first + STEP * k for k in range(96)]


@lru_cache(maxsize=4096)
def _first_fit(
    day: date, zones: tuple[str, ...], minutes: int, window: Window, comfort: Window
) -> datetime | None:
    """The first half-hour start that fits `comfort` for all zones, else `window`, else None."""
    for rule in (comfort, window):
        for start in _candidates(day):
            if all(fits(start, minutes, zone, day, rule) for zone in zones):
                return start
    return None


def _slot(start: datetime, minutes: int, zones: Mapping[str, int], day: date, window: Window):
    outside = {z: minutes_outside(start, minutes, z, day, window) for z in zones}
    outside = {z: m for z, m in outside.items() if m}
    return Slot(start, start + timedelta(minutes=minutes), not outside, outside)


def local_times(start: datetime, minutes: int, zones: list[str]) -> dict[str, str]:
    """Time zone -> 'HH:MM-HH:MM', the session on that zone's clock."""
    shown: dict[str, str] = {}
    for zone in zones:
        local_start, local_end = local_span(start, minutes, zone)
        shown[zone] = f"{local_start:%H:%M}-{local_end:%H:%M}"
    return shown
