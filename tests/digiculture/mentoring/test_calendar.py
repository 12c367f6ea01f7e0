"""Calendar files: valid iCalendar (RFC 5545) that calendar programs import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from digiculture.mentoring.calendar import Event, escape_text, fold, to_ics

STAMP = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text (RFC 5545 section 3.1)."""
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            assert name not in current, f"{name} twice in one event"
            current[name] = value
    return found


def sample() -> str:
    start = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    long_greek = "Ασφαλής, νόμιμη και συμπεριληπτική πρακτική; " * 4
    return to_ics(
        [
            Event(
                "a@kit",
                start,
                start + timedelta(minutes=90),
                "Session 1: P5",
                f"Focus: {long_greek}\nUnits: u10, u07\\done",
                "Online",
            ),
            Event(
                "b@kit",
                start + timedelta(days=7),
                start + timedelta(days=7, hours=1),
                "Session 2",
                "Short",
            ),
        ],
        name="Workshop ws01",
        stamp=STAMP,
    )


def test_crlf_and_folding_at_75_octets():
    text = sample()
    raw = text.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends with CRLF
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75
        line.decode("utf-8")  # no UTF-8 character is split across two lines
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # something was folded


def test_structure_and_required_properties():
    lines = unfold(sample())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
    found = events(sample())
    assert len(found) == 2
    for event in found:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"} <= set(event)
        for key in ("DTSTAMP", "DTSTART", "DTEND"):
            datetime.strptime(event[key], "%Y%m%dT%H%M%SZ")
    first = found[0]
    assert (first["DTSTART"], first["DTEND"], first["DTSTAMP"]) == (
        "20260330T090000Z",
        "20260330T103000Z",
        "20260301T083000Z",
    )
    assert first["LOCATION"] == "Online" and "LOCATION" not in found[1]


def test_text_round_trips_through_escaping():
    first = events(sample())[0]
    text = unescape(first["DESCRIPTION"])
    assert text.startswith("Focus: Ασφαλής, νόμιμη")
    assert text.endswith("\nUnits: u10, u07\\done")
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_times_are_written_in_utc_whatever_zone_they_come_in():
    athens = timezone(timedelta(hours=3))
    start = datetime(2026, 6, 1, 12, 0, tzinfo=athens)
    text = to_ics([Event("x", start, start + timedelta(hours=1), "S")], name="n", stamp=STAMP)
    assert events(text)[0]["DTSTART"] == "20260601T090000Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        to_ics([Event("x", start.replace(tzinfo=None), start, "S")], name="n", stamp=STAMP)


def test_fold_keeps_short_lines_and_splits_long_ones():
    assert fold("SUMMARY:short") == "SUMMARY:short"
    folded = fold("X:" + "é" * 100)
    pieces = folded.split("\r\n")
    assert len(pieces[0].encode()) <= 75 and all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if k else p for k, p in enumerate(pieces)) == "X:" + "é" * 100
