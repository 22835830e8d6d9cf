"""The X stand-in itself, over raw HTTP: what it validates and the shapes it answers with."""

from __future__ import annotations

import socketserver
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from pipeline.publish.standins.x import DUPLICATE, XStandIn

AUTH = {"Authorization": "Bearer x-access-token"}
MP4 = b"\x00\x00\x00\x18ftypmp42"  # the start of an ISO media file: the stand-in checks it


@pytest.fixture(autouse=True)
def _fast_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    serve = socketserver.BaseServer.serve_forever
    monkeypatch.setattr(
        ThreadingHTTPServer, "serve_forever", lambda self, poll_interval=0.5: serve(self, 0.01)
    )
    monkeypatch.setattr(BaseHTTPRequestHandler, "disable_nagle_algorithm", True)


@pytest.fixture
def server() -> Iterator[XStandIn]:
    with XStandIn(processing_polls=1) as standin:
        yield standin


@pytest.fixture
def http(server: XStandIn) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        yield client


def init(http: httpx.Client, total: int) -> str:
    body = {"media_type": "video/mp4", "total_bytes": total, "media_category": "tweet_video"}
    reply = http.post("/2/media/upload/initialize", json=body)
    assert reply.status_code == 200
    return str(reply.json()["data"]["id"])


def append(http: httpx.Client, media_id: str, index: int, chunk: bytes) -> httpx.Response:
    files = {"media": ("blob", chunk, "application/octet-stream")}
    return http.post(
        f"/2/media/upload/{media_id}/append", files=files, data={"segment_index": str(index)}
    )


def message(reply: httpx.Response) -> str:
    body: dict[str, Any] = reply.json()
    return str(body["errors"][0]["message"])


def test_bad_token_gets_xs_401(server: XStandIn) -> None:
    reply = httpx.get(f"{server.url}/2/users/me", headers={"Authorization": "Bearer nope"})
    assert reply.status_code == 401
    assert reply.json() == {
        "title": "Unauthorized",
        "detail": "Unauthorized",
        "type": "about:blank",
        "status": 401,
    }


def test_segments_must_come_in_order_and_add_up(http: httpx.Client) -> None:
    media_id = init(http, len(MP4) + 5)
    reply = append(http, media_id, 1, b"56789")
    assert reply.status_code == 400 and "out of order" in message(reply)
    assert append(http, media_id, 0, MP4).status_code == 200
    assert append(http, media_id, 0, MP4).status_code == 200  # a re-sent segment
    reply = http.post(f"/2/media/upload/{media_id}/finalize")
    assert reply.status_code == 400 and "does not match" in message(reply)
    assert append(http, media_id, 1, b"56789").status_code == 200
    reply = http.post(f"/2/media/upload/{media_id}/finalize")
    assert reply.json()["data"]["processing_info"]["state"] == "pending"
    states = [
        http.get("/2/media/upload", params={"command": "STATUS", "media_id": media_id}).json()[
            "data"
        ]["processing_info"]["state"]
        for _ in range(2)
    ]
    assert states == ["in_progress", "succeeded"]


def test_unfinished_or_expired_media_is_invalid(server: XStandIn, http: httpx.Client) -> None:
    media_id = init(http, 10)
    status = {"command": "STATUS", "media_id": media_id}
    assert http.get("/2/media/upload", params=status).status_code == 400
    reply = http.post("/2/tweets", json={"text": "a", "media": {"media_ids": [media_id]}})
    assert reply.status_code == 400 and message(reply) == "Your media IDs are invalid."
    files = {"media": ("a.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")}
    image = http.post("/2/media/upload", files=files, data={"media_category": "tweet_image"})
    image_id = str(image.json()["data"]["id"])
    server.expire_media(image_id)
    alt = {"id": image_id, "metadata": {"alt_text": {"text": "x"}}}
    assert http.post("/2/media/metadata", json=alt).status_code == 400


def test_duplicate_text_and_tco_links(server: XStandIn, http: httpx.Client) -> None:
    first = http.post("/2/tweets", json={"text": "Lihat https://site.example/a & b"})
    assert first.status_code == 201
    text = first.json()["data"]["text"]
    assert text.startswith("Lihat https://t.co/") and text.endswith(" &amp; b")
    assert len(text.split()[1]) == len("https://t.co/") + 10
    again = http.post("/2/tweets", json={"text": "Lihat https://site.example/a & b"})
    assert again.status_code == 403 and again.json()["detail"] == DUPLICATE
    assert len(server.created) == 1


def test_rate_budget_and_headers(server: XStandIn, http: httpx.Client) -> None:
    ok = http.get("/2/users/me")
    assert ok.headers["x-rate-limit-limit"] == "75"
    assert ok.headers["x-rate-limit-remaining"] == "74"
    server.exhaust("GET /2/users/me", reset_in=60)
    limited = http.get("/2/users/me")
    assert limited.status_code == 429
    assert limited.json() == {
        "title": "Too Many Requests",
        "detail": "Too Many Requests",
        "type": "about:blank",
        "status": 429,
    }
    assert limited.headers["x-rate-limit-remaining"] == "0"
    assert int(limited.headers["x-rate-limit-reset"]) >= int(ok.headers["x-rate-limit-reset"]) - 900


def test_refresh_tokens_rotate(server: XStandIn) -> None:
    old = next(iter(server.refresh_tokens))
    form = {"grant_type": "refresh_token", "refresh_token": old}
    first = httpx.post(f"{server.url}/2/oauth2/token", data={**form, "client_id": "x-client-id"})
    assert first.status_code == 200 and first.json()["refresh_token"] != old
    assert server.refresh_tokens == {first.json()["refresh_token"]}
    again = httpx.post(f"{server.url}/2/oauth2/token", data={**form, "client_id": "x-client-id"})
    assert again.status_code == 400 and again.json()["error"] == "invalid_request"
    wrong = {**form, "refresh_token": first.json()["refresh_token"], "client_id": "other"}
    assert httpx.post(f"{server.url}/2/oauth2/token", data=wrong).status_code == 400


def test_a_spent_refresh_token_revokes_the_family_and_a_confidential_client_needs_basic() -> None:
    """What the X client relies on, seen over raw HTTP: reuse kills every token of the family;
    a confidential client is refused without HTTP Basic (401) and accepted with it."""
    with XStandIn(client_secret="s3") as server:  # noqa: S106 - a stand-in credential
        url = f"{server.url}/2/oauth2/token"
        form = {"grant_type": "refresh_token", "refresh_token": "x-refresh-token"}
        denied = httpx.post(url, data={**form, "client_id": "x-client-id"})
        assert denied.status_code == 401 and denied.json()["error"] == "unauthorized_client"
        first = httpx.post(url, data=form, auth=("x-client-id", "s3"))
        assert first.status_code == 200
        assert first.json()["scope"].split(" ") == [
            "tweet.read",
            "tweet.write",
            "users.read",
            "media.write",
            "offline.access",
        ]
        access, rotated = first.json()["access_token"], first.json()["refresh_token"]
        assert httpx.post(url, data=form, auth=("x-client-id", "s3")).status_code == 400
        assert server.family_revoked and access not in server.tokens
        again = {**form, "refresh_token": rotated}
        assert httpx.post(url, data=again, auth=("x-client-id", "s3")).status_code == 400
