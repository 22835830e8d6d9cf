"""One HTTP client per platform: explicit timeouts, the retry classifier, capped exponential
backoff with full jitter, `Retry-After`, X's `x-rate-limit-reset` and Meta's usage headers
(`estimated_time_to_regain_access`) obeyed, and a trace of every request (method, URL, fields,
files; never a token) for the trial upload.

Retrying happens here and only here (one layer, so retries never multiply). `create` and
`publish` requests are never repeated after they may have reached the platform: a read timeout
or a 5xx on them raises `PublishError(UNKNOWN)` and the runner reconciles.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from pipeline.publish.base import Op, PublishError, Secret, Verdict, one_line

Classify = Callable[[int, Any], Verdict | None]
Refused = Callable[[int, Any], bool]

# httpx exceptions raised before a byte of the request reached the server: always safe.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
# Raised after the request was (or may have been) sent: ambiguous for create/publish.
MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """How long to wait. Tests shrink these; production keeps the defaults."""

    connect_s: float = 10.0
    read_s: float = 60.0
    upload_s: float = 600.0  # a read timeout while a large file is sent
    attempts: int = 5  # per request, retries included
    backoff_s: float = 2.0  # first backoff ceiling; doubles each attempt
    backoff_cap_s: float = 60.0
    budget_s: float = 900.0  # longest single wait before the job defers instead
    poll_s: float = 5.0  # between status polls
    poll_timeout_s: float = 600.0  # give up polling (the checkpoint stays; a rerun resumes)
    # Instagram containers: "query a container's status once per minute, for no more than 5
    # minutes" (Meta, Instagram Platform "Content Publishing", section "Troubleshooting",
    # read 2026-12-03).
    container_poll_s: float = 60.0
    container_polls: int = 5
    settle_s: float = 120.0  # "not found" proves absence only this long after the claim


def scaled(timing: Timing, scale: float) -> Timing:
    """Backoff and poll intervals times `scale`; timeouts and the wait budget unchanged (a
    platform's Retry-After is obeyed as given). For stand-ins that answer at once
    (PIPELINE_WAIT_SCALE in tests)."""
    return replace(
        timing,
        backoff_s=timing.backoff_s * scale,
        backoff_cap_s=timing.backoff_cap_s * scale,
        poll_s=timing.poll_s * scale,
        container_poll_s=timing.container_poll_s * scale,
        settle_s=timing.settle_s * scale,
    )


def generic(status: int, op: Op) -> Verdict:
    """The classifier's table for HTTP statuses, before a platform's own codes."""
    if 200 <= status < 300:
        return Verdict.OK
    if status == 401:
        return Verdict.REAUTH
    if status in (408, 429):
        return Verdict.RETRY if status == 429 or op in ("read", "upload") else Verdict.UNKNOWN
    if status >= 500:
        return Verdict.RETRY if op in ("read", "upload") else Verdict.UNKNOWN
    return Verdict.PERMANENT


class Api:
    """Requests for one platform. `sleep` and `clock` are injectable for tests."""

    def __init__(
        self,
        platform: str,
        *,
        token: Secret | None = None,
        classify: Classify | None = None,
        timing: Timing | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        before_send: Callable[[Op, str], None] | None = None,
        after_send: Callable[[Op, str], None] | None = None,
        refused: Refused | None = None,
    ) -> None:
        self.platform = platform
        self.token = token
        self.classify = classify
        self.timing = timing or Timing()
        self.sleep = sleep
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self.before_send = before_send  # the runner's write-ahead: a `sending` checkpoint
        self.after_send = after_send
        self.refused = refused  # the platform's "rejected before doing anything" answers
        self.trace: list[dict[str, Any]] = []
        self.waited: list[float] = []
        t = self.timing
        self.client = httpx.Client(
            timeout=httpx.Timeout(t.read_s, connect=t.connect_s),
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token.reveal()}"} if self.token else {}

    def request(
        self,
        method: str,
        url: str,
        *,
        op: Op,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        json_body: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        content: bytes | None = None,
        media: Path | None = None,
        raw: bool = False,
    ) -> Any:
        """Send, classify, retry what is safe; return the decoded JSON body (or {}), or with
        `raw` the response itself (a page, a media file)."""
        self._record(method, url, op, headers, params, data, json_body, files, content, media)
        timeout = self.timing.upload_s if op == "upload" else self.timing.read_s
        ambiguous = op in ("create", "publish")
        if ambiguous and self.before_send:
            self.before_send(op, url)
        for attempt in range(self.timing.attempts):
            try:
                response = self.client.request(
                    method,
                    url,
                    headers=dict(headers or {}),
                    params=params,
                    data=data,
                    json=json_body,
                    files=files,
                    content=content,
                    timeout=httpx.Timeout(timeout, connect=self.timing.connect_s),
                )
            except NOT_SENT as exc:
                error = PublishError(
                    Verdict.RETRY, f"{self.platform}: {type(exc).__name__}", code="not_sent"
                )
            except MAYBE_SENT as exc:
                if op in ("create", "publish"):
                    raise PublishError(
                        Verdict.UNKNOWN,
                        f"{self.platform}: {type(exc).__name__} after the request was sent",
                        hint="hasilnya tidak pasti: dicocokkan (rekonsiliasi), tidak diulang",
                    ) from None
                error = PublishError(Verdict.RETRY, f"{self.platform}: {type(exc).__name__}")
            except httpx.HTTPError as exc:  # e.g. an illegal header: never show its text
                raise PublishError(
                    Verdict.PERMANENT,
                    f"{self.platform}: {type(exc).__name__} (permintaan tidak dapat dikirim)",
                    hint="periksa secret dan variabel platform ini (spasi, baris baru)",
                    code="not_sent",
                ) from None
            else:
                body = _decode(response)
                verdict = self._verdict(response.status_code, body, op)
                if verdict is Verdict.OK:
                    if ambiguous and self.after_send:
                        self.after_send(op, url)
                    return response if raw else body
                error = PublishError(
                    verdict,
                    _message(response.status_code, body),
                    status=response.status_code,
                    code=_code(body),
                    retry_after=_retry_after(response, self.clock()),
                )
                if verdict is not Verdict.RETRY:
                    raise error
            if attempt + 1 == self.timing.attempts:
                raise error
            self.wait(self._backoff(attempt, error.retry_after), error)
        raise AssertionError("unreachable")  # pragma: no cover

    def wait(self, seconds: float, error: PublishError | None = None) -> None:
        """Sleep, unless the wait is longer than the budget: then defer to a later run."""
        if seconds > self.timing.budget_s:
            raise PublishError(
                Verdict.RETRY,
                (error.message if error else "") + f" (wait {seconds:.0f} s > budget)",
                hint="batas laju platform: dicoba lagi pada jalan berikutnya",
                status=error.status if error else None,  # the answer that proved nothing was done
                code=error.code if error else "",
                retry_after=seconds,
            )
        self.waited.append(seconds)
        self.sleep(seconds)

    def _verdict(self, status: int, body: Any, op: Op) -> Verdict:
        own = self.classify(status, body) if self.classify else None
        verdict = own or generic(status, op)
        if verdict is Verdict.UNKNOWN and op in ("read", "upload"):
            return Verdict.RETRY  # "maybe it happened" means nothing for a read
        if verdict is Verdict.RETRY and op in ("create", "publish"):
            # Repeating a create is safe only when the answer proves nothing was done:
            # 429, or the platform's own "refused before acting" codes (throttling).
            proven = status == 429 or (self.refused is not None and self.refused(status, body))
            return Verdict.RETRY if proven else Verdict.UNKNOWN
        return verdict

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(0.0, retry_after) + self.rng.uniform(0, 1)
        ceiling = min(self.timing.backoff_cap_s, self.timing.backoff_s * 2**attempt)
        return self.rng.uniform(0, ceiling)  # full jitter

    def _record(
        self,
        method: str,
        url: str,
        op: Op,
        headers: Mapping[str, str] | None,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        json_body: Any,
        files: Mapping[str, tuple[str, bytes, str]] | None,
        content: bytes | None,
        media: Path | None,
    ) -> None:
        entry: dict[str, Any] = {"method": method, "url": url, "op": op}
        shown = {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
        if headers and len(shown) != len(headers):
            shown["Authorization"] = "***"
        if shown:
            entry["headers"] = shown
        fields = {**(params or {}), **(data or {})}
        if fields:
            entry["fields"] = {k: _redact(k, v) for k, v in fields.items()}
        if json_body is not None:
            entry["json"] = json_body
        if files:
            entry["files"] = {
                k: {"name": n, "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                for k, (n, b, _) in files.items()
            }
        if content is not None:
            entry["body"] = {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        if media is not None:
            entry["media"] = str(media)
        self.trace.append(entry)


def _redact(key: str, value: Any) -> Any:
    return "***" if "token" in key.lower() or "secret" in key.lower() else value


def _decode(response: httpx.Response) -> Any:
    if not response.content:
        return {}
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {"raw": response.text[:500]}


def _message(status: int, body: Any) -> str:
    """The platform's own words, on one line (`one_line`): Graph `error.message`, OAuth
    `error_description`, X `detail`/`title`, TikTok `error.message`; else the status."""
    return one_line(_words(status, body))


def _words(status: int, body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return f"HTTP {status}: {error['message']}"
        if isinstance(error, str):  # OAuth: {"error": "invalid_grant", "error_description"}
            return f"HTTP {status}: {error}: {body.get('error_description', '')}".rstrip(": ")
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0].get("message") or errors[0].get("detail")
            if first and body.get("detail"):
                return f"HTTP {status}: {body['detail']} ({first})"
        for key in ("detail", "title", "message"):
            if isinstance(body.get(key), str) and body[key]:
                return f"HTTP {status}: {body[key]}"
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return f"HTTP {status}: {errors[0].get('message') or errors[0].get('detail')}"
    return f"HTTP {status}"


def _code(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return str(error.get("error_subcode") or error.get("code") or "")
        if isinstance(body.get("type"), str):
            return str(body["type"])
    return ""


def _retry_after(response: httpx.Response, now: float) -> float | None:
    """`Retry-After` in seconds, else X's `x-rate-limit-reset` (Unix time) when exhausted,
    else Meta's `estimated_time_to_regain_access` (minutes) from its usage headers."""
    meta = _meta_wait(response.headers)
    if meta is not None:
        return meta
    value = response.headers.get("retry-after")
    if value is not None:
        try:
            return float(value)
        except ValueError:
            return None
    reset = response.headers.get("x-rate-limit-reset")
    remaining = response.headers.get("x-rate-limit-remaining")
    if reset is not None and (remaining in (None, "0") or response.status_code == 429):
        try:
            return max(0.0, float(reset) - now)
        except ValueError:
            return None
    return None


# Meta, "Graph API > Overview > Rate Limiting", sections "Headers" and "Business Use Case Rate
# Limits" (read 2026-12-03): a throttled call gets HTTP 400/403 with code 4, 17, 32, 613 or
# 80000-80014 and no `Retry-After`; the wait is `estimated_time_to_regain_access`, in minutes,
# in `X-Business-Use-Case-Usage` ({business-object-id: [{type, call_count, total_cputime,
# total_time, estimated_time_to_regain_access}, ...]}) or in the flat `X-App-Usage` /
# `X-Page-Usage` objects. No other platform sends these headers.
META_USAGE = ("x-business-use-case-usage", "x-app-usage", "x-page-usage", "x-ad-account-usage")
META_MAX_WAIT_S = 24 * 3600.0  # the longest BUC window: a larger figure is not believed


def _meta_wait(headers: httpx.Headers) -> float | None:
    """The longest `estimated_time_to_regain_access` above zero, in seconds, or None."""
    minutes: list[float] = []
    for name in META_USAGE:
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        rows = [data] if isinstance(data, dict) else []
        if isinstance(data, dict):  # BUC: lists of entries keyed by business object id
            rows += [e for v in data.values() if isinstance(v, list) for e in v]
        for row in rows:
            value = row.get("estimated_time_to_regain_access") if isinstance(row, dict) else None
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                continue
            try:
                number = float(value)
            except ValueError:
                continue
            if math.isfinite(number) and number > 0:
                minutes.append(number)
    return min(max(minutes) * 60.0, META_MAX_WAIT_S) if minutes else None
