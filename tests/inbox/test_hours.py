"""Working-hours arithmetic: only minutes inside 07:30-16:00 WIB, Monday to Friday, count."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.config import WorkingHours
from pipeline.inbox.hours import parse, working_minutes

WIB = timezone(timedelta(hours=7))
HOURS = WorkingHours()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=WIB)  # 2026-11-30 is a Monday


def test_friday_afternoon_to_monday_morning_is_twenty_minutes() -> None:
    assert working_minutes(at(27, 15, 50), at(30, 7, 40), HOURS, "Asia/Jakarta") == 20


def test_inside_one_day_and_outside_hours() -> None:
    assert working_minutes(at(30, 8), at(30, 9, 15), HOURS, "Asia/Jakarta") == 75
    assert working_minutes(at(30, 5), at(30, 7, 30), HOURS, "Asia/Jakarta") == 0
    assert working_minutes(at(30, 16), at(30, 23), HOURS, "Asia/Jakarta") == 0
    assert working_minutes(at(28, 8), at(29, 15), HOURS, "Asia/Jakarta") == 0  # weekend


def test_a_whole_week_and_reversed_times() -> None:
    assert working_minutes(at(23, 0), at(30, 0), HOURS, "Asia/Jakarta") == 5 * 510
    assert working_minutes(at(30, 9), at(30, 8), HOURS, "Asia/Jakarta") == 0


def test_the_office_time_zone_and_utc_inputs() -> None:
    start, end = parse("2026-11-30T01:00:00Z"), parse("2026-11-30T02:00:00Z")  # 08-09 WIB
    assert working_minutes(start, end, HOURS, "Asia/Jakarta") == 60
    # 08:00-09:00 WIB is 09:00-10:00 WITA: all inside; in WIT 10:00-11:00
    assert working_minutes(start, end, HOURS, "Asia/Makassar") == 60
    early = parse("2026-11-29T23:00:00Z")  # 06:00 WIB, 07:00 WITA, 08:00 WIT
    assert working_minutes(early, start, HOURS, "Asia/Jakarta") == 30
    assert working_minutes(early, start, HOURS, "Asia/Jayapura") == 120
