"""Adversarial review of the publish step: each test states the behaviour the reliability bar
(docs/publishing-model.md §4.3-4.7) asks for, and fails while the bug it demonstrates is there.

Reuses the module-scoped `site`/`sample` fixtures and the `World` of stand-ins from
tests/publish/test_runner.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import PipelineError
from pipeline.publish.api import Timing
from pipeline.publish.base import Job
from pipeline.publish.provenance import RunInfo
from pipeline.publish.runner import Outcome, Runner
from pipeline.publish.standins.site import Site
from tests.publish.conftest import FAST
from tests.publish.test_runner import (  # noqa: F401 - fixtures
    NOW,
    PANEN,
    Sample,
    World,
    pick,
    sample,
    site,
)

QUICK_POLL = dataclasses.replace(FAST, poll_timeout_s=0.3)


@pytest.fixture
def world(tmp_path: Path, site: Site, sample: Sample) -> Iterator[World]:  # noqa: F811
    w = World(tmp_path, site, sample[1])
    yield w
    w.stop()


def run(
    world: World, jobs: list[Job], present: set[str], *, run: str, timing: Timing = FAST
) -> dict[tuple[str, str], Outcome]:
    runner = Runner(
        world.config,
        world.env,
        world.ledger,
        RunInfo(run=run),
        now=NOW,
        timing=timing,
        say=world.said.append,
    )
    return {(o.post, o.platform): o for o in runner.run(jobs, present)}


def _x_post_made_but_unconfirmed(world: World) -> None:
    """X stores the post, but neither the read-back nor the timeline answers (an outage)."""
    down = {"title": "Service Unavailable"}
    world.x.fault("GET", r"/2/tweets/\d+$", "status", status=503, times=999, body=down)
    world.x.fault("GET", r"/2/users/\d+/tweets$", "status", status=503, times=999, body=down)


# --- 1. an edit between an uncertain attempt and the next run ------------------------------
def test_edit_after_an_unconfirmed_x_post_does_not_post_again(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """The X post exists and its id is in the log (checkpoint `post`); the writer fixes a typo
    before the next run. The new claim has another content hash, so the fold drops the marks
    and the in-doubt flag and the runner posts the edited text as a second X post; the first
    post's id is never recorded as a publication and no person is asked."""
    job = pick(sample, PANEN, "x")[0]
    _x_post_made_but_unconfirmed(world)
    first = run(world, [job], sample[3], run="run-1")[(PANEN, "x")]
    assert first.status in ("deferred", "unknown")
    assert len(world.x.created) == 1
    world.x.faults.clear()
    edited = dataclasses.replace(job, text=job.text + " (ralat)")
    second = run(world, [edited], sample[3], run="run-2")[(PANEN, "x")]
    assert len(world.x.created) == 1, "a second X post was made for the same article"
    assert second.status == "needs_human"


def test_edit_while_a_tiktok_publish_is_processing_does_not_init_again(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """TikTok accepted the video (publish_id saved) and is still processing when the run's poll
    budget ends (RETRY, "dilanjutkan pada jalan berikutnya"). A caption fix before the next run
    makes a fresh init: TikTok will publish both."""
    job = pick(sample, PANEN, "tiktok")[0]
    world.tiktok.processing_polls = 10**9
    first = run(world, [job], sample[3], run="run-1", timing=QUICK_POLL)[(PANEN, "tiktok")]
    assert first.status == "deferred" and len(world.tiktok.publishes) == 1
    world.tiktok.processing_polls = 1
    edited = dataclasses.replace(job, text=job.text + " (ralat)")
    run(world, [edited], sample[3], run="run-2")
    for publish in world.tiktok.publishes.values():  # time passes: TikTok finishes them all
        world.tiktok._advance(publish, poll=False)
    assert len(world.tiktok.publishes) == 1, "a second TikTok init while the first was live"
    assert len(world.tiktok.posts) <= 1


# --- 2. a post removed (or made a draft) while its publication is uncertain ------------------
def test_removing_a_post_whose_x_create_is_in_doubt_asks_a_person(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """The create was sent, the answer lost (in doubt), reconciliation could not run. The writer
    then deletes the post from Git. `removed()` only looks at pairs already `published`, so the
    pair is silently dropped: the X post is live, the log never records it, nobody is asked."""
    job = pick(sample, PANEN, "x")[0]
    world.x.fault("POST", r"/2/tweets$", "drop_after")
    down = {"title": "Service Unavailable"}
    world.x.fault("GET", r"/2/users/\d+/tweets$", "status", status=503, times=999, body=down)
    run(world, [job], sample[3], run="run-1")
    assert len(world.x.created) == 1
    world.x.faults.clear()
    outcomes = run(world, [], sample[3] - {job.ident}, run="run-2")
    assert (PANEN, "x") in outcomes, "the uncertain pair vanished from the run summary"
    assert outcomes[(PANEN, "x")].status in ("needs_human", "published")


# --- 3. one platform takes the whole run down ------------------------------------------------
def test_instagram_quota_endpoint_down_does_not_stop_the_other_platforms(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """`budget()` reads content_publishing_limit outside any try: a PublishError there escapes
    `Runner.run` before the first pair, so Facebook, X and the website are not published."""
    body = {"error": {"message": "An unexpected error has occurred", "code": 2}}
    world.graph.fault(
        "GET", r"/content_publishing_limit$", "status", status=500, times=999, body=body
    )
    jobs = pick(sample, PANEN, "website", "facebook", "instagram", "x")
    outcomes = run(world, jobs, sample[3], run="run-1")
    assert outcomes[(PANEN, "facebook")].status == "published"
    assert outcomes[(PANEN, "x")].status == "published"
    assert outcomes[(PANEN, "instagram")].status == "deferred"


def test_an_x_outage_at_preflight_does_not_stop_the_other_platforms(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """R5 says one platform down must not hold the others, and §4.5's stop-everything is about
    dead *credentials*. A 503 on X's /2/users/me (RETRY, not REAUTH) is reported as
    "token tidak berlaku" and stops Facebook and the website too."""
    down = {"title": "Service Unavailable"}
    world.x.fault("GET", r"/2/users/me$", "status", status=503, times=999, body=down)
    jobs = pick(sample, PANEN, "website", "facebook", "x")
    outcomes = run(world, jobs, sample[3], run="run-1")
    assert outcomes[(PANEN, "facebook")].status == "published"
    assert outcomes[(PANEN, "x")].status == "deferred"


# --- 4. a definite refusal of a create is left "in doubt" ------------------------------------
@pytest.mark.parametrize(
    ("status", "code"), [(429, "rate_limit_exceeded"), (401, "access_token_invalid")]
)
def test_a_refused_tiktok_init_is_not_escalated_as_unproven(
    world: World,
    sample: Sample,  # noqa: F811
    status: int,
    code: str,
) -> None:
    """The `sending` checkpoint is written before init; a 429/401 answer proves nothing was
    created, but nothing clears the doubt, so the next run reconciles against TikTok's
    (unreliable) listing and asks a person "periksa akun" for a post that never existed."""
    job = pick(sample, PANEN, "tiktok")[0]
    body = {"error": {"code": code, "message": "refused"}}
    world.tiktok.fault("POST", r"/init/?$", "status", status=status, times=999, body=body)
    first = run(world, [job], sample[3], run="run-1")[(PANEN, "tiktok")]
    assert first.status == "deferred" and world.tiktok.publishes == {}
    world.tiktok.faults.clear()
    second = run(world, [job], sample[3], run="run-2")[(PANEN, "tiktok")]
    assert second.status == "published", second.message


# --- 5. a token in an exception -------------------------------------------------------------
def test_a_token_with_a_trailing_newline_is_not_shown_in_the_error(
    world: World,
    sample: Sample,  # noqa: F811
) -> None:
    """A secret pasted with a trailing newline: h11 refuses the header and its message quotes
    the header value. The exception is not a PublishError, escapes `Runner.run`, and
    `pipeline.main` prints its traceback (in `pair()` the same text would be committed to
    records/ as `internal: LocalProtocolError: ...`)."""
    secret = "EAAG-very-secret-page-token"  # noqa: S105 - a stand-in token
    world.env["FACEBOOK_PAGE_TOKEN"] = secret + "\n"
    try:
        run(world, pick(sample, PANEN, "facebook"), sample[3], run="run-1")
    except Exception as exc:  # whatever escapes reaches pipeline.main
        assert secret not in str(exc)
        assert isinstance(exc, PipelineError), "escapes as an internal bug (traceback, exit 2)"


def test_an_internal_error_after_a_post_is_sent_is_reconciled_not_repeated(
    world: World,
    sample: Sample,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug of ours right after X took the post (its answer unread): the outcome is
    `unknown`, and the next run looks on X before sending again, as its note says."""
    from pipeline.publish.platforms import x as xmod

    job = pick(sample, PANEN, "x")[0]
    original = xmod._data
    calls = {"n": 0}

    def broken(reply: dict[str, Any]) -> dict[str, Any]:
        data = original(reply)
        if "text" in data and not calls["n"]:  # the post's own answer, read for its id
            calls["n"] += 1
            raise RuntimeError("unexpected answer shape")
        return data

    monkeypatch.setattr(xmod, "_data", broken)
    first = run(world, [job], sample[3], run="run-1")[(PANEN, "x")]
    assert first.status == "unknown" and len(world.x.created) == 1
    second = run(world, [job], sample[3], run="run-2")[(PANEN, "x")]
    assert len(world.x.created) == 1, second  # found on X, never posted twice
