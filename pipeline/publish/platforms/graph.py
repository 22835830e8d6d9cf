"""What Facebook Page and Instagram share: the Graph error classifier (docs/platform-facts.md §1.3,
§2.3), the auth header, status polling, read-back, and list paging that never puts a token in a
URL (Graph's own `paging.next` links carry `access_token`; we drop it and send the header)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pipeline.config import Account
from pipeline.publish.api import Api
from pipeline.publish.base import PublishError, Secret, Verdict

MAX_PAGES = 5  # find(): a bound on list paging (reconciliation looks at recent posts only)

REAUTH_CODES = frozenset({190, 102})  # token expired/revoked/invalid; API session
UNKNOWN_CODES = frozenset({506})  # duplicate post: "maybe already posted"
# Throttling: Meta, "Graph API > Overview > Rate Limiting" (error-code tables of "Platform Rate
# Limits" and "Business Use Case Rate Limits") and "Graph API > Guides > Handling Errors",
# read 2026-12-03: 4 app, 17 user, 32 page, 613 custom; 80000-80009 and 80014 one per Business
# Use Case type (80001 pages, 80002 Instagram, ...). Sent with HTTP 400/403, never 429; the
# wait is in the usage headers (pipeline/publish/api.py `_meta_wait`).
THROTTLE_CODES = frozenset({4, 17, 32, 613} | set(range(80000, 80010)) | {80014})
RETRY_CODES = frozenset(
    {1, 2}  # unknown / service, transient
    | THROTTLE_CODES
    | {9007}  # IG media not ready yet
    | {6000, 6001, 389}  # video upload or URL fetch failed: upload again
)
PERMANENT_CODES = frozenset(
    {10, 368}  # permission missing; temporarily blocked by policy (a human looks)
    | set(range(200, 300))  # permission missing
    | set(range(36000, 36005))  # IG image too large / format / ratio / caption
    | {352, 382, 1609005}  # IG video format; video file too small; link scrape error
)
RETRY_SUBCODES = frozenset(
    {2207027, 2207008}  # media not ready; container temporarily unavailable
    | {2207052, 2207003}  # media fetch from URL failed / timed out
    | {2207042}  # daily publishing limit: wait for the window
    | {2207001, 2207032, 2207053}  # IG server error, "try again"
    | {2207020}  # container expired: the next run polls it, sees EXPIRED, makes a new one
)
PERMANENT_SUBCODES = frozenset(
    {2207051, 2207050}  # spam suspicion / account restricted: a human looks
    | (set(range(2207004, 2207011)) - {2207008})  # image size / format / ratio / caption
    | {2207026, 2207028, 2207040}  # video format; carousel item count; too many @-tags
)


def error_of(body: Any) -> Mapping[str, Any] | None:
    """The `{"error": {...}}` object of a Graph error body, if there is one."""
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping):
            return error
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def classify(status: int, body: Any) -> Verdict | None:
    """Graph's own codes (`error.code`, `error.error_subcode`); None leaves it to the HTTP table.

    A rupload failure (`{"debug_info": {"retriable": ...}}`) is retried when it says so."""
    error = error_of(body)
    if error is None:
        info = body.get("debug_info") if isinstance(body, Mapping) else None
        if isinstance(info, Mapping) and info.get("retriable") is True:
            return Verdict.RETRY
        return None
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    if code in REAUTH_CODES:
        return Verdict.REAUTH
    if subcode in PERMANENT_SUBCODES:
        return Verdict.PERMANENT
    if subcode in RETRY_SUBCODES:
        return Verdict.RETRY
    if code in UNKNOWN_CODES:
        return Verdict.UNKNOWN
    if code in RETRY_CODES:
        return Verdict.RETRY
    if code in PERMANENT_CODES:
        return Verdict.PERMANENT
    if error.get("is_transient") is True:
        return Verdict.RETRY
    return None


def auth(token: Secret, scheme: str = "Bearer") -> dict[str, str]:
    """The Authorization header (`Bearer` for Graph, `OAuth` for rupload)."""
    return {"Authorization": f"{scheme} {token.reveal()}"}


def text_id(body: Any, *keys: str) -> str:
    """The first non-empty id among `keys` in a response, or ''."""
    if isinstance(body, Mapping):
        for key in keys:
            value = body.get(key)
            if value not in (None, ""):
                return str(value)
    return ""


def need_id(api: Api, body: Any, *keys: str) -> str:
    """The id a create/publish call returned; without one the outcome is UNKNOWN."""
    ident = text_id(body, *keys)
    if not ident:
        raise PublishError(
            Verdict.UNKNOWN,
            f"{api.platform}: no id in the response ({', '.join(keys)})",
            hint="hasilnya tidak pasti: dicocokkan (rekonsiliasi)",
            code="no_id",
        )
    return ident


def pages(
    api: Api,
    url: str,
    *,
    headers: Mapping[str, str],
    params: Mapping[str, str],
    limit: int = MAX_PAGES,
) -> Iterator[Mapping[str, Any]]:
    """The `data` items of a Graph list, following `paging.next` for at most `limit` pages.

    Only the query of `next` is used (minus `access_token`), against our own `url`: the token
    stays in the header and an overridden base URL stays in force."""
    query = dict(params)
    for _ in range(limit):
        body = api.request("GET", url, op="read", headers=headers, params=query)
        if not isinstance(body, Mapping):
            return
        for item in body.get("data") or []:
            if isinstance(item, Mapping):
                yield item
        paging = body.get("paging")
        link = paging.get("next") if isinstance(paging, Mapping) else None
        if not isinstance(link, str) or not link:
            return
        pairs = parse_qsl(urlsplit(link).query, keep_blank_values=True)
        query = {k: v for k, v in pairs if k != "access_token"}


def parse_time(value: Any) -> datetime | None:
    """A Graph time (`2026-11-10T08:00:00+0000`) as an aware datetime, or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def at_or_after(value: Any, since: datetime) -> bool:
    moment = parse_time(value)
    floor = since if since.tzinfo else since.replace(tzinfo=UTC)
    return moment is not None and moment >= floor


def poll(
    api: Api,
    check: Callable[[], str | None],
    what: str,
    *,
    every: float | None = None,
    times: int | None = None,
) -> str:
    """Call `check` until it returns a final state, waiting `every` (default `poll_s`) between
    calls; after `poll_timeout_s`, or after `times` waits when given, raise RETRY (the
    checkpoint stays and the next run resumes)."""
    pause = api.timing.poll_s if every is None else every
    limit = api.timing.poll_timeout_s if times is None else pause * times
    deadline = time.monotonic() + api.timing.poll_timeout_s
    waits = 0
    while True:
        state = check()
        if state is not None:
            return state
        if (times is None and time.monotonic() > deadline) or (
            times is not None and waits >= times
        ):
            raise PublishError(
                Verdict.RETRY,
                f"{api.platform}: {what} still processing after {limit:.0f} s",
                hint="masih diproses platform: dilanjutkan pada jalan berikutnya",
                code="poll_timeout",
            )
        api.wait(pause)
        waits += 1


def read_back(
    api: Api, url: str, *, headers: Mapping[str, str], fields: str, what: str
) -> Mapping[str, Any]:
    """GET a created object after publishing. Failing here is UNKNOWN (it may well be public),
    except a dead token, which stays REAUTH (the saved id lets the next run read it back)."""
    try:
        body = api.request("GET", url, op="read", headers=headers, params={"fields": fields})
    except PublishError as exc:
        if exc.verdict is Verdict.REAUTH:
            raise
        raise PublishError(
            Verdict.UNKNOWN,
            f"{api.platform}: {what} sent, read-back failed: {exc.message}",
            hint="sudah terkirim tetapi belum bisa dibaca kembali: dicocokkan (rekonsiliasi)",
            status=exc.status,
            code=exc.code,
        ) from None
    return body if isinstance(body, Mapping) else {}


def unreadable(api: Api, what: str) -> PublishError:
    """A read-back without an id or permalink."""
    return PublishError(
        Verdict.UNKNOWN,
        f"{api.platform}: {what} has no id or permalink yet",
        hint="sudah terkirim tetapi tautannya belum ada: dicocokkan (rekonsiliasi)",
        code="no_permalink",
    )


def object_id(env: Mapping[str, str], variable: str, account: Account, platform: str) -> str:
    """The Page or Instagram user id: the environment variable, else office.yml's account_id."""
    value = env.get(variable) or account.account_id or ""
    if not value:
        raise PublishError(
            Verdict.PERMANENT,
            f"{platform}: id akun tidak diketahui",
            hint=f"isi platforms.{platform}.account_id di office.yml atau variabel {variable}",
            code="missing_account",
        )
    return value


# Answers to `media_publish` / `media` that prove nothing was published (Instagram Platform,
# "Error Codes" reference, read 2026-12-03): the media is not ready (9007 / 2207027: "wait
# until the container's status is FINISHED"), the container expired (2207020: "generate a new
# container"), the daily publishing limit (9 / 2207042), media not fetched or timed out at
# creation (9004 / 2207052, -2 / 2207003), "create media failed" (2207032).
REFUSED_CODES = THROTTLE_CODES | {9007}
REFUSED_SUBCODES = frozenset({2207027, 2207020, 2207042, 2207052, 2207003, 2207032})


def refused(status: int, body: Any) -> bool:
    """Whether an error answer to a create or publish proves nothing was done: throttling
    rejects a call before it runs; a container that is not ready or has expired cannot be
    published; the daily limit and a failed media fetch stop a container before it exists.
    Anything else (codes 1/2, "transient", server errors) may have acted."""
    error = error_of(body)
    if error is None:
        return False
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    return code in REFUSED_CODES or subcode in REFUSED_SUBCODES
