"""TikTok Content Posting API stand-in (docs/platform-facts.md §4): creator_info, video, photo init,
chunked uploads to a signed upload URL, status polling, the video list and OAuth refresh with
rotating refresh tokens.

It validates what TikTok validates (bearer token, privacy level among the creator's options,
caption lengths, chunk sizes and their order, verified URL prefixes) and answers in TikTok's
shape: `{"data": {...}, "error": {"code", "message", "log_id"}}`; OAuth errors are
`{"error", "error_description", "log_id"}`. Pulled media (PULL_FROM_URL) are really fetched with
httpx, so they must not be served by this same stand-in. Time comes from `clock` (injectable):
access tokens live `access_lifetime` s, upload URLs `upload_lifetime` s.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from pipeline.publish.standins.server import Reply, Request, StandIn

MIN_CHUNK = 5 * 1024 * 1024
MAX_CHUNK = 64 * 1024 * 1024
LEVELS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")
# "Query Creator Info", `privacy_level_options` (read 2026-12-03): what a public and what a
# private creator account is offered.
PUBLIC_OPTIONS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
PRIVATE_OPTIONS = ("FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
DAY_S = 86400.0
RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)$")


def tt_error(code: str, message: str = "", status: int = 400) -> Reply:
    """An error in the content API's own shape."""
    error = {"code": code, "message": message or code, "log_id": "202611220000000000TT"}
    return Reply(status, {"data": {}, "error": error})


def oauth_error(error: str, description: str, status: int = 400) -> Reply:
    return Reply(status, {"error": error, "error_description": description, "log_id": "20261122"})


def _ok(data: dict[str, Any]) -> Reply:
    return Reply(200, {"data": data, "error": {"code": "ok", "message": "", "log_id": "2026"}})


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class Publish:
    """One publish id and how far it got."""

    id: str
    kind: str  # video | photo
    source: str  # FILE_UPLOAD | PULL_FROM_URL
    post_info: dict[str, Any]
    created: float
    size: int = 0
    chunk: int = 0
    count: int = 0
    upload_token: str = ""
    ranges: list[tuple[int, int]] = field(default_factory=list)
    pulled: bool = True  # PULL_FROM_URL: every URL answered 200
    polls: int = 0
    status: str = "PROCESSING_UPLOAD"
    fail_reason: str = ""
    post_id: str = ""

    @property
    def uploaded(self) -> int:
        return sum(b - a + 1 for a, b in self.ranges)


class TikTokStandIn(StandIn):
    """`publishes` (every init), `posts` (what went live) and `tokens` are the state."""

    name = "tiktok"

    def __init__(
        self,
        *,
        tokens: Iterable[str] = ("tt-access",),
        refresh_tokens: Iterable[str] = ("tt-refresh",),
        client_key: str = "tt-client",
        client_secret: str = "tt-secret",  # noqa: S107 - a stand-in credential
        username: str = "bpsipjabar",
        nickname: str = "BPSIP Jawa Barat",
        privacy_options: Iterable[str] | None = None,
        private_account: bool = False,
        comment_disabled: bool = False,
        duet_disabled: bool = False,
        stitch_disabled: bool = False,
        daily_cap: int | None = None,
        audited: bool = True,
        max_duration: int = 600,
        processing_polls: int = 1,
        access_lifetime: float = 7200.0,
        upload_lifetime: float = 3600.0,
        verified_prefixes: Iterable[str] | None = None,
        clock: Callable[[], float] = time.time,
        scope: str = "user.info.basic,video.publish,video.list",
    ) -> None:
        super().__init__()
        self.clock = clock
        self.scope = scope  # comma-separated, as the token endpoint returns it
        self.presented: list[str] = []  # every refresh token presented, in order
        self.access_lifetime, self.upload_lifetime = access_lifetime, upload_lifetime
        self.tokens: dict[str, float] = {t: clock() + access_lifetime for t in tokens}
        self.refresh_tokens = set(refresh_tokens)
        self.client = (client_key, client_secret)
        self.username, self.nickname, self.audited = username, nickname, audited
        options = PRIVATE_OPTIONS if private_account else PUBLIC_OPTIONS
        self.privacy_options = list(options if privacy_options is None else privacy_options)
        # "Query Creator Info": duet_disabled is true "if the creator account is private or
        # they set the Duet interaction to 'No one'"; stitch_disabled likewise.
        self.comment_disabled = comment_disabled
        self.duet_disabled = duet_disabled or private_account
        self.stitch_disabled = stitch_disabled or private_account
        self.daily_cap = daily_cap  # posts per rolling 24 h (TikTok publishes no number)
        self.overridden: list[tuple[str, str]] = []  # (disable_* the server forced, title)
        self.max_duration, self.processing_polls = max_duration, processing_polls
        self.verified = None if verified_prefixes is None else tuple(verified_prefixes)
        self.publishes: dict[str, Publish] = {}
        self.posts: list[dict[str, Any]] = []
        self.fail_reasons: list[str] = []  # the next publishes to finish FAIL with these
        self.issued: list[str] = []  # access tokens issued by refresh
        self._ids = itertools.count(1)
        for method, pattern, handler in (
            ("POST", r"/v2/oauth/token", self._token),
            ("POST", r"/v2/post/publish/creator_info/query", self._creator),
            ("POST", r"/v2/post/publish/video/init", self._video_init),
            ("POST", r"/v2/post/publish/content/init", self._photo_init),
            ("PUT", r"/upload/(?P<id>[^/]+)", self._upload),
            ("POST", r"/v2/post/publish/status/fetch", self._status),
            ("POST", r"/v2/video/list", self._list),
        ):
            self.route(method, pattern, handler)

    def __enter__(self) -> TikTokStandIn:  # typed as the subclass for tests
        self.start()
        return self

    # --- fault helpers ------------------------------------------------------------------
    def expire_tokens(self) -> None:
        """Every access token issued so far is dead (TikTok's 2 h lifetime, now)."""
        self.tokens = dict.fromkeys(self.tokens, 0.0)

    def fail_next(self, *reasons: str) -> None:
        """The next publishes to finish processing fail with these `fail_reason`s."""
        self.fail_reasons.extend(reasons)

    def add_post(self, text: str, create_time: float, *, title: str = "") -> dict[str, Any]:
        """A post made outside the pipeline (for find())."""
        post_id = str(7_300_000_000_000_000_000 + next(self._ids))
        post: dict[str, Any] = {"id": post_id, "title": title or text, "video_description": text}
        post |= {"create_time": int(create_time), "privacy": "PUBLIC_TO_EVERYONE"}
        post["share_url"] = f"https://www.tiktok.com/@{self.username}/video/{post_id}"
        self.posts.append(post)
        return post

    # --- routes -------------------------------------------------------------------------
    def _auth(self, request: Request) -> Reply | None:
        expiry = self.tokens.get(request.headers.get("authorization", "")[len("Bearer ") :])
        if not request.headers.get("authorization", "").startswith("Bearer ") or not expiry:
            return tt_error("access_token_invalid", "The access token is invalid.", 401)
        if self.clock() >= expiry:
            return tt_error("access_token_invalid", "The access token is expired.", 401)
        return None

    def _token(self, request: Request) -> Reply:
        """TikTok for Developers, "Refresh a User Access Token" (read 2026-12-03): form-encoded
        `client_key`, `client_secret`, `grant_type=refresh_token`, `refresh_token`; the answer
        has `access_token`, `expires_in`, `open_id`, `refresh_expires_in`, `refresh_token` (a
        new one: "The previous refresh token stops working once a new one is issued"), `scope`
        ("A comma-separated list (,) of the scopes the user has agreed to authorize") and
        `token_type`."""
        form = request.form
        if "refresh_token" in form:
            self.presented.append(form["refresh_token"])
        if not request.headers.get("content-type", "").startswith("application/x-www-form"):
            return oauth_error("invalid_request", "The request parameters are malformed.")
        if (form.get("client_key"), form.get("client_secret")) != self.client:
            return oauth_error("invalid_client", "Client authentication failed.", 401)
        if form.get("grant_type") != "refresh_token":
            return oauth_error("unsupported_grant_type", "Grant type is not supported.")
        if form.get("refresh_token") not in self.refresh_tokens:
            return oauth_error("invalid_grant", "Refresh token is invalid or expired.")
        n = next(self._ids)
        self.refresh_tokens = {f"tt-refresh-{n}"}  # rotation: the old one stops working
        access = f"tt-access-{n}"
        self.tokens[access] = self.clock() + self.access_lifetime
        self.issued.append(access)
        body: dict[str, Any] = {
            "access_token": access,
            "refresh_token": f"tt-refresh-{n}",
            "open_id": "open-1",
        }
        body |= {"expires_in": int(self.access_lifetime), "refresh_expires_in": 15_552_000}
        return Reply(200, body | {"scope": self.scope, "token_type": "Bearer"})

    def _creator(self, request: Request) -> Reply:
        """Content Posting API > Direct Post > "Query Creator Info": the fields and their
        meaning as the Response table gives them (read 2026-12-03)."""
        if denied := self._auth(request):
            return denied
        data: dict[str, Any] = {
            "creator_username": self.username,
            "creator_nickname": self.nickname,
        }
        data |= {"creator_avatar_url": "https://p16.tiktokcdn.example/avatar.jpeg"}
        data |= {"privacy_level_options": self.privacy_options}
        data |= {"comment_disabled": self.comment_disabled, "duet_disabled": self.duet_disabled}
        data |= {"stitch_disabled": self.stitch_disabled}
        return _ok(data | {"max_video_post_duration_sec": self.max_duration})

    def _check_post(
        self, request: Request, title_limit: int, *, video: bool = True
    ) -> tuple[dict, dict] | Reply:
        """What init checks, each as the "Direct Post" / "Photo Post" references and their
        "Error codes" tables say (read 2026-12-03)."""
        if denied := self._auth(request):
            return denied
        body = request.json if isinstance(request.json, dict) else {}
        post, source = body.get("post_info") or {}, body.get("source_info") or {}
        level = post.get("privacy_level")
        if not isinstance(post, dict) or not isinstance(source, dict) or level not in LEVELS:
            return tt_error("invalid_params", "post_info/source_info/privacy_level is invalid")
        if level not in self.privacy_options:
            return tt_error("privacy_level_option_mismatch", f"{level} is not an option", 403)
        if not self.audited and level != "SELF_ONLY":
            code = "unaudited_client_can_only_post_to_private_accounts"
            return tt_error(code, "Unaudited clients can only post privately.", 403)
        if _u16(str(post.get("title", ""))) > title_limit:
            return tt_error("invalid_params", "title is too long")
        if _u16(str(post.get("description", ""))) > 4000:
            return tt_error("invalid_params", "description is too long")
        if refused := self._check_settings(post, video=video):
            return refused
        if self.daily_cap is not None and self._posts_today() >= self.daily_cap:
            # "spam_risk_too_many_posts: The daily post cap from the API is reached for the
            # current user" (403); TikTok publishes neither the cap nor its reset.
            message = "The daily post cap from the API is reached for the current user."
            return tt_error("spam_risk_too_many_posts", message, 403)
        return post, source

    def _check_settings(self, post: dict[str, Any], *, video: bool) -> Reply | None:
        """The interactions and commercial-content fields of `post_info`.

        "Direct Post" reference, post_info (read 2026-12-03): `disable_comment` ... "The
        TikTok server disables comments for users who set the Comments permission to 'No
        one'": TikTok does not refuse such a post, it overrides it; the stand-in does the same
        and records the post in `overridden` (the "Query Creator Info" page asks apps to
        follow `comment_disabled` / `duet_disabled` / `stitch_disabled`, so tests expect it
        empty). `brand_content_toggle` is required for a video, and both toggles for a photo
        post ("Photo Post" reference); each flag is a boolean."""
        required = ["brand_content_toggle"] + ([] if video else ["brand_organic_toggle"])
        flags = ("disable_comment", "disable_duet", "disable_stitch", "brand_organic_toggle")
        for name in (*required, *flags):
            value = post.get(name)
            if (name in required or value is not None) and not isinstance(value, bool):
                return tt_error("invalid_params", f"post_info.{name} must be a boolean")
        disabled = {"disable_comment": self.comment_disabled}
        if video:
            disabled |= {"disable_duet": self.duet_disabled}
            disabled |= {"disable_stitch": self.stitch_disabled}
        for name, creator_off in disabled.items():
            if creator_off and not post.get(name, False):
                self.overridden.append((name, str(post.get("title", ""))))
                post[name] = True  # the server disables it
        return None

    def _posts_today(self) -> int:
        since = self.clock() - DAY_S
        return sum(1 for p in self.publishes.values() if p.created >= since)

    def _pull(self, urls: list[str]) -> Reply | bool:
        if not urls or not all(isinstance(u, str) and u.startswith("http") for u in urls):
            return tt_error("invalid_params", "media URL is invalid")
        if self.verified is not None and not all(u.startswith(self.verified) for u in urls):
            return tt_error("url_ownership_unverified", "URL prefix is not verified.", 403)
        try:
            return all(httpx.get(u, timeout=5.0).status_code == 200 for u in urls)
        except httpx.HTTPError:
            return False

    def _new(self, kind: str, source: str, post: dict[str, Any]) -> Publish:
        n = next(self._ids)
        publish_id = f"v_pub_{'file' if source == 'FILE_UPLOAD' else 'url'}~v2-1.{n}"
        publish = Publish(publish_id, kind, source, post, self.clock(), upload_token=f"up{n}")
        self.publishes[publish_id] = publish
        return publish

    def _video_init(self, request: Request) -> Reply:
        """Direct Post > "API reference", "Initialize the posting request"
        (`/v2/post/publish/video/init/`), and the Media Transfer Guide's chunk rules."""
        checked = self._check_post(request, 2200)
        if isinstance(checked, Reply):
            return checked
        post, source = checked
        if source.get("source") == "PULL_FROM_URL":
            pulled = self._pull([source.get("video_url")])  # type: ignore[list-item]
            if isinstance(pulled, Reply):
                return pulled
            publish = self._new("video", "PULL_FROM_URL", post)
            publish.pulled = pulled
            return _ok({"publish_id": publish.id})
        size, chunk, count = (
            source.get(k) for k in ("video_size", "chunk_size", "total_chunk_count")
        )
        if source.get("source") != "FILE_UPLOAD" or not all(
            isinstance(v, int) and v > 0 for v in (size, chunk, count)
        ):
            return tt_error("invalid_params", "source_info is invalid")
        assert isinstance(size, int) and isinstance(chunk, int) and isinstance(count, int)  # noqa: S101
        whole = size < MIN_CHUNK and chunk == size and count == 1
        chunked = MIN_CHUNK <= chunk <= min(MAX_CHUNK, size) and count == size // chunk
        if not (whole or chunked) or count > 1000:
            return tt_error("invalid_params", "chunk_size/total_chunk_count do not match")
        publish = self._new("video", "FILE_UPLOAD", post)
        publish.size, publish.chunk, publish.count = size, chunk, count
        url = f"{self.url}/upload/{publish.id}?upload_token={publish.upload_token}"
        return _ok({"publish_id": publish.id, "upload_url": url})

    def _photo_init(self, request: Request) -> Reply:
        """ "Photo Post" reference (`/v2/post/publish/content/init/`): PHOTO, DIRECT_POST,
        PULL_FROM_URL from a verified prefix, 1-35 images, title 90 / description 4,000."""
        checked = self._check_post(request, 90, video=False)
        if isinstance(checked, Reply):
            return checked
        post, source = checked
        body = request.json
        images = source.get("photo_images")
        if (body.get("media_type"), body.get("post_mode")) != ("PHOTO", "DIRECT_POST") or (
            source.get("source") != "PULL_FROM_URL"
            or not isinstance(images, list)
            or not 1 <= len(images) <= 35
            or not 0 <= int(source.get("photo_cover_index", -1)) < len(images)
        ):
            return tt_error("invalid_params", "media_type/post_mode/source_info is invalid")
        pulled = self._pull(images)
        if isinstance(pulled, Reply):
            return pulled
        publish = self._new("photo", "PULL_FROM_URL", post)
        publish.pulled = pulled
        return _ok({"publish_id": publish.id})

    def _upload(self, request: Request) -> Reply:
        """Direct Post > "Send Video to TikTok Servers": PUT to `upload_url` with
        Content-Type video/mp4|quicktime|webm and Content-Range, chunks in order."""
        assert request.match is not None  # noqa: S101
        publish = self.publishes.get(request.match["id"])
        if publish is None or request.query.get("upload_token") != publish.upload_token:
            return tt_error("invalid_params", "upload_url is invalid", 404)
        if self.clock() > publish.created + self.upload_lifetime:
            return tt_error("invalid_params", "upload_url has expired", 403)
        ctype = request.headers.get("content-type", "")
        found = RANGE.match(request.headers.get("content-range", ""))
        if ctype not in ("video/mp4", "video/quicktime", "video/webm") or found is None:
            return tt_error("invalid_file_upload", "Content-Type or Content-Range is invalid")
        start, end, total = (int(g) for g in found.groups())
        index = start // publish.chunk
        last = index == publish.count - 1
        expected = (index * publish.chunk, publish.size - 1 if last else start + publish.chunk - 1)
        if (
            total != publish.size
            or (start, end) != expected
            or len(request.body) != end - start + 1
        ):
            return tt_error("invalid_file_upload", "chunk does not match chunk_size/video_size")
        if (start, end) not in publish.ranges:  # a repeated chunk is accepted once
            if start != publish.uploaded:
                return tt_error("invalid_file_upload", "chunks must be uploaded in order")
            publish.ranges.append((start, end))
        return Reply(201 if publish.uploaded == publish.size else 206, b"")

    def _advance(self, publish: Publish, *, poll: bool) -> None:
        """Move one publish along; `poll=False` is "enough time has passed"."""
        if publish.status in ("PUBLISH_COMPLETE", "FAILED"):
            return
        if publish.source == "FILE_UPLOAD" and publish.uploaded < publish.size:
            if self.clock() > publish.created + self.upload_lifetime:
                publish.status, publish.fail_reason = "FAILED", "internal"
            return
        if not publish.pulled:
            publish.status, publish.fail_reason = "FAILED", f"{publish.kind}_pull_failed"
            return
        publish.polls += poll
        if poll and publish.polls <= self.processing_polls:
            publish.status = (
                "PROCESSING_DOWNLOAD" if publish.source != "FILE_UPLOAD" else "PROCESSING_UPLOAD"
            )
            return
        if self.fail_reasons:
            publish.status, publish.fail_reason = "FAILED", self.fail_reasons.pop(0)
            return
        publish.status = "PUBLISH_COMPLETE"
        info = publish.post_info
        text = str(info.get("description" if publish.kind == "photo" else "title", ""))
        post = self.add_post(text, self.clock(), title=str(info.get("title", "")))
        post |= {"privacy": info["privacy_level"], "publish_id": publish.id, "kind": publish.kind}
        publish.post_id = post["id"]

    def _status(self, request: Request) -> Reply:
        """ "Get Post Status" (`/v2/post/publish/status/fetch/`): status, fail_reason,
        uploaded_bytes, and `publicaly_available_post_id` (sic) once a public post is live."""
        if denied := self._auth(request):
            return denied
        publish = self.publishes.get(str(request.field("publish_id") or ""))
        if publish is None:
            return tt_error("invalid_params", "publish_id does not exist")
        self._advance(publish, poll=True)
        data: dict[str, Any] = {"status": publish.status, "uploaded_bytes": publish.uploaded}
        if publish.fail_reason:
            data["fail_reason"] = publish.fail_reason
        if publish.post_id and publish.post_info.get("privacy_level") != "SELF_ONLY":
            data["publicaly_available_post_id"] = [int(publish.post_id)]
        return _ok(data)

    def _list(self, request: Request) -> Reply:
        """Display API "List Videos" (`/v2/video/list/`): `fields` in the query, `max_count`
        at most 20, newest first, `cursor` / `has_more`; public posts only."""
        if denied := self._auth(request):
            return denied
        body = request.json if isinstance(request.json, dict) else {}
        if not request.query.get("fields") or not 1 <= int(body.get("max_count", 20)) <= 20:
            return tt_error("invalid_params", "fields/max_count is invalid")
        for publish in self.publishes.values():
            self._advance(publish, poll=False)
        public = [p for p in self.posts if p["privacy"] != "SELF_ONLY"]
        public.sort(key=lambda p: -p["create_time"])
        start, size = int(body.get("cursor", 0)), int(body.get("max_count", 20))
        fields = request.query["fields"].split(",")
        videos = [{k: p[k] for k in fields if k in p} for p in public[start : start + size]]
        more = start + size < len(public)
        return _ok({"videos": videos, "cursor": start + size, "has_more": more})

    @property
    def published(self) -> list[dict[str, Any]]:
        """The posts this stand-in published through the API (not `add_post` ones)."""
        return [p for p in self.posts if "publish_id" in p]
