"""A claim someone else left (docs/publishing-model.md §4.9), in the runner against the
stand-ins: a dead holder is taken over at once, a live one is honoured and the note says until
when, a claim without a holder keeps the lease (row R15). Holders are real processes on this
machine, or workflow runs the GitHub stand-in reports.

Reuses the module-scoped `site`/`sample` fixtures and the `World` of stand-ins from
tests/publish/test_runner.py."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline.publish import claims, records
from pipeline.publish.base import Job
from pipeline.publish.provenance import RunInfo
from pipeline.publish.runner import Runner
from pipeline.publish.standins.github import GitHubStandIn
from pipeline.publish.standins.site import Site
from tests.publish.conftest import FAST
from tests.publish.test_runner import (  # noqa: F401 - fixtures
    PANEN,
    Sample,
    World,
    pick,
    sample,
    site,
)

LEASE = timedelta(minutes=90)  # office.yml publishing.lease_minutes of the sample


@pytest.fixture
def world(tmp_path: Path, site: Site, sample: Sample) -> Iterator[World]:  # noqa: F811
    w = World(tmp_path, site, sample[1])
    yield w
    w.stop()


@pytest.fixture
def github(world: World) -> Iterator[GitHubStandIn]:
    """GitHub's API for the runner, with the job's token (as in the publish job)."""
    with GitHubStandIn() as standin:
        world.env.update(
            {
                "GITHUB_TOKEN": "gh-token",
                "GITHUB_REPOSITORY": "bpsip-jabar/situs",
                "PIPELINE_GITHUB_URL": standin.url,
            }
        )
        yield standin


@pytest.fixture
def child() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def claim(world: World, job: Job, at: datetime, holder: dict[str, Any] | None) -> None:
    """A claim another run wrote at `at`, naming `holder` (None: as older versions wrote it);
    its `run` is the workflow run id in CI, as the runner writes it."""
    event: dict[str, Any] = {
        "event": "claimed",
        "post": job.post,
        "platform": job.platform,
        "content_sha256": job.content_sha256,
        "run": str((holder or {}).get("run_id", "other-run")),
        **({"post_id": job.post_id} if job.post_id else {}),
        **({"holder": holder} if holder is not None else {}),
        **records.stamp(at, "+07:00"),
    }
    world.ledger.write([event])


def process_of(child: subprocess.Popen[bytes], **change: Any) -> dict[str, Any]:
    stat = claims._stat(child.pid)
    assert stat is not None
    holder = dataclasses.replace(claims.here({}), pid=child.pid, started=stat[1])
    return dataclasses.replace(holder, **change).fields()


def run_of(run: int, attempt: int = 1) -> dict[str, Any]:
    """A claim from a GitHub-hosted runner: another machine, so only GitHub can tell."""
    return claims.Holder(
        repository="bpsip-jabar/situs",
        run_id=str(run),
        run_attempt=attempt,
        job="publish",
        host="fv-az512-77",
        boot="5a1f0c2e-0000-4000-8000-000000000000",
        pidns="pid:[4026531836]",
        pid=2201,
        started=4242,
    ).fields()


def until(at: datetime) -> str:
    """The lease's end as the note shows it: local time (WIB, +07:00) to the minute."""
    return (at + LEASE).astimezone(records_zone()).strftime("%Y-%m-%d %H:%M") + " WIB"


def records_zone() -> Any:
    from datetime import timezone

    return timezone(timedelta(hours=7))


def taken_over(world: World, job: Job, outcome: Any) -> dict[str, Any]:
    """The run published the pair once and its claim says whose claim it took over."""
    assert outcome.status == "published", outcome
    assert len(world.x.created) == 1
    mine = [e for e in world.ledger.events() if e["event"] == "claimed"][-1]
    assert mine["holder"] == claims.here({}).fields()
    return dict(mine["took_over"])


def test_a_claim_of_an_ended_process_is_taken_over_at_once(
    world: World,
    sample: Sample,  # noqa: F811
    child: subprocess.Popen[bytes],
) -> None:
    job = pick(sample, PANEN, "x")[0]
    holder = process_of(child)
    child.kill()
    child.wait()
    claim(world, job, datetime.now(UTC) - timedelta(minutes=2), holder)
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert taken_over(world, job, outcome) == {
        "from": "other-run",
        "reason": "CLAIM_DEAD_PROCESS",
    }
    assert any(f"proses {child.pid} di " in line and "berhenti" in line for line in world.said)


def test_a_reused_pid_counts_as_dead(
    world: World,
    sample: Sample,  # noqa: F811
    child: subprocess.Popen[bytes],
) -> None:
    """The pid is running, but it is another process than the one that claimed (another
    start time): the claim is abandoned."""
    job = pick(sample, PANEN, "x")[0]
    holder = process_of(child)
    claim(world, job, datetime.now(UTC), {**holder, "started": holder["started"] + 7})
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert taken_over(world, job, outcome)["reason"] == "CLAIM_DEAD_PROCESS"


def test_a_claim_of_a_live_process_holds_and_says_until_when(
    world: World,
    sample: Sample,  # noqa: F811
    child: subprocess.Popen[bytes],
) -> None:
    job = pick(sample, PANEN, "x")[0]
    at = datetime.now(UTC).replace(microsecond=0)
    claim(world, job, at, process_of(child))
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert outcome.status == "busy" and world.x.created == []
    assert outcome.message == (
        f"sedang diproses oleh {claims.here({}).host} pid {child.pid}; "
        f"klaimnya berlaku sampai {until(at)}"
    )


@pytest.mark.parametrize(
    ("status", "attempt", "reason", "said"),
    [
        ("completed", 1, "CLAIM_DEAD_RUN", "GitHub menyatakan jalan 555 selesai (cancelled)"),
        ("in_progress", 2, "CLAIM_DEAD_ATTEMPT", "jalan 555 sudah diulang (percobaan 2)"),
    ],
)
def test_a_claim_of_an_ended_workflow_run_is_taken_over_at_once(
    world: World,
    sample: Sample,  # noqa: F811
    github: GitHubStandIn,
    status: str,
    attempt: int,
    reason: str,
    said: str,
) -> None:
    job = pick(sample, PANEN, "x")[0]
    github.run(
        555, status, attempt=attempt, conclusion="cancelled" if status == "completed" else ""
    )
    claim(world, job, datetime.now(UTC) - timedelta(minutes=1), run_of(555))
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert taken_over(world, job, outcome) == {"from": "555", "reason": reason}
    assert any(said in line for line in world.said), world.said
    assert github.count("GET", r"/repos/bpsip-jabar/situs/actions/runs/555$") == 1


def test_a_claim_of_a_running_workflow_holds_and_says_until_when(
    world: World,
    sample: Sample,  # noqa: F811
    github: GitHubStandIn,
) -> None:
    job = pick(sample, PANEN, "x")[0]
    github.run(555, "in_progress")
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    claim(world, job, at, run_of(555))
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert outcome.status == "busy" and world.x.created == []
    assert outcome.message == (
        f"sedang diproses oleh GitHub Actions run 555#1; klaimnya berlaku sampai {until(at)}"
    )


@pytest.mark.parametrize("answer", ["forbidden", "unknown run", "unreachable"])
def test_github_that_cannot_say_leaves_the_lease_and_says_so(
    world: World,
    sample: Sample,  # noqa: F811
    github: GitHubStandIn,
    answer: str,
) -> None:
    job = pick(sample, PANEN, "x")[0]
    github.run(555, "completed", conclusion="failure")
    why = {"forbidden": "HTTP 403", "unknown run": "HTTP 404", "unreachable": "ConnectError"}
    if answer == "forbidden":
        del github.permissions["actions"]  # the job's token lacks `actions: read`
    elif answer == "unknown run":
        github.runs.clear()
    else:
        github.stop()
    at = datetime.now(UTC).replace(microsecond=0)
    claim(world, job, at, run_of(555))
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert outcome.status == "busy" and world.x.created == []
    assert outcome.message == (
        f"diklaim oleh GitHub Actions run 555#1 sampai {until(at)}; GitHub tidak dapat ditanya "
        f"apakah jalan itu masih berjalan ({why[answer]})"
    )
    assert "actions: read" in outcome.hint


def test_a_claim_without_a_holder_keeps_the_lease(
    world: World,
    sample: Sample,  # noqa: F811
    github: GitHubStandIn,
) -> None:
    """Claims written before holders existed: held for the lease, with its end now named, and
    nobody asked; once the lease is over the claim is taken over, as before."""
    job = pick(sample, PANEN, "x")[0]
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=89)
    claim(world, job, at, None)
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert outcome.status == "busy" and world.x.created == []
    assert outcome.message == f"sedang diproses oleh other-run; klaimnya berlaku sampai {until(at)}"
    assert github.seen == []
    claim(world, job, datetime.now(UTC) - LEASE - timedelta(seconds=1), None)
    assert world.run([job], sample[3])[(PANEN, "x")].status == "published"


def test_the_note_in_english(
    world: World,
    sample: Sample,  # noqa: F811
    child: subprocess.Popen[bytes],
) -> None:
    job = pick(sample, PANEN, "x")[0]
    at = datetime.now(UTC).replace(microsecond=0)
    claim(world, job, at, process_of(child))
    runner = Runner(world.config, world.env, world.ledger, RunInfo(run="r"), timing=FAST)
    runner.lang = "en"
    [outcome] = runner.run([job], sample[3])
    assert outcome.message.endswith(f"its claim holds until {until(at)}")
    assert outcome.hint.startswith("nothing to do; if that run stops, a run after")
