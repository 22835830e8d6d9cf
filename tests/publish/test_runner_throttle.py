"""A platform's throttle, as the runner honours it: Graph's regain time (usage headers, no
Retry-After) defers the pair until then, the note says until when, the rest of the platform's
pairs wait in the same run, and the next run makes no call before that time.

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
from pipeline.publish.standins.site import Site
from tests.publish.test_runner import (  # noqa: F401 - fixtures
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
    before = datetime.now(UTC)
    outcomes = world.run(jobs, sample[3])
    first, second = outcomes[(jobs[0].post, "facebook")], outcomes[(jobs[1].post, "facebook")]
    assert first.status == second.status == "deferred"
    assert "ditunda sampai" in first.hint and "WIB" in first.hint
    posts = [r for r in world.graph.seen if r.method == "POST"]
    assert len(posts) == 1  # the second pair made no call in the throttled run
    deferred = [e for e in world.ledger.events() if e["event"] == "deferred"]
    assert len(deferred) == 2 and all(e.get("until") for e in deferred)
    until = datetime.fromisoformat(deferred[0]["until"].replace("Z", "+00:00"))
    assert before + timedelta(minutes=45) <= until <= datetime.now(UTC) + timedelta(minutes=46)
    assert deferred[0]["refused"] is True  # the answer proved nothing was made
    state = records.fold(world.ledger.events())
    assert not state[(jobs[0].ident, "facebook")].in_doubt

    world.graph.faults.clear()
    again = world.run(jobs, sample[3], run="run-2")
    assert {o.status for o in again.values()} == {"deferred"}
    assert "ditunda sampai" in again[(jobs[0].post, "facebook")].hint
    assert len([r for r in world.graph.seen if r.method == "POST"]) == 1  # still no call
    assert not world.graph.published_posts()


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
    soon = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert runner._until(soon) is not None
    for text in ("", "garbage", "2026-13-01T00:00:00Z", "2999-01-01T00:00:00Z", soon[:-1]):
        assert runner._until(text) is None, text
    past = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert runner._until(past) is None


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
