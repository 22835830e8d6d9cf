"""X (API v2) against the loopback stand-in: every shape, every checkpoint, every error row."""

from __future__ import annotations

import dataclasses
import json
import socketserver
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Account
from pipeline.publish import oauth
from pipeline.publish.api import Api
from pipeline.publish.base import Job, Media, PublishError, Secret, Verdict
from pipeline.publish.platforms import x
from pipeline.publish.standins.x import DUPLICATE, XStandIn
from tests.publish.conftest import FAST, MemoryMarks, make_api, make_job, media_file

TOKEN = "x-access-token"  # noqa: S105 - the stand-in's test token
REFRESH = "x-refresh-token"
ACCOUNT = Account(enabled=True, username="bpsipjabar")
TWEET = r"^/2/tweets$"
JPEG = b"\xff\xd8\xff\xe0jpeg"  # the JPEG signature (X's media type comes from the bytes)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"  # an ISO media file's ftyp box


class Killed(Exception):
    """The job died right after a checkpoint was made durable."""


class KillAfter(MemoryMarks):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.kill = name

    def save(self, name: str, value: str) -> None:
        super().save(name, value)
        if name == self.kill:
            self.kill = ""
            raise Killed(name)


class Clock:
    """A fake clock shared by the stand-in and the Api: waiting advances it."""

    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def _fast_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two StandIn costs worth removing in tests: serve_forever's 0.5 s shutdown poll, and
    Nagle's algorithm (headers and body are sent apart: ~40 ms per request on loopback)."""
    serve = socketserver.BaseServer.serve_forever
    monkeypatch.setattr(
        ThreadingHTTPServer, "serve_forever", lambda self, poll_interval=0.5: serve(self, 0.01)
    )
    monkeypatch.setattr(BaseHTTPRequestHandler, "disable_nagle_algorithm", True)


@pytest.fixture
def standin() -> Iterator[XStandIn]:
    with XStandIn() as server:
        yield server


@pytest.fixture
def cfg(standin: XStandIn) -> x.Settings:
    return x.settings(env(standin), ACCOUNT)


@pytest.fixture
def api() -> Iterator[Api]:
    client = make_api("x", TOKEN, x.classify)
    yield client
    client.close()


def env(standin: XStandIn, **extra: str) -> dict[str, str]:
    return {"X_ACCESS_TOKEN": TOKEN, "PIPELINE_X_URL": standin.url, **extra}


def images(folder: Path, count: int) -> tuple[Media, ...]:
    return tuple(
        media_file(folder, f"foto{i}.jpg", JPEG + bytes([i]) * 500, alt=f"Foto {i}")
        for i in range(count)
    )


def video(folder: Path, size: int = 3500) -> Media:
    body = bytes(range(256)) * (size // 256) + b"v" * (size % 256)
    data = MP4 + body[len(MP4) :]
    return media_file(folder, "klip.mp4", data, kind="video", target="video")


def job_with(media: tuple[Media, ...] = (), **kw: Any) -> Job:
    return make_job("x", media=media, **kw)


def since() -> datetime:
    return datetime.now(UTC) - timedelta(minutes=5)


# --- happy paths -------------------------------------------------------------------------


def test_text_only_post(standin: XStandIn, cfg: x.Settings, api: Api, marks: MemoryMarks) -> None:
    remote = x.publish(api, cfg, job_with(), marks)
    assert standin.created == [remote.id]
    assert remote.url == f"https://x.com/bpsipjabar/status/{remote.id}"
    assert remote.published_at.endswith("Z")
    assert marks.saved == [("post", remote.id)]
    assert standin.posts[remote.id].media_ids == []


@pytest.mark.parametrize("count", [1, 2, 4])
def test_photos_with_alt_text(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path, count: int
) -> None:
    marks = MemoryMarks()
    remote = x.publish(api, cfg, job_with(images(tmp_path, count)), marks)
    post = standin.posts[remote.id]
    assert [name for name, _ in marks.saved] == [*(f"media.{i}" for i in range(count)), "post"]
    assert post.media_ids == [marks.values[f"media.{i}"] for i in range(count)]
    assert [standin.media[m].alt for m in post.media_ids] == [f"Foto {i}" for i in range(count)]
    assert {standin.media[m].category for m in post.media_ids} == {"tweet_image"}
    assert standin.count("POST", "/2/media/metadata") == count
    assert post.text.startswith("Panen raya padi #PanenRaya https://t.co/")  # the media link


def test_video_chunked_with_processing(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(x, "CHUNK", 1000)
    clip = video(tmp_path, 3500)
    remote = x.publish(api, cfg, job_with((clip,)), MemoryMarks())
    (media_id,) = standin.posts[remote.id].media_ids
    item = standin.media[media_id]
    assert item.kind == "video" and item.category == "tweet_video"
    assert [len(item.segments[i]) for i in range(4)] == [1000, 1000, 1000, 500]
    assert b"".join(item.segments[i] for i in range(4)) == clip.path.read_bytes()
    assert standin.count("GET", "/2/media/upload") == standin.processing_polls + 1
    assert api.waited.count(1.0) == standin.processing_polls + 1  # check_after_secs honoured
    assert standin.count("POST", "/2/media/metadata") == 0


# --- resume from every checkpoint ------------------------------------------------------------


@pytest.mark.parametrize("kill", ["media.0", "media.1", "post"])
def test_resume_photos(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path, kill: str
) -> None:
    job = job_with(images(tmp_path, 2))
    marks = KillAfter(kill)
    with pytest.raises(Killed):
        x.publish(api, cfg, job, marks)
    remote = x.publish(api, cfg, job, marks)
    assert standin.created == [remote.id]
    # a finalized media id is reused; one killed before its FINALIZE is uploaded again
    assert standin.count("POST", "/2/media/upload/initialize") == (2 if kill == "post" else 3)
    assert {standin.media[m].alt for m in standin.posts[remote.id].media_ids} == {
        "Foto 0",
        "Foto 1",
    }


@pytest.mark.parametrize("kill", ["media.0", "post"])
def test_resume_video(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path, kill: str
) -> None:
    job = job_with((video(tmp_path),))
    marks = KillAfter(kill)
    with pytest.raises(Killed):
        x.publish(api, cfg, job, marks)
    remote = x.publish(api, cfg, job, marks)
    assert standin.created == [remote.id]
    # killed before any APPEND: X has no usable media, so the upload starts over
    assert standin.count("POST", "/2/media/upload/initialize") == (2 if kill == "media.0" else 1)


def test_resume_reuploads_an_expired_media_id(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path
) -> None:
    job, marks = job_with(images(tmp_path, 2)), MemoryMarks()
    standin.fault("POST", TWEET, "status", status=403, body={"detail": "Forbidden"})
    with pytest.raises(PublishError):
        x.publish(api, cfg, job, marks)  # both media finalized, the post refused
    old, kept = marks.values["media.0"], marks.values["media.1"]
    standin.expire_media(old)
    remote = x.publish(api, cfg, job, marks)
    assert standin.posts[remote.id].media_ids == [marks.values["media.0"], kept]
    assert old != marks.values["media.0"]
    assert standin.count("POST", "/2/media/upload/initialize") == 3


def test_resume_polls_a_processing_video(
    standin: XStandIn, cfg: x.Settings, tmp_path: Path
) -> None:
    standin.processing_polls = 10**6
    slow = make_api("x", TOKEN, x.classify, dataclasses.replace(FAST, poll_timeout_s=0.05))
    job, marks = job_with((video(tmp_path),)), MemoryMarks()
    with pytest.raises(PublishError) as caught:
        x.publish(slow, cfg, job, marks)
    assert caught.value.verdict is Verdict.RETRY
    assert "post" not in marks.values and standin.created == []
    standin.media[marks.values["media.0"]].polls_left = 1
    remote = x.publish(slow, cfg, job, marks)
    assert standin.created == [remote.id]
    assert standin.count("POST", "/2/media/upload/initialize") == 1


def test_failed_processing_starts_over_once(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path
) -> None:
    standin.fail_processing = 1
    marks = MemoryMarks()
    remote = x.publish(api, cfg, job_with((video(tmp_path),)), marks)
    assert [n for n, _ in marks.saved] == ["media.0", "media.0", "post"]
    assert standin.posts[remote.id].media_ids == [marks.values["media.0"]]


def test_failed_processing_twice_is_permanent(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path
) -> None:
    standin.fail_processing = 2
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job_with((video(tmp_path),)), MemoryMarks())
    assert caught.value.verdict is Verdict.PERMANENT
    assert "Unsupported video format" in str(caught.value)
    assert standin.created == []


# --- rate limits, server errors, ambiguity ------------------------------------------------


def clocked(clock: Clock) -> Api:
    return Api(
        "x",
        token=Secret(TOKEN),
        classify=x.classify,
        timing=FAST,
        sleep=clock.sleep,
        clock=clock.time,
    )


def test_429_waits_for_the_reset_then_posts() -> None:
    clock = Clock()
    with XStandIn(clock=clock.time) as standin:
        cfg, api = x.settings(env(standin), ACCOUNT), clocked(clock)
        standin.exhaust("POST /2/tweets", reset_in=3)
        remote = x.publish(api, cfg, job_with(), MemoryMarks())
        assert standin.created == [remote.id]
        assert any(3.0 <= w <= 4.0 for w in api.waited), api.waited
        assert standin.count("POST", "/2/tweets") == 2


def test_media_expired_during_a_rate_limit_wait_is_uploaded_again(tmp_path: Path) -> None:
    clock = Clock()
    with XStandIn(clock=clock.time, expires_after_secs=2) as standin:
        cfg, api = x.settings(env(standin), ACCOUNT), clocked(clock)
        standin.exhaust("POST /2/tweets", reset_in=3)
        marks = MemoryMarks()
        remote = x.publish(api, cfg, job_with(images(tmp_path, 1)), marks)
        assert standin.created == [remote.id]
        assert [n for n, _ in marks.saved] == ["media.0", "media.0", "post"]
        assert standin.posts[remote.id].media_ids == [marks.values["media.0"]]


def test_every_response_has_rate_headers(standin: XStandIn, cfg: x.Settings, api: Api) -> None:
    x.preflight(api, cfg)
    response = api.client.get(f"{standin.url}/2/users/me", headers=api.bearer())
    assert {"x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"} <= set(
        response.headers
    )
    assert response.headers["x-rate-limit-remaining"] == str(75 - 2)


def test_5xx_on_create_is_unknown(standin: XStandIn, cfg: x.Settings, api: Api) -> None:
    body = {"title": "Service Unavailable", "detail": "Service Unavailable", "type": "about:blank"}
    standin.fault("POST", TWEET, "status", status=503, body=body)
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job_with(), MemoryMarks())
    assert caught.value.verdict is Verdict.UNKNOWN
    assert standin.count("POST", "/2/tweets") == 1  # never repeated blindly


def test_timeout_after_create_then_find_reconciles(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path
) -> None:
    start = datetime.now(UTC)
    job, marks = job_with(images(tmp_path, 1)), MemoryMarks()
    standin.fault("POST", TWEET, "drop_after")
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job, marks)
    assert caught.value.verdict is Verdict.UNKNOWN
    assert "post" not in marks.values and len(standin.created) == 1
    found = x.find(api, cfg, job, start)
    assert [r.id for r in found] == standin.created
    assert found[0].url.endswith(f"/status/{standin.created[0]}")


def test_duplicate_text_is_unknown_not_retried(
    standin: XStandIn, cfg: x.Settings, api: Api
) -> None:
    first = x.publish(api, cfg, job_with(), MemoryMarks())
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job_with(), MemoryMarks())
    assert caught.value.verdict is Verdict.UNKNOWN
    assert "duplicate content" in caught.value.message
    assert standin.count("POST", "/2/tweets") == 2
    assert [r.id for r in x.find(api, cfg, job_with(), since())] == [first.id]


def test_failed_read_back_is_unknown_and_a_rerun_reads_again(
    standin: XStandIn, cfg: x.Settings, api: Api
) -> None:
    marks = MemoryMarks()
    standin.fault("GET", r"^/2/tweets/\d+$", "status", status=404, body={"title": "Not Found"})
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job_with(), marks)
    assert caught.value.verdict is Verdict.UNKNOWN
    remote = x.publish(api, cfg, job_with(), marks)
    assert standin.created == [remote.id] == [marks.values["post"]]


def test_a_post_missing_on_read_back_is_unknown(
    standin: XStandIn, cfg: x.Settings, api: Api
) -> None:
    marks = MemoryMarks(post="1860000000000099999")  # X answers 200 with only `errors`
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job_with(), marks)
    assert caught.value.verdict is Verdict.UNKNOWN
    assert standin.count("POST", "/2/tweets") == 0


# --- find ----------------------------------------------------------------------------------


def test_find_ignores_other_text_and_older_posts(
    standin: XStandIn, cfg: x.Settings, api: Api
) -> None:
    job, now = job_with(), datetime.now(UTC)
    standin.add_post(job.text, created_at=(now - timedelta(hours=3)).timestamp())
    standin.add_post("Panen raya jagung #PanenRaya")
    for i in range(150):  # newer than the match: it lands on page 2
        standin.add_post(f"Kabar {i}", created_at=now.timestamp() + i + 1)
    match = standin.add_post(job.text, created_at=now.timestamp())
    found = x.find(api, cfg, job, now - timedelta(hours=1))
    assert [r.id for r in found] == [match.id]
    assert standin.count("GET", r"/2/users/\d+/tweets") == 2


def test_find_matches_despite_tco_links_and_escaping(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path
) -> None:
    text = "Panen & <raya> di https://site.example/2026/11/panen/ dan bpsip.id/panen #Panen"
    job = job_with(images(tmp_path, 1), text=text)
    remote = x.publish(api, cfg, job, MemoryMarks())
    shown = standin.posts[remote.id].text
    assert "&amp;" in shown and "site.example" not in shown and shown.count("https://t.co/") == 2
    assert [r.id for r in x.find(api, cfg, job, since())] == [remote.id]
    other = job_with(images(tmp_path, 1), text=text.replace("Panen &", "Tanam &"))
    assert x.find(api, cfg, other, since()) == []


def test_text_key_masks_urls() -> None:
    a = x.text_key("Baca https://site.example/a/b. dan bpsip.id/x ya")
    assert a == x.text_key("Baca https://t.co/AbCdEfGhIj. dan https://t.co/0123456789 ya")
    assert a != x.text_key("Baca https://t.co/AbCdEfGhIj. dan https://t.co/0123456789 yo")


# --- preflight, tokens, settings -----------------------------------------------------------


def test_preflight(standin: XStandIn, cfg: x.Settings, api: Api) -> None:
    assert x.preflight(api, cfg) == "@bpsipjabar"


def test_preflight_wrong_account(standin: XStandIn, api: Api) -> None:
    cfg = x.settings(env(standin), Account(enabled=True, username="@dinas_lain"))
    with pytest.raises(PublishError) as caught:
        x.preflight(api, cfg)
    assert caught.value.verdict is Verdict.PERMANENT
    assert "bpsipjabar" in str(caught.value) and "dinas_lain" in str(caught.value)


def test_expired_token_is_reauth(standin: XStandIn, cfg: x.Settings, tmp_path: Path) -> None:
    dead = make_api("x", "x-expired-token", x.classify)
    for call in (
        lambda: x.preflight(dead, cfg),
        lambda: x.publish(dead, cfg, job_with(images(tmp_path, 1)), MemoryMarks()),
    ):
        with pytest.raises(PublishError) as caught:
            call()
        assert caught.value.verdict is Verdict.REAUTH
        assert "bpsipjabar" in caught.value.hint
    assert standin.created == [] and standin.media == {}


def test_refresh_rotates_the_refresh_token(standin: XStandIn, api: Api) -> None:
    cfg = x.settings(env(standin, X_REFRESH_TOKEN=REFRESH, X_CLIENT_ID="x-client-id"), ACCOUNT)
    tokens = x.refresh(api, cfg)
    assert tokens.refresh is not None and tokens.refresh.reveal() != REFRESH
    assert tokens.expires_in == 7200 and tokens.access.reveal() in standin.tokens
    assert tokens.scope == frozenset(
        {
            "tweet.read",
            "tweet.write",
            "users.read",
            "media.write",
            "offline.access",
        }
    )
    fresh = make_api("x", tokens.access.reveal(), x.classify)
    assert x.preflight(fresh, cfg) == "@bpsipjabar"
    rotated = x.settings(
        env(standin, X_REFRESH_TOKEN=tokens.refresh.reveal(), X_CLIENT_ID="x-client-id"), ACCOUNT
    )
    again = x.refresh(api, rotated)
    assert again.access.reveal() in standin.tokens
    assert REFRESH not in json.dumps(api.trace) and tokens.refresh.reveal() not in str(api.trace)
    assert "client_id" in standin.seen[-1].form and "authorization" not in standin.seen[-1].headers


def test_the_documented_token_answer_parses() -> None:
    """tests/publish/data/docs/x/refresh-token-response.json: X's token endpoint answer."""
    path = Path(__file__).parent.parent / "data" / "docs" / "x" / "refresh-token-response.json"
    body = json.loads(path.read_text("utf-8"))
    tokens = oauth.parse(body, "x")
    assert tokens.access.reveal() == body["access_token"] and tokens.expires_in == 7200
    assert tokens.refresh is not None and tokens.refresh.reveal() == body["refresh_token"]
    assert tokens.scope is not None and {"media.write", "offline.access"} <= tokens.scope


def test_a_spent_refresh_token_is_refused_and_revokes_the_family(
    standin: XStandIn, api: Api
) -> None:
    cfg = x.settings(env(standin, X_REFRESH_TOKEN=REFRESH, X_CLIENT_ID="x-client-id"), ACCOUNT)
    tokens = x.refresh(api, cfg)
    with pytest.raises(PublishError) as caught:  # the old refresh token died with its use
        x.refresh(api, cfg)
    assert caught.value.verdict is Verdict.REAUTH and caught.value.code == "token_refused"
    assert "bpsipjabar" in caught.value.hint
    assert standin.family_revoked and tokens.access.reveal() not in standin.tokens
    assert tokens.refresh is not None
    rotated = x.settings(
        env(standin, X_REFRESH_TOKEN=tokens.refresh.reveal(), X_CLIENT_ID="x-client-id"), ACCOUNT
    )
    with pytest.raises(PublishError):  # the whole family went with it
        x.refresh(api, rotated)


def test_a_confidential_client_authenticates_with_basic(api: Api) -> None:
    """X, "OAuth 2.0 Authorization Code Flow with PKCE", "Working with confidential clients"."""
    with XStandIn(client_secret="x-secret") as standin:  # noqa: S106 - a stand-in credential
        public = env(standin, X_REFRESH_TOKEN=REFRESH, X_CLIENT_ID="x-client-id")
        with pytest.raises(PublishError) as caught:  # a Web App without Basic: 401
            x.refresh(api, x.settings(public, ACCOUNT))
        assert caught.value.status == 401 and caught.value.code == "token_client"
        assert REFRESH in standin.refresh_tokens  # client authentication fails first: unspent
        confidential = x.settings({**public, "X_CLIENT_SECRET": "x-secret"}, ACCOUNT)
        tokens = x.refresh(api, confidential)
        assert tokens.access.reveal() in standin.tokens
        sent = standin.seen[-1]
        assert sent.headers["authorization"] == "Basic eC1jbGllbnQtaWQ6eC1zZWNyZXQ="
        assert "client_id" not in sent.form  # one client authentication method only
        assert "x-secret" not in json.dumps(api.trace) + repr(confidential)


@pytest.mark.parametrize("fault", ["drop_after", "status"])
def test_a_refresh_whose_answer_is_lost_is_sent_once_and_asks_to_reauthorise(
    standin: XStandIn, api: Api, fault: str
) -> None:
    cfg = x.settings(env(standin, X_REFRESH_TOKEN=REFRESH, X_CLIENT_ID="x-client-id"), ACCOUNT)
    standin.fault("POST", "/2/oauth2/token", fault, status=503, body={"title": "Down"})  # type: ignore[arg-type]
    with pytest.raises(PublishError) as caught:
        x.refresh(api, cfg)
    assert caught.value.verdict is Verdict.UNKNOWN and caught.value.code == "token_lost"
    assert standin.count("POST", "/2/oauth2/token") == 1
    assert "bpsipjabar" in caught.value.hint


def test_settings_require_secrets(standin: XStandIn) -> None:
    with pytest.raises(PublishError) as caught:
        x.settings({"PIPELINE_X_URL": standin.url}, ACCOUNT)
    assert caught.value.verdict is Verdict.REAUTH and "X_ACCESS_TOKEN" in str(caught.value)
    with pytest.raises(PublishError) as caught:
        x.settings({"X_REFRESH_TOKEN": REFRESH}, ACCOUNT)
    assert "X_CLIENT_ID" in str(caught.value)
    with pytest.raises(PublishError) as caught:
        x.settings({"X_ACCESS_TOKEN": TOKEN}, Account(enabled=True))
    assert caught.value.verdict is Verdict.PERMANENT
    assert x.settings({"X_ACCESS_TOKEN": TOKEN}, ACCOUNT).base == "https://api.x.com"


def test_tokens_never_leak(standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path) -> None:
    both = x.settings(env(standin, X_REFRESH_TOKEN=REFRESH, X_CLIENT_ID="x-client-id"), ACCOUNT)
    bad_env = env(standin, X_REFRESH_TOKEN="bad-rt", X_CLIENT_ID="x-client-id")  # noqa: S106
    bad = x.settings(bad_env, ACCOUNT)
    x.publish(api, cfg, job_with(images(tmp_path, 1)), MemoryMarks())
    errors: list[PublishError] = []
    for call in (
        lambda: x.publish(api, cfg, job_with(), MemoryMarks()),  # the duplicate 403
        lambda: x.preflight(make_api("x", "x-stale-token", x.classify), cfg),
        lambda: x.refresh(api, bad),
    ):
        with pytest.raises(PublishError) as caught:
            call()
        errors.append(caught.value)
    x.refresh(api, both)
    text = repr(cfg) + repr(both) + str(bad) + json.dumps(api.trace)
    text += " ".join(f"{e} {e.message} {e.hint} {e.code}" for e in errors)
    for secret in (TOKEN, REFRESH, "x-stale-token", "bad-rt", *standin.refreshed):
        assert secret not in text


# --- shape checks, classifier, cost --------------------------------------------------------


@pytest.mark.parametrize(
    ("media", "private"),
    [("none", True), ("five", False), ("mixed", False), ("two_videos", False)],
)
def test_refused_before_any_request(
    standin: XStandIn, cfg: x.Settings, api: Api, tmp_path: Path, media: str, private: bool
) -> None:
    pics, clip = images(tmp_path, 5), video(tmp_path)
    chosen = {"none": (), "five": pics, "mixed": (pics[0], clip), "two_videos": (clip, clip)}
    with pytest.raises(PublishError) as caught:
        x.publish(api, cfg, job_with(chosen[media], private=private), MemoryMarks())
    assert caught.value.verdict is Verdict.PERMANENT
    assert standin.seen == []


DUP = {"title": "Forbidden", "detail": DUPLICATE, "type": "about:blank", "status": 403}
CAPPED = {
    "title": "UsageCapExceeded",
    "detail": "Usage cap exceeded: Monthly product cap",
    "type": "https://api.twitter.com/2/problems/usage-capped",
}
INVALID = {
    "errors": [
        {"parameters": {"media.media_ids": ["1"]}, "message": "Your media IDs are invalid."}
    ],
    "title": "Invalid Request",
    "detail": "One or more parameters to your request was invalid.",
    "type": "https://api.twitter.com/2/problems/invalid-request",
}


@pytest.mark.parametrize(
    ("status", "body", "verdict"),
    [
        pytest.param(403, DUP, Verdict.UNKNOWN, id="403-duplicate"),
        pytest.param(
            403,
            {"errors": [{"message": "Status is a duplicate content.", "code": 187}]},
            Verdict.UNKNOWN,
            id="403-duplicate-v1-shape",
        ),
        pytest.param(
            403,
            {"title": "Forbidden", "detail": "You are not permitted to perform this action."},
            Verdict.PERMANENT,
            id="403-other",
        ),
        pytest.param(401, {"title": "Unauthorized", "status": 401}, Verdict.REAUTH, id="401"),
        pytest.param(429, {"title": "Too Many Requests"}, Verdict.RETRY, id="429"),
        pytest.param(429, CAPPED, Verdict.RETRY, id="429-usage-capped"),
        pytest.param(500, {}, Verdict.RETRY, id="500"),
        pytest.param(503, {"title": "Service Unavailable"}, Verdict.RETRY, id="503"),
        pytest.param(
            400,
            {
                "error": "invalid_request",
                "error_description": "Value passed for the token was invalid.",
            },
            Verdict.REAUTH,
            id="400-oauth-token",
        ),
        pytest.param(400, INVALID, None, id="400-invalid-request"),
        pytest.param(404, "not json", None, id="404-generic"),
    ],
)
def test_classify(status: int, body: Any, verdict: Verdict | None) -> None:
    assert x.classify(status, body) is verdict


@pytest.mark.parametrize(
    ("text", "alts", "dollars"),
    [
        ("Panen raya", 0, 0.015),
        ("Panen raya", 2, 0.025),
        ("Panen raya https://site.example/a", 0, 0.20),
        ("Panen raya bpsip.id/panen", 1, 0.205),
    ],
)
def test_cost(tmp_path: Path, text: str, alts: int, dollars: float) -> None:
    pics = tuple(images(tmp_path, alts))
    assert x.cost(job_with(pics, text=text)) == pytest.approx(dollars)
    assert x.cost(job_with((video(tmp_path),), text=text)) == pytest.approx(dollars - 0.005 * alts)
