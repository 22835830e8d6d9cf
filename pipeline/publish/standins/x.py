"""A stand-in for the X API v2: media upload (simple and chunked), posts, timeline, OAuth 2.0.

Media upload follows X's documentation (read 2026-12-03): "Initialize media upload" (a JSON
body; the `media_type` and `media_category` enums; "Size and duration limits"), "Chunked Media
Upload" (FINALIZE without `processing_info` means ready; STATUS `check_after_secs`; "Media
categories"), the OpenAPI spec (`command` optional on STATUS; the simple upload's required
`media_category`) and "Response codes and errors" (the invalid-request shape). Posts follow
"Create Post" (`POST /2/tweets`, 201, `data.id`) and the duplicate-content 403.

It behaves the way the documented API does, in X's own error shapes: bearer tokens checked
(401 `Unauthorized`), `x-rate-limit-*` headers on every response and a 429 when an endpoint's
budget runs out, chunked uploads checked for segment order and total size, video processing
`pending`/`in_progress` for the first `processing_polls` STATUS polls, media ids that expire,
every http(s) URL in a post rewritten as a t.co link (plus one for attached media), `&<>`
escaped in returned text, the duplicate-content 403, and rotating refresh tokens.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.publish import mediatype
from pipeline.publish.standins.server import Handler, Reply, Request, StandIn

WINDOW_S = 900  # X rate-limit windows are 15 minutes
LIMITS = {  # per user per 15 min (docs/platform-facts.md §3.3); tests lower them with `exhaust()`
    "POST /2/tweets": 100,
    "GET /2/tweets/:id": 900,
    "GET /2/users/me": 75,
    "GET /2/users/:id/tweets": 900,
    "GET /2/tweets/search/recent": 450,
    "POST /2/media/upload": 500,
    "GET /2/media/upload": 1000,
    "POST /2/media/upload/initialize": 1875,
    "POST /2/media/upload/:id/append": 1875,
    "POST /2/media/upload/:id/finalize": 1875,
    "POST /2/media/metadata": 500,
    "POST /2/oauth2/token": 300,  # not documented; a generous budget
}
SCOPE = "tweet.read tweet.write users.read media.write offline.access"  # space-separated
MB = 1024 * 1024
# X API v2, "Initialize media upload" (`POST /2/media/upload/initialize`), read 2026-12-03:
# the JSON body's `media_type` and `media_category` enums, and the section "Size and duration
# limits" (default account): images 5 MB, GIFs 15 MB, post videos 8 GB, DM videos 512 MB.
MEDIA_TYPES = (
    "video/mp4",
    "video/webm",
    "video/mp2t",
    "video/quicktime",
    "text/srt",
    "text/vtt",
    "image/jpeg",
    "image/gif",
    "image/bmp",
    "image/png",
    "image/webp",
    "image/pjpeg",
    "image/tiff",
    "model/gltf-binary",
    "model/vnd.usdz+zip",
)
CATEGORY_MAX = {
    "tweet_image": 5 * MB,
    "dm_image": 5 * MB,
    "tweet_gif": 15 * MB,
    "dm_gif": 15 * MB,
    "tweet_video": 8 * 1024 * MB,
    "amplify_video": 8 * 1024 * MB,
    "dm_video": 512 * MB,
    "subtitles": 5 * MB,  # not in the table; a stand-in value
}
INIT_FIELDS = {"media_type", "total_bytes", "media_category", "additional_owners", "shared"}
IMAGE_MAX = CATEGORY_MAX["tweet_image"]
SEGMENT_MAX = 5 * MB  # v1.1 "POST media/upload (APPEND)": each chunk at most 5 MB
URL = re.compile(r"https?://\S+", re.IGNORECASE)
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
INVALID = "One or more parameters to your request was invalid."


@dataclass(slots=True)
class XMedia:
    id: str
    kind: str  # "image" | "gif" | "video" (from the category)
    category: str
    media_type: str  # as declared at initialize (simple upload: as sniffed)
    total: int
    expires_at: float
    segments: dict[int, bytes] = field(default_factory=dict)
    finalized: bool = False
    polls_left: int = 0
    fails: bool = False
    alt: str = ""


@dataclass(slots=True)
class XPost:
    id: str
    author_id: str
    raw: str  # the text as sent
    text: str  # as X shows it: t.co links, & < > escaped
    created_at: float
    media_ids: list[str] = field(default_factory=list)
    conversation_id: str = ""  # the root post of the thread (its own id for a root post)
    in_reply_to_user_id: str = ""
    replied_to: str = ""  # the post this one answers

    def json(self, fields: Iterable[str] = ()) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "edit_history_tweet_ids": [self.id],
        }
        if "created_at" in fields:
            out["created_at"] = _stamp(self.created_at)
        if "author_id" in fields:
            out["author_id"] = self.author_id
        if "conversation_id" in fields:
            out["conversation_id"] = self.conversation_id or self.id
        if "in_reply_to_user_id" in fields and self.in_reply_to_user_id:
            out["in_reply_to_user_id"] = self.in_reply_to_user_id
        if "referenced_tweets" in fields and self.replied_to:
            out["referenced_tweets"] = [{"type": "replied_to", "id": self.replied_to}]
        return out


class XStandIn(StandIn):
    """`posts` holds every post (API-created and `add_post`); `created` the ids made by the
    API, in order; `media` every upload; `refreshed` the access tokens issued by a refresh."""

    name = "x"

    def __init__(
        self,
        *,
        tokens: Iterable[str] = ("x-access-token",),
        refresh_tokens: Iterable[str] = ("x-refresh-token",),
        client_id: str = "x-client-id",
        username: str = "bpsipjabar",
        user_id: str = "1590000000000000001",
        processing_polls: int = 2,
        check_after_secs: int = 1,
        expires_after_secs: int = 86400,
        clock: Callable[[], float] = time.time,
        client_secret: str | None = None,
        scope: str = SCOPE,
    ) -> None:
        super().__init__()
        # OAuth 2.0: a confidential client (Web App, Automated App or Bot) has a secret and
        # must use HTTP Basic; a public client (Native App) sends client_id in the form.
        self.client_secret = client_secret
        self.scope = scope
        self.presented: list[str] = []  # every refresh token presented, in order
        self.spent: set[str] = set()  # refresh tokens already exchanged
        self.family_revoked = False
        self.tokens = set(tokens)
        self.refresh_tokens = set(refresh_tokens)
        self.client_id = client_id
        self.user = {"id": user_id, "name": "BPSIP Jawa Barat", "username": username}
        self.processing_polls = processing_polls
        self.check_after_secs = check_after_secs
        self.expires_after_secs = expires_after_secs
        self.clock = clock
        self.fail_processing = 0  # the next N finalized videos fail processing
        self.media: dict[str, XMedia] = {}
        self.posts: dict[str, XPost] = {}
        self.created: list[str] = []
        self.refreshed: list[str] = []
        self.users: dict[str, dict[str, str]] = {user_id: dict(self.user)}  # by id
        self.search_window_s = 7 * 86400  # search/recent sees the last 7 days only
        self.limits = dict(LIMITS)
        self.windows: dict[str, list[float]] = {}  # key -> [remaining, reset]
        self._ids = itertools.count(1)
        for method, pattern, handler in (
            ("GET", r"/2/users/me", self._me),
            ("GET", r"/2/users/(?P<uid>\d+)/tweets", self._timeline),
            ("POST", r"/2/tweets", self._create),
            ("GET", r"/2/tweets/search/recent", self._search),
            ("GET", r"/2/tweets/(?P<tid>\d+)", self._lookup),
            ("POST", r"/2/media/upload", self._simple),
            ("GET", r"/2/media/upload", self._status),
            ("POST", r"/2/media/upload/initialize", self._init),
            ("POST", r"/2/media/upload/(?P<mid>\d+)/append", self._append),
            ("POST", r"/2/media/upload/(?P<mid>\d+)/finalize", self._finalize),
            ("POST", r"/2/media/metadata", self._metadata),
        ):
            key = f"{method} {re.sub(r'[(][^)]*[)]', ':id', pattern)}"
            self.route(method, pattern, self._guard(key, handler))
        self.route("POST", r"/2/oauth2/token", self._guard("POST /2/oauth2/token", self._token))

    def __enter__(self) -> XStandIn:
        self.start()
        return self

    # --- test helpers ---------------------------------------------------------------------
    def exhaust(self, key: str, reset_in: float) -> None:
        """Spend an endpoint's budget: the next call gets 429 until `reset_in` s from now."""
        with self.lock:
            self.windows[key] = [0, self.clock() + reset_in]

    def expire_media(self, media_id: str) -> None:
        with self.lock:
            self.media[media_id].expires_at = self.clock() - 1

    def add_post(self, text: str, *, created_at: float | None = None) -> XPost:
        """A post made elsewhere (the app, an older run)."""
        with self.lock:
            post = XPost(
                id=self._new_id(1_860_000_000_000_000_000),
                author_id=self.user["id"],
                raw=text,
                text=self._shown(text, False),
                created_at=self.clock() if created_at is None else created_at,
            )
            self.posts[post.id] = post
            return post

    def add_comment(
        self,
        post_id: str,
        text: str,
        author: str = "warga_jabar",
        *,
        created_at: float | None = None,
        parent_id: str = "",
    ) -> XPost:
        """A reply by someone else in the thread of our post `post_id` (to the post, or with
        `parent_id` to a reply in it); X puts the leading @mention in the text."""
        with self.lock:
            root = self.posts[post_id]
            parent = self.posts[parent_id] if parent_id else root
            user = next((u for u in self.users.values() if u["username"] == author), None)
            if user is None:
                uid = self._new_id(1_600_000_000_000_000_000)
                user = self.users[uid] = {"id": uid, "name": author.title(), "username": author}
            mention = self.users.get(parent.author_id, self.user)["username"]
            post = XPost(
                id=self._new_id(1_860_000_000_000_000_000),
                author_id=user["id"],
                raw=f"@{mention} {text}",
                text=self._shown(f"@{mention} {text}", False),
                created_at=self.clock() if created_at is None else created_at,
                conversation_id=root.conversation_id or root.id,
                in_reply_to_user_id=parent.author_id,
                replied_to=parent.id,
            )
            self.posts[post.id] = post
            return post

    def delete_comment(self, post_id: str) -> None:
        """The reply was deleted: it no longer shows in search or lookup."""
        with self.lock:
            self.posts.pop(post_id, None)

    # --- plumbing -------------------------------------------------------------------------
    def _guard(self, key: str, handler: Handler) -> Handler:
        """The bearer token, then the endpoint's budget; rate headers on every reply."""

        def serve(request: Request) -> Reply:
            now = self.clock()
            window = self.windows.get(key)
            if window is None or now >= window[1]:
                window = self.windows[key] = [self.limits[key], now + WINDOW_S]
            if key.endswith("/oauth2/token"):
                reply = handler(request)  # client credentials in the form, no bearer
            elif request.bearer() not in self.tokens:
                reply = _problem(401, "Unauthorized", "Unauthorized")
            elif window[0] <= 0:
                reply = _problem(429, "Too Many Requests", "Too Many Requests")
            else:
                window[0] -= 1
                reply = handler(request)
            reply.headers.update(
                {
                    "x-rate-limit-limit": str(self.limits[key]),
                    "x-rate-limit-remaining": str(int(window[0])),
                    "x-rate-limit-reset": str(int(window[1])),
                }
            )
            return reply

        return serve

    def _new_id(self, base: int) -> str:
        return str(base + next(self._ids))

    def _live(self, media_id: str) -> XMedia | None:
        item = self.media.get(media_id)
        return item if item is not None and item.expires_at > self.clock() else None

    def _shown(self, text: str, with_media: bool) -> str:
        """How X returns a text: each URL a t.co link, & < > escaped, a link for the media."""
        shown = URL.sub(lambda m: _tco(m.group(0) + str(next(self._ids))), text)
        shown = html.escape(shown, quote=False)
        return f"{shown} {_tco(shown + str(next(self._ids)))}" if with_media else shown

    # --- users and posts ------------------------------------------------------------------
    def _me(self, request: Request) -> Reply:
        return Reply(200, {"data": dict(self.user)})

    def _timeline(self, request: Request) -> Reply:
        uid = request.match["uid"] if request.match else ""
        size = int(request.field("max_results") or 10)
        if not 5 <= size <= 100:
            return _invalid("max_results", str(size), "max_results must be between 5 and 100")
        start = _parse(request.field("start_time") or "1970-01-01T00:00:00Z")
        fields = (request.field("tweet.fields") or "").split(",")
        posts = sorted(
            (p for p in self.posts.values() if p.author_id == uid and p.created_at >= start),
            key=lambda p: (p.created_at, int(p.id)),
            reverse=True,
        )
        offset = int(request.field("pagination_token") or 0)
        page = posts[offset : offset + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta |= {"newest_id": page[0].id, "oldest_id": page[-1].id}
        if offset + size < len(posts):
            meta["next_token"] = str(offset + size)
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = [p.json(fields) for p in page]
        return Reply(200, body)

    def _search(self, request: Request) -> Reply:
        """`GET /2/tweets/search/recent`: only `conversation_id:<id>` queries are understood.
        Newest first, the last 7 days, `since_id`, `max_results` 10-100, `next_token`;
        `expansions=author_id` adds `includes.users`."""
        query = request.field("query") or ""
        match = re.fullmatch(r"conversation_id:(\d+)", query.strip())
        if match is None:
            return _invalid("query", query, "stand-in: only conversation_id:<id> is supported")
        size = int(request.field("max_results") or 10)
        if not 10 <= size <= 100:
            return _invalid("max_results", str(size), "max_results must be between 10 and 100")
        since_id = int(request.field("since_id") or 0)
        oldest = self.clock() - self.search_window_s
        conversation = match.group(1)
        posts = sorted(
            (
                p
                for p in self.posts.values()
                if p.conversation_id == conversation
                and p.id != conversation
                and p.created_at >= oldest
                and int(p.id) > since_id
            ),
            key=lambda p: (p.created_at, int(p.id)),
            reverse=True,
        )
        offset = int(request.field("next_token") or 0)
        page = posts[offset : offset + size]
        fields = (request.field("tweet.fields") or "").split(",")
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta |= {"newest_id": page[0].id, "oldest_id": page[-1].id}
        if offset + size < len(posts):
            meta["next_token"] = str(offset + size)
        body: dict[str, Any] = {"meta": meta}
        if page:
            body["data"] = [p.json(fields) for p in page]
            if "author_id" in (request.field("expansions") or "").split(","):
                ids = dict.fromkeys(p.author_id for p in page)
                body["includes"] = {"users": [dict(self.users[i]) for i in ids]}
        return Reply(200, body)

    def _lookup(self, request: Request) -> Reply:
        tid = request.match["tid"] if request.match else ""
        post = self.posts.get(tid)
        if post is None:  # X answers 200 with an `errors` list and no `data`
            error = {
                "value": tid,
                "detail": f"Could not find tweet with id: [{tid}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "id",
                "resource_id": tid,
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
            return Reply(200, {"errors": [error]})
        return Reply(200, {"data": post.json((request.field("tweet.fields") or "").split(","))})

    def _create(self, request: Request) -> Reply:
        body = request.json if isinstance(request.json, dict) else {}
        text = body.get("text")
        ids = (body.get("media") or {}).get("media_ids") or []
        if not isinstance(text, str) or not isinstance(ids, list) or not (text or ids):
            return _invalid("text", str(text), "$.text: a text or media is required")
        if len(URL.sub("x" * 23, text)) > 280:
            return _invalid("text", text[:20], "Tweet text is too long.")
        items = [self._live(str(i)) for i in ids]
        kinds = {m.kind for m in items if m is not None}
        ready = all(m and m.finalized and m.polls_left <= 0 and not m.fails for m in items)
        if len(ids) > 4 or not ready or (kinds - {"image"} and len(ids) > 1):
            return _invalid("media.media_ids", ids, "Your media IDs are invalid.")
        if any(p.raw == text for p in self.posts.values()):
            return _problem(403, "Forbidden", DUPLICATE)
        post = XPost(
            id=self._new_id(1_860_000_000_000_000_000),
            author_id=self.user["id"],
            raw=text,
            text=self._shown(text, bool(ids)),
            created_at=self.clock(),
            media_ids=[str(i) for i in ids],
        )
        self.posts[post.id] = post
        self.created.append(post.id)
        return Reply(201, {"data": post.json()})

    # --- media ----------------------------------------------------------------------------
    def _simple(self, request: Request) -> Reply:
        """`POST /2/media/upload` (multipart): `media` and `media_category` are both required
        (OpenAPI `MediaUploadRequest`); the simple upload takes images only ("Media upload
        endpoints on the X API v2", section "Creation"). Read 2026-12-03."""
        data = request.files.get("media")
        category = request.form.get("media_category")
        if data is None or not category:
            return _invalid(
                "media_category" if data else "media", "", "media and media_category are required"
            )
        mime = mediatype.sniff_bytes(data[: mediatype.HEAD])
        if category not in ("tweet_image", "tweet_gif", "dm_image", "dm_gif"):
            return _invalid("media_category", category, "the simple upload takes images only")
        if _mismatch(mime, category):
            return _invalid("media_category", category, f"{category} does not match {mime}")
        if len(data) > CATEGORY_MAX[category]:
            return _invalid(
                "media", str(len(data)), f"File size exceeds {CATEGORY_MAX[category]} bytes."
            )
        item = self._add(category, mime, len(data))
        item.segments[0] = data
        self._settle(item)
        return Reply(200, {"data": self._json(item) | {"image": {"image_type": mime}}})

    def _init(self, request: Request) -> Reply:
        """`POST /2/media/upload/initialize`: a JSON body (`additionalProperties: false`) with
        `media_type`, `total_bytes` and `media_category` ("Initialize media upload": "Send a
        JSON body with media_type, total_bytes, and media_category"); each from its enum; a
        category that fits the type; `total_bytes` within the category's limit."""
        body = request.json
        if not isinstance(body, dict):
            return _invalid("body", "", "a JSON body is required")
        if extra := sorted(set(body) - INIT_FIELDS):
            return _invalid(extra[0], str(body[extra[0]]), f"[{extra[0]}] is not a valid field")
        total, mtype, category = (
            body.get(k) for k in ("total_bytes", "media_type", "media_category")
        )
        if mtype not in MEDIA_TYPES:
            return _invalid("media_type", str(mtype), "media_type is missing or not supported")
        if category not in CATEGORY_MAX:
            return _invalid(
                "media_category", str(category), "media_category is missing or not supported"
            )
        if _mismatch(mtype, category):
            return _invalid("media_category", category, f"{category} does not match {mtype}")
        if (
            isinstance(total, bool)
            or not isinstance(total, int)
            or not 0 < total <= CATEGORY_MAX[category]
        ):
            limit = CATEGORY_MAX[category]
            return _invalid(
                "total_bytes", str(total), f"total_bytes must be 1-{limit} for {category}"
            )
        return Reply(200, {"data": self._json(self._add(category, mtype, total))})

    def _append(self, request: Request) -> Reply:
        """ "Append media upload" (`POST /2/media/upload/{id}/append`): multipart `media` and
        `segment_index` 0-999; chunks at most 5 MB (the v1.1 APPEND reference)."""
        item = self._live(request.match["mid"] if request.match else "")
        chunk, raw = request.files.get("media"), request.form.get("segment_index", "")
        if item is None or item.finalized:
            return _invalid("id", request.path, "The media id is not valid for APPEND.")
        if chunk is None or not raw.isdigit() or not int(raw) <= 999:
            return _invalid("segment_index", raw, "media and segment_index 0-999 are required")
        index, known = int(raw), item.segments.get(int(raw))
        if len(chunk) > SEGMENT_MAX:
            return _invalid("media", str(len(chunk)), "Segment size exceeds 5 MB.")
        if index != len(item.segments) and known != chunk:  # a re-sent segment is fine
            return _invalid("segment_index", raw, f"Segment {index} is out of order.")
        item.segments[index] = chunk
        return Reply(200, {"data": {"expires_at": int(item.expires_at)}})

    def _finalize(self, request: Request) -> Reply:
        """ "Finalize media upload" / "Chunked Media Upload" step 3: every segment, in order,
        adding up to `total_bytes`; images are ready at once (no `processing_info`), GIFs
        and videos answer `processing_info` {state: pending, check_after_secs}."""
        item = self._live(request.match["mid"] if request.match else "")
        if item is None or item.finalized:
            return _invalid("id", request.path, "The media id is not valid for FINALIZE.")
        size = sum(len(s) for s in item.segments.values())
        if sorted(item.segments) != list(range(len(item.segments))) or size != item.total:
            return _invalid("id", item.id, f"File size {size} does not match {item.total}.")
        found = mediatype.sniff_bytes(item.segments[0][: mediatype.HEAD])
        if found != item.media_type and not _same_family(found, item.media_type):
            # Stricter than X documents: the stand-in refuses a declared media_type that is
            # not what the bytes are (X's own answer to such a file is not documented).
            return _invalid("media_type", item.media_type, f"the file is {found or 'unknown'}")
        if _animated(item) and item.category.endswith("_image"):
            # Stricter than X documents: an animated GIF is `tweet_gif` ("Media categories").
            return _invalid("media_category", item.category, "an animated GIF is tweet_gif")
        self._settle(item)
        if item.kind == "image":  # no processing_info: ready ("Chunked Media Upload", step 3)
            return Reply(200, {"data": self._json(item)})
        info = {"state": "pending", "check_after_secs": self.check_after_secs}
        return Reply(200, {"data": self._json(item) | {"processing_info": info}})

    def _settle(self, item: XMedia) -> None:
        """Finalized: images are ready; GIFs and videos process asynchronously."""
        item.finalized = True
        if item.kind != "image":
            item.polls_left = self.processing_polls
            item.fails, self.fail_processing = (
                self.fail_processing > 0,
                max(0, self.fail_processing - 1),
            )

    def _status(self, request: Request) -> Reply:
        """`GET /2/media/upload?media_id=…[&command=STATUS]` (`command` is optional in the
        OpenAPI spec). GIFs and videos are `in_progress` for the first `processing_polls`
        polls, then settle; an image has no `processing_info` (it is ready)."""
        media_id = request.field("media_id") or ""
        item = self._live(media_id)
        command = request.field("command")
        if command not in (None, "STATUS") or item is None or not item.finalized:
            return _invalid("media_id", media_id, f"The media_id [{media_id}] is not valid.")
        data = self._json(item)
        if item.kind != "image" and item.polls_left > 0:
            item.polls_left -= 1
            progress = (
                100 * (self.processing_polls - item.polls_left) // (self.processing_polls + 1)
            )
            data["processing_info"] = {
                "state": "in_progress",
                "check_after_secs": self.check_after_secs,
                "progress_percent": progress,
            }
        elif item.kind != "image" and item.fails:
            error = {"code": 1, "name": "InvalidMedia", "message": "Unsupported video format"}
            data["processing_info"] = {"state": "failed", "error": error}
        elif item.kind != "image":
            data["processing_info"] = {"state": "succeeded", "progress_percent": 100}
        return Reply(200, {"data": data})

    def _metadata(self, request: Request) -> Reply:
        body = request.json if isinstance(request.json, dict) else {}
        item = self._live(str(body.get("id", "")))
        alt = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        if item is None:
            return _invalid("id", str(body.get("id")), "The media id is not valid.")
        if not isinstance(alt, str) or not 0 < len(alt) <= 1000:
            return _invalid("metadata.alt_text.text", str(alt)[:20], "alt text 1-1000 chars")
        item.alt = alt
        return Reply(200, {"data": {"id": item.id, "associated_metadata": body["metadata"]}})

    def _add(self, category: str, media_type: str, total: int) -> XMedia:
        kind = "video" if category.endswith("video") else "gif" if "gif" in category else "image"
        item = XMedia(
            id=self._new_id(1_870_000_000_000_000_000),
            kind=kind,
            category=category,
            media_type=media_type,
            total=total,
            expires_at=self.clock() + self.expires_after_secs,
        )
        self.media[item.id] = item
        return item

    def _json(self, item: XMedia) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": item.id,
            "media_key": f"{PREFIX[item.kind]}_{item.id}",
            "expires_after_secs": max(0, int(item.expires_at - self.clock())),
        }
        if item.finalized:
            out["size"] = item.total
        return out

    # --- OAuth 2.0 ------------------------------------------------------------------------
    def _token(self, request: Request) -> Reply:
        """`grant_type=refresh_token`: a new access token and a NEW refresh token.

        X, "OAuth 2.0 Authorization Code Flow with PKCE" (read 2026-12-03): form-encoded;
        "Working with confidential clients": HTTP Basic `client_id:client_secret` on the token
        endpoints (a registered confidential client without it gets 401
        `unauthorized_client` "Missing valid authorization header"); a public client puts
        `client_id` in the form. The answer: `token_type`, `expires_in` 7200, `access_token`,
        `scope` (space-separated), `refresh_token`. A refresh token works once; presenting a
        spent one is refused and, as the OAuth 2.0 Security BCP describes for rotating
        refresh tokens (RFC 9700 §4.14.2) and as X is reported to do, revokes the whole token
        family: every access and refresh token issued from it."""
        if not request.headers.get("content-type", "").startswith("application/x-www-form"):
            return _oauth("invalid_request", "Missing required parameter [grant_type].")
        if request.form.get("grant_type") != "refresh_token":
            return _oauth("invalid_request", "Unsupported grant_type.")
        if self.client_secret is not None:
            pair = f"{self.client_id}:{self.client_secret}".encode()
            basic = "Basic " + base64.b64encode(pair).decode()
            if request.headers.get("authorization") != basic:
                return _oauth("unauthorized_client", "Missing valid authorization header", 401)
        elif request.form.get("client_id") != self.client_id:
            return _oauth("invalid_client", "Missing valid authorization header")
        old = request.form.get("refresh_token", "")
        self.presented.append(old)
        if old in self.spent:  # reuse: the family is revoked
            self.family_revoked = True
            self.refresh_tokens.clear()
            self.tokens.difference_update(self.refreshed)
        if old not in self.refresh_tokens:
            return _oauth("invalid_request", "Value passed for the token was invalid.")
        self.refresh_tokens.discard(old)
        self.spent.add(old)
        serial = next(self._ids)
        access, rotated = f"x-access-{serial}", f"x-refresh-{serial}"
        self.tokens.add(access)
        self.refresh_tokens.add(rotated)
        self.refreshed.append(access)
        body = {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": access,
            "scope": self.scope,
            "refresh_token": rotated,
        }
        return Reply(200, body)


PREFIX = {"image": 3, "video": 7, "gif": 16}  # media_key prefixes: 3_ photo, 7_ video, 16_ GIF


def _mismatch(media_type: str, category: str) -> bool:
    """A category that cannot hold this media type: `tweet_gif` is for image/gif, `*_video`
    for video/*, `*_image` for image/*, `subtitles` for text/* ("Chunked Media Upload",
    section "Media categories"; "Initialize media upload", read 2026-12-03)."""
    if category.endswith("_gif"):
        return media_type != "image/gif"
    if category.endswith("_video"):
        return not media_type.startswith("video/")
    if category.endswith("_image"):
        return not media_type.startswith("image/")
    return not media_type.startswith("text/")


def _animated(item: XMedia) -> bool:
    if item.media_type != "image/gif":
        return False
    data = b"".join(item.segments[i] for i in sorted(item.segments))
    return mediatype.gif_frames_bytes(data) > 1


def _same_family(found: str, declared: str) -> bool:
    """`image/pjpeg` names a JPEG too. MP4 and QuickTime are NOT the same here: the enum
    names both, so the stand-in wants the one the file is."""
    return {found, declared} <= {"image/jpeg", "image/pjpeg"}


def _problem(status: int, title: str, detail: str) -> Reply:
    """X's problem shape (401, 403, 429)."""
    return Reply(
        status, {"title": title, "detail": detail, "type": "about:blank", "status": status}
    )


def _invalid(parameter: str, value: Any, message: str) -> Reply:
    """X's 400 invalid-request shape."""
    body = {
        "errors": [{"parameters": {parameter: [value]}, "message": message}],
        "title": "Invalid Request",
        "detail": INVALID,
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }
    return Reply(400, body)


def _oauth(error: str, description: str, status: int = 400) -> Reply:
    return Reply(status, {"error": error, "error_description": description})


def _tco(seed: str) -> str:
    return "https://t.co/" + hashlib.sha256(seed.encode()).hexdigest()[:10]


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _parse(stamp: str) -> float:
    try:
        return datetime.fromisoformat(stamp).timestamp()
    except ValueError:
        return 0.0
