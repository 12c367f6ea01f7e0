"""Session times across time zones, including the EU clock changes.

In 2026 the clocks go forward on Sunday 29 March and back on Sunday 25 October (01:00 UTC).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from digiculture.course.codes import COUNTRIES
from digiculture.mentoring.timezones import (
    Window,
    fits,
    local_times,
    minutes_outside,
    parse_window,
    propose_slot,
)

PROGRAMME = {
    "Europe/Lisbon": 2,
    "Europe/Berlin": 3,
    "Europe/Rome": 2,
    "Europe/Zagreb": 1,
    "Europe/Athens": 2,
    "Asia/Nicosia": 2,
}


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def test_a_series_across_the_march_change_keeps_local_times_and_moves_utc():
    before = propose_slot(date(2026, 3, 23), PROGRAMME, 90)  # Monday before the change
    after = propose_slot(date(2026, 3, 30), PROGRAMME, 90)  # Monday after it
    assert before.fits and after.fits
    # Lisbon is the westernmost: its members start an hour into their day, at 10:00.
    assert before.start == datetime(2026, 3, 23, 10, 0, tzinfo=UTC)  # WET = UTC+0
    assert after.start == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # WEST = UTC+1
    for zone in PROGRAMME:
        assert local(before.start, zone).time() == local(after.start, zone).time()
    assert local_times(after.start, 90, ["Europe/Lisbon", "Asia/Nicosia"]) == {
        "Europe/Lisbon": "10:00-11:30",
        "Asia/Nicosia": "12:00-13:30",
    }


def test_a_series_across_the_october_change():
    before = propose_slot(date(2026, 10, 19), PROGRAMME, 90)
    after = propose_slot(date(2026, 10, 26), PROGRAMME, 90)
    assert before.start.time() == time(9, 0) and after.start.time() == time(10, 0)
    assert local(before.start, "Europe/Berlin").time() == time(11, 0)
    assert local(after.start, "Europe/Berlin").time() == time(11, 0)


def test_a_session_during_the_spring_forward_night_is_shorter_on_the_wall_clock():
    # 01:00 Berlin (CET) on 29 March is 00:00 UTC; two hours later it is 04:00 CEST.
    slot = propose_slot(date(2026, 3, 29), {"Europe/Berlin": 1}, 120, Window(time(0), time(6)))
    assert slot.start == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert slot.end - slot.start == timedelta(hours=2)
    assert local_times(slot.start, 120, ["Europe/Berlin"]) == {"Europe/Berlin": "01:00-04:00"}
    assert slot.fits


def test_a_session_during_the_fall_back_night_repeats_an_hour_on_the_wall_clock():
    # 01:00 Berlin (CEST) on 25 October is 23:00 UTC the day before; two hours later: 02:00 CET.
    slot = propose_slot(date(2026, 10, 25), {"Europe/Berlin": 1}, 120, Window(time(0), time(6)))
    assert slot.start == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert local_times(slot.start, 120, ["Europe/Berlin"]) == {"Europe/Berlin": "01:00-02:00"}
    assert slot.end - slot.start == timedelta(hours=2)


def test_fits_checks_the_end_and_the_date_on_the_members_clock():
    day = date(2026, 6, 1)
    late = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)  # 17:00 in Berlin (CEST)
    assert not fits(late, 90, "Europe/Berlin", day, Window())
    assert minutes_outside(late, 90, "Europe/Berlin", day, Window()) == 30
    assert fits(late, 60, "Europe/Berlin", day, Window())
    # 23:30 UTC on 31 May is already 1 June in Nicosia, but at 02:30.
    night = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    assert not fits(night, 60, "Asia/Nicosia", day, Window())


def test_no_common_time_is_flagged_with_who_is_outside():
    # Lisbon and Nicosia are two hours apart: a 60-minute window cannot hold both.
    zones = {"Europe/Lisbon": 1, "Asia/Nicosia": 1}
    slot = propose_slot(date(2026, 5, 4), zones, 60, Window(time(9), time(10)))
    assert not slot.fits
    assert slot.outside and set(slot.outside) <= set(zones)
    assert sum(slot.outside.values()) == 60  # the best compromise: an hour outside in all


def test_azores_members_move_the_session_later():
    zones = {"Atlantic/Azores": 1, "Asia/Nicosia": 1}  # three hours apart in winter
    slot = propose_slot(date(2026, 2, 2), zones, 90)
    assert slot.fits
    assert local(slot.start, "Atlantic/Azores").time() >= time(9)
    assert local(slot.end, "Asia/Nicosia").time() <= time(18)


def test_random_groups_always_get_a_time_within_everyones_working_day():
    rng = random.Random(11)
    zones = sorted({tz for _, tz in COUNTRIES.values()})
    special = [
        date(2026, 3, 29),
        date(2026, 3, 30),
        date(2026, 10, 25),
        date(2026, 10, 26),
        date(2026, 3, 28),
        date(2026, 10, 24),
    ]
    days = special + [date(2026, 1, 1) + timedelta(days=rng.randrange(365)) for _ in range(60)]
    for day in days:
        group = {z: rng.randint(1, 4) for z in rng.sample(zones, rng.randint(1, 8))}
        minutes = rng.choice([60, 90, 120])
        slot = propose_slot(day, group, minutes)
        assert slot.fits, (day, group)
        for zone in group:  # checked here with zoneinfo directly, not with the module
            start, end = local(slot.start, zone), local(slot.end, zone)
            assert start.date() == day == end.date(), (day, zone)
            assert time(9) <= start.time() and end.time() <= time(18), (day, zone, start, end)
            assert slot.end - slot.start == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text, message",
    [
        ("9-18", "is not a time window"),
        ("18:00-09:00", "ends before it starts"),
        ("09:00-25:00", "does not exist"),
    ],
)
def test_parse_window_rejects_nonsense(text, message):
    with pytest.raises(ValueError, match=message):
        parse_window(text)


def test_parse_window():
    assert parse_window(" 08:30 - 17:00 ") == Window(time(8, 30), time(17, 0))
    assert str(parse_window("9:00-18:00")) == "09:00-18:00"
