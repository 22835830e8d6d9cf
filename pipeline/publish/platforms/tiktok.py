"""TikTok Content Posting API (docs/platform-facts.md §4): direct videos (FILE_UPLOAD in `CHUNK`
pieces, or PULL_FROM_URL), photo posts (PULL_FROM_URL), status polling, token refresh.

Init is not idempotent, so the publish id is saved the moment init returns, before a byte is
uploaded (postiz #1682). A rerun polls that id and inits again only after TikTok says FAILED for
a reason that proves the old id dead (trypost #281, AiToEarn #586). A crash mid-upload leaves the
id in PROCESSING_UPLOAD until the upload URL expires (1 h); TikTok then reports FAILED.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pipeline.config import Account
from pipeline.publish import oauth
from pipeline.publish.api import Api
from pipeline.publish.base import (
    Job,
    Marks,
    Media,
    PublishError,
    Remote,
    Secret,
    Tokens,
    Verdict,
    account_hint,
    base_url,
    require,
    text_hash,
)

NAME = "tiktok"
PULLS_FROM_URL = True
ENV = (
    "TIKTOK_ACCESS_TOKEN",
    "TIKTOK_REFRESH_TOKEN",
    "TIKTOK_CLIENT_KEY",
    "TIKTOK_CLIENT_SECRET",
    "TIKTOK_VIDEO_SOURCE",
    "TIKTOK_PRIVACY",
    "PIPELINE_TIKTOK_URL",
)
BASES = {"tiktok": "https://open.tiktokapis.com"}
CHUNK = 10 * 1024 * 1024  # FILE_UPLOAD chunk (5-64 MB allowed); a smaller file goes whole
LEVELS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")
SOURCES = ("FILE_UPLOAD", "PULL_FROM_URL")
UPLOAD_TYPES = ("video/mp4", "video/quicktime", "video/webm")
LIST_FIELDS = "id,title,video_description,create_time,share_url"
FAIL_REINIT = frozenset({"internal", "video_pull_failed", "photo_pull_failed"})  # old id is dead
REAUTH = frozenset({"access_token_invalid", "scope_not_authorized"})
# Content Posting API reference, "Direct Post" > "Error codes" (read 2026-12-03):
# rate_limit_exceeded (429) is the per-token one-minute window ("Rate Limits": "one minute
# sliding window"): retried, else put off to the next run.
RETRY = frozenset({"rate_limit_exceeded"})
# Daily caps, not refusals of the content: "spam_risk_too_many_posts: The daily post cap from
# the API is reached for the current user"; "reached_active_user_cap: The daily quota for
# active publishing users from your client is reached"; spam_risk_too_many_pending_share (the
# "Upload" reference: the daily cap of uploads waiting in the inbox). TikTok names no reset
# time, so the runner puts the platform off until the next midnight in the office's time zone.
DAILY = frozenset(
    {"spam_risk_too_many_posts", "spam_risk_too_many_pending_share", "reached_active_user_cap"}
)
OAUTH_DEAD = frozenset({"invalid_grant", "invalid_client", "access_denied", "unauthorized_client"})
PERMANENT = frozenset(
    {
        "spam_risk_user_banned_from_posting",
        "unaudited_client_can_only_post_to_private_accounts",
        "url_ownership_unverified",
        "privacy_level_option_mismatch",
        "invalid_param",
        "invalid_params",
    }
)
CHECKS = ("file_format", "duration", "frame_rate", "picture_size")  # fail_reason: re-render
HINTS = {
    "spam_risk_too_many_posts": "batas unggahan harian akun TikTok tercapai; dicoba lagi besok",
    "spam_risk_too_many_pending_share": "batas unggahan tertunda TikTok habis; dicoba lagi besok",
    "spam_risk_user_banned_from_posting": "akun TikTok diblokir untuk mengunggah; cek aplikasi",
    "reached_active_user_cap": "kuota kreator harian aplikasi TikTok habis; dicoba lagi besok",
    "unaudited_client_can_only_post_to_private_accounts": (
        "aplikasi TikTok belum diaudit: akun harus privat dan TIKTOK_PRIVACY=SELF_ONLY"
    ),
    "url_ownership_unverified": "domain situs belum diverifikasi di TikTok for Developers",
    "privacy_level_option_mismatch": "TIKTOK_PRIVACY tidak tersedia untuk akun ini",
} | {f"{k}_check_failed": "render ulang media: ditolak TikTok" for k in CHECKS}


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """One TikTok account. Tokens are `Secret`s: `repr` never shows them."""

    base: str
    account: str
    username: str
    access: Secret
    refresh: Secret
    client_key: str
    client_secret: Secret
    video_source: str = "FILE_UPLOAD"
    privacy: str = "auto"


def settings(env: Mapping[str, str], account: Account) -> Settings:
    """The access token is required unless the refresh trio is there (it is only 2 h valid)."""
    name = account.username or account.account_id or NAME
    if not env.get("TIKTOK_ACCESS_TOKEN"):
        require(
            env, NAME, name, "TIKTOK_REFRESH_TOKEN", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"
        )
    source = env.get("TIKTOK_VIDEO_SOURCE") or "FILE_UPLOAD"
    privacy = env.get("TIKTOK_PRIVACY") or "auto"
    for key, value, allowed in (
        ("TIKTOK_VIDEO_SOURCE", source, SOURCES),
        ("TIKTOK_PRIVACY", privacy, ("auto", *LEVELS)),
    ):
        if value not in allowed:
            raise PublishError(
                Verdict.PERMANENT,
                f"tiktok: {key}={value} tidak dikenal",
                hint=f"pilih salah satu: {', '.join(allowed)}",
                code="config",
            )
    return Settings(
        base=base_url(env, NAME, BASES["tiktok"]),
        account=name,
        username=account.username or "",
        access=Secret(env.get("TIKTOK_ACCESS_TOKEN", "")),
        refresh=Secret(env.get("TIKTOK_REFRESH_TOKEN", "")),
        client_key=env.get("TIKTOK_CLIENT_KEY", ""),
        client_secret=Secret(env.get("TIKTOK_CLIENT_SECRET", "")),
        video_source=source,
        privacy=privacy,
    )


def classify(status: int, body: Any) -> Verdict | None:
    """TikTok's `error.code` (content API) or OAuth `error` string; "ok" defers to the status."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):  # OAuth: {"error": "invalid_grant", "error_description", ...}
        return Verdict.REAUTH if error in OAUTH_DEAD else None
    code = str(error.get("code") or "ok") if isinstance(error, dict) else "ok"
    if code == "ok":
        return None
    if code in REAUTH:
        return Verdict.REAUTH
    if code in RETRY:
        return Verdict.RETRY
    if code in DAILY:
        return Verdict.THROTTLED
    if code in PERMANENT:
        return Verdict.PERMANENT
    if code == "internal_error":  # Api makes RETRY + 5xx on a create UNKNOWN
        return Verdict.RETRY if status >= 500 else Verdict.UNKNOWN
    return None if status >= 300 else Verdict.PERMANENT  # an unknown error code in a 2xx


def _call(api: Api, s: Settings, path: str, *, op: Any, body: Any = None, **kw: Any) -> dict:
    """POST to the content API; return `data`, with our hint on any error."""
    headers = {**api.bearer(), "Content-Type": "application/json; charset=UTF-8"}
    try:
        reply = api.request("POST", s.base + path, op=op, headers=headers, json_body=body, **kw)
    except PublishError as exc:
        hint = account_hint(NAME, s.account) if exc.verdict is Verdict.REAUTH else ""
        exc.hint = exc.hint or HINTS.get(exc.code, hint)
        raise
    data = reply.get("data") if isinstance(reply, dict) else None
    return data if isinstance(data, dict) else {}


def creator(api: Api, settings: Settings) -> dict:
    """creator_info: nickname, username, privacy options, max video duration (audit UX)."""
    return _call(api, settings, "/v2/post/publish/creator_info/query/", op="read")


def preflight(api: Api, settings: Settings) -> str:
    info = creator(api, settings)
    return str(info.get("creator_nickname") or info.get("creator_username") or settings.account)


def _privacy(s: Settings, job: Job, info: dict) -> str:
    """The level to post with: always one of creator_info's `privacy_level_options` ("Query
    Creator Info", read 2026-12-03; init refuses others with privacy_level_option_mismatch).
    `auto` takes PUBLIC_TO_EVERYONE when offered (a public account), else SELF_ONLY."""
    options = [str(o) for o in info.get("privacy_level_options") or []]
    wanted = s.privacy
    if job.private:
        wanted = "SELF_ONLY"
    elif wanted == "auto":
        wanted = "PUBLIC_TO_EVERYONE" if "PUBLIC_TO_EVERYONE" in options else "SELF_ONLY"
    if wanted not in options:
        code = "privacy_level_option_mismatch"
        raise PublishError(
            Verdict.PERMANENT,
            f"tiktok: privasi {wanted} tidak ada di pilihan akun ({', '.join(options)})",
            hint=HINTS[code],
            code=code,
        )
    return wanted


def _post_settings(info: dict, *, video: bool) -> dict[str, Any]:
    """What the post allows, as creator_info says the creator allows it ("Query Creator
    Info", read 2026-12-03: `comment_disabled`, `duet_disabled`, `stitch_disabled` are true
    when the creator set that interaction to "No one"; the post must then disable it too).
    The office enables every interaction its creator allows: answering the public is part of
    its work. Photo posts take `disable_comment` only ("Photo Post" reference)."""
    allowed = {"disable_comment": info.get("comment_disabled") is True}
    if video:
        allowed["disable_duet"] = info.get("duet_disabled") is True
        allowed["disable_stitch"] = info.get("stitch_disabled") is True
    # Commercial content disclosure ("Direct Post" reference, post_info fields
    # `brand_content_toggle`: a paid partnership promoting a third-party business;
    # `brand_organic_toggle`: promoting the creator's own business; read 2026-12-03).
    # A government office's public-information post is neither: nothing is sold or paid
    # for, and no business is promoted. Both are therefore sent, and false.
    return allowed | {"brand_content_toggle": False, "brand_organic_toggle": False}


def publish(api: Api, settings: Settings, job: Job, marks: Marks) -> Remote:
    s = settings
    info = creator(api, s)
    username = str(info.get("creator_username") or s.username)
    publish_id = marks.get("publish")
    try:
        level = _privacy(s, job, info)
    except PublishError:
        if publish_id is None:
            raise
        level = s.privacy  # resuming: TikTok holds the level; it only decides id waiting
    reinit = fresh = False
    if publish_id is None:
        publish_id, fresh = _init(api, s, job, info, level, marks), True
    while True:
        data = _poll(api, s, publish_id, level)
        if data.get("status") == "PUBLISH_COMPLETE":
            return _remote(publish_id, data, level, username)
        reason = str(data.get("fail_reason") or "unknown")
        if reason in DAILY and fresh:  # "Get Post Status" fail_reason: the cap, now
            raise PublishError(
                Verdict.THROTTLED,
                f"tiktok: publish {publish_id} FAILED ({reason})",
                hint=HINTS.get(reason, "dicoba lagi besok"),
                code=reason,
            )
        if (reason in FAIL_REINIT or reason in DAILY) and not reinit:
            # at most one fresh init per call; the failed id cannot publish (a daily cap
            # from an earlier run has been waited out: the runner put the pair off)
            reinit = fresh = True
            publish_id = _init(api, s, job, info, level, marks)
            continue
        verdict = Verdict.RETRY if reason in FAIL_REINIT else Verdict.PERMANENT
        raise PublishError(
            verdict,
            f"tiktok: publish {publish_id} FAILED ({reason})",
            hint=HINTS.get(
                reason, "dicoba lagi pada jalan berikutnya" if reinit else "cek di TikTok"
            ),
            code=reason,
        )


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _limit(text: str, limit: int, what: str) -> str:
    if _u16(text) > limit:
        raise PublishError(Verdict.PERMANENT, f"tiktok: {what} {_u16(text)} > {limit} karakter")
    return text


def _cut(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units, cut at a word boundary with an ellipsis."""
    if _u16(text) <= limit:
        return text
    out = ""
    for word in text.split():
        if _u16(f"{out} {word}".strip()) > limit - 1:
            break
        out = f"{out} {word}".strip()
    while not out and _u16(text) > limit - 1:
        text = text[:-1]
    return (out or text) + "…"


def _init(api: Api, s: Settings, job: Job, info: dict, level: str, marks: Marks) -> str:
    """Create a publish id, save it at once, then upload the bytes (FILE_UPLOAD)."""
    video = next((m for m in job.media if m.kind == "video"), None)
    images = [m for m in job.media if m.kind == "image"]
    upload: tuple[int, int, int] | None = None
    body: dict[str, Any]
    if video is not None:
        _check_duration(video, info)
        post: dict[str, Any] = {"title": _limit(job.text, 2200, "caption"), "privacy_level": level}
        post |= _post_settings(info, video=True)
        post["video_cover_timestamp_ms"] = 1000
        if s.video_source == "PULL_FROM_URL":
            source: dict[str, Any] = {"source": "PULL_FROM_URL", "video_url": video.url}
        else:
            size = video.path.stat().st_size
            chunk = min(CHUNK, size) or 1
            upload = (size, chunk, max(1, size // chunk))
            source = {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk}
            source["total_chunk_count"] = upload[2]
        path, body = "/v2/post/publish/video/init/", {"post_info": post, "source_info": source}
    elif 0 < len(images) <= 35:
        post = {"title": _cut(job.title or job.text.split("\n")[0], 90), "privacy_level": level}
        post |= {"description": _limit(job.text, 4000, "deskripsi")}
        post |= _post_settings(info, video=False) | {"auto_add_music": False}
        source = {"source": "PULL_FROM_URL", "photo_cover_index": 0}
        source["photo_images"] = [m.url for m in images]
        path = "/v2/post/publish/content/init/"
        body = {"media_type": "PHOTO", "post_mode": "DIRECT_POST", "post_info": post}
        body["source_info"] = source
    else:
        raise PublishError(Verdict.PERMANENT, "tiktok: butuh 1 video atau 1-35 foto")
    data = _call(api, s, path, op="create", body=body)
    publish_id = str(data.get("publish_id") or "")
    if not publish_id:
        raise PublishError(Verdict.UNKNOWN, "tiktok: init tanpa publish_id")
    marks.save("publish", publish_id)
    if video is not None and upload is not None:
        _upload(api, video, str(data.get("upload_url") or ""), *upload)
    return publish_id


def _upload(api: Api, video: Media, url: str, size: int, chunk: int, count: int) -> None:
    """PUT the file in `count` sequential chunks; the last one takes the remainder."""
    if not url:
        raise PublishError(Verdict.RETRY, "tiktok: init tanpa upload_url")
    split = urlsplit(url)  # the query (upload_token) goes in params so the trace redacts it
    target, params = urlunsplit(split._replace(query="")), dict(parse_qsl(split.query))
    # "Direct Post" reference, "Send Video to TikTok Servers": Content-Type is one of
    # video/mp4, video/quicktime, video/webm (read 2026-12-03): the file's own type, as the
    # build job sniffed it (`video.mime`; publishing never parses the file).
    ctype = video.mime if video.mime in UPLOAD_TYPES else None
    with video.path.open("rb") as fh:
        for index in range(count):
            start = index * chunk
            end = size if index == count - 1 else start + chunk
            fh.seek(start)
            headers = {"Content-Type": ctype or "video/mp4"}
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
            content = fh.read(end - start)
            api.request("PUT", target, op="upload", params=params, headers=headers, content=content)


def _poll(api: Api, s: Settings, publish_id: str, level: str) -> dict:
    """Status until PUBLISH_COMPLETE (with a post id, for public posts) or FAILED."""
    start = time.monotonic()
    while True:
        data = _call(
            api, s, "/v2/post/publish/status/fetch/", op="read", body={"publish_id": publish_id}
        )
        status = str(data.get("status") or "")
        if status == "FAILED" or (
            status == "PUBLISH_COMPLETE"
            and (level == "SELF_ONLY" or data.get("publicaly_available_post_id"))
        ):
            return data
        if status == "SEND_TO_USER_INBOX":
            raise PublishError(Verdict.PERMANENT, f"tiktok: {publish_id} masuk inbox (draf)")
        if time.monotonic() - start > api.timing.poll_timeout_s:
            if status == "PUBLISH_COMPLETE":
                return data  # published, still in moderation: no public id yet
            raise PublishError(
                Verdict.RETRY,
                f"tiktok: publish {publish_id} masih {status or 'diproses'}",
                hint="TikTok masih memproses; dilanjutkan pada jalan berikutnya",
            )
        api.wait(api.timing.poll_s)


def _remote(publish_id: str, data: dict, level: str, username: str) -> Remote:
    ids = [str(i) for i in data.get("publicaly_available_post_id") or []]
    extra: dict[str, Any] = {"privacy": level, "publish_id": publish_id}
    if ids:  # AiToEarn #586: keep every public id TikTok reports
        url = f"https://www.tiktok.com/@{username}/video/{ids[0]}"
        return Remote(id=ids[0], url=url, extra={**extra, "post_ids": ids})
    if level != "SELF_ONLY":
        extra["moderation"] = "pending"
    return Remote(id=publish_id, url=f"https://www.tiktok.com/@{username}", extra=extra)


def _check_duration(video: Media, info: dict) -> None:
    # The duration the build job measured (build/publish-inputs.json): this job with the
    # tokens opens no media file to learn it.
    limit, seconds = info.get("max_video_post_duration_sec"), video.seconds
    if isinstance(limit, bool) or not isinstance(limit, int | float):
        return
    if seconds is not None and seconds > limit:
        raise PublishError(
            Verdict.PERMANENT,
            f"tiktok: video {seconds:.0f} s > batas akun {limit:.0f} s",
            hint="potong video sesuai batas durasi akun TikTok",
            code="duration_check_failed",
        )


def refresh(api: Api, settings: Settings) -> Tokens:
    """A new access token, asked for once. The refresh token ROTATES: store `Tokens.refresh`
    before anything else; the old one stops working, so a request whose answer is lost is
    never repeated (`oauth.exchange`: a re-authorisation, not a retry). TikTok for Developers,
    "Refresh a User Access Token" (read 2026-12-03): form-encoded `client_key`,
    `client_secret`, `grant_type=refresh_token`, `refresh_token`."""
    s = settings
    if not (s.refresh and s.client_key and s.client_secret):
        require(
            {}, NAME, s.account, "TIKTOK_REFRESH_TOKEN", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"
        )
    form = {"client_key": s.client_key, "client_secret": s.client_secret.reveal()}
    form |= {"grant_type": "refresh_token", "refresh_token": s.refresh.reveal()}
    hint = account_hint(NAME, s.account)
    return oauth.exchange(api, NAME, s.base + "/v2/oauth/token/", form, hint=hint)


def find(api: Api, settings: Settings, job: Job, since: datetime) -> list[Remote]:
    """Our videos (at most 5 pages of 20, newest first) with the job's text, since `since`.
    The list shows public posts only: a SELF_ONLY post cannot be reconciled here."""
    found: list[Remote] = []
    floor, cursor = since.timestamp(), None
    for _ in range(5):
        body: dict[str, Any] = {"max_count": 20} | ({} if cursor is None else {"cursor": cursor})
        data = _call(
            api, settings, "/v2/video/list/", op="read", params={"fields": LIST_FIELDS}, body=body
        )
        videos = [v for v in data.get("videos") or [] if isinstance(v, dict)]
        for video in videos:
            created = float(video.get("create_time") or 0)
            hashes = {text_hash(str(video.get(k) or "")) for k in ("title", "video_description")}
            if created >= floor and job.text_sha256 in hashes:
                at = datetime.fromtimestamp(created, UTC).isoformat()
                url = str(video.get("share_url") or "")
                found.append(Remote(id=str(video.get("id")), url=url, published_at=at))
        oldest = min((float(v.get("create_time") or 0) for v in videos), default=0.0)
        if not data.get("has_more") or data.get("cursor") is None or oldest < floor:
            break
        cursor = data["cursor"]
    return found
