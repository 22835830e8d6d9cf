"""The runner's decisions, in process, on the sample content against the stand-ins: the kill
switch, dead tokens, edits and removals after publication, partial failures, ambiguous
creates, media not yet on the site, X's spending cap, Instagram's quota, scheduling, leases.
(docs/publishing-model.md §6.5, rows R1-R14.)"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.commands.publish import collect
from pipeline.config import Config, load_config
from pipeline.errors import PipelineError
from pipeline.publish import records
from pipeline.publish.base import Job
from pipeline.publish.ledger import Ledger
from pipeline.publish.provenance import RunInfo
from pipeline.publish.runner import Outcome, Runner
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.site import Site
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from tests.publish.conftest import FAST

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PANEN = "content/posts/2026/11/panen-raya-padi-inpari-32/index.md"
TIPS = "content/posts/2026/11/tips-simpan-benih-padi/index.md"


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Iterator[Site]:
    with Site(sample_site) as served:
        yield served


@pytest.fixture(scope="module")
def sample(sample_site: Path, site: Site) -> tuple[Path, Config, list[Job], set[str]]:
    root = sample_site.parent
    config, _ = load_config(root)
    found = collect(root, config, site.url, [], [], NOW)
    assert not found.missing
    return root, config, found.jobs, found.present


Sample = tuple[Path, Config, list[Job], set[str]]


class World:
    def __init__(self, tmp: Path, site: Site, config: Config, **graph: object) -> None:
        self.graph = GraphStandIn(**graph)  # type: ignore[arg-type]
        self.x = XStandIn(processing_polls=0)
        self.tiktok = TikTokStandIn()
        self.site = site
        for standin in (self.graph, self.x, self.tiktok):
            standin.start()
        self.env = {
            **self.graph.env(),
            "FACEBOOK_PAGE_ID": self.graph.page_id,
            "FACEBOOK_PAGE_TOKEN": "page-token",
            "INSTAGRAM_USER_ID": self.graph.ig_user_id,
            "INSTAGRAM_TOKEN": "ig-token",
            "X_ACCESS_TOKEN": "x-access-token",
            "TIKTOK_ACCESS_TOKEN": "tt-access",
            "PIPELINE_X_URL": self.x.url,
            "PIPELINE_TIKTOK_URL": self.tiktok.url,
            "PIPELINE_SITE_URL": site.url,
        }
        self.ledger = Ledger(tmp, remote=None)
        self.config = config
        self.said: list[str] = []

    def run(
        self,
        jobs: list[Job],
        present: set[str],
        *,
        config: Config | None = None,
        now: datetime = NOW,
        run: str = "run-1",
    ) -> dict[tuple[str, str], Outcome]:
        runner = Runner(
            config or self.config,
            self.env,
            self.ledger,
            RunInfo(run=run),
            now=now,
            timing=FAST,
            say=self.said.append,
        )
        return {(o.post, o.platform): o for o in runner.run(jobs, present)}

    def stop(self) -> None:
        for standin in (self.graph, self.x, self.tiktok):
            standin.stop()


@pytest.fixture
def world(
    tmp_path: Path, site: Site, sample: tuple[Path, Config, list[Job], set[str]]
) -> Iterator[World]:
    w = World(tmp_path, site, sample[1])
    yield w
    w.stop()


def pick(sample: tuple[Path, Config, list[Job], set[str]], post: str, *platforms: str) -> list[Job]:
    return [j for j in sample[2] if j.post == post and j.platform in platforms]


def with_publishing(config: Config, **changes: object) -> Config:
    return dataclasses.replace(config, publishing=dataclasses.replace(config.publishing, **changes))  # type: ignore[arg-type]


def test_kill_switch_makes_no_request_and_writes_nothing(world: World, sample: Sample) -> None:
    jobs = pick(sample, PANEN, "facebook", "x")
    outcomes = world.run(jobs, sample[3], config=with_publishing(world.config, paused=True))
    assert {o.status for o in outcomes.values()} == {"paused"}
    assert world.graph.seen == [] and world.x.seen == []
    assert world.ledger.events() == []


def test_a_dead_token_stops_the_run_before_any_side_effect(world: World, sample: Sample) -> None:
    world.env["X_ACCESS_TOKEN"] = "expired"  # noqa: S105 - a stand-in token
    with pytest.raises(PipelineError, match=r"x \(bpsipjabar\).*sambungkan ulang akun x"):
        world.run(pick(sample, PANEN, "facebook", "x"), sample[3])
    assert all(r.method == "GET" for r in world.graph.seen + world.x.seen)  # reads only
    assert world.ledger.events() == []


def test_an_edit_after_publication_goes_to_a_person(world: World, sample: Sample) -> None:
    job = pick(sample, PANEN, "x")[0]
    assert world.run([job], sample[3])[(PANEN, "x")].status == "published"
    edited = dataclasses.replace(job, text=job.text + " (ralat)")
    outcome = world.run([edited], sample[3], run="run-2")[(PANEN, "x")]
    assert outcome.status == "needs_human" and "diubah setelah terbit" in outcome.message
    assert len(world.x.created) == 1  # never reposted by itself
    again = world.run([edited], sample[3], run="run-3")[(PANEN, "x")]
    assert again.status == "needs_human"
    kinds = [e["event"] for e in world.ledger.events() if e["platform"] == "x"]
    assert kinds.count("needs_human") == 1  # said once, not every run


def test_a_removed_post_asks_for_a_manual_retraction(world: World, sample: Sample) -> None:
    job = pick(sample, PANEN, "facebook")[0]
    world.run([job], sample[3])
    outcomes = world.run([], sample[3] - {job.ident}, run="run-2")
    outcome = outcomes[(PANEN, "facebook")]
    assert outcome.status == "needs_human" and "tarik manual di facebook" in outcome.message


def test_one_platform_down_does_not_hold_the_others(world: World, sample: Sample) -> None:
    """R5: X answers 503 to every post; the other platforms publish; a rerun does X only."""
    jobs = pick(sample, PANEN, "website", "facebook", "instagram", "x", "tiktok")
    world.x.fault(
        "POST", r"/2/tweets$", "status", status=503, times=99, body={"title": "Service Unavailable"}
    )
    first = world.run(jobs, sample[3])
    assert {p: o.status for (_, p), o in first.items()} == {
        "website": "published",
        "facebook": "published",
        "instagram": "published",
        "tiktok": "published",
        "x": "unknown",
    }
    assert len(world.x.created) == 0
    world.x.faults.clear()
    second = world.run(jobs, sample[3], run="run-2")
    assert {p: o.status for (_, p), o in second.items()} == {
        "website": "already",
        "facebook": "already",
        "instagram": "already",
        "tiktok": "already",
        "x": "published",
    }
    assert len(world.x.created) == 1


def test_a_lost_answer_to_a_create_is_reconciled_not_repeated(world: World, sample: Sample) -> None:
    """R1: X stores the post, then the connection drops: one post, found by its text."""
    world.x.fault("POST", r"/2/tweets$", "drop_after")
    outcome = world.run(pick(sample, PANEN, "x"), sample[3])[(PANEN, "x")]
    assert outcome.status == "published" and outcome.url.startswith("https://x.com/")
    assert len(world.x.created) == 1
    events = [e["event"] for e in world.ledger.events()]
    assert "unknown" in events and "reconciled" in events


def test_media_not_yet_on_the_site_defers_before_any_container(
    world: World, sample: Sample
) -> None:
    """R8: Instagram fetches from the site; a 404 there means no container is made."""
    job = pick(sample, PANEN, "instagram")[0]
    path = "/" + job.media[0].url.split("/", 3)[3]
    world.site.hide(path, times=99)
    try:
        outcome = world.run([job], sample[3])[(PANEN, "instagram")]
    finally:
        world.site.hidden.clear()
    assert outcome.status == "deferred" and "404" in outcome.message
    assert world.graph.containers == {}
    assert world.run([job], sample[3], run="run-2")[(PANEN, "instagram")].status == "published"


def test_media_with_other_bytes_on_the_site_defers(world: World, sample: Sample) -> None:
    job = pick(sample, PANEN, "tiktok")[0]
    path = "/" + job.media[0].url.split("/", 3)[3]
    world.site.swap(path, b"stale")
    try:
        outcome = world.run([job], sample[3])[(PANEN, "tiktok")]
    finally:
        world.site.swapped.clear()
    assert outcome.status == "deferred" and "isi berbeda" in outcome.message
    assert world.tiktok.published == []


def test_x_spending_cap_defers_x_only(world: World, sample: Sample) -> None:
    jobs = pick(sample, PANEN, "facebook", "x")
    outcomes = world.run(
        jobs, sample[3], config=with_publishing(world.config, x_monthly_cap_usd=0.01)
    )
    assert outcomes[(PANEN, "x")].status == "deferred"
    assert "batas biaya X" in outcomes[(PANEN, "x")].message
    assert outcomes[(PANEN, "facebook")].status == "published"
    assert any(line.startswith("X: biaya batch ini USD") for line in world.said)


def test_instagram_quota_is_read_and_respected(tmp_path: Path, site: Site, sample: Sample) -> None:
    w = World(tmp_path, site, sample[1], quota_total=1)
    try:
        jobs = [j for j in sample[2] if j.platform == "instagram"]
        outcomes = w.run(jobs, sample[3])
    finally:
        w.stop()
    statuses = sorted(o.status for o in outcomes.values() if o.platform == "instagram")
    assert statuses.count("published") == 1 and "deferred" in statuses
    assert any("Instagram: kuota 24 jam tersisa 1 dari 1" in line for line in w.said)


def test_a_scheduled_post_waits_then_records_planned_and_actual_time(
    world: World, sample: Sample
) -> None:
    job = pick(sample, TIPS, "website")[0]
    assert world.run([job], sample[3])[(TIPS, "website")].status == "waiting"
    assert world.ledger.events() == []
    assert job.publish_at is not None


def test_a_post_long_past_its_publish_at_goes_to_a_person(world: World, sample: Sample) -> None:
    job = dataclasses.replace(pick(sample, PANEN, "x")[0], publish_at=NOW - timedelta(days=30))
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert outcome.status == "needs_human" and world.x.created == []


def test_a_claim_of_a_live_run_is_left_alone(world: World, sample: Sample) -> None:
    job = pick(sample, PANEN, "x")[0]
    world.ledger.write(
        [
            {
                "event": "claimed",
                "post": PANEN,
                "platform": "x",
                "content_sha256": job.content_sha256,
                "run": "other",
                **records.stamp(datetime.now(UTC), "+07:00"),
            }
        ]
    )
    outcome = world.run([job], sample[3])[(PANEN, "x")]
    assert outcome.status == "busy" and world.x.created == []


def test_a_lease_not_longer_than_the_job_is_refused(tmp_path: Path) -> None:
    """R9: a claim that can expire while its job still runs would let two runs publish."""
    (tmp_path / "office.yml").write_text(
        "publishing:\n  job_timeout_minutes: 60\n  lease_minutes: 60\n", encoding="utf-8"
    )
    _, problems = load_config(tmp_path)
    assert [(p.code, p.line) for p in problems] == [("CONFIG_LEASE", 3)]


DAMAGE = {  # how the last line of the log is damaged, and whether it keeps its b"\n"
    "null-time": (lambda line: line.replace('"at_utc": "', '"at_utc": null, "t": "'), True),
    "wrong-type": (lambda line: line.replace('"remote_id": ', '"remote_id": [], "r": '), True),
    "truncated": (lambda line: line[: line.index('"post"') + 12], False),
    "not-utf8": (lambda line: line[:-9] + "\udcff", True),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_line_holds_only_the_pairs_it_may_concern(
    world: World, sample: Sample, damage: str
) -> None:
    """A damaged line in the log must never lead to a second publication of the pair it was
    about: that pair goes to a person; every other pair is published as usual."""
    first = world.run(pick(sample, PANEN, "facebook", "x"), sample[3])
    assert {o.status for o in first.values()} == {"published"}
    log = next((world.ledger.folder / records.FOLDER).glob("*.jsonl"))
    lines = log.read_bytes().decode("utf-8").rstrip("\n").split("\n")
    last = lines[-1]  # X's publication, the run's last event
    assert '"published"' in last and '"platform": "x"' in last
    change, ended = DAMAGE[damage]
    broken = change(last)
    assert broken != last
    data = "\n".join([*lines[:-1], broken]).encode("utf-8", "surrogateescape")
    log.write_bytes(data + (b"\n" if ended else b""))
    tweets = len(world.x.created)

    other = "content/posts/2026/11/bimtek-gap-hortikultura-lembang/index.md"
    jobs = pick(sample, PANEN, "facebook", "x") + pick(sample, other, "facebook", "x")
    outcomes = world.run(jobs, sample[3], run="run-2")

    held = outcomes[(PANEN, "x")]
    assert held.status == "needs_human"
    assert f"records/uploads/{log.name}:{len(lines)}" in held.message
    assert outcomes[(PANEN, "facebook")].status == "already"
    assert outcomes[(other, "facebook")].status == "published"
    # A line cut before its post may be about any post on X: X waits for a person.
    on_x = "needs_human" if damage == "truncated" else "published"
    assert outcomes[(other, "x")].status == on_x
    assert len(world.x.created) == tweets + (on_x == "published")  # PANEN never twice
