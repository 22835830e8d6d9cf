"""Working-hours arithmetic for SOP 2's time standards: only minutes inside the office's working
hours, on its working days, in its time zone, count (office.yml `time_standards.working_hours`).
A comment written at 15:50 WIB on a Friday has used 10 minutes by Monday 07:30."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pipeline.config import WorkingHours


def _clock(text: str) -> time:
    hours, minutes = (int(p) for p in text.split(":"))
    return time(hours, minutes)


def working_minutes(start: datetime, end: datetime, hours: WorkingHours, zone: str) -> int:
    """Whole minutes of working time between `start` and `end` (0 if end is not after start)."""
    if end <= start:
        return 0
    tz = ZoneInfo(zone)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    opens, closes = _clock(hours.start), _clock(hours.end)
    total = 0.0
    day: date = first
    while day <= last:
        if day.isoweekday() in hours.days:
            day_start = datetime.combine(day, opens, tz)
            day_end = datetime.combine(day, closes, tz)
            lo, hi = max(start, day_start), min(end, day_end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return int(total // 60)


def parse(stamp: str) -> datetime:
    """An ISO time with `Z` or an offset, as an aware datetime."""
    value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
