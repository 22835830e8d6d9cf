"""Instagram publisher against the Graph stand-in, which fetches media from a tiny site server."""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Account
from pipeline.publish.api import Api, Timing
from pipeline.publish.base import Job, Media, PublishError, Verdict
from pipeline.publish.platforms import instagram
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.server import Reply, Request, StandIn
from tests.publish.conftest import FAST, MemoryMarks, make_api, make_job, media_file

TOKEN = "EAAGigSECRETtoken456"  # noqa: S105 - a test token (Facebook Login)
DOCS = Path(__file__).parents[1] / "data" / "docs" / "graph"
IG = "17841400000000001"
ACCOUNT = Account(enabled=True, account_id=IG, username="bpsipjabar")
JPEG = b"\xff\xd8\xff\xe0" + b"j" * 200
VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4


class Killed(Exception):
    """The job died right after a checkpoint was saved."""


class KillAfter(MemoryMarks):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.kill = name

    def save(self, name: str, value: str) -> None:
        super().save(name, value)
        if name == self.kill:
            raise Killed(name)


class Site(StandIn):
    """The office website, serving rendered media for Instagram to fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}
        self.route("GET", r"/media/(?P<name>[^/]+)", self._file)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        h.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no delayed ACK
        super()._handle(h)

    def _file(self, request: Request) -> Reply:
        name = request.match.group("name") if request.match else ""
        if name not in self.files:
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        return Reply(200, self.files[name], {"Content-Type": "application/octet-stream"})


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[GraphStandIn, Site]]:
    site = Site()
    with GraphStandIn(tokens=(TOKEN,), ig_user_id=IG, polls=2) as graph, site:
        yield graph, site


@pytest.fixture
def server(running: tuple[GraphStandIn, Site]) -> GraphStandIn:
    running[0].reset()
    running[1].files.clear()
    return running[0]


@pytest.fixture
def site(running: tuple[GraphStandIn, Site], server: GraphStandIn) -> Site:
    return running[1]


def setup(server: GraphStandIn, timing: Timing = FAST) -> tuple[Api, instagram.Settings]:
    env = {**server.env(), "INSTAGRAM_TOKEN": TOKEN}
    api = make_api("instagram", TOKEN, instagram.classify, timing)
    return api, instagram.settings(env, ACCOUNT)


def served(site: Site, tmp_path: Path, name: str, data: bytes, **kw: Any) -> Media:
    site.files[name] = data
    return media_file(tmp_path, name, data, url_base=f"{site.url}/media", **kw)


def shape(
    name: str, site: Site, tmp_path: Path, *, text: str = "Panen raya padi #PanenRaya"
) -> Job:
    media: tuple[Media, ...]
    if name == "reel":
        media = (served(site, tmp_path, "reel.mp4", VIDEO, kind="video", target="reel"),)
    else:
        count = {"image": 1, "carousel": 3}[name]
        media = tuple(served(site, tmp_path, f"f{i}.jpg", JPEG + bytes([i])) for i in range(count))
    return make_job("instagram", text=text, media=media)


def no_secret(api: Api, *errors: BaseException) -> None:
    assert TOKEN not in json.dumps(api.trace)
    for error in errors:
        assert TOKEN not in str(error) and TOKEN not in repr(error)


def creates(server: GraphStandIn) -> list[Request]:
    return [r for r in server.seen if r.method == "POST" and r.path.endswith(f"/{IG}/media")]


# --- settings, preflight, quota -------------------------------------------------------------
def test_settings_hide_the_token(server: GraphStandIn) -> None:
    _, settings = setup(server)
    assert TOKEN not in repr(settings) and settings.user_id == IG
    assert (
        instagram.settings({"INSTAGRAM_TOKEN": "t", "INSTAGRAM_USER_ID": "5"}, ACCOUNT).user_id
        == "5"
    )
    with pytest.raises(PublishError) as info:
        instagram.settings({}, ACCOUNT)
    assert info.value.verdict is Verdict.REAUTH and "INSTAGRAM_TOKEN" in str(info.value)


def test_preflight_checks_the_account(server: GraphStandIn) -> None:
    api, settings = setup(server)
    assert instagram.preflight(api, settings) == "@bpsipjabar"
    env = {**server.env(), "INSTAGRAM_TOKEN": TOKEN}
    other = instagram.settings(env, Account(account_id=IG, username="lain"))
    with pytest.raises(PublishError) as info:
        instagram.preflight(api, other)
    assert info.value.verdict is Verdict.REAUTH
    no_secret(api, info.value)


def test_quota(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    api, settings = setup(server)
    assert instagram.quota(api, settings) == (0, 50)
    instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert instagram.quota(api, settings) == (1, 50)


# --- happy paths ----------------------------------------------------------------------------
def test_single_image(server: GraphStandIn, site: Site, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    job = shape("image", site, tmp_path)
    remote = instagram.publish(api, settings, job, marks)
    (create,) = creates(server)
    assert create.form == {
        "image_url": job.media[0].url,
        "caption": job.text,
        "alt_text": "alt f0.jpg",
    }
    assert server.fetched == [job.media[0].url]
    (media,) = server.media.values()
    assert media["caption"] == job.text and media["media_product_type"] == "FEED"
    assert remote.id == media["id"] and remote.url == media["permalink"]
    assert remote.extra == {"media_product_type": "FEED"}
    assert [n for n, _ in marks.saved] == ["container", "media"]
    assert [e["op"] for e in api.trace if e["method"] == "POST"] == ["create", "publish"]
    no_secret(api)


def test_reel(server: GraphStandIn, site: Site, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    cover = served(site, tmp_path, "cover.jpg", JPEG)
    video = served(site, tmp_path, "reel.mp4", VIDEO, kind="video", target="reel")
    job = make_job("instagram", media=(dataclasses.replace(video, cover_url=cover.url),))
    remote = instagram.publish(api, settings, job, marks)
    (create,) = creates(server)
    assert create.form["media_type"] == "REELS" and create.form["video_url"] == video.url
    assert create.form["share_to_feed"] == "true" and create.form["cover_url"] == cover.url
    (media,) = server.media.values()
    assert media["media_product_type"] == "REELS" and remote.url.startswith(
        "https://www.instagram.com/reel/"
    )


def test_carousel(server: GraphStandIn, site: Site, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    job = shape("carousel", site, tmp_path)
    remote = instagram.publish(api, settings, job, marks)
    *children, carousel = creates(server)
    assert [c.form["is_carousel_item"] for c in children] == ["true"] * 3
    assert [c.form["image_url"] for c in children] == [m.url for m in job.media]
    ids = [marks.values[f"child.{i}"] for i in range(3)]
    assert carousel.form == {
        "media_type": "CAROUSEL",
        "children": ",".join(ids),
        "caption": job.text,
    }
    names = [n for n, _ in marks.saved]
    assert names == ["child.0", "child.1", "child.2", "container", "media"]
    assert len(server.media) == 1 and remote.id in server.media


def test_no_private_posts(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    api, settings = setup(server)
    job = make_job("instagram", media=shape("image", site, tmp_path).media, private=True)
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.PERMANENT and "privat" in str(info.value)
    assert not server.seen


@pytest.mark.parametrize("count", [0, 11])
def test_item_count_is_checked(
    server: GraphStandIn, site: Site, tmp_path: Path, count: int
) -> None:
    api, settings = setup(server)
    media = tuple(served(site, tmp_path, f"f{i}.jpg", JPEG) for i in range(count))
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, make_job("instagram", media=media), MemoryMarks())
    assert info.value.verdict is Verdict.PERMANENT and not server.seen


# --- resume ---------------------------------------------------------------------------------
RESUMES = [("image", "container"), ("image", "media"), ("reel", "container"), ("reel", "media")]
RESUMES += [("carousel", c) for c in ("child.0", "child.1", "child.2", "container", "media")]


@pytest.mark.parametrize(("name", "checkpoint"), RESUMES)
def test_resume_after_a_kill(
    server: GraphStandIn, site: Site, tmp_path: Path, name: str, checkpoint: str
) -> None:
    api, settings = setup(server)
    job = shape(name, site, tmp_path)
    killed = KillAfter(checkpoint)
    with pytest.raises(Killed):
        instagram.publish(api, settings, job, killed)
    made = len(server.containers)
    again = MemoryMarks(**killed.values)
    remote = instagram.publish(api, settings, job, again)
    assert len(server.media) == 1 and remote.id in server.media
    expected = {"image": 1, "reel": 1, "carousel": 4}[name]
    assert len(server.containers) == expected  # nothing was made twice
    if checkpoint == "media":
        assert again.saved == [] and len(server.containers) == made


@pytest.mark.parametrize("state", ["EXPIRED", "ERROR"])
def test_a_dropped_container_is_made_again(
    server: GraphStandIn, site: Site, tmp_path: Path, state: str
) -> None:
    api, settings = setup(server)
    job = shape("carousel", site, tmp_path)
    killed = KillAfter("container")
    with pytest.raises(Killed):
        instagram.publish(api, settings, job, killed)
    old = killed.values["container"]
    server.containers[old]["status_code"] = state
    server.containers[killed.values["child.1"]]["status_code"] = "EXPIRED"
    again = MemoryMarks(**killed.values)
    instagram.publish(api, settings, job, again)
    assert len(server.media) == 1
    assert again.values["container"] != old
    assert [n for n, _ in again.saved] == ["child.1", "container", "media"]


def test_a_published_container_without_media_is_unknown(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    api, settings = setup(server)
    since = datetime.now(UTC) - timedelta(minutes=1)
    job = shape("image", site, tmp_path)
    server.fault("POST", r"/media_publish$", "drop_after")
    marks = MemoryMarks()
    with pytest.raises(PublishError) as first:
        instagram.publish(api, settings, job, marks)
    assert first.value.verdict is Verdict.UNKNOWN and "media" not in marks.values
    with pytest.raises(PublishError) as second:
        instagram.publish(api, settings, job, marks)  # the container says PUBLISHED
    assert second.value.verdict is Verdict.UNKNOWN and second.value.code == "published"
    (found,) = instagram.find(api, settings, job, since)
    assert list(server.media) == [found.id]
    assert server.count("POST", r"/v25\.0/\d+/media_publish") == 1


def test_a_video_that_cannot_be_fetched_is_permanent_after_one_new_container(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    api, settings = setup(server)
    job = shape("reel", site, tmp_path)
    site.files.clear()
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.PERMANENT and "download" in str(info.value)
    assert len(server.containers) == 2 and not server.media


def test_an_image_that_cannot_be_fetched_is_retried(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    api, settings = setup(server)
    job = shape("image", site, tmp_path)
    site.files.clear()
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.RETRY and info.value.code == "2207052"
    assert len(creates(server)) == FAST.attempts and not server.containers


def test_poll_timeout_keeps_the_container(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    server.polls = 10**6
    api, settings = setup(server, Timing(poll_s=0.0, poll_timeout_s=0.05, budget_s=5.0))
    marks = MemoryMarks()
    job = shape("image", site, tmp_path)
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, job, marks)
    assert info.value.verdict is Verdict.RETRY and "container" in marks.values
    server.settle()
    instagram.publish(api, settings, job, marks)
    assert len(server.media) == 1 and len(server.containers) == 1


# --- faults ---------------------------------------------------------------------------------
def test_expired_token_is_reauth(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    api, settings = setup(server)
    server.expire_token(TOKEN)
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.REAUTH
    no_secret(api, info.value)


def test_throttling_without_a_wait_backs_off_then_succeeds(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    api, settings = setup(server)
    server.throttle("POST", r"/media_publish$", None, code=4)
    instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert len(server.media) == 1 and server.count("POST", r".*/media_publish") == 2


def test_instagram_buc_throttling_defers_the_publish(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    api, settings = setup(server)
    server.throttle("POST", r"/media_publish$", 12, code=80002, status=403, times=99)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, shape("image", site, tmp_path), marks)
    assert info.value.verdict is Verdict.RETRY
    assert 12 * 60 <= (info.value.retry_after or 0) < 12 * 60 + 1
    assert server.count("POST", r".*/media_publish") == 1 and not server.media
    assert "container" in marks.values  # the next run publishes the same container


@pytest.mark.parametrize(
    ("fixture", "code"),
    [("ig_publish_not_ready.json", "2207027"), ("ig_publish_expired.json", "2207020")],
)
def test_media_publish_answers_that_prove_nothing_was_published_are_retries(
    server: GraphStandIn, site: Site, tmp_path: Path, fixture: str, code: str
) -> None:
    """The Error Codes reference: media not ready (9007 / 2207027) and container expired
    (2207020) mean nothing was published: a retry, never "unknown"."""
    body = json.loads((DOCS / fixture).read_text("utf-8"))
    api, settings = setup(server)
    server.fault("POST", r"/media_publish$", "status", status=400, body=body, times=99)
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.RETRY and info.value.code == code
    assert not server.media
    server.faults.clear()
    server.fault("POST", r"/media_publish$", "status", status=400, body=body)  # once
    instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert len(server.media) == 1


def test_container_status_is_polled_once_a_minute_for_five_minutes(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    """Content Publishing, "Troubleshooting": query a container's status once per minute, for
    no more than 5 minutes; a container still IN_PROGRESS is kept for the next run."""
    timing = dataclasses.replace(FAST, container_poll_s=60.0, container_polls=5, budget_s=900.0)
    server.polls = 3
    api, settings = setup(server, timing)
    instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert api.waited == [60.0, 60.0, 60.0] and len(server.media) == 1
    server.reset(polls=10**6)
    api, settings = setup(server, timing)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, shape("image", site, tmp_path), marks)
    assert info.value.verdict is Verdict.RETRY and info.value.code == "poll_timeout"
    assert api.waited == [60.0] * 5 and "container" in marks.values
    assert server.count("GET", r"/v25\.0/\d+") == 6  # at once, then once a minute


@pytest.mark.parametrize("token", ["IGAAJsecretINSTAGRAMlogin", "IGQVJsecretBASICdisplay"])
def test_an_instagram_login_token_is_refused_with_the_fix(server: GraphStandIn, token: str) -> None:
    env = {**server.env(), "INSTAGRAM_TOKEN": token}
    with pytest.raises(PublishError) as info:
        instagram.settings(env, ACCOUNT)
    assert info.value.verdict is Verdict.REAUTH and info.value.code == "meta_ig_login_token"
    text = info.value.message + info.value.hint
    assert "graph.instagram.com" in text and "instagram_content_publish" in text
    assert token not in text and token[:8] not in text and server.seen == []


@pytest.mark.parametrize(
    ("info", "code", "words"),
    [
        (
            {"scopes": ["instagram_basic", "pages_show_list"]},
            "meta_scope_missing",
            "instagram_content_publish",
        ),
        ({"is_valid": False}, "meta_token_invalid", "INSTAGRAM_TOKEN"),
        ({"type": "APP"}, "meta_ig_token_type", "APP"),
        (
            {"granular_scopes": [{"scope": "instagram_content_publish", "target_ids": ["1784"]}]},
            "meta_token_account",
            "1784",
        ),
    ],
)
def test_instagram_preflight_reads_the_token_from_debug_token(
    server: GraphStandIn, info: dict, code: str, words: str
) -> None:
    api, settings = setup(server)
    server.describe(TOKEN, **info)
    with pytest.raises(PublishError) as caught:
        instagram.preflight(api, settings)
    assert caught.value.verdict is Verdict.REAUTH and caught.value.code == code
    assert words in caught.value.message + caught.value.hint
    no_secret(api, caught.value)


def test_instagram_preflight_accepts_a_system_user_token(server: GraphStandIn) -> None:
    api, settings = setup(server)
    server.describe(TOKEN, type="SYSTEM_USER", expires_at=0)
    assert instagram.preflight(api, settings) == "@bpsipjabar"


def test_5xx_on_create_is_unknown(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    api, settings = setup(server)
    server.error("POST", rf"/{IG}/media$", 2, status=500, message="Service temporarily unavailable")
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.UNKNOWN and len(creates(server)) == 1
    no_secret(api, info.value)


def test_timeout_after_publish_then_find_it(
    server: GraphStandIn, site: Site, tmp_path: Path
) -> None:
    api, settings = setup(server)
    since = datetime.now(UTC) - timedelta(minutes=1)
    job = shape("carousel", site, tmp_path)
    server.add_media(job.text, created=time.time() - 3 * 86400)  # same caption, too old
    server.add_media("Keterangan lain")
    server.fault("POST", r"/media_publish$", "drop_after")
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.UNKNOWN
    (found,) = instagram.find(api, settings, job, since)
    new = [
        m
        for m in server.media.values()
        if m["_ts"] >= since.timestamp() and m["caption"] == job.text
    ]
    assert [found.id] == [m["id"] for m in new] and found.url == new[0]["permalink"]


def test_daily_limit_is_retry(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    server.quota_total = 1
    server.add_media("kemarin sore")
    api, settings = setup(server)
    with pytest.raises(PublishError) as info:
        instagram.publish(api, settings, shape("image", site, tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.RETRY and info.value.code == "2207042"
    assert instagram.quota(api, settings) == (1, 1)


def test_find_pages_and_filters(server: GraphStandIn, site: Site, tmp_path: Path) -> None:
    server.page_size = 2
    api, settings = setup(server)
    job = shape("image", site, tmp_path)
    since = datetime.now(UTC) - timedelta(hours=1)
    mine = server.add_media(job.text + "\n")
    for i in range(5):
        server.add_media(f"post {i}")
    server.add_media(job.text, created=time.time() - 7200)
    found = instagram.find(api, settings, job, since)
    assert [r.id for r in found] == [mine] and found[0].extra == {"media_product_type": "FEED"}
    assert server.count("GET", rf"/v25\.0/{IG}/media") >= 3
    assert all("access_token" not in r.query for r in server.seen)
    no_secret(api)
    assert instagram.find(api, settings, make_job("instagram", text="tidak ada"), since) == []


@pytest.mark.parametrize(
    ("kind", "name", "data"), [("image", "s.jpg", JPEG), ("video", "s.mp4", VIDEO)]
)
def test_story_is_a_stories_container_without_caption(
    server: GraphStandIn, site: Site, tmp_path: Path, kind: str, name: str, data: bytes
) -> None:
    from pipeline.publish.platforms import instagram_story

    item = served(site, tmp_path, name, data, kind=kind, target="story")
    job = make_job("instagram_story", text="", media=(item,))
    api, settings = setup(server)
    remote = instagram_story.publish(api, settings, job, MemoryMarks())
    create = next(r for r in server.seen if r.method == "POST" and r.path.endswith("/media"))
    assert create.form["media_type"] == "STORIES" and "caption" not in create.form
    assert create.form["video_url" if kind == "video" else "image_url"] == item.url
    assert remote.url and len(server.media) == 1
    assert instagram_story.find(api, settings, job, datetime.now(UTC)) == []  # nothing to match
