"""X (API v2): up to 4 photos (with alt text) or one chunked video, then `POST /2/tweets`.

Checkpoints: `media.<i>` (each media id, saved the moment X returns it) and `post`. A rerun
reads a saved post back, or checks each saved media id with STATUS and reuses it unless X says
it is invalid or expired (ids live `expires_after_secs`). X has no idempotency key: a create
that may have happened is UNKNOWN and `find()` reconciles against our own timeline, comparing
texts with every URL masked (X rewrites each URL as a t.co link, and adds one for the media).
"""

from __future__ import annotations

import base64
import html
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pipeline.captions import extract_urls_with_indices  # twitter-text, imported once there
from pipeline.config import Account
from pipeline.publish import base as b
from pipeline.publish import oauth
from pipeline.publish.api import Api
from pipeline.publish.base import Job, Marks, Media, PublishError, Remote, Secret, Tokens, Verdict

NAME = "x"
PULLS_FROM_URL = False
ENV = ("X_ACCESS_TOKEN", "X_REFRESH_TOKEN", "X_CLIENT_ID", "X_CLIENT_SECRET", "PIPELINE_X_URL")
BASES = {"x": "https://api.x.com"}
CHUNK = 4 * 1024 * 1024  # bytes per APPEND segment (X takes up to 5 MB, 1,000 segments)
# X API v2 "Media upload endpoints", section "Media types & size restrictions" (read
# 2026-12-03): image 5 MB, GIF 15 MB, video 512 MB (our render keeps X video under 512 MB
# too; the "Initialize media upload" reference allows larger videos for some accounts).
LIMITS = {"tweet_image": 5 * 1024 * 1024, "tweet_gif": 15 * 1024 * 1024}
LIMITS["tweet_video"] = 512 * 1024 * 1024
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")  # JPG, PNG, GIF, WEBP
VIDEO_TYPES = ("video/mp4", "video/quicktime", "video/webm")  # in initialize's media_type enum
PAGES = 5  # find(): at most this many timeline pages of 100 posts
ALT_MAX = 1000
PRICE_POST, PRICE_POST_URL, PRICE_METADATA = 0.015, 0.20, 0.005  # USD, docs/platform-facts.md §3.3
SCHEME_URL = re.compile(r"https?://\S+", re.IGNORECASE)
MEDIA_LINK = re.compile(r"\s*https?://t\.co/\w+\s*$")  # X appends one for attached media
UNSURE = "hasilnya tidak pasti: dicocokkan (rekonsiliasi), tidak diulang"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    base: str
    username: str  # without "@"
    access: Secret
    refresh: Secret | None = None
    client_id: str = ""
    client_secret: Secret | None = None  # a confidential client (Web App, Automated App)


def settings(env: Mapping[str, str], account: Account) -> Settings:
    """An access token, or a refresh token and its client id (the runner refreshes first)."""
    username = (account.username or "").lstrip("@")
    if not username:
        hint = "isi platforms.x.username di office.yml"
        raise PublishError(Verdict.PERMANENT, "x: username akun belum diisi", hint=hint)
    has_refresh = bool(env.get("X_REFRESH_TOKEN"))
    b.require(env, NAME, username, "X_CLIENT_ID" if has_refresh else "X_ACCESS_TOKEN")
    if env.get("X_CLIENT_SECRET"):  # a pasted newline would make an illegal header
        b.require(env, NAME, username, "X_CLIENT_SECRET")
    return Settings(
        base=b.base_url(env, NAME, BASES["x"]),
        username=username,
        access=Secret(env.get("X_ACCESS_TOKEN", "")),
        refresh=Secret(env["X_REFRESH_TOKEN"]) if has_refresh else None,
        client_id=env.get("X_CLIENT_ID", ""),
        client_secret=Secret(env["X_CLIENT_SECRET"]) if env.get("X_CLIENT_SECRET") else None,
    )


def preflight(api: Api, settings: Settings) -> str:
    """`GET /2/users/me`: the token works and belongs to the configured account."""
    name = str(_data(_call(api, settings, "GET", "/2/users/me", op="read")).get("username", ""))
    if name.lower() != settings.username.lower():
        message = f"x: token milik @{name}, bukan @{settings.username}"
        hint = b.account_hint(NAME, settings.username)
        raise PublishError(Verdict.PERMANENT, message, hint=hint, code="wrong_account")
    return f"@{name}"


def publish(api: Api, settings: Settings, job: Job, marks: Marks) -> Remote:
    """Upload (or reuse) the media, create the post, read it back."""
    post_id = marks.get("post")
    problem = "X tidak punya unggahan privat" if job.private else ""
    done = post_id is not None or problem  # the files matter only while a post is to be made
    kinds = [] if done else [media_kind(m)[1] for m in job.media]
    if {"tweet_video", "tweet_gif"} & set(kinds) and len(kinds) > 1:
        problem = "X menerima satu video atau satu GIF saja, tanpa media lain"
    elif len(kinds) > 4:
        problem = "X menerima paling banyak 4 foto"
    if problem:
        raise PublishError(Verdict.PERMANENT, f"x: {problem}", code="shape")
    if post_id is None:
        post_id = _create(api, settings, job, marks, _media(api, settings, job, marks))
    params = {"tweet.fields": "created_at,text"}
    try:
        path = f"/2/tweets/{post_id}"
        data = _data(_call(api, settings, "GET", path, op="read", params=params))
        problem = "tidak ditemukan"
    except PublishError as exc:
        if exc.verdict is Verdict.REAUTH:
            raise
        data, problem = {}, exc.message
    if str(data.get("id", "")) != post_id:
        message = f"x: post {post_id} tidak terbaca kembali ({problem})"
        raise PublishError(Verdict.UNKNOWN, message, hint=UNSURE)
    return _remote(settings, post_id, data)


def find(api: Api, settings: Settings, job: Job, since: datetime) -> list[Remote]:
    """Our posts since `since` (to the second, as X's `start_time`) whose text, URLs masked,
    is the job's."""
    since = (since if since.tzinfo else since.replace(tzinfo=UTC)).replace(microsecond=0)
    me = str(_data(_call(api, settings, "GET", "/2/users/me", op="read")).get("id", ""))
    params: dict[str, Any] = {
        "start_time": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "max_results": 100,
        "tweet.fields": "created_at,text",
    }
    found: list[Remote] = []
    for _ in range(PAGES):
        reply = _call(api, settings, "GET", f"/2/users/{me}/tweets", op="read", params=params)
        for tweet in reply.get("data") or []:
            if _same_text(job, str(tweet.get("text", ""))) and _when(tweet) >= since:
                found.append(_remote(settings, str(tweet["id"]), tweet))
        token = (reply.get("meta") or {}).get("next_token")
        if not token:
            break
        params = {**params, "pagination_token": token}
    return found


def classify(status: int, body: Any) -> Verdict | None:
    """X's own errors: `{"title","detail","type","status"}` or `{"errors":[...]}`."""
    if status == 403:
        return Verdict.UNKNOWN if "duplicate content" in _words(body) else Verdict.PERMANENT
    if status == 401:
        return Verdict.REAUTH
    if status == 400 and isinstance(body, dict) and isinstance(body.get("error"), str):
        return Verdict.REAUTH  # the OAuth token endpoint: invalid_request / invalid_grant
    if status == 429 or status >= 500:
        return Verdict.RETRY  # 429 includes usage-capped; Api makes a 5xx on create UNKNOWN
    return None


def text_key(text: str) -> str:
    """`text_hash` with every URL masked: X returns each URL as a t.co link."""
    text = SCHEME_URL.sub("\x00url", text)  # first: greedy, so both sides mask the same span
    for item in sorted(extract_urls_with_indices(text), key=lambda u: -u["indices"][0]):
        start, end = item["indices"]  # then bare domains X links too (bpsip.id/panen)
        text = text[:start] + "\x00url" + text[end:]
    return b.text_hash(text)


def cost(job: Job) -> float:
    """US dollars X charges for this post (pay-per-use, docs/platform-facts.md §3.3)."""
    has_url = bool(SCHEME_URL.search(job.text) or extract_urls_with_indices(job.text))
    alts = sum(1 for m in job.media if m.kind == "image" and m.alt)
    return round((PRICE_POST_URL if has_url else PRICE_POST) + PRICE_METADATA * alts, 4)


def refresh(api: Api, settings: Settings) -> Tokens:
    """`POST /2/oauth2/token`, once. X rotates refresh tokens: the old one dies; store the new.

    X, "OAuth 2.0 Authorization Code Flow with PKCE" (read 2026-12-03): "Working with
    confidential clients": a confidential client (the "Web App, Automated App or Bot" type)
    authenticates with HTTP Basic `client_id:client_secret` on the token endpoints; a public
    client (the "Native App" type) sends `client_id` in the form instead ("This request will
    work for public clients"). One method only (RFC 6749 §2.3.1)."""
    hint = b.account_hint(NAME, settings.username)
    if not settings.refresh or not settings.client_id:
        message = "x: secret X_REFRESH_TOKEN atau X_CLIENT_ID tidak ada"
        raise PublishError(Verdict.REAUTH, message, hint=hint, code="missing_secret")
    form = {"grant_type": "refresh_token", "refresh_token": settings.refresh.reveal()}
    headers: dict[str, str] = {}
    if settings.client_secret:
        pair = f"{settings.client_id}:{settings.client_secret.reveal()}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    else:
        form["client_id"] = settings.client_id
    url = f"{settings.base}/2/oauth2/token"
    return oauth.exchange(api, NAME, url, form, headers=headers, hint=hint)


# --- steps ------------------------------------------------------------------------------


def media_kind(item: Media) -> tuple[str, str]:
    """`(media_type, media_category)` of one file, from its own bytes as the build job sniffed
    them (`item.mime`, `item.animated`, recorded in build/publish-inputs.json with the file's
    sha256, which publishing checked; a `.mov` is `video/quicktime`, an animated GIF
    `tweet_gif`): X API v2, "Initialize media upload" (`media_type` and `media_category`
    enums) and "Chunked Media Upload", section "Media categories" (read 2026-12-03). PERMANENT,
    before anything is sent, when X would refuse the file: a type X does not take for posts, or
    a file over its category's size limit. Nothing here opens the file."""
    mime = item.mime
    if mime in VIDEO_TYPES:
        category = "tweet_video"
    elif mime == "image/gif" and item.animated:
        category = "tweet_gif"
    elif mime in IMAGE_TYPES:
        category = "tweet_image"
    else:
        raise PublishError(
            Verdict.PERMANENT,
            f"x: {item.path.name}: jenis berkas {mime or 'tidak dikenal'} tidak diterima X",
            hint="render ulang: X menerima foto JPG, PNG, GIF, WEBP atau video MP4/MOV",
            code="media_type",
        )
    size, limit = item.size, LIMITS[category]
    if size > limit:
        raise PublishError(
            Verdict.PERMANENT,
            f"x: {item.path.name}: {size} byte melebihi batas {category} ({limit} byte)",
            hint="render ulang dengan ukuran berkas lebih kecil",
            code="media_size",
        )
    return mime, category


def _media(api: Api, s: Settings, job: Job, marks: Marks) -> list[str]:
    """Each media id: a saved one X still accepts, else a new upload; then its alt text."""
    ids: list[str] = []
    for i, item in enumerate(job.media):
        kind = media_kind(item)
        saved = marks.get(f"media.{i}")
        state = _status(api, s, saved) if saved else "gone"
        media_id = saved if saved and state == "ok" else ""
        if not media_id:
            tries = 1 if state == "failed" else 2  # a failed processing starts over once
            media_id = _upload(api, s, item, kind, marks, f"media.{i}", tries)
        if kind[1] != "tweet_video" and item.alt:  # alt text: images and GIFs
            body = {"id": media_id, "metadata": {"alt_text": {"text": item.alt[:ALT_MAX]}}}
            _call(api, s, "POST", "/2/media/metadata", op="upload", json_body=body)
        ids.append(media_id)
    return ids


def _upload(
    api: Api,
    s: Settings,
    item: Media,
    kind: tuple[str, str],
    marks: Marks,
    name: str,
    tries: int,
) -> str:
    """Upload, saving the id at once; wait for processing; PERMANENT after `tries` failures."""
    error: str | None = None
    for _ in range(tries):
        media_id = _chunked(api, s, item, kind, marks, name)
        reply = _call(api, s, "POST", f"/2/media/upload/{media_id}/finalize", op="upload")
        info = _data(reply).get("processing_info")  # none: the media is ready [X-CHUNK step 3]
        error = _await(api, s, media_id, info) if isinstance(info, dict) else None
        if error is None:
            return media_id
    raise PublishError(Verdict.PERMANENT, f"x: media gagal diproses: {error}", code="media")


def _chunked(
    api: Api, s: Settings, item: Media, kind: tuple[str, str], marks: Marks, name: str
) -> str:
    """INITIALIZE (JSON `media_type`, `total_bytes`, `media_category`; the id saved at once),
    then APPEND every `CHUNK` in order. X recommends the chunked upload for images, GIFs and
    videos alike ("Media upload endpoints on the X API v2", section "Creation"); the simple
    upload takes no `media_type` (read 2026-12-03)."""
    init = {
        "media_type": kind[0],
        "total_bytes": item.path.stat().st_size,
        "media_category": kind[1],
    }
    reply = _call(api, s, "POST", "/2/media/upload/initialize", op="upload", json_body=init)
    marks.save(name, media_id := _id(reply))
    with item.path.open("rb") as stream:
        for index, chunk in enumerate(iter(lambda: stream.read(CHUNK), b"")):
            files = {"media": ("blob", chunk, "application/octet-stream")}
            path, form = f"/2/media/upload/{media_id}/append", {"segment_index": str(index)}
            _call(api, s, "POST", path, op="upload", files=files, data=form)
    return media_id


def _status(api: Api, s: Settings, media_id: str) -> str:
    """A saved media id: "ok" (ready), "failed" (processing failed) or "gone" (4xx)."""
    params = {"command": "STATUS", "media_id": media_id}
    try:
        reply = _call(api, s, "GET", "/2/media/upload", op="read", params=params)
    except PublishError as exc:
        if exc.verdict is Verdict.PERMANENT:
            return "gone"  # expired, unknown or never finalized: upload again
        raise
    info = _data(reply).get("processing_info")
    if not isinstance(info, dict):
        return "ok"
    return "ok" if _await(api, s, media_id, info) is None else "failed"


def _await(api: Api, s: Settings, media_id: str, info: dict[str, Any]) -> str | None:
    """Poll STATUS (every `check_after_secs`) until succeeded (None) or failed (X's words)."""
    start, params = time.monotonic(), {"command": "STATUS", "media_id": media_id}
    while info.get("state") != "succeeded":
        if info.get("state") == "failed":
            error = info.get("error") or {}
            return str(error.get("message") or error.get("name") or "failed")
        if time.monotonic() - start > api.timing.poll_timeout_s:
            hint = "dilanjutkan pada jalan berikutnya"
            raise PublishError(Verdict.RETRY, f"x: media {media_id} masih diproses", hint=hint)
        api.wait(max(api.timing.poll_s, _after(info)))
        reply = _call(api, s, "GET", "/2/media/upload", op="read", params=params)
        info = _data(reply).get("processing_info") or {"state": "succeeded"}
    return None


def _create(api: Api, s: Settings, job: Job, marks: Marks, media_ids: list[str]) -> str:
    """`POST /2/tweets`; a 400 with media re-checks the ids once (they may have expired)."""
    for again in (False, True):
        body: dict[str, Any] = {"text": job.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        try:
            reply = _call(api, s, "POST", "/2/tweets", op="publish", json_body=body)
        except PublishError as exc:
            if again or not media_ids or exc.status != 400:
                raise
            fresh = _media(api, s, job, marks)  # a 400 means nothing was created
            if fresh == media_ids:
                raise
            media_ids = fresh
            continue
        post_id = str(_data(reply).get("id", ""))
        if not post_id:
            raise PublishError(Verdict.UNKNOWN, "x: jawaban tanpa id post", hint=UNSURE)
        marks.save("post", post_id)
        return post_id
    raise AssertionError("unreachable")  # pragma: no cover


# --- helpers ----------------------------------------------------------------------------


def _call(api: Api, s: Settings, method: str, path: str, *, op: b.Op, **kw: Any) -> dict[str, Any]:
    """One request with the bearer token; a dead token names the account to reconnect."""
    try:
        reply = api.request(method, s.base + path, op=op, headers=api.bearer(), **kw)
    except PublishError as exc:
        if exc.verdict is Verdict.REAUTH and not exc.hint:
            exc.hint = b.account_hint(NAME, s.username)
        raise
    return reply if isinstance(reply, dict) else {}


def _after(info: Mapping[str, Any]) -> float:
    """`processing_info.check_after_secs`: how long X asks us to wait before the next STATUS
    ("Chunked Media Upload", step 4, read 2026-12-03)."""
    value = info.get("check_after_secs")
    return float(value) if isinstance(value, int | float) and value > 0 else 0.0


def _data(reply: dict[str, Any]) -> dict[str, Any]:
    data = reply.get("data")
    return data if isinstance(data, dict) else {}


def _id(reply: dict[str, Any]) -> str:
    if media_id := str(_data(reply).get("id", "")):
        return media_id
    raise PublishError(Verdict.RETRY, "x: jawaban unggahan tanpa id media")


def _remote(s: Settings, post_id: str, data: Mapping[str, Any]) -> Remote:
    return Remote(
        id=post_id,
        url=f"https://x.com/{s.username}/status/{post_id}",
        published_at=str(data.get("created_at", "")),
        extra={"text": str(data.get("text", ""))},
    )


def _same_text(job: Job, returned: str) -> bool:
    """X escapes & < > and appends a t.co link for attached media: allow for both."""
    text, want = html.unescape(returned), text_key(job.text)
    if text_key(text) == want:
        return True
    return bool(job.media) and text_key(MEDIA_LINK.sub("", text)) == want


def _when(tweet: Mapping[str, Any]) -> datetime:
    try:
        when = datetime.fromisoformat(str(tweet.get("created_at", "")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _words(body: Any) -> str:
    """Every human-readable field of an X error body, lower-cased."""
    if not isinstance(body, dict):
        return ""
    parts = [str(body.get(k, "")) for k in ("title", "detail", "type")]
    errors = body.get("errors")
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict):
            parts += [str(error.get("message", "")), str(error.get("detail", ""))]
    return " ".join(parts).lower()
