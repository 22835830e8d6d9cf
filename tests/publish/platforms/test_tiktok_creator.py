"""TikTok posts honour creator_info ("Query Creator Info"), send the commercial-content
toggles ("Direct Post" post_info) and treat the daily caps as THROTTLED, not as failures
(the "Error codes" table); the clients are also fed TikTok's own example responses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.publish.base import PublishError, Verdict
from pipeline.publish.platforms import tiktok
from pipeline.publish.standins.tiktok import PRIVATE_OPTIONS, TikTokStandIn, tt_error
from tests.publish.conftest import MemoryMarks
from tests.publish.platforms.test_tiktok import (  # noqa: F401 - fixtures
    INIT,
    _quick_shutdown,
    api,
    conf,
    inits,
    photo_job,
    site,
    tt,
    video_job,
)

DOCS = Path(__file__).parents[1] / "data" / "docs" / "tiktok"
CREATOR = r"/v2/post/publish/creator_info/query"


def doc(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return body


def sent(server: TikTokStandIn) -> dict[str, Any]:
    """The post_info of the last init."""
    (request,) = [r for r in server.seen if "/init" in r.path][-1:]
    info: dict[str, Any] = request.json["post_info"]
    return info


def test_the_documented_creator_info_example_is_honoured(
    tt: TikTokStandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    """TikTok's example: stitch disabled by the creator, a 300 s cap."""
    tt.fault("POST", CREATOR, "status", status=200, body=doc("creator_info_query_response.json"))
    tiktok.publish(api(), conf(tt), video_job(tmp_path, seconds=30), MemoryMarks())
    post = sent(tt)
    assert (post["disable_comment"], post["disable_duet"], post["disable_stitch"]) == (
        False,
        False,
        True,
    )
    assert post["privacy_level"] == "PUBLIC_TO_EVERYONE"
    assert tt.overridden == []


def test_the_documented_duration_cap_stops_a_long_video(
    tt: TikTokStandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    tt.fault("POST", CREATOR, "status", status=200, body=doc("creator_info_query_response.json"))
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path, seconds=301), MemoryMarks())
    assert err.value.verdict is Verdict.PERMANENT and err.value.code == "duration_check_failed"
    assert inits(tt) == 0


def test_the_documented_init_answer_saves_its_publish_id(
    tt: TikTokStandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    tt.fault("POST", INIT, "status", status=200, body=doc("video_init_response.json"))
    marks = MemoryMarks()
    with pytest.raises(PublishError):  # the example's id is unknown to the stand-in's status
        tiktok.publish(
            api(), conf(tt, TIKTOK_VIDEO_SOURCE="PULL_FROM_URL"), video_job(tmp_path), marks
        )
    assert marks.saved[0] == ("publish", "v_pub_file~v2-1.123456789")


@pytest.mark.parametrize("disabled", ["comment", "duet", "stitch"])
def test_an_interaction_the_creator_disabled_is_disabled_in_the_post(
    tmp_path: Path, disabled: str
) -> None:
    with TikTokStandIn(**{f"{disabled}_disabled": True}) as server:  # type: ignore[arg-type]
        tiktok.publish(api(), conf(server), video_job(tmp_path), MemoryMarks())
        post = sent(server)
        assert server.overridden == [] and len(server.published) == 1
    for name in ("comment", "duet", "stitch"):
        assert post[f"disable_{name}"] is (name == disabled)


def test_a_private_account_gets_its_own_options_and_no_duet_or_stitch(tmp_path: Path) -> None:
    with TikTokStandIn(private_account=True) as server:
        assert tiktok.creator(api(), conf(server))["privacy_level_options"] == list(PRIVATE_OPTIONS)
        tiktok.publish(api(), conf(server), video_job(tmp_path), MemoryMarks())
        post = sent(server)
    assert post["privacy_level"] == "SELF_ONLY"  # auto: PUBLIC_TO_EVERYONE is not offered
    assert post["disable_duet"] is True and post["disable_stitch"] is True


@pytest.mark.parametrize("level", ["PUBLIC_TO_EVERYONE", "SELF_ONLY"])
def test_a_privacy_level_not_offered_is_refused_before_init(tmp_path: Path, level: str) -> None:
    options = [o for o in PRIVATE_OPTIONS if o != level]
    with TikTokStandIn(privacy_options=options) as server:
        with pytest.raises(PublishError) as err:
            job = video_job(tmp_path, private=level == "SELF_ONLY")
            tiktok.publish(api(), conf(server, TIKTOK_PRIVACY=level), job, MemoryMarks())
        assert inits(server) == 0
    assert err.value.code == "privacy_level_option_mismatch"


def test_commercial_content_toggles_are_sent_and_false(
    tt: TikTokStandIn,  # noqa: F811
    site: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    tiktok.publish(api(), conf(tt), video_job(tmp_path), MemoryMarks())
    video = sent(tt)
    tiktok.publish(api(), conf(tt), photo_job(tmp_path, site), MemoryMarks())
    photo = sent(tt)
    for post in (video, photo):
        assert post["brand_content_toggle"] is False and post["brand_organic_toggle"] is False
    assert "disable_duet" not in photo and "disable_stitch" not in photo  # photo: comments only


def test_the_daily_post_cap_is_throttled_not_failed(tmp_path: Path) -> None:
    with TikTokStandIn(daily_cap=0) as server:
        marks = MemoryMarks()
        with pytest.raises(PublishError) as err:
            tiktok.publish(api(), conf(server), video_job(tmp_path), marks)
        assert not server.publishes
    assert err.value.verdict is Verdict.THROTTLED and err.value.status == 403
    assert err.value.code == "spam_risk_too_many_posts" and "besok" in err.value.hint
    assert marks.saved == []  # nothing was created


@pytest.mark.parametrize(
    "code",
    ["spam_risk_too_many_posts", "spam_risk_too_many_pending_share", "reached_active_user_cap"],
)
def test_every_daily_cap_is_throttled(tt: TikTokStandIn, tmp_path: Path, code: str) -> None:  # noqa: F811
    tt.fault("POST", INIT, "status", status=403, body=tt_error(code, "cap", 403).body)
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), video_job(tmp_path), MemoryMarks())
    assert err.value.verdict is Verdict.THROTTLED and inits(tt) == 1


def test_a_cap_reported_by_status_is_throttled_then_a_later_run_inits_again(
    tt: TikTokStandIn,  # noqa: F811
    tmp_path: Path,
) -> None:
    """ "Get Post Status" may end FAILED with spam_risk_too_many_posts: this run stops
    (THROTTLED); the run after the wait inits once more instead of re-reading a dead id."""
    tt.fail_next("spam_risk_too_many_posts")
    marks, job = MemoryMarks(), video_job(tmp_path)
    with pytest.raises(PublishError) as err:
        tiktok.publish(api(), conf(tt), job, marks)
    assert err.value.verdict is Verdict.THROTTLED and inits(tt) == 1
    dead = marks.values["publish"]
    remote = tiktok.publish(api(), conf(tt), job, marks)
    assert inits(tt) == 2 and marks.values["publish"] != dead
    assert tt.published[0]["publish_id"] == marks.values["publish"] == remote.extra["publish_id"]
