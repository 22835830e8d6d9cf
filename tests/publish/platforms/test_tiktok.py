"""TikTok platform module against the TikTok stand-in (real loopback HTTP, no mocks)."""

from __future__ import annotations

import json
import socketserver
import struct
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.config import Account
from pipeline.publish import mediatype, oauth
from pipeline.publish.base import Job, PublishError, Verdict
from pipeline.publish.platforms import tiktok
from pipeline.publish.standins.server import Reply, Request, StandIn
from pipeline.publish.standins.tiktok import PUBLIC_OPTIONS, TikTokStandIn, tt_error
from tests.publish.conftest import FAST, MemoryMarks, make_api, make_job, media_file

ACCOUNT = Account(enabled=True, username="bpsipjabar")
SECRETS = ("tt-access", "tt-refresh", "tt-secret")
REDACTED = "***"
DOCS = Path(__file__).parent.parent / "data" / "docs"
QUICK = replace(FAST, poll_timeout_s=0.2)
INIT = r"/v2/post/publish/video/init"
STATUS = r"/v2/post/publish/status/fetch"


class Killed(Exception):
    """The process died right after a checkpoint was saved."""


class KillAfter(MemoryMarks):
    def save(self, name: str, value: str) -> None:
        super().save(name, value)
        raise Killed(name)


class ExpireOnSave(MemoryMarks):
    """The access token dies right after init (postiz #1682: it expired mid-poll)."""

    def __init__(self, server: TikTokStandIn) -> None:
        super().__init__()
        self.server = server

    def save(self, name: str, value: str) -> None:
        super().save(name, value)
        self.server.expire_tokens()


@pytest.fixture(autouse=True)
def _quick_shutdown(monkeypatch: pytest.MonkeyPatch) -> None:
    """StandIn.stop() waits out serve_forever's 0.5 s poll, and Nagle + delayed ACK stall each
    reply (headers and body are written apart): poll faster, send at once."""
    serve = socketserver.BaseServer.serve_forever
    monkeypatch.setattr(socketserver.StreamRequestHandler, "disable_nagle_algorithm", True)
    monkeypatch.setattr(
        ThreadingHTTPServer, "serve_forever", lambda self, poll_interval=0.5: serve(self, 0.01)
    )


@pytest.fixture
def tt() -> Iterator[TikTokStandIn]:
    with TikTokStandIn() as server:
        yield server


@pytest.fixture
def site() -> Iterator[StandIn]:
    """The office site serving media for PULL_FROM_URL."""
    server = StandIn()

    def serve(request: Request) -> Reply:
        assert request.match is not None
        if request.match["name"].startswith("missing"):
            return Reply(404, b"not found", {"Content-Type": "text/plain"})
        return Reply(200, b"\xff\xd8media", {"Content-Type": "image/jpeg"})

    server.route("GET", r"/media/(?P<name>[^/]+)", serve)
    with server:
        yield server


def env(server: TikTokStandIn, **extra: str) -> dict[str, str]:
    base = {"TIKTOK_ACCESS_TOKEN": "tt-access", "TIKTOK_REFRESH_TOKEN": "tt-refresh"}
    base |= {"TIKTOK_CLIENT_KEY": "tt-client", "TIKTOK_CLIENT_SECRET": "tt-secret"}
    return base | {"PIPELINE_TIKTOK_URL": server.url} | extra


def conf(server: TikTokStandIn, **extra: str) -> tiktok.Settings:
    return tiktok.settings(env(server, **extra), ACCOUNT)


def api(bearer: str = "tt-access", timing=FAST):
    return make_api("tiktok", bearer, tiktok.classify, timing)


def video_job(folder: Path, data: bytes = b"\x00" * 4000, *, site: StandIn | None = None, **kw):
    base = f"{site.url}/media" if site else "https://site.example/media"
    name = kw.pop("name", "klip.mp4")
    seconds = kw.pop("seconds", None)
    clip = media_file(
        folder, name, data, kind="video", target="video", url_base=base, seconds=seconds
    )
    return make_job("tiktok", media=(clip,), **kw)


def photo_job(folder: Path, site: StandIn, count: int = 2, **kw) -> Job:
    photos = tuple(
        media_file(folder, f"foto{i}.jpg", b"\xff\xd8" + bytes([i]), url_base=f"{site.url}/media")
        for i in range(count)
    )
    return make_job("tiktok", media=photos, **kw)


def mp4(seconds: int, *, v1: bool = False) -> bytes:
    """A minimal MP4: ftyp + moov/mvhd with the given duration (timescale 1000)."""
    if v1:
        mvhd = struct.pack(">B3xQQIQ", 1, 0, 0, 1000, seconds * 1000)
    else:
        mvhd = struct.pack(">B3xIIII", 0, 0, 0, 1000, seconds * 1000)
    mvhd_box = struct.pack(">I4s", 8 + len(mvhd), b"mvhd") + mvhd
    moov = struct.pack(">I4s", 8 + len(mvhd_box), b"moov") + mvhd_box
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"isom", 0)
    return ftyp + struct.pack(">I4s", 16, b"mdat") + b"\x00" * 8 + moov


def inits(server: TikTokStandIn) -> int:
    return server.count("POST", INIT) + server.count("POST", r"/v2/post/publish/content/init")


def polled_ids(server: TikTokStandIn) -> list[str]:
    return [r.json["publish_id"] for r in server.seen if r.path.startswith(STATUS)]


# --- settings, preflight ------------------------------------------------------------------
def test_settings_hide_tokens_and_check_values(tt: TikTokStandIn) -> None:
    s = conf(tt)
    assert s.base == tt.url and s.video_source == "FILE_UPLOAD" and s.privacy == "auto"
    assert not any(secret in repr(s) for secret in SECRETS)
    only_refresh = env(tt, TIKTOK_ACCESS_TOKEN="")
    assert not tiktok.settings(only_refresh, ACCOUNT).access  # the runner refreshes first
    with pytest.raises(PublishError) as missing:
        tiktok.settings({"TIKTOK_REFRESH_TOKEN": "tt-refresh"}, ACCOUNT)
    assert missing.value.verdict is Verdict.REAUTH and "TIKTOK_CLIENT_KEY" in str(missing.value)
    with pytest.raises(PublishError) as bad:
        conf(tt, TIKTOK_PRIVACY="PUBLIC")
    assert bad.value.verdict is Verdict.PERMANENT
    with pytest.raises(PublishError):
        conf(tt, TIKTOK_VIDEO_SOURCE="LINK")


def test_preflight_and_creator(tt: TikTokStandIn) -> None:
    assert tiktok.preflight(api(), conf(tt)) == "BPSIP Jawa Barat"
    info = tiktok.creator(api(), conf(tt))
    assert info["privacy_level_options"] == list(PUBLIC_OPTIONS)  # a public account
    assert info["max_video_post_duration_sec"] == 600


def test_preflight_dead_token_is_reauth_naming_the_account(tt: TikTokStandIn) -> None:
    with pytest.raises(PublishError) as err:
        tiktok.preflight(api("tt-wrong"), conf(tt))
    assert err.value.verdict is Verdict.REAUTH and "bpsipjabar" in err.value.hint


def test_access_token_lifetime() -> None:
    now = [1_000.0]
    with TikTokStandIn(access_lifetime=7200, clock=lambda: now[0]) as server:
        assert tiktok.preflight(api(), conf(server))
        now[0] += 7200
        with pytest.raises(PublishError) as err:
            tiktok.preflight(api(), conf(server))
    assert err.value.verdict is Verdict.REAUTH and err.value.code == "access_token_invalid"


# --- happy paths --------------------------------------------------------------------------
def test_video_file_upload_whole(tt: TikTokStandIn, tmp_path: Path, marks: MemoryMarks) -> None:
    client = api()
    remote = tiktok.publish(client, conf(tt), video_job(tmp_path), marks)
    (post,) = tt.published
    assert remote.id == post["id"]
    assert remote.url == f"https://www.tiktok.com/@bpsipjabar/video/{post['id']}"
    assert marks.saved == [("publish", post["publish_id"])]
    init = next(e for e in client.trace if e["url"].endswith("/video/init/"))
    assert init["op"] == "create"
    assert init["json"]["source_info"] == {
        "source": "FILE_UPLOAD",
        "video_size": 4000,
        "chunk_size": 4000,
        "total_chunk_count": 1,
    }
    info = init["json"]["post_info"]
    assert info["title"] == "Panen raya padi #PanenRaya"
    assert (
        info["privacy_level"] == "PUBLIC_TO_EVERYONE" and info["video_cover_timestamp_ms"] == 1000
    )
    assert not (info["disable_comment"] or info["disable_duet"] or info["disable_stitch"])
    put = next(e for e in client.trace if e["method"] == "PUT")
    assert put["op"] == "upload" and put["headers"]["Content-Range"] == "bytes 0-3999/4000"
    assert put["fields"]["upload_token"] == REDACTED
    assert post["video_description"] == "Panen raya padi #PanenRaya"


@pytest.mark.parametrize(
    ("name", "head", "ctype"),
    [
        ("klip.mp4", b"\x00\x00\x00\x18ftypqt  ", "video/quicktime"),  # a .mov, misnamed
        ("klip.mov", b"\x00\x00\x00\x18ftypisom", "video/mp4"),
        ("klip.webm", b"\x1a\x45\xdf\xa3", "video/webm"),
    ],
)
def test_the_upload_type_is_the_one_the_build_sniffed(
    tt: TikTokStandIn,
    tmp_path: Path,
    marks: MemoryMarks,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    head: bytes,
    ctype: str,
) -> None:
    """Content-Type is the file's own type, as the build job recorded it (`Media.mime`); the
    publish path never opens the file to learn it."""
    job = video_job(tmp_path, head + bytes(4000 - len(head)), name=name)
    assert job.media[0].mime == ctype

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("sniffed media in the publish job")

    for function in ("sniff", "sniff_bytes", "gif_frames", "gif_frames_bytes"):
        monkeypatch.setattr(mediatype, function, refuse)
    client = api()
    tiktok.publish(client, conf(tt), job, marks)
    put = next(e for e in client.trace if e["method"] == "PUT")
    assert put["headers"]["Content-Type"] == ctype
    assert len(tt.published) == 1


def test_a_fail_reason_with_line_breaks_stays_on_one_line(
    tt: TikTokStandIn, tmp_path: Path, marks: MemoryMarks
) -> None:
    """Any platform text that reaches a message (here "Get Post Status" `fail_reason`, not an
    HTTP error body) is one line: `PublishError` collapses what would split a printed line."""
    tt.fail_next("bad\nFORGED ok\u2028line\x85end")
    with pytest.raises(PublishError) as caught:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    assert "bad FORGED ok line end" in caught.value.message
    assert len(caught.value.message.splitlines()) == 1 and "\n" not in str(caught.value)


def test_video_chunked_remainder_in_last_chunk(
    tt: TikTokStandIn, tmp_path: Path, marks: MemoryMarks
) -> None:
    size = 2 * tiktok.CHUNK + 5 * 1024 * 1024  # 25 MiB: 2 chunks, the last one 15 MiB
    client = api()
    tiktok.publish(client, conf(tt), video_job(tmp_path, b"\x01" * size), marks)
    (publish,) = tt.publishes.values()
    assert (publish.chunk, publish.count) == (tiktok.CHUNK, 2)
    assert publish.ranges == [(0, tiktok.CHUNK - 1), (tiktok.CHUNK, size - 1)]
    ranges = [e["headers"]["Content-Range"] for e in client.trace if e["method"] == "PUT"]
    assert ranges == [
        f"bytes 0-{tiktok.CHUNK - 1}/{size}",
        f"bytes {tiktok.CHUNK}-{size - 1}/{size}",
    ]
    assert len(tt.published) == 1


def test_video_pull_from_url(
    tt: TikTokStandIn, site: StandIn, tmp_path: Path, marks: MemoryMarks
) -> None:
    job = video_job(tmp_path, site=site)
    client = api()
    remote = tiktok.publish(client, conf(tt, TIKTOK_VIDEO_SOURCE="PULL_FROM_URL"), job, marks)
    init = next(e for e in client.trace if e["url"].endswith("/video/init/"))
    assert init["json"]["source_info"] == {"source": "PULL_FROM_URL", "video_url": job.media[0].url}
    assert site.count("GET", r"/media/klip.mp4") == 1  # TikTok really fetched it
    assert not any(e["method"] == "PUT" for e in client.trace)
    assert remote.id == tt.published[0]["id"]


def test_photos(tt: TikTokStandIn, site: StandIn, tmp_path: Path, marks: MemoryMarks) -> None:
    title = "Panen raya padi di Kabupaten Subang menghasilkan " + "gabah kering " * 8
    job = photo_job(tmp_path, site, 3, title=title)
    client = api()
    remote = tiktok.publish(client, conf(tt), job, marks)
    init = next(e for e in client.trace if e["url"].endswith("/content/init/"))["json"]
    assert (init["media_type"], init["post_mode"]) == ("PHOTO", "DIRECT_POST")
    sent = init["post_info"]["title"]
    assert len(sent) <= 90 and sent.endswith("…") and title.startswith(sent[:-1])
    assert title[len(sent) - 1] == " "  # cut at a word boundary
    assert init["post_info"]["description"] == job.text
    assert init["post_info"]["auto_add_music"] is False
    assert init["source_info"] == {
        "source": "PULL_FROM_URL",
        "photo_cover_index": 0,
        "photo_images": [m.url for m in job.media],
    }
    (post,) = tt.published
    assert post["kind"] == "photo" and remote.id == post["id"]
    assert site.count("GET", r"/media/foto\d.jpg") == 3


def test_too_many_photos_is_permanent(tt: TikTokStandIn, site: StandIn, tmp_path: Path) -> None:
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), photo_job(tmp_path, site, 36), MemoryMarks())
    assert err.value.verdict is Verdict.PERMANENT and inits(tt) == 0


# --- privacy ------------------------------------------------------------------------------
def test_private_trial_is_self_only(tt: TikTokStandIn, tmp_path: Path) -> None:
    job = video_job(tmp_path, private=True)
    remote = tiktok.publish(
        api(), conf(tt, TIKTOK_PRIVACY="PUBLIC_TO_EVERYONE"), job, MemoryMarks()
    )
    (post,) = tt.published
    assert post["privacy"] == "SELF_ONLY"
    assert remote.id == post["publish_id"] and remote.url == "https://www.tiktok.com/@bpsipjabar"
    assert remote.extra["privacy"] == "SELF_ONLY"


def test_auto_privacy_falls_back_to_self_only(tmp_path: Path) -> None:
    with TikTokStandIn(privacy_options=("FOLLOWER_OF_CREATOR", "SELF_ONLY")) as server:
        tiktok.publish(api(), conf(server), video_job(tmp_path), MemoryMarks())
        assert server.published[0]["privacy"] == "SELF_ONLY"


def test_privacy_not_offered_is_permanent_before_init(tmp_path: Path) -> None:
    with TikTokStandIn(privacy_options=("SELF_ONLY",)) as server:
        with pytest.raises(PublishError) as err:
            s = conf(server, TIKTOK_PRIVACY="PUBLIC_TO_EVERYONE")
            tiktok.publish(api(), s, video_job(tmp_path), MemoryMarks())
        assert inits(server) == 0
    assert err.value.verdict is Verdict.PERMANENT
    assert err.value.code == "privacy_level_option_mismatch" and err.value.hint


def test_unaudited_client_public_post_is_permanent(tmp_path: Path) -> None:
    with TikTokStandIn(audited=False) as server:
        s = conf(server, TIKTOK_PRIVACY="PUBLIC_TO_EVERYONE")
        with pytest.raises(PublishError) as err:
            tiktok.publish(api(), s, video_job(tmp_path), MemoryMarks())
        assert not server.publishes
    assert err.value.verdict is Verdict.PERMANENT
    assert err.value.code == "unaudited_client_can_only_post_to_private_accounts"
    assert "audit" in err.value.hint


# --- duration -----------------------------------------------------------------------------
def test_video_longer_than_creator_limit_is_permanent(tmp_path: Path) -> None:
    """The duration is the build job's measurement (Media.seconds), not read from the file."""
    with TikTokStandIn(max_duration=60) as server:
        with pytest.raises(PublishError) as err:
            tiktok.publish(
                api(), conf(server), video_job(tmp_path, mp4(59), seconds=61.0), MemoryMarks()
            )
        assert inits(server) == 0
        tiktok.publish(
            api(), conf(server), video_job(tmp_path, mp4(61), seconds=59.0), MemoryMarks()
        )
        assert len(server.published) == 1
    assert err.value.verdict is Verdict.PERMANENT and err.value.code == "duration_check_failed"


# --- FAILED statuses ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "reason",
    [
        "file_format_check_failed",
        "duration_check_failed",
        "frame_rate_check_failed",
        "picture_size_check_failed",
        "spam_risk",
        "auth_removed",
    ],
)
def test_failed_reason_permanent(tt: TikTokStandIn, tmp_path: Path, reason: str) -> None:
    tt.fail_next(reason)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    assert err.value.verdict is Verdict.PERMANENT and err.value.code == reason
    assert inits(tt) == 1 and not tt.published and marks.get("publish")


def test_failed_internal_reinits_once(tt: TikTokStandIn, tmp_path: Path) -> None:
    tt.fail_next("internal")
    marks = MemoryMarks()
    tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    first, second = (value for _, value in marks.saved)
    assert tt.publishes[first].status == "FAILED" and first != second
    assert len(tt.published) == 1 and tt.published[0]["publish_id"] == second


def test_failed_twice_is_retry_after_one_reinit(tt: TikTokStandIn, tmp_path: Path) -> None:
    tt.fail_next("internal", "internal", "internal")
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), MemoryMarks())
    assert err.value.verdict is Verdict.RETRY and inits(tt) == 2 and not tt.published


def test_pull_failed_then_reinit_succeeds(tt: TikTokStandIn, site: StandIn, tmp_path: Path) -> None:
    site.fault("GET", r"/media/", "status", status=404, body=b"gone")
    s = conf(tt, TIKTOK_VIDEO_SOURCE="PULL_FROM_URL")
    tiktok.publish(api(), s, video_job(tmp_path, site=site), MemoryMarks())
    assert [p.fail_reason for p in tt.publishes.values()] == ["video_pull_failed", ""]
    assert len(tt.published) == 1


def test_pull_unreachable_url_is_retry(tt: TikTokStandIn, site: StandIn, tmp_path: Path) -> None:
    job = video_job(tmp_path, site=site, name="missing.mp4")
    s = conf(tt, TIKTOK_VIDEO_SOURCE="PULL_FROM_URL")
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), s, job, MemoryMarks())
    assert err.value.verdict is Verdict.RETRY and err.value.code == "video_pull_failed"
    assert inits(tt) == 2 and not tt.published


# --- resume from checkpoints --------------------------------------------------------------
def test_kill_before_upload_resumes_same_publish_id(tmp_path: Path) -> None:
    """Crash after init, before a byte was sent: the rerun polls the saved id (never a blind
    init); TikTok fails it when the upload URL expires, and only then is a new init safe."""
    with TikTokStandIn(upload_lifetime=0.3) as server:
        marks = KillAfter()
        job = video_job(tmp_path)
        with pytest.raises(Killed):
            tiktok.publish(api(), conf(server), job, marks)
        saved = marks.get("publish")
        assert saved and not server.count("PUT", r"/upload/.*") and inits(server) == 1
        remote = tiktok.publish(api(), conf(server), job, MemoryMarks(**marks.values))
        assert polled_ids(server)[0] == saved
        assert server.publishes[saved].status == "FAILED"
        assert inits(server) == 2 and len(server.published) == 1
        assert remote.id == server.published[0]["id"]


def test_kill_before_upload_rerun_before_expiry_keeps_waiting(
    tt: TikTokStandIn, tmp_path: Path
) -> None:
    marks = KillAfter()
    with pytest.raises(Killed):
        tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    with pytest.raises(PublishError) as err:
        tiktok.publish(
            api(timing=QUICK), conf(tt), video_job(tmp_path), MemoryMarks(**marks.values)
        )
    assert err.value.verdict is Verdict.RETRY and inits(tt) == 1
    assert set(polled_ids(tt)) == {marks.get("publish")}


def test_resume_after_upload_when_polling_failed(tt: TikTokStandIn, tmp_path: Path) -> None:
    tt.fault("POST", STATUS, "status", status=503, body={}, times=FAST.attempts)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    assert err.value.verdict is Verdict.RETRY
    tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    assert inits(tt) == 1 and len(tt.published) == 1
    assert set(polled_ids(tt)) == {marks.get("publish")}


def test_resume_photo_after_kill(tt: TikTokStandIn, site: StandIn, tmp_path: Path) -> None:
    marks = KillAfter()
    job = photo_job(tmp_path, site)
    with pytest.raises(Killed):
        tiktok.publish(api(), conf(tt), job, marks)
    remote = tiktok.publish(api(), conf(tt), job, MemoryMarks(**marks.values))
    assert inits(tt) == 1 and len(tt.published) == 1 and remote.id == tt.published[0]["id"]


def test_resume_polls_even_if_privacy_options_changed(
    tt: TikTokStandIn, site: StandIn, tmp_path: Path
) -> None:
    marks = KillAfter()
    s = conf(tt, TIKTOK_PRIVACY="PUBLIC_TO_EVERYONE")
    job = photo_job(tmp_path, site)
    with pytest.raises(Killed):
        tiktok.publish(api(), s, job, marks)
    tt.privacy_options = ["SELF_ONLY"]
    remote = tiktok.publish(api(), s, job, MemoryMarks(**marks.values))
    assert inits(tt) == 1 and remote.id == tt.published[0]["id"]


def test_token_expires_mid_poll_then_refresh_resumes(tt: TikTokStandIn, tmp_path: Path) -> None:
    """postiz #1682: the token dies after init + upload; the rerun must not init again."""
    marks = ExpireOnSave(tt)
    job = video_job(tmp_path)
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), job, marks)
    assert err.value.verdict is Verdict.REAUTH and "bpsipjabar" in err.value.hint
    saved = marks.get("publish")
    assert saved and tt.publishes[saved].uploaded == 4000 and not tt.published
    tokens = tiktok.refresh(api(), conf(tt))
    assert tokens.refresh is not None and tokens.expires_in == 7200
    resumed = MemoryMarks(**marks.values)
    fresh = api(tokens.access.reveal())
    remote = tiktok.publish(
        fresh, conf(tt, TIKTOK_ACCESS_TOKEN=tokens.access.reveal()), job, resumed
    )
    assert inits(tt) == 1 and len(tt.published) == 1 and not resumed.saved
    assert set(polled_ids(tt)) == {saved} and remote.id == tt.published[0]["id"]


# --- tokens -------------------------------------------------------------------------------
def test_refresh_rotates_refresh_token(tt: TikTokStandIn) -> None:
    client = api()
    tokens = tiktok.refresh(client, conf(tt))
    assert tokens.refresh is not None and tokens.refresh.reveal() != "tt-refresh"
    assert tokens.refresh_expires_in and tokens.access.reveal() in tt.issued
    with pytest.raises(PublishError) as err:  # the old refresh token stopped working
        tiktok.refresh(client, conf(tt))
    assert err.value.verdict is Verdict.REAUTH and "bpsipjabar" in err.value.hint
    again = tiktok.refresh(client, conf(tt, TIKTOK_REFRESH_TOKEN=tokens.refresh.reveal()))
    assert again.refresh != tokens.refresh
    form = client.trace[0]
    assert form["fields"]["grant_type"] == "refresh_token"
    assert form["fields"]["refresh_token"] == REDACTED
    assert form["fields"]["client_secret"] == REDACTED
    assert tt.seen[0].headers["content-type"].startswith("application/x-www-form-urlencoded")
    dumped = json.dumps(client.trace)
    assert not any(t in dumped for t in (*SECRETS, tokens.refresh.reveal(), *tt.issued))
    assert not any(t in str(err.value) for t in SECRETS)


@pytest.mark.parametrize(
    ("fault", "status"), [("drop_after", 200), ("status", 500), ("status", 503)]
)
def test_a_refresh_whose_answer_is_lost_is_sent_once(
    tt: TikTokStandIn, fault: str, status: int
) -> None:
    """A one-time exchange: the connection dropped after TikTok received it (and rotated), or
    a 5xx: exactly one request, then "re-authorise", never a retry with a spent token."""
    tt.fault("POST", r"/v2/oauth/token", fault, status=status)  # type: ignore[arg-type]
    with pytest.raises(PublishError) as err:
        tiktok.refresh(api(), conf(tt))
    assert err.value.verdict is Verdict.UNKNOWN and err.value.code == "token_lost"
    assert tt.count("POST", r"/v2/oauth/token") == 1  # one request, whatever came back
    if fault == "drop_after":  # TikTok did the exchange: the old token is spent
        assert tt.presented == ["tt-refresh"] and "tt-refresh" not in tt.refresh_tokens
    assert "bpsipjabar" in err.value.hint


def test_the_documented_refresh_answer_parses(tt: TikTokStandIn) -> None:
    """tests/publish/data/docs/tiktok/refresh-token-response.json, verbatim from the docs."""
    body = json.loads((DOCS / "tiktok" / "refresh-token-response.json").read_text("utf-8"))
    tokens = oauth.parse(body, "tiktok")
    assert tokens.access.reveal() == body["access_token"] and tokens.expires_in == 86400
    assert tokens.refresh is not None and tokens.refresh_expires_in == 31536000
    assert tokens.scope == frozenset({"user.info.basic", "video.list"})


def test_refresh_without_secrets_is_reauth(tt: TikTokStandIn) -> None:
    with pytest.raises(PublishError) as err:
        tiktok.refresh(api(), conf(tt, TIKTOK_CLIENT_SECRET=""))
    assert err.value.verdict is Verdict.REAUTH and "TIKTOK_CLIENT_SECRET" in str(err.value)


def test_tokens_never_in_trace_or_errors(tt: TikTokStandIn, tmp_path: Path) -> None:
    client = api()
    tiktok.publish(client, conf(tt), video_job(tmp_path), MemoryMarks())
    dumped = json.dumps(client.trace)
    assert not any(t in dumped for t in SECRETS) and "up1" not in dumped
    tt.expire_tokens()
    with pytest.raises(PublishError) as err:
        tiktok.publish(client, conf(tt), video_job(tmp_path), MemoryMarks())
    assert not any(t in f"{err.value} {err.value.hint}" for t in SECRETS)


# --- classifier ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "code", "verdict"),
    [
        (200, "ok", None),
        (401, "access_token_invalid", Verdict.REAUTH),
        (401, "scope_not_authorized", Verdict.REAUTH),
        (429, "rate_limit_exceeded", Verdict.RETRY),
        (403, "spam_risk_too_many_posts", Verdict.THROTTLED),
        (200, "spam_risk_too_many_posts", Verdict.THROTTLED),
        (403, "spam_risk_too_many_pending_share", Verdict.THROTTLED),
        (403, "spam_risk_user_banned_from_posting", Verdict.PERMANENT),
        (403, "reached_active_user_cap", Verdict.THROTTLED),
        (403, "unaudited_client_can_only_post_to_private_accounts", Verdict.PERMANENT),
        (403, "url_ownership_unverified", Verdict.PERMANENT),
        (403, "privacy_level_option_mismatch", Verdict.PERMANENT),
        (400, "invalid_param", Verdict.PERMANENT),
        (400, "invalid_params", Verdict.PERMANENT),
        (500, "internal_error", Verdict.RETRY),
        (200, "internal_error", Verdict.UNKNOWN),
        (200, "something_new", Verdict.PERMANENT),
        (502, "something_new", None),
    ],
)
def test_classify_content_api(status: int, code: str, verdict: Verdict | None) -> None:
    body = {"data": {}, "error": {"code": code, "message": "m", "log_id": "1"}}
    assert tiktok.classify(status, body) is verdict


@pytest.mark.parametrize(
    ("error", "verdict"),
    [
        ("invalid_grant", Verdict.REAUTH),
        ("invalid_client", Verdict.REAUTH),
        ("access_denied", Verdict.REAUTH),
        ("invalid_request", None),
    ],
)
def test_classify_oauth(error: str, verdict: Verdict | None) -> None:
    assert tiktok.classify(400, {"error": error, "error_description": "d"}) is verdict


def test_classify_non_json() -> None:
    assert tiktok.classify(502, {"raw": "<html>"}) is None
    assert tiktok.classify(201, {}) is None


def test_creator_capped_with_200_is_throttled(tt: TikTokStandIn, tmp_path: Path) -> None:
    body = tt_error("spam_risk_too_many_posts", "Daily post cap reached").body
    tt.fault("POST", r"/creator_info/query", "status", status=200, body=body)
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), MemoryMarks())
    assert err.value.verdict is Verdict.THROTTLED and "besok" in err.value.hint
    assert inits(tt) == 0


def test_url_ownership_unverified(site: StandIn, tmp_path: Path) -> None:
    with TikTokStandIn(verified_prefixes=("https://bpsip.example/",)) as server:
        with pytest.raises(PublishError) as err:
            tiktok.publish(api(), conf(server), photo_job(tmp_path, site), MemoryMarks())
        assert not server.publishes
    assert err.value.verdict is Verdict.PERMANENT and err.value.code == "url_ownership_unverified"


# --- retries and ambiguity ----------------------------------------------------------------
def test_429_waits_then_succeeds(tt: TikTokStandIn, tmp_path: Path) -> None:
    body = tt_error("rate_limit_exceeded", "Too many requests", 429).body
    tt.fault("POST", INIT, "status", status=429, body=body, headers={"Retry-After": "2"})
    client = api()
    tiktok.publish(client, conf(tt), video_job(tmp_path), MemoryMarks())
    assert client.waited and 2.0 <= client.waited[0] <= 3.0
    assert len(tt.publishes) == 1 and len(tt.published) == 1


def test_5xx_on_init_is_unknown(tt: TikTokStandIn, tmp_path: Path) -> None:
    body = tt_error("internal_error", "Internal error", 500).body
    tt.fault("POST", INIT, "status", status=500, body=body)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), marks)
    assert err.value.verdict is Verdict.UNKNOWN and not marks.saved and inits(tt) == 1


def test_timeout_after_init_is_unknown_then_find_reconciles(
    tt: TikTokStandIn, site: StandIn, tmp_path: Path
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    tt.add_post("Panen raya padi #PanenRaya", since.timestamp() - 3600)  # older: ignored
    tt.add_post("Teks lain", since.timestamp() + 10)
    tt.fault("POST", r"/content/init", "drop_after")
    job = photo_job(tmp_path, site)
    marks = MemoryMarks()
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), job, marks)
    assert err.value.verdict is Verdict.UNKNOWN and not marks.saved
    found = tiktok.find(api(), conf(tt), job, since)
    (publish,) = tt.publishes.values()
    assert [r.id for r in found] == [publish.post_id]
    assert found[0].url.endswith(f"/video/{publish.post_id}") and found[0].published_at


def test_find_paginates_and_filters(tt: TikTokStandIn, tmp_path: Path) -> None:
    job = video_job(tmp_path, text="Sosialisasi pupuk\r\n")
    since = datetime(2026, 11, 1, tzinfo=UTC)
    base = since.timestamp()
    match = tt.add_post("Sosialisasi pupuk", base + 100)  # caption as TikTok returns it
    tt.add_post("Sosialisasi pupuk", base - 100)  # before `since`
    for i in range(25):
        tt.add_post(f"lain {i}", base + 1000 + i)  # newer, other text: page 1 and 2
    client = api()
    found = tiktok.find(client, conf(tt), job, since)
    assert [r.id for r in found] == [match["id"]]
    pages = [e for e in client.trace if e["url"].endswith("/v2/video/list/")]
    assert len(pages) == 2 and pages[0]["fields"]["fields"] == tiktok.LIST_FIELDS
    assert pages[1]["json"] == {"max_count": 20, "cursor": 20}


def test_find_stops_at_five_pages(tt: TikTokStandIn, tmp_path: Path) -> None:
    since = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(130):
        tt.add_post(f"lain {i}", since.timestamp() + i)
    client = api()
    assert tiktok.find(client, conf(tt), video_job(tmp_path), since) == []
    assert tt.count("POST", r"/v2/video/list") == 5


def test_public_post_waits_for_moderation_id(tt: TikTokStandIn, tmp_path: Path) -> None:
    """PUBLISH_COMPLETE without a public id yet: keep polling, then return the profile."""
    tt.fault(
        "POST",
        STATUS,
        "status",
        status=200,
        times=100_000,
        body={"data": {"status": "PUBLISH_COMPLETE"}, "error": {"code": "ok", "message": ""}},
    )
    remote = tiktok.publish(api(timing=QUICK), conf(tt), video_job(tmp_path), MemoryMarks())
    assert remote.extra["moderation"] == "pending"
    assert remote.url == "https://www.tiktok.com/@bpsipjabar"
