"""How long each SOP 1 step took for one post, against its time standard (*mutu baku*).

Measured steps (start → end, standard from office.yml `time_standards.sop1`):

- disposition (S1.2 filter + S1.3 evaluate): the PR opened → its first review;
- post (S1.6), per platform: the merge (or `publish_at`, if later) → the first publication
  (the platform's own time when it reported one, else when the link was logged);
- report_links (S1.7), per platform: the platform's publication time → the link in the log.

Durations are wall-clock minutes, not working minutes: a step that spans a night or a weekend
counts all of it (the report says so). A step whose start or end is not on record is listed
as not measurable, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pipeline.audit.trail import Trail
from pipeline.config import Config, minutes

STEPS = ("disposition", "post", "report_links")


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    name: str  # one of STEPS
    platform: str  # "" for a step of the whole post
    pr: int | None
    start: str
    end: str
    standard: int  # minutes

    @property
    def seconds(self) -> float | None:
        start, end = parse(self.start), parse(self.end)
        return None if start is None or end is None else (end - start).total_seconds()

    @property
    def over(self) -> bool:
        seconds = self.seconds
        return seconds is not None and seconds > self.standard * 60


def parse(text: str) -> datetime | None:
    """An ISO 8601 time with a zone ('Z' or an offset); None for anything else."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def local(text: str, offset: str) -> datetime | None:
    """A logged time in the office's zone (offset like '+07:00')."""
    value = parse(text)
    if value is None:
        return None
    sign = 1 if offset[0] == "+" else -1
    hours, mins = (int(p) for p in offset[1:].split(":"))
    return value.astimezone(timezone(sign * timedelta(hours=hours, minutes=mins)))


def working_day(config: Config) -> int:
    """Minutes in one working day (office.yml working_hours), what '1d' stands for."""
    hours = config.time_standards.working_hours
    start, end = (int(h) * 60 + int(m) for h, m in (c.split(":") for c in (hours.start, hours.end)))
    return max(end - start, 1)


def standards(config: Config) -> dict[str, int]:
    sop1, day = config.time_standards.sop1, working_day(config)
    return {
        "disposition": minutes(sop1.filter, day) + minutes(sop1.evaluate, day),
        "post": minutes(sop1.post, day),
        "report_links": minutes(sop1.report_links, day),
    }


def steps(trail: Trail, config: Config) -> tuple[Step, ...]:
    limit = standards(config)
    found: list[Step] = []
    for pull in trail.pulls:
        if pull.number is None and not pull.dispositions:
            continue  # published without a pull request: no review step to time
        first = pull.dispositions[0].at if pull.dispositions else ""
        found.append(
            Step(
                name="disposition",
                platform="",
                pr=pull.number,
                start=pull.opened_at,
                end=first,
                standard=limit["disposition"],
            )
        )
    for channel in trail.channels:
        first_pub = channel.first
        if first_pub is None:
            continue
        merge = trail.pull(first_pub.pr)
        merged = merge.merged_at if merge is not None else ""
        start = _later(merged, first_pub.planned_at)
        end = first_pub.live_at or first_pub.logged_at
        platform, pr = channel.platform, first_pub.pr
        found += [
            Step(
                name="post", platform=platform, pr=pr, start=start, end=end, standard=limit["post"]
            ),
            Step(
                name="report_links",
                platform=platform,
                pr=pr,
                start=first_pub.live_at,
                end=first_pub.logged_at,
                standard=limit["report_links"],
            ),
        ]
    return tuple(found)


def _later(first: str, second: str) -> str:
    """The later of two times (a scheduled post starts its clock at publish_at)."""
    a, b = parse(first), parse(second)
    if a is None or b is None:
        return first if b is None else second
    return second if b > a else first
