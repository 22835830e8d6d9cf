"""A platform's throttle or cap, as the runner honours it.

- Graph's regain time (usage headers, no Retry-After) defers the pair until then, the note says
  until when, the rest of the platform's pairs wait in the same run, and the next run makes no
  call before that time.
- A daily cap (TikTok's spam_risk_too_many_posts) puts the platform's pairs off until the next
  midnight in the office's time zone: deferred, never failed, no request before then.

Reuses the module-scoped `site`/`sample` fixtures and the `World` of stand-ins from
tests/publish/test_runner.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.publish import records, runner
from pipeline.publish.base import Job, PublishError, Verdict
from pipeline.publish.standins.site import Site
from pipeline.publish.standins.tiktok import tt_error
from tests.publish.test_runner import (  # noqa: F401 - fixtures
    NOW,
    PANEN,
    TIPS,
    Sample,
    World,
    pick,
    sample,
    site,
)


@pytest.fixture
def world(tmp_path: Path, site: Site, sample: Sample) -> Iterator[World]:  # noqa: F811
    w = World(tmp_path, site, sample[1])
    yield w
    w.stop()


def test_a_graph_throttle_defers_the_pair_until_the_regain_time(
    world: World,
    sample: Sample,  # noqa: F811 - the fixture
) -> None:
    tips = [dataclasses.replace(j, publish_at=None) for j in pick(sample, TIPS, "facebook")]
    jobs = pick(sample, PANEN, "facebook") + tips
    assert len(jobs) == 2
    world.graph.throttle("POST", r".*/(feed|photos|video_reels)", 45, code=32, times=99)
    outcomes = world.run(jobs, sample[3])  # on the run's clock: NOW
    first, second = outcomes[(jobs[0].post, "facebook")], outcomes[(jobs[1].post, "facebook")]
    assert first.status == second.status == "deferred"
    assert "ditunda sampai" in first.hint and "WIB" in first.hint
    posts = [r for r in world.graph.seen if r.method == "POST"]
    assert len(posts) == 1  # the second pair made no call in the throttled run
    deferred = [e for e in world.ledger.events() if e["event"] == "deferred"]
    assert len(deferred) == 2 and all(e.get("until") for e in deferred)
    until = datetime.fromisoformat(deferred[0]["until"].replace("Z", "+00:00"))
    assert NOW + timedelta(minutes=45) <= until <= NOW + timedelta(minutes=47)
    assert deferred[0]["refused"] is True  # the answer proved nothing was made
    state = records.fold(world.ledger.events())
    assert not state[(jobs[0].ident, "facebook")].in_doubt

    world.graph.faults.clear()
    seen = len(world.graph.seen)
    again = world.run(jobs, sample[3], run="run-2")
    assert {o.status for o in again.values()} == {"deferred"}
    assert "ditunda sampai" in again[(jobs[0].post, "facebook")].hint
    assert len(world.graph.seen) == seen  # no call at all: no preflight read either
    assert not world.graph.published_posts()
    assert len([e for e in world.ledger.events() if e["event"] == "deferred"]) == 2  # once


def test_a_graph_throttle_in_preflight_is_on_record_and_holds_the_next_run(
    world: World,
    sample: Sample,  # noqa: F811 - the fixture
) -> None:
    """The token check itself is throttled: each pair of the platform gets a `deferred` event
    with `until`, so the next run, a new process, makes no call before then."""
    jobs = pick(sample, PANEN, "facebook", "instagram")
    world.graph.throttle("GET", r".*", 30, code=4, times=99)
    first = world.run(jobs, sample[3])
    assert {o.status for o in first.values()} == {"deferred"}
    assert all("ditunda sampai" in o.message for o in first.values())
    deferred = [e for e in world.ledger.events() if e["event"] == "deferred"]
    assert sorted(e["platform"] for e in deferred) == ["facebook", "instagram"]
    assert all(e.get("until") for e in deferred)
    assert not [r for r in world.graph.seen if r.method == "POST"]

    world.graph.faults.clear()
    seen = len(world.graph.seen)
    again = world.run(jobs, sample[3], run="run-2")
    assert {o.status for o in again.values()} == {"deferred"}
    assert len(world.graph.seen) == seen  # debug_token, GET /{page}, the quota: none of them
    assert len([e for e in world.ledger.events() if e["event"] == "deferred"]) == 2


def test_a_throttle_without_a_regain_time_holds_nothing(
    world: World,
    sample: Sample,  # noqa: F811 - the fixture
) -> None:
    jobs = pick(sample, PANEN, "facebook")
    world.graph.throttle("POST", r".*/(feed|photos|video_reels)", None, code=4)
    outcome = world.run(jobs, sample[3])[(PANEN, "facebook")]
    assert outcome.status == "published"  # backed off briefly, then went through
    assert not [e for e in world.ledger.events() if e.get("until")]


def test_a_damaged_or_absurd_until_holds_nothing() -> None:
    def held(until: str) -> dict[str, datetime]:
        base = {"post": PANEN, "post_id": "p1", "platform": "facebook", "run": "r"}
        return runner.holds(records.fold([{**base, "event": "deferred", "until": until}]), NOW)

    soon = (NOW + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert held(soon) == {"facebook": NOW + timedelta(hours=1)}
    for text in ("", "garbage", "2026-13-01T00:00:00Z", "2999-01-01T00:00:00Z", soon[:-1]):
        assert held(text) == {}, text
    assert held((NOW - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == {}


@pytest.mark.parametrize(("language", "words"), [("id", "tidak punya izin"), ("en", "lacks")])
def test_a_missing_meta_permission_is_named_in_the_office_language(
    world: World,
    sample: Sample,  # noqa: F811 - the fixture
    language: str,
    words: str,
) -> None:
    world.graph.describe("page-token", scopes=["pages_manage_posts", "pages_read_engagement"])
    office = dataclasses.replace(world.config.office, language=language)  # type: ignore[arg-type]
    config = dataclasses.replace(world.config, office=office)
    with pytest.raises(PipelineError) as caught:
        world.run(pick(sample, PANEN, "facebook"), sample[3], config=config)
    assert words in str(caught.value) and "pages_manage_engagement" in str(caught.value)
    assert "FACEBOOK_PAGE_TOKEN" in str(caught.value)
    assert all(r.method == "GET" for r in world.graph.seen)


VIDEO = "content/posts/2026/11/video-demplot-jajar-legowo/index.md"
INIT = r"/v2/post/publish/(video|content)/init"


@pytest.fixture
def capped(world: World) -> World:
    world.tiktok.daily_cap = 0  # the creator has posted TikTok's daily number already
    return world


def tiktok_jobs(found: Sample) -> list[Job]:
    return [j for j in found[2] if j.platform == "tiktok" and j.post in (PANEN, VIDEO)]


def test_the_daily_cap_defers_every_tiktok_pair_until_local_midnight(
    capped: World,
    sample: Sample,  # noqa: F811
) -> None:
    world = capped
    jobs = tiktok_jobs(sample)
    assert len(jobs) == 2
    first = world.run(jobs, sample[3])
    assert {o.status for o in first.values()} == {"deferred"}
    # NOW is 19:00 in Jakarta: the cap holds until 00:00 the next day, Jakarta time
    assert all("ditunda sampai 2026-11-26 00:00" in o.message for o in first.values())
    assert world.tiktok.count("POST", INIT) == 1  # the second pair is not even tried
    deferred = [e for e in world.ledger.events() if e["event"] == "deferred"]
    assert [e["until"] for e in deferred] == ["2026-11-25T17:00:00Z"] * 2  # one per pair
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
    capped: World,
    sample: Sample,  # noqa: F811
) -> None:
    """creator_info may answer the cap itself (HTTP 200): TikTok waits, the others go on."""
    world = capped
    world.tiktok.daily_cap = None
    body = tt_error("spam_risk_too_many_posts", "Daily post cap reached").body
    world.tiktok.fault("POST", r"/creator_info/query", "status", status=200, body=body, times=9)
    jobs = [j for j in sample[2] if j.post == PANEN and j.platform in ("x", "tiktok")]
    outcomes = world.run(jobs, sample[3])
    assert outcomes[(PANEN, "tiktok")].status == "deferred"
    assert outcomes[(PANEN, "x")].status == "published"
    assert world.tiktok.count("POST", INIT) == 0
    deferred = [e for e in world.ledger.events() if e["event"] == "deferred"]
    assert [(e["platform"], e["until"]) for e in deferred] == [("tiktok", "2026-11-25T17:00:00Z")]

    asked = world.tiktok.count("POST", r"/creator_info/query")
    again = world.run(jobs, sample[3], now=NOW + timedelta(hours=2), run="run-2")
    assert again[(PANEN, "tiktok")].status == "deferred"
    assert "ditunda sampai 2026-11-26 00:00" in again[(PANEN, "tiktok")].message
    assert world.tiktok.count("POST", r"/creator_info/query") == asked  # not asked again
    assert len([e for e in world.ledger.events() if e["event"] == "deferred"]) == 1


def test_next_midnight_is_in_the_office_zone() -> None:
    late = datetime(2026, 11, 25, 16, 59, tzinfo=UTC)  # 23:59 in Jakarta
    assert runner.next_midnight(late, "+07:00") == datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    early = datetime(2026, 11, 25, 17, 1, tzinfo=UTC)  # 00:01 the next day in Jakarta
    assert runner.next_midnight(early, "+0700") == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_a_deferral_until_a_time_outlives_the_run_and_a_claim_clears_it() -> None:
    base = {"post": PANEN, "post_id": "p1", "platform": "tiktok", "run": "r"}
    events = [
        {**base, "event": "claimed", "content_sha256": "c", "at_utc": "2026-11-25T12:00:00Z"},
        {**base, "event": "deferred", "until": "2026-11-25T17:00:00Z", "message": "cap"},
    ]
    state = records.fold(events)
    assert runner.holds(state, NOW) == {"tiktok": datetime(2026, 11, 25, 17, 0, tzinfo=UTC)}
    assert runner.holds(state, NOW + timedelta(hours=5)) == {}
    again = [*events, {**events[0], "at_utc": "2026-11-25T18:00:00Z"}]
    assert runner.holds(records.fold(again), NOW) == {}


def test_throttled_carries_an_explicit_time() -> None:
    when = datetime(2026, 11, 26, tzinfo=UTC)
    error = PublishError(Verdict.THROTTLED, "cap", until=when)
    assert error.until == when and error.verdict is Verdict.THROTTLED
