"""Meta's own example answers (tests/publish/data/docs/graph/) through the clients: the usage
headers' wait, the debug_token answer, the error shape, a container's status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.config import Account
from pipeline.publish.api import _meta_wait
from pipeline.publish.base import PublishError, Secret, Verdict
from pipeline.publish.platforms import facebook, graph, instagram, meta_token
from pipeline.publish.standins.graph import GraphStandIn
from tests.publish.conftest import make_api

DOCS = Path(__file__).parents[1] / "data" / "docs" / "graph"
TOKEN = "EAAGsystemUSERpageTOKEN"  # noqa: S105 - a test token
PAGE = "100200300"
IG = "17841400000000001"


def doc(name: str) -> Any:
    return json.loads((DOCS / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def running() -> Iterator[GraphStandIn]:
    with GraphStandIn(tokens=(TOKEN,), page_id=PAGE, ig_user_id=IG, fetch=False) as standin:
        yield standin


@pytest.fixture
def server(running: GraphStandIn) -> GraphStandIn:
    running.reset()
    return running


def test_the_buc_header_example_gives_its_regain_time() -> None:
    """ "Business Use Case Rate Limits": `estimated_time_to_regain_access` is in minutes; the
    longest of the entries is the wait."""
    headers = httpx.Headers({"X-Business-Use-Case-Usage": json.dumps(doc("buc_usage_header.json"))})
    assert _meta_wait(headers) == 19 * 60
    assert (
        _meta_wait(httpx.Headers({"X-App-Usage": json.dumps(doc("app_usage_header.json"))})) is None
    )


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[]",
        '{"1": "x"}',
        '{"1": [{"estimated_time_to_regain_access": "soon"}]}',
        '{"1": [{"estimated_time_to_regain_access": -5}]}',
        '{"1": [{"estimated_time_to_regain_access": true}]}',
        '{"estimated_time_to_regain_access": NaN}',
    ],
)
def test_a_damaged_usage_header_gives_no_wait(raw: str) -> None:
    assert _meta_wait(httpx.Headers({"X-Business-Use-Case-Usage": raw})) is None


def test_an_absurd_regain_time_is_capped_at_a_day() -> None:
    raw = json.dumps({"estimated_time_to_regain_access": 10**9, "call_count": 100})
    assert _meta_wait(httpx.Headers({"X-Page-Usage": raw})) == 24 * 3600


def test_the_error_example_is_classified_by_its_code() -> None:
    body = doc("error_response.json")
    assert graph.classify(400, body) is Verdict.REAUTH  # 190: the token
    assert not graph.refused(400, body)
    throttled = {"error": {**body["error"], "code": 80001, "error_subcode": None}}
    assert graph.classify(400, throttled) is Verdict.RETRY and graph.refused(400, throttled)


def test_the_container_status_example_is_finished(server: GraphStandIn) -> None:
    body = doc("ig_container_status.json")
    server.fault("GET", r"/v25\.0/\d+", "status", status=200, body=body, times=99)
    api = make_api("instagram", TOKEN, instagram.classify)
    env = {**server.env(), "INSTAGRAM_TOKEN": TOKEN}
    settings = instagram.settings(env, Account(account_id=IG))
    assert instagram._settle(api, settings, body["id"]) == ("FINISHED", "")


def test_the_debug_token_example_is_read() -> None:
    """The example answer is a USER token with two old permissions."""
    data = doc("debug_token.json")["data"]
    info = meta_token.TokenInfo(
        kind=data["type"],
        valid=data["is_valid"],
        profile_id="",
        user_id=data["user_id"],
        scopes=frozenset(data["scopes"]),
        targets={},
        expires_at=data["expires_at"],
    )
    with pytest.raises(PublishError) as caught:
        meta_token.check(
            info,
            platform="facebook",
            variable="FACEBOOK_PAGE_TOKEN",
            wanted=meta_token.FACEBOOK_SCOPES,
            account=PAGE,
            kinds=("PAGE",),
            page=PAGE,
        )
    assert caught.value.code == "meta_token_type" and "USER" in caught.value.message


def test_the_debug_token_example_served_by_the_stand_in(server: GraphStandIn) -> None:
    """The stand-in answers `debug_token` in the example's shape; the clients read it."""
    data = doc("debug_token.json")["data"]
    server.describe(TOKEN, **data)
    api = make_api("facebook", TOKEN, facebook.classify)
    info = meta_token.inspect(api, server.env()["PIPELINE_GRAPH_URL"], Secret(TOKEN))
    assert info is not None and info.kind == "USER" and info.scopes == {"email", "publish_actions"}
    assert info.expires_at == 1352419328 and info.valid
    env = {**server.env(), "INSTAGRAM_TOKEN": TOKEN}
    settings = instagram.settings(env, Account(account_id=IG))
    with pytest.raises(PublishError) as caught:
        instagram.preflight(make_api("instagram", TOKEN, instagram.classify), settings)
    assert caught.value.code == "meta_scope_missing"
    assert "instagram_basic, instagram_content_publish" in caught.value.message
    (seen,) = [r for r in server.seen if r.path.endswith("/debug_token")][:1]
    assert seen.query["input_token"] == TOKEN and "access_token" not in seen.query
