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


# --- behaviours that follow Meta's documentation (issue 13) ----------------------------------
@pytest.mark.parametrize(
    ("code", "header"), [(80001, "x-business-use-case-usage"), (4, "x-app-usage")]
)
def test_throttling_is_graphs_not_429(
    server: GraphStandIn, client: httpx.Client, code: int, header: str
) -> None:
    """Rate Limiting: HTTP 400/403, an error code, the wait in a usage header (minutes), and no
    Retry-After."""
    server.throttle("GET", r".*/me", 7, code=code, status=403)
    response = client.get(f"{graph(server)}/me", headers=BEARER)
    assert response.status_code == 403 and "retry-after" not in response.headers
    assert response.json()["error"]["code"] == code
    usage = json.loads(response.headers[header])
    entries = [usage] if header == "x-app-usage" else usage[server.page_id]
    assert entries[0]["estimated_time_to_regain_access"] == 7
    assert client.get(f"{graph(server)}/me", headers=BEARER).status_code == 200


def test_debug_token_describes_the_token(server: GraphStandIn, client: httpx.Client) -> None:
    """Debug-Token: `data` with type, is_valid, expires_at, scopes, granular_scopes, and
    profile_id for a Page token; a system user's token has no profile_id and /me is the user."""
    url = f"{graph(server)}/debug_token"
    data = client.get(url, params={"input_token": TOKEN}, headers=BEARER).json()["data"]
    assert data["type"] == "PAGE" and data["profile_id"] == server.page_id
    assert data["is_valid"] is True and data["expires_at"] == 0
    assert "pages_manage_posts" in data["scopes"]
    assert {"scope", "target_ids"} <= set(data["granular_scopes"][0])
    server.describe(TOKEN, type="SYSTEM_USER", user_id="42")
    data = client.get(url, params={"input_token": TOKEN}, headers=BEARER).json()["data"]
    assert data["type"] == "SYSTEM_USER" and "profile_id" not in data
    assert client.get(f"{graph(server)}/me", headers=BEARER).json()["id"] == "42"
    unknown = client.get(url, params={"input_token": "nope"}, headers=BEARER).json()["data"]
    assert unknown["is_valid"] is False and unknown["error"]["code"] == 190


def test_a_draft_reel_is_processed_but_never_published(
    server: GraphStandIn, client: httpx.Client
) -> None:
    """Reels Publishing: `video_state=DRAFT` leaves the publishing phase not started."""
    base = graph(server)
    start = client.post(
        f"{base}/{server.page_id}/video_reels", data={"upload_phase": "start"}, headers=BEARER
    ).json()
    video = start["video_id"]
    upload = {"Authorization": f"OAuth {TOKEN}", "offset": "0", "file_size": "3"}
    assert client.post(start["upload_url"], content=b"abc", headers=upload).json()["success"]
    finish = {"upload_phase": "finish", "video_id": video, "video_state": "DRAFT"}
    client.post(f"{base}/{server.page_id}/video_reels", data=finish, headers=BEARER)
    server.settle()
    status = client.get(f"{base}/{video}", params={"fields": "status"}, headers=BEARER).json()
    status = status["status"]
    assert status["video_status"] == "ready"
    assert status["processing_phase"]["status"] == "complete"
    assert status["publishing_phase"] == {"status": "not_started", "publish_status": "draft"}
    assert server.finishes == [(video, "DRAFT")]
