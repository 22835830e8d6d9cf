"""The X stand-in's media upload, over raw HTTP, against X's documentation: "Initialize media
upload" (JSON body, `media_type` / `media_category` enums, "Size and duration limits"),
"Chunked Media Upload" (steps 3-4, "Media categories") and the invalid-request error shape of
"Response codes and errors" (read 2026-12-03)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.publish.standins.x import XStandIn
from tests.publish.standins.test_x import AUTH, MP4, _fast_loopback, append  # noqa: F401

DOCS = Path(__file__).parents[1] / "data" / "docs" / "x"
INIT = "/2/media/upload/initialize"
MB = 1024 * 1024
GIF_2 = (  # two 1x1 frames
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00" * 2
    + b"\x3b"
)


@pytest.fixture
def server() -> Iterator[XStandIn]:
    with XStandIn(processing_polls=1) as standin:
        yield standin


@pytest.fixture
def http(server: XStandIn) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        yield client


def doc(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return body


def upload(http: httpx.Client, data: bytes, media_type: str, category: str) -> httpx.Response:
    body = {"media_type": media_type, "total_bytes": len(data), "media_category": category}
    media_id = str(http.post(INIT, json=body).json()["data"]["id"])
    assert append(http, media_id, 0, data).status_code == 200
    return http.post(f"/2/media/upload/{media_id}/finalize")


def assert_invalid_request(reply: httpx.Response) -> None:
    """X's documented error shape: `title`, `detail`, `type` (invalid-request), 400."""
    shape = doc("error_invalid_request.json")
    assert reply.status_code == 400
    body = reply.json()
    assert set(shape) <= set(body) and body["title"] == shape["title"]
    assert body["type"].endswith("/2/problems/invalid-request")


@pytest.mark.parametrize(
    "body",
    [
        {"total_bytes": 10, "media_category": "tweet_video"},  # no media_type
        {"media_type": "video/mp4", "total_bytes": 10},  # no media_category
        {"media_type": "video/avi", "total_bytes": 10, "media_category": "tweet_video"},
        {"media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_image"},
        {"media_type": "image/png", "total_bytes": 10, "media_category": "tweet_gif"},
        {"media_type": "image/gif", "total_bytes": 10, "media_category": "tweet_video"},
        {"media_type": "image/jpeg", "total_bytes": 5 * MB + 1, "media_category": "tweet_image"},
        {"media_type": "image/gif", "total_bytes": 15 * MB + 1, "media_category": "tweet_gif"},
        {"media_type": "video/mp4", "total_bytes": 0, "media_category": "tweet_video"},
        {"media_type": "video/mp4", "total_bytes": "10", "media_category": "tweet_video"},
        {"media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_video", "x": 1},
    ],
)
def test_initialize_refuses_what_the_reference_does_not_allow(
    http: httpx.Client, body: dict[str, Any]
) -> None:
    assert_invalid_request(http.post(INIT, json=body))


def test_initialize_takes_the_documented_limits(http: httpx.Client) -> None:
    for media_type, total, category in (
        ("image/jpeg", 5 * MB, "tweet_image"),
        ("image/gif", 15 * MB, "tweet_gif"),
        ("video/quicktime", 600 * MB, "tweet_video"),
    ):
        body = {"media_type": media_type, "total_bytes": total, "media_category": category}
        reply = http.post(INIT, json=body)
        assert reply.status_code == 200
        assert set(reply.json()["data"]) == set(
            doc("media_upload_initialize_response.json")["data"]
        )


def test_initialize_needs_a_json_body(http: httpx.Client) -> None:
    form = {"command": "INIT", "media_type": "video/mp4", "total_bytes": "10"}
    assert_invalid_request(http.post("/2/media/upload/initialize", data=form))


def test_the_declared_type_must_be_the_files(http: httpx.Client) -> None:
    qt = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00"
    assert_invalid_request(upload(http, qt, "video/mp4", "tweet_video"))
    assert upload(http, qt, "video/quicktime", "tweet_video").status_code == 200
    assert_invalid_request(upload(http, b"\x89PNG\r\n\x1a\n", "image/jpeg", "tweet_image"))
    assert_invalid_request(upload(http, GIF_2, "image/gif", "tweet_image"))  # animated
    assert upload(http, GIF_2, "image/gif", "tweet_gif").status_code == 200


def test_finalize_answers_in_the_documented_shape(http: httpx.Client) -> None:
    video = upload(http, MP4, "video/mp4", "tweet_video").json()["data"]
    example = doc("media_upload_finalize_response.json")["data"]
    assert set(video) == set(example)
    assert set(video["processing_info"]) == set(example["processing_info"])
    image = upload(http, b"\xff\xd8\xff\xe0", "image/jpeg", "tweet_image").json()["data"]
    assert "processing_info" not in image  # "If not, the media is ready to use."


def test_status_command_is_optional(http: httpx.Client) -> None:
    media_id = str(upload(http, GIF_2, "image/gif", "tweet_gif").json()["data"]["id"])
    reply = http.get("/2/media/upload", params={"media_id": media_id})
    assert reply.status_code == 200
    assert reply.json()["data"]["processing_info"]["state"] == "in_progress"


def test_simple_upload_needs_a_category_and_takes_images_only(http: httpx.Client) -> None:
    files = {"media": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    assert_invalid_request(http.post("/2/media/upload", files=files))
    video = {"media": ("a.mp4", MP4, "video/mp4")}
    reply = http.post("/2/media/upload", files=video, data={"media_category": "tweet_video"})
    assert_invalid_request(reply)
    ok = http.post("/2/media/upload", files=files, data={"media_category": "tweet_image"})
    assert ok.json()["data"]["image"]["image_type"] == "image/png"
