"""The TikTok stand-in validates what TikTok validates (driven with plain httpx)."""

from __future__ import annotations

import socketserver
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from pipeline.publish.standins.tiktok import MIN_CHUNK, TikTokStandIn

AUTH = {"Authorization": "Bearer tt-access"}
POST_INFO = {"title": "Panen", "privacy_level": "SELF_ONLY", "brand_content_toggle": False}


@pytest.fixture(autouse=True)
def _quick_shutdown(monkeypatch: pytest.MonkeyPatch) -> None:
    serve = socketserver.BaseServer.serve_forever
    monkeypatch.setattr(socketserver.StreamRequestHandler, "disable_nagle_algorithm", True)
    monkeypatch.setattr(
        ThreadingHTTPServer, "serve_forever", lambda self, poll_interval=0.5: serve(self, 0.01)
    )


@pytest.fixture
def tt() -> Iterator[TikTokStandIn]:
    with TikTokStandIn(processing_polls=0) as server:
        yield server


def post(tt: TikTokStandIn, path: str, body: Any = None, headers: Any = AUTH) -> httpx.Response:
    return httpx.post(tt.url + path, json=body, headers=headers)


def init(tt: TikTokStandIn, size: int, chunk: int, count: int) -> httpx.Response:
    source = {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk}
    body = {"post_info": POST_INFO, "source_info": source | {"total_chunk_count": count}}
    return post(tt, "/v2/post/publish/video/init/", body)


def put(url: str, data: bytes, start: int, total: int) -> httpx.Response:
    end = start + len(data) - 1
    headers = {"Content-Type": "video/mp4", "Content-Range": f"bytes {start}-{end}/{total}"}
    return httpx.put(url, content=data, headers=headers)


def test_bad_token_gets_tiktok_error_shape(tt: TikTokStandIn) -> None:
    reply = post(tt, "/v2/post/publish/creator_info/query/", headers={"Authorization": "x"})
    assert reply.status_code == 401
    assert (
        reply.json()["error"]["code"] == "access_token_invalid"
        and "log_id" in reply.json()["error"]
    )


@pytest.mark.parametrize(
    ("size", "chunk", "count", "ok"),
    [
        (1000, 1000, 1, True),
        (1000, 500, 2, False),  # under 5 MB: whole
        (3 * MIN_CHUNK, MIN_CHUNK, 3, True),
        (3 * MIN_CHUNK + 7, MIN_CHUNK, 3, True),  # the remainder rides in the last chunk
        (3 * MIN_CHUNK + 7, MIN_CHUNK, 4, False),
        (3 * MIN_CHUNK, MIN_CHUNK - 1, 3, False),
    ],
)
def test_chunk_rules(tt: TikTokStandIn, size: int, chunk: int, count: int, ok: bool) -> None:
    assert (init(tt, size, chunk, count).status_code == 200) is ok


def test_chunks_in_order_repeat_tolerated(tt: TikTokStandIn) -> None:
    size = 2 * MIN_CHUNK + 3
    url = init(tt, size, MIN_CHUNK, 2).json()["data"]["upload_url"]
    data = b"\x02" * size
    assert put(url, data[MIN_CHUNK:], MIN_CHUNK, size).status_code == 400  # out of order
    assert put(url, data[:MIN_CHUNK], 0, size).status_code == 206
    assert put(url, data[:MIN_CHUNK], 0, size).status_code == 206  # a retried chunk
    assert put(url, data[MIN_CHUNK:-1], MIN_CHUNK, size).status_code == 400  # wrong length
    assert put(url, data[MIN_CHUNK:], MIN_CHUNK, size).status_code == 201
    assert httpx.put(url.split("?")[0], content=b"x").status_code == 404  # no upload token


def test_status_and_list(tt: TikTokStandIn) -> None:
    publish_id = init(tt, 10, 10, 1).json()["data"]["publish_id"]
    status = post(tt, "/v2/post/publish/status/fetch/", {"publish_id": publish_id})
    assert status.json()["data"]["status"] == "PROCESSING_UPLOAD"
    assert post(tt, "/v2/post/publish/status/fetch/", {"publish_id": "nope"}).status_code == 400
    assert post(tt, "/v2/video/list/", {"max_count": 20}).status_code == 400  # fields missing
    listed = post(tt, "/v2/video/list/?fields=id,title", {"max_count": 20}).json()["data"]
    assert listed == {"videos": [], "cursor": 20, "has_more": False}


def test_refresh_errors(tt: TikTokStandIn) -> None:
    form = {"client_key": "tt-client", "client_secret": "wrong", "grant_type": "refresh_token"}
    reply = httpx.post(tt.url + "/v2/oauth/token/", data=form | {"refresh_token": "tt-refresh"})
    assert reply.status_code == 401 and reply.json()["error"] == "invalid_client"
    form["client_secret"] = "tt-secret"  # noqa: S105 - the stand-in's own test credential
    reply = httpx.post(tt.url + "/v2/oauth/token/", data=form | {"refresh_token": "old"})
    assert reply.json()["error"] == "invalid_grant"
    reply = httpx.post(tt.url + "/v2/oauth/token/", json=form | {"refresh_token": "tt-refresh"})
    assert reply.json()["error"] == "invalid_request"  # must be form-encoded
