"""Calendar files (iCalendar, RFC 5545) for workshop sessions.

One `.ics` file per workshop group, with one event per session, importable into Outlook,
Google Calendar, Thunderbird or Apple Calendar. Times are written in UTC (`...Z`), so every
calendar shows them on its owner's own clock. Lines end with CRLF and are folded at 75
octets, as the standard asks; a UTF-8 character is never split across a fold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//BoostDigiCulture//Course kit mentoring workshops//EN"
LIMIT = 75  # octets per line, CRLF not counted


@dataclass(frozen=True)
class Event:
    """One session: a unique id, start and end (timezone-aware), a title and a description."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""


def utc_stamp(moment: datetime) -> str:
    """A timezone-aware datetime as an iCalendar UTC time, e.g. 20260323T090000Z."""
    if moment.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets, joined by CRLF + space."""
    pieces: list[str] = []
    current, size = "", 0
    limit = LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = LIMIT - 1  # continuation lines start with one space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def to_ics(events: Iterable[Event], *, name: str, stamp: datetime) -> str:
    """A whole calendar as text; `stamp` (when the file was made) becomes every DTSTAMP."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc_stamp(stamp)}",
            f"DTSTART:{utc_stamp(event.start)}",
            f"DTEND:{utc_stamp(event.end)}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
