"""A platform's daily cap (TikTok's spam_risk_too_many_posts) puts its pairs off until the
next midnight in the office's time zone: deferred, never failed, no request before then."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.publish import records
from pipeline.publish.base import Job, PublishError, Verdict
from pipeline.publish.runner import next_midnight, throttled_until
from pipeline.publish.standins.site import Site
from pipeline.publish.standins.tiktok import tt_error
from tests.publish.test_runner import NOW, PANEN, Sample, World, sample, site  # noqa: F401

VIDEO = "content/posts/2026/11/video-demplot-jajar-legowo/index.md"
INIT = r"/v2/post/publish/(video|content)/init"


@pytest.fixture
def world(tmp_path: Path, site: Site, sample: Sample) -> Iterator[World]:  # noqa: F811
    w = World(tmp_path, site, sample[1])
    w.tiktok.daily_cap = 0  # the creator has posted TikTok's daily number already
    yield w
    w.stop()


def tiktok_jobs(found: Sample) -> list[Job]:
    return [j for j in found[2] if j.platform == "tiktok" and j.post in (PANEN, VIDEO)]


def test_the_daily_cap_defers_every_tiktok_pair_until_local_midnight(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    jobs = tiktok_jobs(sample)
    assert len(jobs) == 2
    first = world.run(jobs, sample[3])
    assert {o.status for o in first.values()} == {"deferred"}
    # NOW is 19:00 in Jakarta: the cap holds until 00:00 the next day, Jakarta time
    assert all("ditunda sampai 2026-11-26 00:00" in o.message for o in first.values())
    assert world.tiktok.count("POST", INIT) == 1  # the second pair is not even tried
    deferred = [e for e in world.ledger.events() if e["event"] == "deferred"]
    assert [e["until"] for e in deferred] == ["2026-11-25T17:00:00Z"]
    assert deferred[0]["code"] == "spam_risk_too_many_posts"

    later = world.run(jobs, sample[3], now=NOW + timedelta(hours=4), run="run-2")
    assert {o.status for o in later.values()} == {"deferred"}
    assert world.tiktok.count("POST", INIT) == 1  # nothing sent before midnight

    world.tiktok.daily_cap = None  # a new day: TikTok takes posts again
    tomorrow = world.run(jobs, sample[3], now=NOW + timedelta(hours=6), run="run-3")
    assert {o.status for o in tomorrow.values()} == {"published"}
    assert len(world.tiktok.published) == 2
    assert {o.status for o in world.run(jobs, sample[3], run="run-4").values()} == {"already"}


def test_a_capped_creator_info_defers_instead_of_stopping_the_run(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """creator_info may answer the cap itself (HTTP 200): TikTok waits, the others go on."""
    world.tiktok.daily_cap = None
    body = tt_error("spam_risk_too_many_posts", "Daily post cap reached").body
    world.tiktok.fault("POST", r"/creator_info/query", "status", status=200, body=body, times=9)
    jobs = [j for j in sample[2] if j.post == PANEN and j.platform in ("x", "tiktok")]
    outcomes = world.run(jobs, sample[3])
    assert outcomes[(PANEN, "tiktok")].status == "deferred"
    assert outcomes[(PANEN, "x")].status == "published"
    assert world.tiktok.count("POST", INIT) == 0


def test_next_midnight_is_in_the_office_zone() -> None:
    late = datetime(2026, 11, 25, 16, 59, tzinfo=UTC)  # 23:59 in Jakarta
    assert next_midnight(late, "+07:00") == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    early = datetime(2026, 11, 25, 17, 1, tzinfo=UTC)  # 00:01 the next day in Jakarta
    assert next_midnight(early, "+0700") == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_a_deferral_until_a_time_outlives_the_run_and_a_claim_clears_it() -> None:
    base = {"post": PANEN, "post_id": "p1", "platform": "tiktok", "run": "r"}
    events = [
        {**base, "event": "claimed", "content_sha256": "c", "at_utc": "2026-11-25T12:00:00Z"},
        {**base, "event": "deferred", "until": "2026-11-25T17:00:00Z", "message": "cap"},
    ]
    state = records.fold(events)
    assert throttled_until(state, NOW) == {"tiktok": datetime(2026, 11, 25, 17, 0, tzinfo=UTC)}
    assert throttled_until(state, NOW + timedelta(hours=5)) == {}
    again = [*events, {**events[0], "at_utc": "2026-11-25T18:00:00Z"}]
    assert throttled_until(records.fold(again), NOW) == {}


def test_throttled_carries_an_explicit_time() -> None:
    when = datetime(2026, 11, 26, tzinfo=UTC)
    error = PublishError(Verdict.THROTTLED, "cap", until=when)
    assert error.until == when and error.verdict is Verdict.THROTTLED
