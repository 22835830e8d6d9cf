"""The publish step end to end: the sample content, rendered and built once, in a real Git
repository with a bare remote; every platform's stand-in on loopback; `pipeline publish` run
as a real process, killed at every step on every platform, then rerun from a fresh clone (as a
new CI runner would). Counted: posts on each platform (duplicates) and links in the log."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.publish import records
from pipeline.publish.standins.github import GitHubStandIn
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.site import Site
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from tests.conftest import BUILD_ENV, PROJECT
from tests.publish.conftest import clone, decoder_blockers, git, platform_env

PHOTOS = "content/posts/2026/11/panen-raya-padi-inpari-32"
VIDEO = "content/posts/2026/11/video-demplot-jajar-legowo"


INPUTS = Path("build") / "publish-inputs.json"


def office(sample: Path, to: Path) -> None:
    """The sample office.yml with an office's own identity (production refuses the sample's)."""
    text = sample.read_text(encoding="utf-8")
    for old, new in (
        ('"100000000000001"', '"100000000000077"'),
        ('"17841400000000001"', '"17841400000000077"'),
    ):
        assert old in text
        text = text.replace(old, new)
    to.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def origin(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare remote holding the sample repository (content, office.yml), like GitHub."""
    base = tmp_path_factory.mktemp("origin")
    bare = base / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    seed = base / "seed"
    seed.mkdir()
    shutil.copytree(sample_site.parent / "content", seed / "content")
    office(sample_site.parent / "office.yml", seed / "office.yml")
    subprocess.run(["git", "init", "-q", "-b", "main", str(seed)], check=True)
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "sample content")
    git(seed, "push", "-q", str(bare), "main")
    return bare


@pytest.fixture
def world(sample_site: Path, origin: Path, tmp_path: Path) -> Iterator[dict[str, object]]:
    """A fresh remote for this test, the stand-ins, and the environment a run gets."""
    bare = tmp_path / "origin.git"
    shutil.copytree(origin, bare)
    graph, x = GraphStandIn(), XStandIn(processing_polls=0)
    # An abandoned upload URL expires in 2 s here (1 h at TikTok): then the publish fails and
    # a new init is safe.
    tiktok = TikTokStandIn(upload_lifetime=2.0)
    site, github = Site(sample_site), GitHubStandIn()
    merged = git(bare, "rev-parse", "main").strip()
    github.merged(merged, 7)
    github.review(7, "kasubtu-contoh", "CHANGES_REQUESTED", merged, "Kredit foto belum ada.")
    github.review(7, "kepala-balai-contoh", "APPROVED", merged)
    for standin in (graph, x, tiktok, site, github):
        standin.start()
    env = {
        **os.environ,
        **BUILD_ENV,
        # Every publish run here imports no media decoder: importing one fails.
        "PYTHONPATH": os.pathsep.join([str(decoder_blockers(tmp_path / "blocked")), str(PROJECT)]),
        **platform_env(graph, x, tiktok, site.url),
        "PIPELINE_GITHUB_URL": github.url,
        "GITHUB_REPOSITORY": "bpsip-jabar/situs",
        "GITHUB_TOKEN": "gh-token",
        "GITHUB_SHA": merged,
    }
    for name in ("GITHUB_STEP_SUMMARY", "PIPELINE_KILL_AT", "PIPELINE_SECRETS_TOKEN"):
        env.pop(name, None)
    yield {
        "bare": bare,
        "env": env,
        "graph": graph,
        "x": x,
        "tiktok": tiktok,
        "site": site,
        "tmp": tmp_path,
        "built": sample_site.parent,
        "runs": 0,
        "github": github,
        "merged": merged,
    }
    for standin in (graph, x, tiktok, site):
        standin.stop()


def publish(
    world: dict[str, object], *args: str, kill: str = "", local: bool = False
) -> subprocess.CompletedProcess[str]:
    """A fresh clone (a new CI runner) with the build artifact, then `pipeline publish`.
    `local`: run by a person on this machine, outside GitHub Actions (no GITHUB_* variables)."""
    world["runs"] = int(str(world["runs"])) + 1
    where = clone(Path(str(world["bare"])), Path(str(world["tmp"])) / f"run{world['runs']}")
    built = Path(str(world["built"]))
    shutil.copytree(built / "build" / "media", where / "build" / "media", copy_function=os.link)
    shutil.copy(built / "build" / "site-pages.json", where / "build" / "site-pages.json")
    shutil.copy(built / INPUTS, where / INPUTS)
    env = dict(world["env"])  # type: ignore[call-overload]
    run = 1000 + int(str(world["runs"]))
    env["GITHUB_RUN_ID"] = str(run)  # each run a new CI run
    if local:
        env = {k: v for k, v in env.items() if not k.startswith("GITHUB_")}
    if kill:
        env["PIPELINE_KILL_AT"] = kill
    github: GitHubStandIn = world["github"]  # type: ignore[assignment]
    github.run(run, "in_progress")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "publish", *args],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    github.run(run, "completed", conclusion="success" if done.returncode == 0 else "failure")
    return done


def log(world: dict[str, object]) -> dict[tuple[str, str], records.Pair]:
    check = clone(
        Path(str(world["bare"])),
        Path(str(world["tmp"])) / "check",
    )
    try:
        return records.fold(records.read(check))
    finally:
        shutil.rmtree(check)


def posts_on(world: dict[str, object], platform: str) -> int:
    """How many posts the stand-in for `platform` holds (what a duplicate would raise)."""
    graph: GraphStandIn = world["graph"]  # type: ignore[assignment]
    if platform == "facebook":
        reels = [v for v in graph.videos.values() if v.get("video_state") == "PUBLISHED"]
        return len(graph.published_posts()) + len(reels)
    if platform == "instagram":
        return len(graph.media)
    if platform == "x":
        x: XStandIn = world["x"]  # type: ignore[assignment]
        return len(x.created)
    tiktok: TikTokStandIn = world["tiktok"]  # type: ignore[assignment]
    return len(tiktok.published)


SOCIAL = ("facebook", "instagram", "x", "tiktok")


def test_a_full_run_publishes_every_pair_once_and_a_rerun_nothing(world: dict[str, object]) -> None:
    first = publish(world)
    assert first.returncode == 0, first.stdout + first.stderr
    state = log(world)
    published = {k: v for k, v in state.items() if v.status == "published"}
    assert published and all(v.url.startswith("http") for v in published.values())
    platforms = {platform for _, platform in published}
    assert platforms == {"website", "instagram_story", *SOCIAL}
    counts = {p: posts_on(world, p) for p in SOCIAL}
    pairs = {p: sum(1 for (_, q) in published if q.removesuffix("_story") == p) for p in SOCIAL}
    assert counts == pairs  # Instagram's media include the story
    second = publish(world)
    assert second.returncode == 0, second.stdout + second.stderr
    assert {p: posts_on(world, p) for p in SOCIAL} == counts  # nothing posted twice
    assert "✅ sudah" in second.stdout and "✅ terbit" not in second.stdout
    event = next(
        e
        for e in records.read(clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "audit"))
        if e["event"] == "published" and e["platform"] == "x"
    )
    for key in (
        "post",
        "content_sha256",
        "commit",
        "run",
        "platform",
        "remote_id",
        "url",
        "at_utc",
        "at_local",
        "approvers",
        "key",
        "text_sha256",
        "cost_usd",
        "workflow_run",
        "pr",
    ):
        assert key in event, key
    assert event["pr"] == 7 and [a["login"] for a in event["approvers"]] == ["kepala-balai-contoh"]
    assert event["approvers"][0]["commit"] == event["commit"]
    audit = records.read(clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "audit2"))
    verdicts = [
        (e["post"], e["reviewer"], e["jabatan"], e["verdict"], e.get("reason", ""))
        for e in audit
        if e["event"] == "disposition"
    ]
    assert (event["post"], "kepala-balai-contoh", ["kepala_balai"], "sesuai", "") in verdicts
    assert (
        event["post"],
        "kasubtu-contoh",
        ["kepala_sub_tu"],
        "tidak sesuai",
        "Kredit foto belum ada.",
    ) in verdicts
    published_posts = {e["post"] for e in audit if e["event"] == "published"}
    assert len(verdicts) == 2 * len(published_posts)  # once per review, not per platform


POINTS = ("claimed", "sent:1", "checkpoint:1", "sent:2", "checkpoint:2", "published", "log")
SWEEP: list[dict[str, object]] = []


@pytest.fixture(scope="module", autouse=True)
def sweep_figures() -> Iterator[None]:
    """The figures docs/developers.md states, written where people can read them."""
    yield
    if SWEEP:
        out = PROJECT / "build" / "test-artifacts" / "kill-sweep.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "runs": len(SWEEP),
            "killed": sum(1 for r in SWEEP if r["killed"]),
            "duplicates": sum(max(0, int(str(r["posts"])) - 1) for r in SWEEP),
            "links_lost": sum(1 for r in SWEEP if r["status"] == "published" and not r["url"]),
            "needs_human": sum(1 for r in SWEEP if r["status"] == "needs_human"),
            "cases": SWEEP,
        }
        out.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


@pytest.mark.parametrize("platform", SOCIAL)
@pytest.mark.parametrize("point", POINTS)
def test_killed_at_every_step_then_rerun(
    world: dict[str, object], platform: str, point: str
) -> None:
    """R3: death without cleanup at each step; the rerun (a fresh clone, a new CI run)
    finishes the work: one post on the platform and its link in the log, or, where the
    platform cannot prove a post absent (TikTok after an unanswered init), a person is asked.
    Never two posts."""
    post = PHOTOS if platform != "tiktok" else VIDEO
    name, _, nth = point.partition(":")
    kill = f"{platform}:{name}" + (f":{nth}" if nth else "")
    killed = publish(world, post, "--platform", platform, kill=kill)
    assert killed.returncode in (0, 1, 137), killed.stdout + killed.stderr
    rerun = publish(world, post, "--platform", platform)
    pair = next(  # the log is keyed by the post's id; the pair names its path
        p for (_, q), p in log(world).items() if q == platform and p.post == f"{post}/index.md"
    )
    posts = posts_on(world, platform)
    SWEEP.append(
        {
            "platform": platform,
            "point": point,
            "killed": killed.returncode == 137,
            "status": pair.status,
            "posts": posts,
            "url": pair.url,
        }
    )
    assert posts <= 1, (killed.stdout, rerun.stdout)  # no duplicate, ever
    if pair.status == "needs_human":
        assert platform == "tiktok" and name == "sent", rerun.stdout
        assert "periksa akun" in rerun.stdout
    else:
        assert pair.status == "published", rerun.stdout + rerun.stderr
        assert posts == 1 and pair.url.startswith("https://"), pair


def test_a_run_killed_on_this_machine_is_taken_over_at_once(world: dict[str, object]) -> None:
    """`pipeline publish` run by hand (outside GitHub Actions), killed after X answered the
    create (the post exists, its id was never saved). The next run on the same machine sees
    that the claiming process is gone and reconciles at once, not after the 90-minute lease:
    it finds the post, logs its link, and X holds one post."""
    killed = publish(world, PHOTOS, "--platform", "x", kill="x:sent", local=True)
    assert killed.returncode == 137, killed.stdout + killed.stderr
    assert posts_on(world, "x") == 1
    rerun = publish(world, PHOTOS, "--platform", "x", local=True)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "sedang diproses" not in rerun.stdout
    assert "ditinggalkan: proses " in rerun.stdout and "sudah berhenti" in rerun.stdout
    pair = next(p for (_, q), p in log(world).items() if q == "x")
    assert pair.status == "published" and pair.url.startswith("https://"), rerun.stdout
    assert posts_on(world, "x") == 1
    claimed = [
        e
        for e in records.read(clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "claims"))
        if e["event"] == "claimed"
    ]
    assert [c.get("took_over", {}).get("reason") for c in claimed] == [None, "CLAIM_DEAD_PROCESS"]
    assert claimed[0]["holder"]["pid"] != claimed[1]["holder"]["pid"]
    assert "repository" not in claimed[0]["holder"]  # a local run names no workflow run


SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\r\n\x7f\x9f"


def test_review_text_with_separators_and_a_damaged_line_publish_nothing_twice(
    world: dict[str, object],
) -> None:
    """Review text holding every line separator goes into the log as one line per event; an
    outsider's approval is kept apart; a line damaged later on the remote holds only the pair
    it was about, as two real `pipeline publish` runs show."""
    github: GitHubStandIn = world["github"]  # type: ignore[assignment]
    merged = str(world["merged"])
    github.review(7, "kasubtu-contoh", "CHANGES_REQUESTED", merged, f"Foto{SEPARATORS}buram")
    github.review(7, "orang-luar", "APPROVED", merged, f"setuju{SEPARATORS}saja")
    first = publish(world)
    assert first.returncode == 0, first.stdout + first.stderr
    counts = {p: posts_on(world, p) for p in SOCIAL}
    check = clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "check1")
    events = records.read(check)  # strict: every line reads
    reasons = [e["reason"] for e in events if e["event"] == "disposition" and e["reason"]]
    assert f"Foto{SEPARATORS}buram" in reasons
    outsiders = {e["reviewer"] for e in events if e["event"] == "outsider_review"}
    assert outsiders == {"orang-luar"}
    assert not [e for e in events if e["event"] == "disposition" and e["reviewer"] == "orang-luar"]
    logins = {a["login"] for e in events if e["event"] == "published" for a in e["approvers"]}
    assert logins == {"kepala-balai-contoh"}

    log_file = next((check / records.FOLDER).glob("*.jsonl"))
    lines = log_file.read_bytes().split(b"\n")
    number, line = next(
        (n, raw) for n, raw in enumerate(lines, 1) if b'"published"' in raw and b'"x"' in raw
    )
    post = json.loads(line)["post"]
    lines[number - 1] = line.replace(b'"at_utc": "', b'"at_utc": null, "t": "')
    log_file.write_bytes(b"\n".join(lines))
    git(check, "commit", "-qam", "records: a hand edit gone wrong")
    git(check, "push", "-q", "origin", "main")

    second = publish(world)
    printed = second.stdout + second.stderr
    assert second.returncode == 1 and "Traceback" not in printed, printed
    assert f"records/uploads/{log_file.name}:{number}" in printed
    assert "tidak diunggah: baris log rusak" in second.stdout  # the held pair, for a person
    assert {p: posts_on(world, p) for p in SOCIAL} == counts  # nothing posted twice
    again = clone(Path(str(world["bare"])), Path(str(world["tmp"])) / "check2")
    state = records.fold(records.load(again).events)
    # pairs are keyed by the post's id; the held pair is the one at that path on X
    assert all(v.status == "published" for (_, q), v in state.items() if (v.post, q) != (post, "x"))
