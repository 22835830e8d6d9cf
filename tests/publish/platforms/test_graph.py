"""The Graph classifier (docs/platform-facts.md §1.3, §2.3), a row per case, and shared helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pipeline.publish.api import Timing
from pipeline.publish.base import PublishError, Verdict
from pipeline.publish.platforms import graph
from pipeline.publish.standins.server import Reply, Request, StandIn
from tests.publish.conftest import make_api

R, U, A, P = Verdict.RETRY, Verdict.UNKNOWN, Verdict.REAUTH, Verdict.PERMANENT


def body(code: int, subcode: int | None = None, **extra: object) -> dict[str, object]:
    error: dict[str, object] = {"message": "m", "type": "OAuthException", "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": {**error, **extra, "fbtrace_id": "T"}}


ROWS = [
    # (id, HTTP status, body, verdict)
    ("190 expired", 400, body(190, 463), A),
    ("190 password changed", 400, body(190, 460), A),
    ("190 no subcode", 400, body(190), A),
    ("190 over 401", 401, body(190, 467), A),
    ("102 session", 400, body(102), A),
    ("1 unknown", 500, body(1), R),
    ("2 service", 503, body(2), R),
    ("4 app throttle", 400, body(4), R),
    ("17 user throttle", 400, body(17), R),
    ("32 page throttle", 403, body(32), R),
    ("613 custom throttle", 400, body(613), R),
    ("80001 page BUC", 400, body(80001), R),
    ("80002 IG BUC", 400, body(80002), R),
    ("506 duplicate", 400, body(506), U),
    ("9007/2207027 not ready", 400, body(9007, 2207027), R),
    ("24/2207008 container busy", 400, body(24, 2207008), R),
    ("9004/2207052 fetch failed", 400, body(9004, 2207052), R),
    ("-2/2207003 fetch timeout", 400, body(-2, 2207003), R),
    ("9/2207042 daily limit", 400, body(9, 2207042), R),
    ("-1/2207001 server", 400, body(-1, 2207001), R),
    ("-2/2207020 expired container", 400, body(-2, 2207020), R),
    ("4/2207051 spam beats throttle", 400, body(4, 2207051), P),
    ("25/2207050 restricted", 400, body(25, 2207050), P),
    ("36000/2207004 image too large", 400, body(36000, 2207004), P),
    ("36001/2207005 image format", 400, body(36001, 2207005), P),
    ("36003/2207009 aspect ratio", 400, body(36003, 2207009), P),
    ("36004/2207010 caption too long", 400, body(36004, 2207010), P),
    ("36002 without subcode", 400, body(36002), P),
    ("352/2207026 video format", 400, body(352, 2207026), P),
    ("100/2207028 carousel count", 400, body(100, 2207028), P),
    ("100/2207040 too many tags", 400, body(100, 2207040), P),
    ("10 permission", 403, body(10), P),
    ("200 permission", 403, body(200), P),
    ("299 permission", 403, body(299), P),
    ("368 blocked", 400, body(368), P),
    ("1609005 link scrape", 400, body(1609005), P),
    ("6000 video upload failed", 400, body(6000), R),
    ("389 video URL fetch", 400, body(389), R),
    ("382 video too small", 400, body(382), P),
    ("is_transient unknown code", 400, body(12345, is_transient=True), R),
    ("100/33 left to HTTP table", 400, body(100, 33), None),
    ("rupload retriable", 400, {"debug_info": {"retriable": True, "type": "X"}}, R),
    ("rupload not retriable", 400, {"debug_info": {"retriable": False}}, None),
    ("not Graph JSON", 502, {"raw": "<html>"}, None),
    ("empty", 500, {}, None),
    ("not a dict", 500, ["x"], None),
]


@pytest.mark.parametrize(
    ("status", "payload", "verdict"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_classify_row(status: int, payload: object, verdict: Verdict | None) -> None:
    assert graph.classify(status, payload) is verdict


def test_time_parsing_and_since() -> None:
    assert graph.parse_time("2026-11-10T08:00:00+0000") == datetime(2026, 11, 10, 8, tzinfo=UTC)
    assert graph.parse_time("nonsense") is None
    assert graph.parse_time(None) is None
    since = datetime(2026, 11, 10, 8, tzinfo=UTC)
    assert graph.at_or_after("2026-11-10T08:00:00+0000", since)
    assert not graph.at_or_after("2026-11-10T07:59:59+0000", since)
    assert graph.at_or_after("2026-11-10T09:00:00+0000", since.replace(tzinfo=None))


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    standin = StandIn()

    def listing(request: Request) -> Reply:
        after = int(request.query.get("after", "0"))
        link = f"https://graph.example/v25.0/1/feed?access_token=SECRET&fields=id&after={after + 1}"
        return Reply(200, {"data": [{"id": str(after)}], "paging": {"next": link}})

    standin.route("GET", r"/1/feed", listing)
    standin.route("GET", r"/gone", lambda r: Reply(400, body(100, 33)))
    standin.route("GET", r"/dead", lambda r: Reply(400, body(190, 463)))
    with standin:
        yield standin


def test_pages_drop_the_token_from_next_and_stop_at_the_bound(server: StandIn) -> None:
    server.seen.clear()
    api = make_api("facebook", "tok", graph.classify)
    url = f"{server.url}/1/feed"
    items = list(graph.pages(api, url, headers={"X": "1"}, params={"fields": "id"}, limit=3))
    assert [i["id"] for i in items] == ["0", "1", "2"]
    assert len(server.seen) == 3
    assert all("access_token" not in r.query for r in server.seen)
    assert "SECRET" not in json.dumps(api.trace)
    assert all(r.query["fields"] == "id" for r in server.seen)


def test_poll_gives_up_with_retry() -> None:
    timing = Timing(poll_s=0.0, poll_timeout_s=0.01, budget_s=5.0)
    api = make_api("instagram", "tok", graph.classify, timing)
    with pytest.raises(PublishError) as info:
        graph.poll(api, lambda: None, "container 1")
    assert info.value.verdict is Verdict.RETRY
    assert info.value.code == "poll_timeout"


def test_read_back_failure_is_unknown_but_reauth_stays(server: StandIn) -> None:
    api = make_api("facebook", "tok", graph.classify)
    with pytest.raises(PublishError) as info:
        graph.read_back(api, f"{server.url}/gone", headers={}, fields="id", what="post")
    assert info.value.verdict is Verdict.UNKNOWN
    with pytest.raises(PublishError) as dead:
        graph.read_back(api, f"{server.url}/dead", headers={}, fields="id", what="post")
    assert dead.value.verdict is Verdict.REAUTH


def test_need_id() -> None:
    api = make_api("facebook", "tok", graph.classify)
    assert graph.need_id(api, {"post_id": "1_2", "id": "2"}, "post_id", "id") == "1_2"
    assert graph.need_id(api, {"id": 7}, "post_id", "id") == "7"
    with pytest.raises(PublishError) as info:
        graph.need_id(api, {"success": True}, "id")
    assert info.value.verdict is Verdict.UNKNOWN
