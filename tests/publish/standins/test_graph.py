"""The Graph stand-in validates what the real API validates (raw httpx, no publisher code)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from pipeline.publish.standins.graph import GraphStandIn

TOKEN = "tok-123"  # noqa: S105 - a test token
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def running() -> Iterator[GraphStandIn]:
    with GraphStandIn(tokens=(TOKEN,), polls=1, fetch=False) as standin:
        yield standin


@pytest.fixture
def server(running: GraphStandIn) -> Iterator[GraphStandIn]:
    running.reset()
    yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=2.0) as c:
        yield c


def graph(server: GraphStandIn) -> str:
    return server.env()["PIPELINE_GRAPH_URL"]


def test_token_rules(server: GraphStandIn, client: httpx.Client) -> None:
    url = f"{graph(server)}/me"
    assert client.get(url, headers=BEARER).json() == {"id": server.page_id}
    in_query = client.get(url, params={"access_token": TOKEN})
    assert in_query.status_code == 400
    bad = client.get(url, headers={"Authorization": "Bearer nope"}).json()["error"]
    assert bad["code"] == 190 and "error_subcode" not in bad and bad["fbtrace_id"]
    server.expire_token(TOKEN)
    expired = client.get(url, headers=BEARER).json()["error"]
    assert (expired["code"], expired["error_subcode"], expired["type"]) == (
        190,
        463,
        "OAuthException",
    )


def test_reel_upload_checks_scheme_and_offsets(server: GraphStandIn, client: httpx.Client) -> None:
    start = client.post(
        f"{graph(server)}/{server.page_id}/video_reels",
        headers=BEARER,
        data={"upload_phase": "start"},
    ).json()
    video = start["video_id"]
    upload = f"{server.env()['PIPELINE_GRAPH_UPLOAD_URL']}/{video}"
    head = {"offset": "0", "file_size": "10"}
    assert (
        client.post(upload, headers={**BEARER, **head}, content=b"12345").json()["error"]["code"]
        == 190
    )
    oauth = {"Authorization": f"OAuth {TOKEN}"}
    assert client.post(upload, headers={**oauth, **head}, content=b"12345").json() == {
        "success": True
    }
    skip = client.post(upload, headers={**oauth, "offset": "7", "file_size": "10"}, content=b"890")
    assert skip.status_code == 400 and skip.json()["debug_info"]["retriable"] is False
    finish = {"upload_phase": "finish", "video_id": video, "video_state": "PUBLISHED"}
    early = client.post(
        f"{graph(server)}/{server.page_id}/video_reels", headers=BEARER, data=finish
    )
    assert early.status_code == 400
    client.post(upload, headers={**oauth, "offset": "5", "file_size": "10"}, content=b"67890")
    assert server.videos[video]["data"] == b"1234567890"
    status = f"{graph(server)}/{video}"
    first = client.get(status, headers=BEARER, params={"fields": "status"}).json()["status"]
    assert first["video_status"] == "processing"
    assert first["uploading_phase"] == {"status": "complete", "bytes_transferred": 10}
    done = client.post(f"{graph(server)}/{server.page_id}/video_reels", headers=BEARER, data=finish)
    assert done.json() == {"success": True}
    second = client.get(status, headers=BEARER, params={"fields": "status"}).json()["status"]
    assert second["video_status"] == "ready" and second["publishing_phase"]["status"] == "complete"


def test_feed_rules(server: GraphStandIn, client: httpx.Client) -> None:
    feed = f"{graph(server)}/{server.page_id}/feed"
    assert client.post(feed, headers=BEARER, data={}).json()["error"]["code"] == 100
    photo = client.post(
        f"{graph(server)}/{server.page_id}/photos",
        headers=BEARER,
        data={"caption": "c"},
        files={"source": ("a.jpg", b"\xff\xd8\xff..", "image/jpeg")},
    ).json()
    assert set(photo) == {"id", "post_id"}
    published = {"attached_media[0]": json.dumps({"media_fbid": photo["id"]})}
    assert client.post(feed, headers=BEARER, data=published).status_code == 400
    bad = client.post(
        f"{graph(server)}/{server.page_id}/photos",
        headers=BEARER,
        files={"source": ("a.txt", b"hello", "text/plain")},
    )
    assert bad.json()["error"]["code"] == 324


def test_containers_process_then_publish(server: GraphStandIn, client: httpx.Client) -> None:
    media = f"{graph(server)}/{server.ig_user_id}/media"
    container = client.post(media, headers=BEARER, data={"image_url": "https://x/a.jpg"}).json()[
        "id"
    ]
    publish = f"{graph(server)}/{server.ig_user_id}/media_publish"
    early = client.post(publish, headers=BEARER, data={"creation_id": container}).json()["error"]
    assert early["error_subcode"] == 2207027
    status = f"{graph(server)}/{container}"
    states = [
        client.get(status, headers=BEARER, params={"fields": "status_code"}).json()["status_code"]
        for _ in range(2)
    ]
    assert states == ["IN_PROGRESS", "FINISHED"]
    published = client.post(publish, headers=BEARER, data={"creation_id": container}).json()
    assert published["id"] in server.media
    assert server.containers[container]["status_code"] == "PUBLISHED"
    limit = f"{graph(server)}/{server.ig_user_id}/content_publishing_limit"
    row = client.get(limit, headers=BEARER).json()["data"][0]
    assert row == {"config": {"quota_total": 50, "quota_duration": 86400}, "quota_usage": 1}
    carousel = client.post(
        media, headers=BEARER, data={"media_type": "CAROUSEL", "children": container}
    ).json()["error"]
    assert carousel["error_subcode"] == 2207028


def test_fetch_failure_and_jpeg_check(server: GraphStandIn, client: httpx.Client) -> None:
    server.fetch = True
    media = f"{graph(server)}/{server.ig_user_id}/media"
    server.files["https://site.example/a.png"] = b"\x89PNG...."
    png = client.post(media, headers=BEARER, data={"image_url": "https://site.example/a.png"})
    assert png.json()["error"]["error_subcode"] == 2207005
    gone = client.post(media, headers=BEARER, data={"image_url": "http://127.0.0.1:9/a.jpg"})
    assert (gone.json()["error"]["code"], gone.json()["error"]["error_subcode"]) == (9004, 2207052)
    video = client.post(
        media, headers=BEARER, data={"media_type": "REELS", "video_url": "http://127.0.0.1:9/v.mp4"}
    ).json()["id"]
    assert server.containers[video]["status_code"] == "ERROR"


def test_reset_restores_options(server: GraphStandIn) -> None:
    server.reset(page_size=3, quota_total=1)
    assert (server.page_size, server.quota_total) == (3, 1)
    server.reset()
    assert (server.page_size, server.quota_total, server.polls) == (25, 50, 1)
    with pytest.raises(TypeError):
        server.reset(nonsense=1)
