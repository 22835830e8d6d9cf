"""`pipeline inbox fetch` against the loopback Graph and X stand-ins: full pagination, the
high-water mark (a second fetch stores nothing and records *nihil*), deleted comments, TikTok
and the website recorded as not available, X's read cost stated, the command end to end."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pipeline.commands import inbox as command
from pipeline.config import Account, Config, Inbox, InboxWindows, Platforms
from pipeline.inbox import fetch, sources
from pipeline.inbox import records as inbox
from pipeline.publish.all_platforms import PLATFORMS
from pipeline.publish.api import Api
from pipeline.publish.ledger import Ledger
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.x import XStandIn
from tests.publish.conftest import FAST, clone, git, remote  # noqa: F401 - remote: a fixture

POST = "content/posts/2026/11/panen-raya-padi-inpari-32/index.md"
CONFIG = Config(
    platforms=Platforms(
        facebook=Account(enabled=True),
        instagram=Account(enabled=True, username="bpsipjabar"),
        x=Account(enabled=True, username="bpsipjabar"),
        tiktok=Account(enabled=True, username="bpsipjabar"),
    )
)


@pytest.fixture(scope="module")
def graph() -> Iterator[GraphStandIn]:
    with GraphStandIn(fetch=False, page_size=3) as served:
        yield served


@pytest.fixture(scope="module")
def xapi() -> Iterator[XStandIn]:
    with XStandIn() as served:
        yield served


class World:
    def __init__(self, graph: GraphStandIn, xapi: XStandIn) -> None:
        graph.reset(page_size=3)
        xapi.posts.clear()
        self.graph, self.x = graph, xapi
        self.env = {
            **graph.env(),
            "FACEBOOK_PAGE_ID": graph.page_id,
            "FACEBOOK_PAGE_TOKEN": "page-token",
            "INSTAGRAM_USER_ID": graph.ig_user_id,
            "INSTAGRAM_TOKEN": "ig-token",
            "X_ACCESS_TOKEN": "x-access-token",
            "PIPELINE_X_URL": xapi.url,
        }
        self.fb_post = graph.add_post("Panen raya padi Inpari 32")
        self.ig_media = graph.add_media("Panen raya padi Inpari 32")
        self.tweet = xapi.add_post("Panen raya padi Inpari 32").id
        self.uploads = [
            _published("facebook", self.fb_post, "https://www.facebook.com/p/1"),
            _published("instagram", self.ig_media, "https://www.instagram.com/p/C1/"),
            _published("x", self.tweet, f"https://x.com/bpsipjabar/status/{self.tweet}"),
            _published("tiktok", "7300000000000000001", "https://www.tiktok.com/@b/video/73"),
            _published("website", POST, "https://bpsip-jabar.example/2026/11/panen/"),
        ]
        self.log: list[dict[str, Any]] = []

    def fetch(self) -> fetch.Report:
        report = fetch.fetch(
            CONFIG,
            self.env,
            self.uploads,
            self.log,
            now=datetime.now(UTC),
            run=f"run-{len(self.log)}",
            make_api=_api,
        )
        self.log.extend(report.events)
        return report


def _api(platform: str, settings: Any) -> Api:
    token = getattr(settings, "token", None) or getattr(settings, "access", None)
    module = PLATFORMS[platform]
    return Api(platform, token=token, classify=module.classify, timing=FAST, sleep=lambda s: None)


def _published(platform: str, remote_id: str, url: str) -> dict[str, Any]:
    return {
        "event": "published",
        "post": POST,
        "platform": platform,
        "remote_id": remote_id,
        "url": url,
        "content_sha256": "c" * 64,
        "at_utc": _hour_ago(),  # inside every platform's window
    }


def _hour_ago() -> str:
    return (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def world(graph: GraphStandIn, xapi: XStandIn, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr(sources, "PAGE_LIMIT", 10)  # X's smallest page: pagination with 25
    return World(graph, xapi)


def _summary(report: fetch.Report) -> dict[str, Any]:
    (found,) = _kinds(report.events, "fetched")
    return found


def _kinds(events: list[dict[str, Any]], kind: str, platform: str = "") -> list[dict[str, Any]]:
    return [e for e in events if e["event"] == kind and platform in ("", e.get("platform"))]


def test_every_page_is_read_and_only_allowlisted_fields_are_stored(world: World) -> None:
    base = time.time() - 3600
    fb = [world.graph.add_comment(world.fb_post, f"fb {i}", created=base + i) for i in range(7)]
    world.graph.add_comment(world.fb_post, "balasan", created=base + 8, parent_id=fb[0])
    for i in range(5):
        world.graph.add_comment(world.ig_media, f"ig {i}", "petani_ig", created=base + i)
    for i in range(25):
        world.x.add_comment(world.tweet, f"x {i}", f"warga{i % 3}", created_at=base + i)

    report = world.fetch()

    comments = _kinds(report.events, "comment")
    assert len(_kinds(report.events, "comment", "facebook")) == 8
    assert len(_kinds(report.events, "comment", "instagram")) == 5
    assert len(_kinds(report.events, "comment", "x")) == 25
    assert all(set(c) <= inbox.FIELDS for c in comments)
    reply = next(c for c in comments if c["text"] == "balasan")
    assert reply["parent_id"] == fb[0]
    assert world.graph.count("GET", rf"/v25.0/{world.fb_post}/comments") == 3  # 8 by 3
    assert world.graph.count("GET", rf"/v25.0/{world.ig_media}/comments") == 2
    assert world.x.count("GET", r"/2/tweets/search/recent") == 3  # 25 by 10
    x_first = _kinds(report.events, "comment", "x")[0]
    assert x_first["author"] == "warga0" and x_first["text"] == "@bpsipjabar x 0"
    assert x_first["created_at"].endswith("Z") and len(x_first["created_at"]) == 20
    assert report.x_reads == 25
    # no token in any URL the client asked for (the `next` links are not followed as given)
    assert all("access_token" not in r.query for r in world.graph.seen)


def test_a_second_fetch_stores_nothing_and_records_nihil(world: World) -> None:
    base = time.time() - 600
    for i in range(4):
        world.graph.add_comment(world.fb_post, f"fb {i}", created=base + i)
        world.x.add_comment(world.tweet, f"x {i}", created_at=base + i)
    first = world.fetch()
    assert len(_kinds(first.events, "comment")) == 8

    second = world.fetch()

    assert _kinds(second.events, "comment") == []
    (nihil,) = second.events  # one summary line, however many posts: *nihil* is recorded
    assert nihil["event"] == "fetched" and nihil["nihil"] is True and nihil["new"] == 0
    assert {p: e["new"] for p, e in nihil["platforms"].items()} == {
        "facebook": 0,
        "instagram": 0,
        "x": 0,
        "tiktok": 0,
        "website": 0,
    }
    x_cursor = _summary(first)["cursors"]["x"][POST]
    last = [r for r in world.x.seen if r.path == "/2/tweets/search/recent"][-1]
    assert last.query["since_id"] == x_cursor  # X: old replies are not read again
    assert second.x_reads == 0

    late = world.graph.add_comment(world.fb_post, "baru masuk", created=base + 100)
    third = world.fetch()
    assert [c["comment_id"] for c in _kinds(third.events, "comment")] == [late]


def test_a_deleted_comment_is_not_stored_and_a_stored_one_becomes_gone(world: World) -> None:
    keep = world.graph.add_comment(world.fb_post, "tetap")
    early = world.graph.add_comment(world.fb_post, "langsung dihapus")
    world.graph.delete_comment(early)
    later = world.graph.add_comment(world.fb_post, "dihapus nanti")
    first = world.fetch()
    assert {c["comment_id"] for c in _kinds(first.events, "comment")} == {keep, later}

    world.graph.delete_comment(later)
    second = world.fetch()

    gone = _kinds(second.events, "gone")
    assert [(g["platform"], g["comment_id"]) for g in gone] == [("facebook", later)]
    assert _kinds(world.fetch().events, "gone") == []  # recorded once


def test_tiktok_and_the_website_are_checked_as_not_available(world: World) -> None:
    report = world.fetch()
    tiktok = _summary(report)["platforms"]["tiktok"]
    assert tiktok["available"] is False
    assert tiktok["reason"] == (
        "API komentar TikTok hanya untuk akun bisnis (Accounts API); belum tersedia"
    )
    website = _summary(report)["platforms"]["website"]
    assert website["available"] is False and "Giscus" in website["reason"]
    assert not any(r.error for r in report.results)


def test_the_command_writes_the_log_and_states_the_x_cost(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "office.yml").write_text(
        "platforms:\n"
        "  facebook: {enabled: true}\n"
        "  instagram: {enabled: true, username: bpsipjabar}\n"
        "  x: {enabled: true, username: bpsipjabar}\n",
        encoding="utf-8",
    )
    from pipeline.publish import records as uploads

    uploads.append(tmp_path, world.uploads)
    for i in range(3):
        world.x.add_comment(world.tweet, f"x {i}", created_at=time.time() - 60 + i)
    world.graph.add_comment(world.ig_media, "mantap @everyone", "petani_ig")
    monkeypatch.setattr(fetch, "_default_api", lambda timing: _api)
    out = io.StringIO()

    assert command.fetch(out=out, push=False, env=world.env) == 0

    text = out.getvalue()
    assert "Biaya baca X: 3 post dibaca × $0.005 = $0.015" in text
    assert "tiktok: tidak tersedia: API komentar TikTok" in text
    stored = inbox.read(tmp_path)
    assert len([e for e in stored if e["event"] == "comment"]) == 4
    assert [e["event"] for e in stored if e["event"] != "comment"] == ["fetched"]
    out = io.StringIO()
    assert command.fetch(out=out, push=False, env=world.env) == 0
    assert "nihil" in out.getvalue() and "Jumlah: 0 komentar baru" in out.getvalue()


def test_a_platform_that_fails_is_reported_and_not_marked_checked(world: World) -> None:
    world.env["FACEBOOK_PAGE_TOKEN"] = "wrong-token"  # noqa: S105 - a stand-in token
    report = world.fetch()
    assert [r.target.platform for r in report.failed] == ["facebook"]
    platforms = _summary(report)["platforms"]
    assert platforms["facebook"]["failed"] == 1
    assert [p for p, e in platforms.items() if not e.get("failed")] == [
        "instagram",
        "tiktok",
        "website",
        "x",
    ]


def test_events_go_through_the_ledger_without_a_remote(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, remote=None)
    event = {"event": "checked", "platform": "x", "post": POST, "remote_id": "1", "new": 0}
    fetch.write(
        ledger, [event | {"cursor": "", "available": True, "at_utc": "2026-11-30T00:00:00Z"}]
    )
    assert inbox.read(tmp_path)[0]["platform"] == "x"
    assert (tmp_path / "records" / "inbox" / "2026-11.jsonl").is_file()


def _aged(events: list[dict[str, Any]], platform: str, days: float) -> list[dict[str, Any]]:
    at = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [dict(e, at_utc=at) if e["platform"] == platform else e for e in events]


def test_posts_older_than_the_platform_window_are_not_read(world: World) -> None:
    """X: 7 days by default (recent search), Graph 30; office.yml `inbox.window_days`."""
    world.uploads = _aged(_aged(world.uploads, "x", 8), "instagram", 29)
    world.x.add_comment(world.tweet, "balasan lama", created_at=time.time() - 60)
    before = len(world.x.seen)

    report = world.fetch()

    assert not [r for r in world.x.seen[before:] if r.path == "/2/tweets/search/recent"]
    assert {r.target.platform for r in report.results} == {"facebook", "instagram"}
    platforms = _summary(report)["platforms"]
    assert platforms["x"] == {"posts": 0, "new": 0, "gone": 0, "window_days": 7, "older": 1}
    assert platforms["instagram"]["posts"] == 1

    narrow = Config(
        platforms=CONFIG.platforms,
        inbox=Inbox(window_days=InboxWindows(instagram=28, x=9)),
    )
    again = fetch.fetch(
        narrow, world.env, world.uploads, [], now=datetime.now(UTC), run="r", make_api=_api
    )
    assert {r.target.platform for r in again.results} == {"facebook", "x"}
    assert _summary(again)["platforms"]["instagram"]["older"] == 1


def test_one_line_per_run_however_many_posts(world: World) -> None:
    for n in range(12):
        post = f"content/posts/2026/11/tulisan-{n}/index.md"
        fb = world.graph.add_post(f"tulisan {n}")
        url = f"https://www.facebook.com/p/{n}"
        world.uploads.append(_published("facebook", fb, url) | {"post": post})
    first = world.fetch()
    # 13 Facebook posts, Instagram, X read; TikTok and the website (no Giscus) not readable
    assert len(first.events) == 1 and _summary(first)["posts"] == 15
    late = world.graph.add_comment(world.fb_post, "baru")
    second = world.fetch()
    assert [e["event"] for e in second.events] == ["comment", "fetched"]
    assert second.events[0]["comment_id"] == late
    assert _summary(second)["nihil"] is False and _summary(second)["new"] == 1


def test_a_run_pushes_once(world: World, remote: Path, tmp_path: Path) -> None:  # noqa: F811
    for n in range(5):
        world.graph.add_comment(world.fb_post, f"komentar {n}")
    ledger = Ledger(clone(remote, tmp_path / "a"), sleep=lambda s: None)
    fetch.write(ledger, world.fetch().events)
    assert ledger.pushes == 1
    check = clone(remote, tmp_path / "check")
    assert git(check, "log", "--format=%s").count("records: inbox") == 1
    assert [e["event"] for e in inbox.read(check)].count("fetched") == 1


def test_a_moved_post_keeps_its_comments(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a date fix moves the post, its comments are not fetched again as new ones under
    the new path: the post is one post (its id), the comments stay its own."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "office.yml").write_text(
        "platforms:\n  facebook: {enabled: true}\n  x: {enabled: true, username: bpsipjabar}\n",
        encoding="utf-8",
    )
    from pipeline.publish import records as uploads

    uploads.append(tmp_path, [e for e in world.uploads if e["platform"] in ("facebook", "x")])
    for i in range(3):
        world.x.add_comment(world.tweet, f"x {i}", created_at=time.time() - 60 + i)
    world.graph.add_comment(world.fb_post, "mantap", "petani")
    monkeypatch.setattr(fetch, "_default_api", lambda timing: _api)
    assert command.fetch(out=io.StringIO(), push=False, env=world.env) == 0
    moved = POST.replace("/2026/11/", "/2026/12/")
    uploads.append(
        tmp_path,
        [
            {
                "event": "moved",
                "post": moved,
                "post_id": "panen-id",
                "platform": p,
                "from": POST,
                "at_utc": "2026-12-01T01:00:00Z",
            }
            for p in ("facebook", "x")
        ],
    )
    out = io.StringIO()
    assert command.fetch(out=out, push=False, env=world.env) == 0
    assert "Jumlah: 0 komentar baru" in out.getvalue(), out.getvalue()
    assert f"{moved} [x]: nihil" in out.getvalue()
    comments = [e for e in inbox.read(tmp_path) if e["event"] == "comment"]
    assert len(comments) == 4


def test_a_pairs_publication_time_is_found_when_the_log_carries_the_posts_id() -> None:
    """`pipeline publish` writes `post_id` on every line and the fold keys pairs by it: the
    window still sees when each pair was published (else every pair ever is read each run)."""
    post = "content/posts/2026/11/tulisan/index.md"
    line = {"event": "published", "platform": "x", "remote_id": "1", "url": "https://x.com/1"}
    line |= {"post": post, "post_id": "277bb842-7648-4571-bf1e-4496e28a3cdd"}
    moved = "content/posts/2026/12/tulisan/index.md"
    events = [
        line | {"at_utc": "2026-10-01T03:00:00Z"},
        {"event": "moved", "platform": "x", "post": moved, "from": post}
        | {"post_id": line["post_id"], "at_utc": "2026-10-02T03:00:00Z"},
    ]
    (target,) = fetch.targets(events)
    assert (target.post, target.published_at) == (moved, "2026-10-01T03:00:00Z")


def test_a_graph_throttle_holds_the_platform_until_the_regain_time(world: World) -> None:
    """Graph throttles with 400/403 and the wait in its usage headers (minutes): the read
    fails with until when, and the platform's other posts are not read in the same run."""
    second = world.graph.add_post("Tips simpan benih padi")
    other = _published("facebook", second, "https://www.facebook.com/p/2")
    world.uploads.append(other | {"post": POST.replace("panen", "tips")})
    page_posts = rf".*/{world.graph.page_id}_\d+/comments"
    world.graph.throttle("GET", page_posts, 20, code=80001, times=99)
    report = world.fetch()
    failed = [r for r in report.failed if r.target.platform == "facebook"]
    assert len(failed) == 2 and all("ditunda sampai" in r.error for r in failed)
    assert world.graph.count("GET", page_posts) == 1  # no call after the throttle
    assert "instagram" not in {r.target.platform for r in report.failed}
