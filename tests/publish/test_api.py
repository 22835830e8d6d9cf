"""The HTTP layer: the classifier's generic table, backoff, Retry-After, X's reset header,
timeouts before and after sending, and the trace that never holds a token."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from pipeline.publish.api import Api, Timing, generic
from pipeline.publish.base import PublishError, Secret, Verdict
from pipeline.publish.standins.server import Reply, StandIn
from tests.publish.conftest import FAST


@pytest.mark.parametrize(
    ("status", "op", "verdict"),
    [
        (200, "create", Verdict.OK),
        (201, "upload", Verdict.OK),
        (401, "read", Verdict.REAUTH),
        (401, "publish", Verdict.REAUTH),
        (429, "read", Verdict.RETRY),
        (429, "create", Verdict.RETRY),  # rejected before doing anything
        (408, "read", Verdict.RETRY),
        (408, "create", Verdict.UNKNOWN),
        (500, "read", Verdict.RETRY),
        (502, "upload", Verdict.RETRY),
        (500, "create", Verdict.UNKNOWN),
        (503, "publish", Verdict.UNKNOWN),
        (400, "create", Verdict.PERMANENT),
        (403, "publish", Verdict.PERMANENT),
        (404, "read", Verdict.PERMANENT),
    ],
)
def test_generic_classifier(status: int, op: str, verdict: Verdict) -> None:
    assert generic(status, op) is verdict  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[StandIn]:
    s = StandIn()
    s.route("GET", r"/thing", lambda r: Reply(200, {"ok": True}))
    s.route("POST", r"/create", lambda r: Reply(200, {"id": "1"}))
    s.start()
    yield s
    s.stop()


def api(**kw: Any) -> Api:
    return Api(
        "test",
        token=Secret("tok-123"),
        timing=FAST,
        sleep=lambda s: None,
        rng=random.Random(1),
        **kw,
    )


def test_retry_after_is_obeyed(server: StandIn) -> None:
    server.fault("GET", "/thing", "status", status=429, headers={"Retry-After": "3"})
    a = api()
    assert a.request("GET", f"{server.url}/thing", op="read") == {"ok": True}
    assert len(a.waited) == 1 and 3.0 <= a.waited[0] < 4.0
    assert server.count("GET", "/thing") == 2


def test_x_rate_limit_reset_is_obeyed(server: StandIn) -> None:
    a = Api("x", timing=FAST, sleep=lambda s: None, clock=lambda: 1_000.0)
    server.fault(
        "GET",
        "/thing",
        "status",
        status=429,
        headers={"x-rate-limit-remaining": "0", "x-rate-limit-reset": "1004"},
    )
    a.request("GET", f"{server.url}/thing", op="read")
    assert 4.0 <= a.waited[0] < 5.0


def test_a_wait_beyond_the_budget_defers(server: StandIn) -> None:
    server.fault("GET", "/thing", "status", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(PublishError) as caught:
        api().request("GET", f"{server.url}/thing", op="read")
    assert caught.value.verdict is Verdict.RETRY
    assert 3600 <= (caught.value.retry_after or 0) < 3601


def test_backoff_is_capped_full_jitter(server: StandIn) -> None:
    server.fault("GET", "/thing", "status", status=503, times=3)
    a = api()
    a.request("GET", f"{server.url}/thing", op="read")
    ceilings = [min(FAST.backoff_cap_s, FAST.backoff_s * 2**n) for n in range(3)]
    assert len(a.waited) == 3
    assert all(0 <= w <= c for w, c in zip(a.waited, ceilings, strict=True))


def test_retries_are_bounded(server: StandIn) -> None:
    server.fault("GET", "/thing", "status", status=503, times=99)
    with pytest.raises(PublishError) as caught:
        api().request("GET", f"{server.url}/thing", op="read")
    assert caught.value.verdict is Verdict.RETRY
    assert server.count("GET", "/thing") == FAST.attempts


def test_timeout_after_a_create_is_unknown_and_not_repeated(server: StandIn) -> None:
    server.fault("POST", "/create", "drop_after")
    with pytest.raises(PublishError) as caught:
        api().request("POST", f"{server.url}/create", op="create")
    assert caught.value.verdict is Verdict.UNKNOWN
    assert server.count("POST", "/create") == 1


def test_slow_answer_to_a_create_is_unknown(server: StandIn) -> None:
    server.fault("POST", "/create", "delay", seconds=0.5)
    a = Api("t", timing=Timing(read_s=0.2, attempts=3, backoff_s=0.001), sleep=lambda s: None)
    with pytest.raises(PublishError) as caught:
        a.request("POST", f"{server.url}/create", op="create")
    assert caught.value.verdict is Verdict.UNKNOWN
    assert server.count("POST", "/create") == 1


def test_a_read_timeout_on_a_read_is_retried(server: StandIn) -> None:
    server.fault("GET", "/thing", "drop_after")
    assert api().request("GET", f"{server.url}/thing", op="read") == {"ok": True}


def test_connection_refused_is_retried_as_not_sent() -> None:
    a = api()
    with pytest.raises(PublishError) as caught:
        a.request("POST", "http://127.0.0.1:9/create", op="create")
    assert caught.value.verdict is Verdict.RETRY  # nothing reached a server: safe
    assert len(a.waited) == FAST.attempts - 1


def test_write_ahead_hooks_wrap_ambiguous_requests_only(server: StandIn) -> None:
    calls: list[str] = []
    a = api(
        before_send=lambda op, url: calls.append(f"before {op}"),
        after_send=lambda op, url: calls.append(f"after {op}"),
    )
    a.request("GET", f"{server.url}/thing", op="read")
    a.request("POST", f"{server.url}/create", op="create")
    assert calls == ["before create", "after create"]


def test_trace_never_holds_the_token(server: StandIn) -> None:
    a = api()
    a.request(
        "POST",
        f"{server.url}/create",
        op="create",
        headers=a.bearer(),
        data={"access_token": "tok-123", "message": "hi"},
        files={"source": ("a.jpg", b"abc", "image/jpeg")},
    )
    assert "tok-123" not in repr(a.trace)
    assert a.trace[0]["headers"] == {"Authorization": "***"}
    assert a.trace[0]["files"]["source"]["bytes"] == 3
    assert "tok-123" not in repr(Secret("tok-123")) and "tok-123" not in str(Secret("tok-123"))


BREAKS = [
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x00",
    "\ud800",
    "\x7f",
]


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize(
    "shape",
    [
        lambda w: {"error": {"message": w, "code": 100}},  # Graph
        lambda w: {"error": "invalid_grant", "error_description": w},  # OAuth
        lambda w: {"title": "Forbidden", "detail": w, "type": "about:blank"},  # X
        lambda w: {"errors": [{"message": "x"}], "detail": w},  # X, with its errors list
        lambda w: {"errors": [{"message": w}]},  # X v1.1
    ],
)
def test_a_platforms_words_stay_on_one_line(server: StandIn, brk: str, shape: Any) -> None:
    """A line break or control character in a platform's error text would split a printed
    line or a log line: each run of them becomes one space, in the message itself."""
    words = f"bad{brk}FORGED: published ok{brk}"
    server.route("POST", r"/refused", lambda r: Reply(400, shape(words)))
    with pytest.raises(PublishError) as caught:
        api().request("POST", f"{server.url}/refused", op="create")
    message = caught.value.message
    assert "bad FORGED: published ok" in message
    assert message == message.strip()
    assert len(message.splitlines()) == 1 and not any(ord(c) < 32 for c in message)
    for char in "\x85\u2028\u2029\x7f\x1b":
        assert char not in message
