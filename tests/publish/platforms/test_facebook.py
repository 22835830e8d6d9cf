"""Facebook Page publisher against the Graph stand-in: every shape, every checkpoint, faults."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.config import Account
from pipeline.publish.api import Api
from pipeline.publish.base import Job, PublishError, Verdict
from pipeline.publish.platforms import facebook
from pipeline.publish.standins.graph import GraphStandIn
from tests.publish.conftest import MemoryMarks, make_api, make_job, media_file

TOKEN = "EAAGpageSECRET123"  # noqa: S105 - a test token
DOCS = Path(__file__).parents[1] / "data" / "docs" / "graph"
PAGE = "100200300"
ACCOUNT = Account(enabled=True, account_id=PAGE, username="bpsipjabar")
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


@pytest.fixture(scope="module")
def running() -> Iterator[GraphStandIn]:
    with GraphStandIn(tokens=(TOKEN,), page_id=PAGE, polls=2) as standin:
        yield standin


@pytest.fixture
def server(running: GraphStandIn) -> GraphStandIn:
    running.reset()
    return running


def setup(server: GraphStandIn) -> tuple[Api, facebook.Settings]:
    env = {**server.env(), "FACEBOOK_PAGE_TOKEN": TOKEN}
    return make_api("facebook", TOKEN, facebook.classify), facebook.settings(env, ACCOUNT)


def images(tmp_path: Path, n: int) -> tuple:
    return tuple(media_file(tmp_path, f"foto{i}.jpg", JPEG + bytes([i])) for i in range(n))


def reel(tmp_path: Path) -> tuple:
    return (media_file(tmp_path, "reel.mp4", VIDEO, kind="video", target="reel"),)


def shape(name: str, tmp_path: Path, *, private: bool = False) -> Job:
    media = {"link": (), "photo": images(tmp_path, 1), "album": images(tmp_path, 3)}
    media["reel"] = reel(tmp_path) if name == "reel" else ()
    return make_job("facebook", media=media[name], private=private)


def no_secret(api: Api, *errors: BaseException) -> None:
    assert TOKEN not in json.dumps(api.trace)
    for error in errors:
        assert TOKEN not in str(error)
        assert TOKEN not in repr(error)


def public_count(server: GraphStandIn) -> int:
    reels = [v for v in server.videos.values() if v.get("publish") == "complete"]
    reels = [v for v in reels if v["video_state"] == "PUBLISHED"]
    return len(server.published_posts()) + len(reels)


# --- settings and preflight -----------------------------------------------------------------
def test_settings_hide_the_token_and_fall_back_to_the_account(server: GraphStandIn) -> None:
    _, settings = setup(server)
    assert TOKEN not in repr(settings)
    assert settings.page_id == PAGE
    env = {"FACEBOOK_PAGE_TOKEN": TOKEN, "FACEBOOK_PAGE_ID": "999"}
    assert facebook.settings(env, ACCOUNT).page_id == "999"
    assert facebook.settings(env, ACCOUNT).graph == facebook.BASES["graph"]
    with pytest.raises(PublishError) as info:
        facebook.settings({}, ACCOUNT)
    assert info.value.verdict is Verdict.REAUTH
    assert "FACEBOOK_PAGE_TOKEN" in str(info.value)


def test_preflight_checks_the_page(server: GraphStandIn) -> None:
    api, settings = setup(server)
    assert facebook.preflight(api, settings) == "BPSIP Jawa Barat"
    other = facebook.settings(
        {**server.env(), "FACEBOOK_PAGE_TOKEN": TOKEN}, Account(account_id="7")
    )
    with pytest.raises(PublishError) as info:
        facebook.preflight(api, other)
    assert info.value.verdict is Verdict.REAUTH
    no_secret(api, info.value)


def test_preflight_accepts_a_page_token_from_a_system_user(server: GraphStandIn) -> None:
    """`GET /{page-id}?fields=access_token` with a system user's token gives a PAGE token whose
    `debug_token` names the page (`profile_id`) and lists its permissions."""
    api, settings = setup(server)
    server.describe(TOKEN, type="PAGE", profile_id=PAGE, expires_at=0)
    assert facebook.preflight(api, settings) == "BPSIP Jawa Barat"
    assert server.count("GET", r".*/debug_token") == 1


@pytest.mark.parametrize(
    ("info", "code", "words"),
    [
        ({"type": "SYSTEM_USER"}, "meta_token_type", "SYSTEM_USER"),
        ({"type": "USER"}, "meta_token_type", f"GET /{PAGE}?fields=access_token"),
        ({"profile_id": "999"}, "meta_token_account", "999"),
        ({"is_valid": False}, "meta_token_invalid", "is_valid"),
        (
            {"scopes": ["pages_show_list", "pages_manage_posts", "pages_read_engagement"]},
            "meta_scope_missing",
            "pages_manage_engagement",
        ),
        ({"scopes": ["pages_manage_engagement"]}, "meta_scope_missing", "pages_manage_posts"),
    ],
)
def test_preflight_reads_the_token_from_debug_token(
    server: GraphStandIn, info: dict, code: str, words: str
) -> None:
    api, settings = setup(server)
    server.describe(TOKEN, **info)
    with pytest.raises(PublishError) as caught:
        facebook.preflight(api, settings)
    assert caught.value.verdict is Verdict.REAUTH and caught.value.code == code
    assert words in caught.value.message + caught.value.hint
    assert "FACEBOOK_PAGE_TOKEN" in caught.value.message + caught.value.hint
    assert caught.value.problem is not None and caught.value.problem.code == code.upper()
    assert all(r.method == "GET" for r in server.seen)
    no_secret(api, caught.value)


def test_preflight_falls_back_to_me_when_debug_token_is_refused(server: GraphStandIn) -> None:
    api, settings = setup(server)
    server.error("GET", r"/debug_token$", 100, message="(#100) missing permission", times=9)
    assert facebook.preflight(api, settings) == "BPSIP Jawa Barat"
    assert server.count("GET", r".*/me") == 1


# --- happy paths ----------------------------------------------------------------------------
def test_link_post(server: GraphStandIn, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    remote = facebook.publish(api, settings, shape("link", tmp_path), marks)
    (post,) = server.published_posts()
    assert post["message"] == "Panen raya padi #PanenRaya"
    assert post["link"] == "https://site.example/2026/11/panen/"
    assert remote.id == post["id"] and remote.url == post["permalink_url"]
    assert remote.published_at == post["created_time"]
    assert marks.saved == [("post", post["id"])]
    assert server.seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    no_secret(api)


def test_single_photo(server: GraphStandIn, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    remote = facebook.publish(api, settings, shape("photo", tmp_path), marks)
    (photo,) = server.photos.values()
    assert photo["published"] and photo["alt"] == "alt foto0.jpg"
    (post,) = server.published_posts()
    assert post["message"] == "Panen raya padi #PanenRaya" and post["attached"] == [photo["id"]]
    assert remote.id == post["id"] and marks.saved == [("post", post["id"])]
    upload = server.seen[0]
    assert upload.files["source"] == JPEG + b"\x00" and upload.form["caption"]
    no_secret(api)


def test_several_photos(server: GraphStandIn, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    remote = facebook.publish(api, settings, shape("album", tmp_path), marks)
    assert len(server.photos) == 3
    assert all(not p["published"] for p in server.photos.values())
    (post,) = server.published_posts()
    assert post["attached"] == [marks.values[f"photo.{i}"] for i in range(3)]
    assert [n for n, _ in marks.saved] == ["photo.0", "photo.1", "photo.2", "post"]
    assert remote.id == post["id"]
    form = server.seen[0].form
    assert form["published"] == "false" and form["temporary"] == "false"
    assert form["alt_text_custom"] == "alt foto0.jpg"


def test_reel(server: GraphStandIn, tmp_path: Path, marks: MemoryMarks) -> None:
    api, settings = setup(server)
    remote = facebook.publish(api, settings, shape("reel", tmp_path), marks)
    (video,) = server.videos.values()
    assert video["data"] == VIDEO and video["publish"] == "complete"
    assert video["video_state"] == "PUBLISHED" and video["description"] == make_job("x").text
    assert remote.id == video["id"] == marks.values["video"]
    assert remote.url == f"https://www.facebook.com/reel/{video['id']}/"
    (upload,) = [r for r in server.seen if r.path.startswith("/video-upload/")]
    assert upload.headers["authorization"] == f"OAuth {TOKEN}"
    assert upload.headers["offset"] == "0" and upload.headers["file_size"] == str(len(VIDEO))
    assert [e["op"] for e in api.trace if e["method"] == "POST"] == ["create", "upload", "publish"]
    assert api.trace[1]["headers"]["Authorization"] == "***"
    no_secret(api)


@pytest.mark.parametrize("name", ["link", "photo", "album", "reel"])
def test_private_trial_is_unpublished(server: GraphStandIn, tmp_path: Path, name: str) -> None:
    api, settings = setup(server)
    remote = facebook.publish(api, settings, shape(name, tmp_path, private=True), MemoryMarks())
    assert public_count(server) == 0
    assert remote.url
    if name == "reel":
        (video,) = server.videos.values()
        assert video["video_state"] == "DRAFT"
    else:
        (post,) = server.posts.values()
        assert not post["published"]


def test_a_finished_draft_reel_is_never_finished_again(
    server: GraphStandIn, tmp_path: Path
) -> None:
    """The trial's DRAFT reel is never published, so its publishing phase never completes:
    it is done once processed, and a rerun (or a run after a kill right after the finish)
    does not send `finish` again."""
    api, settings = setup(server)
    job = shape("reel", tmp_path, private=True)
    marks = MemoryMarks()
    remote = facebook.publish(api, settings, job, marks)
    (video,) = server.videos.values()
    assert server.finishes == [(video["id"], "DRAFT")] and marks.values["finish"] == video["id"]
    assert remote.extra["video_status"] == "ready" and public_count(server) == 0
    assert facebook.publish(api, settings, job, marks).id == remote.id
    killed = KillAfter("finish")
    with pytest.raises(Killed):
        facebook.publish(api, settings, shape("reel", tmp_path, private=True), killed)
    facebook.publish(api, settings, job, MemoryMarks(**killed.values))
    assert len(server.finishes) == 2 and len(server.videos) == 2  # one finish per video


def test_a_draft_reel_finish_whose_answer_was_lost_is_not_sent_again(
    server: GraphStandIn, tmp_path: Path
) -> None:
    """Facebook received the DRAFT finish and the connection dropped before its answer: the
    draft's publishing phase stays not_started, so only the `finishing` checkpoint (saved
    before the request) tells the rerun not to finish it again; it reads the status."""
    api, settings = setup(server)
    job = shape("reel", tmp_path, private=True)
    marks = MemoryMarks()
    server.fault("POST", r"/video_reels$", "drop_after", skip=1)  # the finish, not the start
    with pytest.raises(PublishError) as lost:
        facebook.publish(api, settings, job, marks)
    assert lost.value.verdict is Verdict.UNKNOWN
    (video,) = server.videos.values()
    assert server.finishes == [(video["id"], "DRAFT")]
    assert marks.values.get("finishing") == video["id"] and "finish" not in marks.values
    remote = facebook.publish(api, settings, job, MemoryMarks(**marks.values))
    assert server.finishes == [(video["id"], "DRAFT")]  # no second finish POST
    assert server.count("POST", r"/v25\.0/\d+/video_reels") == 2  # the start, one finish
    assert remote.id == video["id"] and public_count(server) == 0


def test_a_published_reel_finish_that_never_arrived_is_sent_again(
    server: GraphStandIn, tmp_path: Path
) -> None:
    """A PUBLISHED finish starts the publishing phase: `not_started` after a lost request
    proves Facebook never got it, so the rerun finishes (the same video: never a second reel)."""
    api, settings = setup(server)
    job = shape("reel", tmp_path)
    marks = MemoryMarks()
    server.fault("POST", r"/video_reels$", "drop_before", skip=1)
    with pytest.raises(PublishError):
        facebook.publish(api, settings, job, marks)
    assert server.finishes == [] and marks.values.get("finishing")
    facebook.publish(api, settings, job, MemoryMarks(**marks.values))
    assert len(server.finishes) == 1 and len(server.videos) == 1 and public_count(server) == 1


def test_reel_status_follows_the_reels_publishing_example() -> None:
    """Reels Publishing API, "Get the status": done is publishing_phase complete, whatever
    `video_status` says; a phase in `error` means Facebook dropped the video."""
    example = json.loads((DOCS / "reel_status.json").read_text("utf-8"))["status"]
    assert not facebook._published(example) and not facebook._dead(example)
    assert not facebook._processed(example)
    done = {**example, "publishing_phase": {"status": "complete", "publish_status": "published"}}
    assert facebook._published(done) and example["video_status"] == "processing"
    failed = {**example, "processing_phase": {"status": "error", "errors": ["bad codec"]}}
    assert facebook._dead(failed)
    ready = {**example, "video_status": "ready", "processing_phase": {"status": "complete"}}
    assert facebook._processed(ready) and not facebook._published(ready)


def test_a_reel_with_other_media_is_refused(server: GraphStandIn, tmp_path: Path) -> None:
    api, settings = setup(server)
    job = make_job("facebook", media=reel(tmp_path) + images(tmp_path, 1))
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.PERMANENT and not server.seen


# --- resume from every checkpoint -----------------------------------------------------------
RESUMES = [("link", "post"), ("photo", "post"), ("reel", "video")]
RESUMES += [("album", "photo.0"), ("album", "photo.1"), ("album", "photo.2"), ("album", "post")]


@pytest.mark.parametrize(("name", "checkpoint"), RESUMES)
def test_resume_after_a_kill(
    server: GraphStandIn, tmp_path: Path, name: str, checkpoint: str
) -> None:
    api, settings = setup(server)
    job = shape(name, tmp_path)
    killed = KillAfter(checkpoint)
    with pytest.raises(Killed):
        facebook.publish(api, settings, job, killed)
    again = MemoryMarks(**killed.values)
    remote = facebook.publish(api, settings, job, again)
    assert public_count(server) == 1
    assert remote.id in {*server.posts, *server.videos}
    if name == "album":
        assert len(server.photos) == 3  # saved photos were reused
    if name == "reel":
        assert len(server.videos) == 1
    if checkpoint == "post":
        assert again.saved == []  # only read back


def test_reel_resumes_a_partial_upload_from_its_offset(
    server: GraphStandIn, tmp_path: Path
) -> None:
    api, settings = setup(server)
    job = shape("reel", tmp_path)
    killed = KillAfter("video")
    with pytest.raises(Killed):
        facebook.publish(api, settings, job, killed)
    video = server.videos[killed.values["video"]]
    video |= {"data": VIDEO[:100], "size": len(VIDEO)}
    facebook.publish(api, settings, job, MemoryMarks(**killed.values))
    (upload,) = [r for r in server.seen if r.path.startswith("/video-upload/")]
    assert upload.headers["offset"] == "100" and len(upload.body) == len(VIDEO) - 100
    assert video["data"] == VIDEO and public_count(server) == 1


def test_reel_finish_that_failed_is_sent_again(server: GraphStandIn, tmp_path: Path) -> None:
    api, settings = setup(server)
    job = shape("reel", tmp_path)
    server.error("POST", r"/video_reels$", 2, status=500, skip=1)  # the finish, not the start
    marks = MemoryMarks()
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, job, marks)
    assert info.value.verdict is Verdict.UNKNOWN
    assert public_count(server) == 0
    remote = facebook.publish(api, settings, job, marks)
    assert public_count(server) == 1 and len(server.videos) == 1
    assert remote.id == marks.values["video"]
    assert server.count("POST", r"/video-upload/v25\.0/\d+") == 1  # not uploaded twice


@pytest.mark.parametrize("state", ["expired", "error"])
def test_a_dropped_reel_video_is_started_over(
    server: GraphStandIn, tmp_path: Path, state: str
) -> None:
    api, settings = setup(server)
    job = shape("reel", tmp_path)
    killed = KillAfter("video")
    with pytest.raises(Killed):
        facebook.publish(api, settings, job, killed)
    old = killed.values["video"]
    server.videos[old]["state"] = state
    again = MemoryMarks(**killed.values)
    remote = facebook.publish(api, settings, job, again)
    assert remote.id != old and again.values["video"] == remote.id
    assert public_count(server) == 1


def test_processing_failure_is_permanent(
    server: GraphStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, settings = setup(server)

    def fail(row: dict, *, tick: bool = True) -> None:
        if row["state"] == "processing":
            row["state"] = "error"

    monkeypatch.setattr(server, "_advance", fail)
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, shape("reel", tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.PERMANENT and public_count(server) == 0
    assert server.count("POST", r"/v25\.0/\d+/video_reels") == 1  # started, never finished


# --- faults ---------------------------------------------------------------------------------
def test_expired_token_is_reauth(server: GraphStandIn, tmp_path: Path) -> None:
    api, settings = setup(server)
    server.expire_token(TOKEN)
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, shape("photo", tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.REAUTH and info.value.code == "463"
    no_secret(api, info.value)


def test_throttling_without_a_wait_backs_off_then_succeeds(
    server: GraphStandIn, tmp_path: Path
) -> None:
    api, settings = setup(server)
    server.throttle("POST", r"/feed$", None, code=32)  # usage reported, no regain time
    remote = facebook.publish(api, settings, shape("link", tmp_path), MemoryMarks())
    assert len(api.waited) == 1 and api.waited[0] < 1  # a short backoff, then again
    assert public_count(server) == 1 and remote.url


@pytest.mark.parametrize("status", [400, 403])
@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001, 80002, 80004, 80009, 80014])
def test_graph_throttling_defers_for_the_regain_time(
    server: GraphStandIn, tmp_path: Path, code: int, status: int
) -> None:
    """Graph throttles with 400/403 and puts the wait in its usage headers (minutes), never
    429 + Retry-After: the create is refused (nothing was made) and deferred that long."""
    api, settings = setup(server)
    server.throttle("POST", r"/feed$", 30, code=code, status=status, times=99)
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, shape("link", tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.RETRY and info.value.code == str(code)
    assert 30 * 60 <= (info.value.retry_after or 0) < 30 * 60 + 1
    assert info.value.status == status
    assert server.count("POST", r".*/feed") == 1  # a throttled app stops calling
    assert public_count(server) == 0
    no_secret(api, info.value)


@pytest.mark.parametrize(("name", "pattern"), [("reel", r"/video_reels$"), ("link", r"/feed$")])
def test_5xx_on_create_is_unknown(
    server: GraphStandIn, tmp_path: Path, name: str, pattern: str
) -> None:
    api, settings = setup(server)
    server.error("POST", pattern, 1, status=500, message="An unknown error occurred")
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, shape(name, tmp_path), MemoryMarks())
    assert info.value.verdict is Verdict.UNKNOWN
    assert server.count("POST", r"/v25\.0/\d+/(feed|video_reels)") == 1  # never repeated
    no_secret(api, info.value)


@pytest.mark.parametrize(("name", "pattern"), [("link", r"/feed$"), ("photo", r"/photos$")])
def test_timeout_after_the_post_then_find_it(
    server: GraphStandIn, tmp_path: Path, name: str, pattern: str
) -> None:
    api, settings = setup(server)
    since = datetime.now(UTC) - timedelta(minutes=1)
    job = shape(name, tmp_path)
    server.add_post(job.text, created=time.time() - 3 * 86400)  # same text, too old
    server.add_post("Lain sama sekali")
    server.fault("POST", pattern, "drop_after")
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.UNKNOWN
    found = facebook.find(api, settings, job, since)
    made = [p for p in server.published_posts() if p["_ts"] >= since.timestamp()]
    made = [p for p in made if p["message"] == job.text]
    assert [r.id for r in found] == [p["id"] for p in made] and len(found) == 1
    assert found[0].url == made[0]["permalink_url"]


def test_timeout_after_the_reel_finish_then_find_it(server: GraphStandIn, tmp_path: Path) -> None:
    api, settings = setup(server)
    since = datetime.now(UTC) - timedelta(minutes=1)
    job = shape("reel", tmp_path)
    server.fault("POST", r"/video_reels$", "drop_after", skip=1)
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, job, MemoryMarks())
    assert info.value.verdict is Verdict.UNKNOWN
    server.settle()  # Facebook keeps processing; publishing follows
    (found,) = facebook.find(api, settings, job, since)
    assert found.id in server.videos and found.url.startswith("https://www.facebook.com/reel/")


def test_find_pages_and_filters(server: GraphStandIn, tmp_path: Path) -> None:
    server.reset(page_size=2)
    api, settings = setup(server)
    job = shape("link", tmp_path)
    since = datetime.now(UTC) - timedelta(hours=1)
    mine = server.add_post(job.text + "\r\n")  # platforms return \r\n: still ours
    for i in range(5):
        server.add_post(f"post {i}")
    server.add_post(job.text, created=time.time() - 7200)
    found = facebook.find(api, settings, job, since)
    assert [r.id for r in found] == [mine]
    assert server.count("GET", rf"/v25\.0/{PAGE}/feed") >= 3
    assert all("access_token" not in r.query for r in server.seen)
    no_secret(api)
    assert facebook.find(api, settings, make_job("facebook", text="tidak ada"), since) == []


def test_failed_read_back_is_unknown_then_resumes(server: GraphStandIn, tmp_path: Path) -> None:
    api, settings = setup(server)
    job = shape("link", tmp_path)
    server.error("GET", rf"/v25\.0/{PAGE}_\d+$", 100, 33)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as info:
        facebook.publish(api, settings, job, marks)
    assert info.value.verdict is Verdict.UNKNOWN and "post" in marks.values
    remote = facebook.publish(api, settings, job, marks)
    assert remote.id == marks.values["post"] and public_count(server) == 1
