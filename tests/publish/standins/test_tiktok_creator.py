"""The TikTok stand-in's creator_info and init rules against TikTok's documentation ("Query
Creator Info", "Direct Post" post_info and "Error codes", "Photo Post"; read 2026-12-03)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.publish.standins.tiktok import PRIVATE_OPTIONS, PUBLIC_OPTIONS, TikTokStandIn
from tests.publish.standins.test_tiktok import POST_INFO, _quick_shutdown, post  # noqa: F401

DOCS = Path(__file__).parents[1] / "data" / "docs" / "tiktok"
CREATOR = "/v2/post/publish/creator_info/query/"
INIT = "/v2/post/publish/video/init/"
SOURCE = {"source": "FILE_UPLOAD", "video_size": 10, "chunk_size": 10, "total_chunk_count": 1}


@pytest.fixture
def tt() -> Iterator[TikTokStandIn]:
    with TikTokStandIn(processing_polls=0) as server:
        yield server


def doc(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return body


def init(tt: TikTokStandIn, **info: Any) -> Any:
    return post(tt, INIT, {"post_info": POST_INFO | info, "source_info": SOURCE})


def test_creator_info_has_the_documented_fields(tt: TikTokStandIn) -> None:
    reply = post(tt, CREATOR).json()
    example = doc("creator_info_query_response.json")
    assert set(reply["data"]) == set(example["data"])
    assert set(reply["error"]) == set(example["error"]) and reply["error"]["code"] == "ok"
    assert reply["data"]["privacy_level_options"] == list(PUBLIC_OPTIONS)


def test_a_private_account_is_offered_the_private_options() -> None:
    with TikTokStandIn(private_account=True) as server:
        data = post(server, CREATOR).json()["data"]
    assert data["privacy_level_options"] == list(PRIVATE_OPTIONS)
    assert data["duet_disabled"] is True and data["stitch_disabled"] is True


def test_the_init_answer_has_the_documented_fields(tt: TikTokStandIn) -> None:
    reply = init(tt).json()
    assert set(reply["data"]) == set(doc("video_init_response.json")["data"])


@pytest.mark.parametrize(
    "info",
    [
        {"brand_content_toggle": None},  # required for a video
        {"brand_content_toggle": "false"},
        {"brand_organic_toggle": 0},
        {"disable_comment": "yes"},
    ],
)
def test_post_info_flags_are_booleans(tt: TikTokStandIn, info: dict[str, Any]) -> None:
    reply = init(tt, **info)
    assert reply.status_code == 400 and reply.json()["error"]["code"] == "invalid_params"


def test_a_disabled_interaction_is_overridden_by_the_server() -> None:
    """'The TikTok server disables comments for users who set the Comments permission to
    "No one"': not refused, overridden (and recorded, for the tests)."""
    with TikTokStandIn(comment_disabled=True, processing_polls=0) as server:
        assert init(server, disable_comment=False).status_code == 200
        (publish,) = server.publishes.values()
        assert publish.post_info["disable_comment"] is True
        assert server.overridden == [("disable_comment", "Panen")]


def test_the_daily_cap_answers_403_spam_risk_too_many_posts() -> None:
    with TikTokStandIn(daily_cap=1, processing_polls=0) as server:
        assert init(server).status_code == 200
        capped = init(server)
    assert capped.status_code == 403
    assert capped.json()["error"]["code"] == "spam_risk_too_many_posts"
    assert set(capped.json()["error"]) == {"code", "message", "log_id"}
