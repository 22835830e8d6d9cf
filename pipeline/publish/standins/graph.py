"""A stand-in for the Graph API (graph.facebook.com) and Facebook's rupload host, for the
Facebook Page and Instagram publishers.

One server answers both hosts: Graph paths with or without a version prefix (`/v25.0/...`), and
rupload paths under `/video-upload/v25.0/{video_id}`; `env()` gives the base URLs to use. State
is kept in plain dicts (`posts`, `photos`, `videos`, `containers`, `media`) that tests read.

What it checks like the real API: the token is in the `Authorization` header (a token in the
URL query is refused: it would be logged) and is one of `tokens`; an expired one gets error 190
/ 463. Page posts need a message, link or attached photos; attached photos must be unpublished
photos of the page; a reel finishes only after its bytes arrived (rupload `offset` must not skip
bytes). Instagram fetches every `image_url`/`video_url` with httpx (set `fetch=False`, or put the
bytes in `files`, to skip the network) and fails with 9004 / 2207052 like Instagram; images must
be JPEG and at most 8 MiB, captions at most 2,200 characters, carousels 2-10 finished items, and
at most `quota_total` posts a day. Processing is asynchronous: a reel or a container reports
processing / IN_PROGRESS for the first `polls` status reads.

Each behaviour names the Meta documentation section it follows (read 2026-12-03); example
answers from those sections are kept in tests/publish/data/docs/graph/ and the clients are
tested against them. Throttling is Graph's: HTTP 400 (or 403) with code 4/17/32/613/800xx and
`estimated_time_to_regain_access` in the usage headers, never 429 or `Retry-After`.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import socket
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler
from typing import Any, Self
from urllib.parse import urlencode

import httpx

from pipeline.publish.standins.server import Reply, Request, StandIn

V = r"(?:/v\d+\.\d+)?"
ID = r"(?P<id>[0-9_]+)"
MAX_IMAGE = 8 * 1024 * 1024
META_SCOPES = [  # what the office's system user is granted (platforms/meta_token.py)
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_posts",
    "pages_manage_engagement",
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_comments",
]
Row = dict[str, Any]


def graph_error(
    status: int, message: str, code: int, subcode: int | None = None, **extra: Any
) -> Reply:
    """An error in Graph's shape: `{"error": {message, type, code, error_subcode, fbtrace_id}}`."""
    error: Row = {"message": message, "type": extra.pop("type", "OAuthException"), "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error.update(extra)
    error["fbtrace_id"] = "AStandInTrace"
    return Reply(status, {"error": error})


def stamp(ts: float) -> str:
    """Graph's time format."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(ts))


class GraphStandIn(StandIn):
    """Facebook Page + Instagram professional account, one page and one IG user."""

    name = "graph"

    def __init__(
        self,
        *,
        tokens: Iterable[str] = ("page-token", "ig-token"),
        page_id: str = "100200300",
        page_name: str = "BPSIP Jawa Barat",
        ig_user_id: str = "17841400000000001",
        username: str = "bpsipjabar",
        polls: int = 1,
        page_size: int = 25,
        quota_total: int = 50,
        fetch: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.tokens, self.expired = set(tokens), set[str]()
        self.page_id, self.page_name = page_id, page_name
        self.ig_user_id, self.username = ig_user_id, username
        self.polls, self.page_size, self.quota_total = polls, page_size, quota_total
        self.fetch, self.clock = fetch, clock
        self._defaults: Row = {"polls": polls, "page_size": page_size}
        self._defaults |= {"quota_total": quota_total, "fetch": fetch, "tokens": set(tokens)}
        self.token_info: dict[str, Row] = {}  # debug_token answers by token (describe())
        self.finishes: list[tuple[str, str]] = []  # (video id, video_state) of every finish
        self.files: dict[str, bytes] = {}  # media URL -> bytes, served without the network
        self.fetched: list[str] = []  # URLs Instagram fetched
        self.posts: dict[str, Row] = {}  # page posts, published or not
        self.photos: dict[str, Row] = {}
        self.videos: dict[str, Row] = {}  # reels
        self.containers: dict[str, Row] = {}
        self.media: dict[str, Row] = {}  # published Instagram media
        self.comments: dict[str, Row] = {}  # comments on page posts and IG media (add_comment)
        self._token = ""
        self._http: httpx.Client | None = None
        self._ids = itertools.count(int(time.time()) % 100000 * 1000 + 1)
        page, ig = page_id, ig_user_id
        routes: list[tuple[str, str, Callable[[Request], Reply]]] = [
            ("POST", r"/video-upload/v\d+\.\d+/" + ID, self._rupload),
            ("GET", V + r"/me", self._me),
            ("GET", V + r"/debug_token", self._debug_token),
            ("GET", V + f"/{page}/feed", self._list_feed),
            ("POST", V + f"/{page}/feed", self._post_feed),
            ("POST", V + f"/{page}/photos", self._post_photo),
            ("GET", V + f"/{page}/video_reels", self._list_reels),
            ("POST", V + f"/{page}/video_reels", self._post_reel),
            ("GET", V + f"/{ig}/media", self._list_media),
            ("POST", V + f"/{ig}/media", self._create_container),
            ("POST", V + f"/{ig}/media_publish", self._media_publish),
            ("GET", V + f"/{ig}/content_publishing_limit", self._quota),
            ("GET", V + "/" + ID + "/comments", self._list_comments),
            ("GET", V + "/" + ID, self._get_object),
        ]
        for method, pattern, handler in routes:
            self.route(method, pattern, self._authed(handler, rupload="video-upload" in pattern))

    def stop(self) -> None:
        super().stop()
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> Self:
        self.start()
        return self

    # --- test helpers ---------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        """The base-URL overrides that point both publishers here."""
        return {
            "PIPELINE_GRAPH_URL": f"{self.url}/v25.0",
            "PIPELINE_GRAPH_UPLOAD_URL": f"{self.url}/video-upload/v25.0",
        }

    def reset(self, **options: Any) -> None:
        """Forget every object, fault and logged request, and restore the constructor's options
        (or set `options`: polls, page_size, quota_total, fetch, tokens). One server can then
        serve many tests (a stopped server takes half a second to shut down)."""
        unknown = set(options) - set(self._defaults)
        if unknown:
            raise TypeError(f"unknown options: {sorted(unknown)}")
        with self.lock:
            tables = (self.posts, self.photos, self.videos, self.containers, self.media)
            for table in (*tables, self.comments):
                table.clear()
            for log in (self.files, self.fetched, self.seen, self.faults, self.expired):
                log.clear()
            self.token_info.clear()
            self.finishes.clear()
            for key, value in (self._defaults | options).items():
                setattr(self, key, set(value) if key == "tokens" else value)

    def expire_token(self, token: str) -> None:
        self.expired.add(token)

    def error(
        self, method: str, pattern: str, code: int, subcode: int | None = None, **kw: Any
    ) -> None:
        """Queue a Graph error reply (status 400 unless `status=` says otherwise)."""
        reply = graph_error(
            kw.pop("status", 400), kw.pop("message", "stand-in error"), code, subcode
        )
        self.fault(method, pattern, "status", status=reply.status, body=reply.body, **kw)

    def throttle(
        self,
        method: str,
        pattern: str,
        minutes: int | None = 1,
        *,
        code: int = 80001,
        status: int = 400,
        times: int = 1,
    ) -> None:
        """Throttling as Graph does it ("Graph API > Overview > Rate Limiting": "Headers",
        "Platform Rate Limits" and "Business Use Case Rate Limits"; "Handling Errors"): HTTP
        400/403 with code 4 (app), 17 (user), 32 (page), 613 (custom) or 80000-80014 (a
        Business Use Case type), and no `Retry-After`. The wait, `estimated_time_to_regain_access`
        in minutes, is in `X-Business-Use-Case-Usage` for BUC codes (an object keyed by the
        business object id, each a list of entries) and in `X-App-Usage` otherwise; with
        `minutes=None` the header reports usage but no wait."""
        words = {4: "Application request limit reached", 17: "User request limit reached"}
        words |= {32: "Page request limit reached", 613: "Calls to this api have exceeded"}
        message = f"(#{code}) {words.get(code, 'There have been too many calls')}"
        usage: Row = {"call_count": 100, "total_cputime": 40, "total_time": 40}
        if minutes is not None:
            usage["estimated_time_to_regain_access"] = minutes
        if code >= 80000:
            kind = "instagram" if code == 80002 else "pages"
            headers = {
                "X-Business-Use-Case-Usage": json.dumps({self.page_id: [usage | {"type": kind}]})
            }
        else:
            headers = {"X-App-Usage": json.dumps(usage)}
        body = graph_error(status, message, code, is_transient=True).body
        self.fault(
            method, pattern, "status", status=status, body=body, headers=headers, times=times
        )

    def describe(self, token: str, **fields: Any) -> None:
        """What `debug_token` says about `token` (type, is_valid, scopes, profile_id, ...), over
        the default: a valid, never-expiring Page token of this page with every permission."""
        self.token_info[token] = fields

    def add_post(self, message: str, *, created: float | None = None) -> str:
        """A post that was already on the page."""
        return self._new_post({"message": message}, created=created)

    def add_media(self, caption: str, *, created: float | None = None) -> str:
        """A post that was already on the Instagram account."""
        return self._new_media(caption, "FEED", created=created)

    def add_comment(
        self,
        post_id: str,
        text: str,
        author: str = "warga_jabar",
        *,
        created: float | None = None,
        parent_id: str = "",
        author_id: str = "",
        hidden: bool = False,
    ) -> str:
        """A comment by someone else on a page post or an Instagram media (or, with
        `parent_id`, a reply to a comment there); returns its id. `author` is the Facebook
        name or the Instagram username."""
        with self.lock:
            if post_id not in self.posts and post_id not in self.media:
                raise KeyError(f"no post or media {post_id}")
            ts = self.clock() if created is None else created
            n = self._id()
            instagram = post_id in self.media
            comment_id = n if instagram else f"{post_id.split('_')[-1]}_{n}"
            row: Row = {"id": comment_id, "_ts": ts, "_object": post_id, "_parent": parent_id}
            row |= {"_hidden": hidden}
            if instagram:
                row |= {"text": text, "timestamp": stamp(ts), "username": author}
            else:
                who = {"id": author_id or str(5000 + int(n) % 1000), "name": author}
                row |= {"message": text, "created_time": stamp(ts), "from": who}
                row["permalink_url"] = (
                    f"{self.posts[post_id]['permalink_url']}?comment_id={comment_id}"
                )
                if parent_id:
                    row["parent"] = {"id": parent_id}
            self.comments[comment_id] = row
            return comment_id

    def delete_comment(self, comment_id: str) -> None:
        """The author (or a moderator) deleted it: it no longer lists or loads."""
        with self.lock:
            self.comments.pop(comment_id, None)

    def hide_comment(self, comment_id: str, hidden: bool = True) -> None:
        with self.lock:
            self.comments[comment_id]["_hidden"] = hidden

    def settle(self) -> None:
        """Finish all processing now (what Facebook and Instagram do on their own later)."""
        for video in self.videos.values():
            video["left"] = 0
            self._advance(video, tick=False)
        for container in self.containers.values():
            if container["status_code"] == "IN_PROGRESS":
                container |= {"left": 0, "status_code": "FINISHED"}

    def published_posts(self) -> list[Row]:
        return [p for p in self.posts.values() if p["published"]]

    # --- plumbing -------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        # Headers and body go out as two writes; without TCP_NODELAY the second one waits for
        # a delayed ACK (about 40 ms a request on Linux).
        with contextlib.suppress(OSError):
            h.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super()._handle(h)

    def _id(self) -> str:
        return str(next(self._ids))

    def _authed(
        self, handler: Callable[[Request], Reply], *, rupload: bool
    ) -> Callable[..., Reply]:
        def wrapped(request: Request) -> Reply:
            if "access_token" in request.query or "access_token" in request.form:
                return graph_error(400, "stand-in: access token in the URL or body", 100)
            header = request.headers.get("authorization", "")
            scheme = "OAuth " if rupload else "Bearer "
            token = header[len(scheme) :] if header.startswith(scheme) else ""
            if token in self.expired:
                return graph_error(
                    400, "Error validating access token: Session has expired.", 190, 463
                )
            if token not in self.tokens:
                return graph_error(
                    400, "Invalid OAuth access token - Cannot parse access token", 190
                )
            self._token = token  # handlers run one at a time, under the lock
            return handler(request)

        return wrapped

    def _page(self, request: Request, rows: list[Row], fields: list[str]) -> Reply:
        """One page of a Graph list, newest first, with `paging.next` carrying the token
        (as Graph's own links do)."""
        rows = sorted(rows, key=lambda r: r["_ts"], reverse=True)
        since = request.query.get("since")
        if since:
            rows = [r for r in rows if r["_ts"] >= float(since)]
        start = int(request.query.get("after") or 0)
        size = min(int(request.query.get("limit") or 25), self.page_size)
        chunk = rows[start : start + size]
        reply: Row = {"data": [_view(r, fields) for r in chunk]}
        if start + size < len(rows):
            query: Row = {k: v for k, v in request.query.items() if k != "after"}
            query |= {"access_token": self._token, "after": start + size}
            reply["paging"] = {
                "cursors": {"after": str(start + size)},
                "next": f"{self.url}{request.path}?{urlencode(query)}",
            }
        return Reply(200, reply)

    # --- Facebook Page --------------------------------------------------------------------
    def _me(self, request: Request) -> Reply:
        """`/me` is whoever the token belongs to: the Page for a Page token, else the user
        ("Graph API > Overview", "/me")."""
        info = self.token_info.get(self._token, {})
        if info.get("type", "PAGE") != "PAGE":
            user = {"id": str(info.get("user_id") or "1000000000009"), "name": "System User"}
            return Reply(200, _view(user, _fields(request)))
        return Reply(200, _view({"id": self.page_id, "name": self.page_name}, _fields(request)))

    def _debug_token(self, request: Request) -> Reply:
        """ "Graph API Reference > Debug-Token /debug_token": `{"data": {app_id, type,
        application, expires_at, is_valid, issued_at, scopes, granular_scopes, user_id}}`, with
        `profile_id` for a Page token; the caller's own token may be inspected. An input token
        Meta does not know reads `is_valid: false` with an `error` object."""
        token = request.query.get("input_token", "")
        if not token:
            return graph_error(400, "(#100) The parameter input_token is required", 100)
        if token not in self.tokens or token in self.expired:
            error = {"code": 190, "message": "Invalid OAuth access token."}
            return Reply(200, {"data": {"error": error, "is_valid": False, "scopes": []}})
        data: Row = {"app_id": "1000000000001", "type": "PAGE", "application": "Pipeline"}
        data |= {"expires_at": 0, "is_valid": True, "issued_at": int(self.clock()) - 86400}
        data |= {"profile_id": self.page_id, "user_id": "1000000000009", "scopes": META_SCOPES}
        data["granular_scopes"] = [
            {"scope": s, "target_ids": [self.ig_user_id if s.startswith("insta") else self.page_id]}
            for s in META_SCOPES
            if s != "pages_show_list"
        ]
        data |= self.token_info.get(token, {})
        if data.get("type") != "PAGE":
            data.pop("profile_id", None)
        return Reply(200, {"data": data})

    def _new_post(
        self, fields: Row, *, created: float | None = None, published: bool = True
    ) -> str:
        ts = self.clock() if created is None else created
        n = self._id()
        post_id = f"{self.page_id}_{n}"
        self.posts[post_id] = {
            **fields,
            "id": post_id,
            "_ts": ts,
            "created_time": stamp(ts),
            "permalink_url": f"https://www.facebook.com/{self.page_id}/posts/{n}",
            "published": published,
        }
        return post_id

    def _list_feed(self, request: Request) -> Reply:
        return self._page(request, self.published_posts(), _fields(request))

    def _post_feed(self, request: Request) -> Reply:
        attached: list[str] = []
        for key in sorted(k for k in request.form if k.startswith("attached_media[")):
            try:
                fbid = str(json.loads(request.form[key])["media_fbid"])
            except (ValueError, KeyError, TypeError):
                return graph_error(400, f"(#100) Invalid parameter {key}", 100)
            photo = self.photos.get(fbid)
            if photo is None or photo["published"]:
                return graph_error(400, "(#100) attached_media must be unpublished photos", 100)
            attached.append(fbid)
        message, link = request.form.get("message", ""), request.form.get("link", "")
        if not (message or link or attached):
            return graph_error(400, "(#100) Missing message or attachment", 100)
        published = request.form.get("published", "true") != "false"
        fields = {"message": message, "link": link, "attached": attached}
        return Reply(200, {"id": self._new_post(fields, published=published)})

    def _post_photo(self, request: Request) -> Reply:
        data = request.files.get("source")
        if data is None:
            return graph_error(400, "(#324) Requires upload file", 324)
        if not data.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"II*\x00")):
            return graph_error(400, "(#324) Missing or invalid image file", 324)
        if len(data) > 10 * 1024 * 1024:
            return graph_error(400, "Photos should be smaller than 10 MB", 100, 1366046)
        published = request.form.get("published", "true") != "false"
        photo_id = self._id()
        self.photos[photo_id] = {
            "id": photo_id,
            "bytes": len(data),
            "alt": request.form.get("alt_text_custom", ""),
            "published": published,
        }
        if not published:
            return Reply(200, {"id": photo_id})
        caption = request.form.get("caption", "")
        post_id = self._new_post({"message": caption, "attached": [photo_id]})
        return Reply(200, {"id": photo_id, "post_id": post_id})

    def _post_reel(self, request: Request) -> Reply:
        phase = request.form.get("upload_phase")
        if phase == "start":
            video_id = self._id()
            self.videos[video_id] = {"id": video_id, "data": b"", "size": None, "left": None}
            self.videos[video_id] |= {"state": "uploading", "publish": "not_started"}
            upload_url = f"{self.url}/video-upload/v25.0/{video_id}"
            return Reply(200, {"video_id": video_id, "upload_url": upload_url})
        if phase != "finish":
            return graph_error(400, "(#100) upload_phase must be start or finish", 100)
        video = self.videos.get(request.form.get("video_id", ""))
        state = request.form.get("video_state", "")
        if video is None or state not in ("PUBLISHED", "DRAFT", "SCHEDULED"):
            return graph_error(400, "(#100) Invalid video_id or video_state", 100)
        if video["size"] is None or len(video["data"]) < video["size"]:
            return graph_error(400, "(#100) The video upload is not complete", 100)
        if video["state"] in ("error", "expired"):
            return graph_error(400, "There was a problem uploading your video file.", 6000)
        # "Reels Publishing API", step 3 "Publish the reel": `video_state` PUBLISHED publishes
        # once processing is done; DRAFT keeps it unpublished (the publishing phase does not
        # start), SCHEDULED waits for `scheduled_publish_time`.
        self.finishes.append((video["id"], state))
        video |= {"description": request.form.get("description", ""), "video_state": state}
        if video["publish"] == "not_started" and state == "PUBLISHED":
            video["publish"] = "in_progress"
        self._advance(video, tick=False)
        return Reply(200, {"success": True})

    def _rupload(self, request: Request) -> Reply:
        video = self.videos.get(request.match.group("id") if request.match else "")
        if video is None:
            return Reply(400, _rupload_error("Video not found", retriable=False))
        try:
            offset, size = int(request.headers["offset"]), int(request.headers["file_size"])
        except (KeyError, ValueError):
            return Reply(400, _rupload_error("offset and file_size headers required"))
        if offset > len(video["data"]) or (video["size"] not in (None, size)):
            return Reply(400, _rupload_error(f"bad offset {offset}", retriable=False))
        video["data"] = video["data"][:offset] + request.body
        video["size"] = size
        if len(video["data"]) > size:
            return Reply(400, _rupload_error("more bytes than file_size", retriable=False))
        if len(video["data"]) == size and video["state"] == "uploading":
            video |= {"state": "processing", "left": self.polls}
        return Reply(200, {"success": True})

    def _list_reels(self, request: Request) -> Reply:
        rows = [v for v in self.videos.values() if v.get("publish") == "complete"]
        rows = [v for v in rows if v.get("video_state") == "PUBLISHED"]
        return self._page(request, rows, _fields(request))

    def _advance(self, video: Row, *, tick: bool = True) -> None:
        """Processing ends after `polls` status reads; a finished reel then publishes."""
        if video["state"] == "processing":
            if video["left"] <= 0:
                video["state"] = "ready"
            elif tick:
                video["left"] -= 1
        if video["state"] == "ready" and video["publish"] == "in_progress":
            ts = self.clock()
            video |= {"publish": "complete", "_ts": ts, "created_time": stamp(ts)}
            video["permalink_url"] = f"/reel/{video['id']}/"
        if video["state"] == "ready" and video.get("video_state") == "DRAFT":
            ts = video.get("_ts") or self.clock()  # an unpublished video still has its page
            video |= {"_ts": ts, "created_time": stamp(ts)}
            video["permalink_url"] = f"/reel/{video['id']}/"

    def _video_status(self, video: Row) -> Row:
        """ "Reels Publishing API" > "Get the status of the upload": `status` holds
        `video_status` (uploading, processing, ready, error, upload_failed, expired) and one
        object per phase: `uploading_phase` {status, bytes_transferred}, `processing_phase`
        {status}, `publishing_phase` {status, publish_status, publish_time}; a phase status is
        not_started, in_progress, complete or error."""
        uploaded = video["size"] is not None and len(video["data"]) >= video["size"]
        processing = {"ready": "complete", "processing": "in_progress", "error": "error"}
        publishing: Row = {"status": video["publish"]}
        if video.get("video_state"):
            publishing["publish_status"] = video["video_state"].lower()
        if video["publish"] == "complete":
            publishing["publish_time"] = int(video["_ts"])
        return {
            "video_status": video["state"],
            "uploading_phase": {
                "status": "complete" if uploaded else "in_progress",
                "bytes_transferred": len(video["data"]),
            },
            "processing_phase": {"status": processing.get(video["state"], "not_started")},
            "publishing_phase": publishing,
        }

    # --- Instagram ------------------------------------------------------------------------
    def _new_media(self, caption: str, product: str, *, created: float | None = None) -> str:
        ts = self.clock() if created is None else created
        media_id = self._id()
        kind = "reel" if product == "REELS" else "p"
        self.media[media_id] = {
            "id": media_id,
            "caption": caption,
            "_ts": ts,
            "timestamp": stamp(ts),
            "permalink": f"https://www.instagram.com/{kind}/C{media_id}/",
            "media_product_type": product,
            "media_type": "VIDEO" if product == "REELS" else "IMAGE",
        }
        return media_id

    def _list_media(self, request: Request) -> Reply:
        return self._page(request, list(self.media.values()), _fields(request))

    def _fetch(self, url: str) -> bytes | None:
        self.fetched.append(url)
        if url in self.files:
            return self.files[url]
        if not self.fetch:
            return b"\xff\xd8\xff"
        if self._http is None:  # one client: building an SSL context costs ~50 ms
            self._http = httpx.Client(timeout=5.0, follow_redirects=True)
        try:
            response = self._http.get(url)
        except httpx.HTTPError:
            return None
        return response.content if response.status_code == 200 else None

    def _create_container(self, request: Request) -> Reply:
        form = request.form
        caption, kind = form.get("caption", ""), form.get("media_type", "IMAGE")
        if len(caption) > 2200:
            return graph_error(400, "The caption is too long.", 36004, 2207010)
        if len(form.get("alt_text", "")) > 1000:
            return graph_error(400, "(#100) alt_text is too long", 100)
        row: Row = {"kind": kind, "caption": caption, "status_code": "IN_PROGRESS"}
        row |= {"left": self.polls, "carousel_item": form.get("is_carousel_item") == "true"}
        if kind == "CAROUSEL":
            children = [c for c in form.get("children", "").split(",") if c]
            if not 2 <= len(children) <= 10:
                return graph_error(400, "The carousel has 2 to 10 items.", 100, 2207028)
            for child in children:
                item = self.containers.get(child)
                if item is None or not item["carousel_item"] or item["status_code"] != "FINISHED":
                    return graph_error(400, f"(#100) child {child} is not a finished item", 100)
            row["children"] = children
        elif kind in ("REELS", "VIDEO", "STORIES") and form.get("video_url"):
            if self._fetch(form["video_url"]) is None:
                row |= {"status_code": "ERROR", "status": "Error: Media download has failed."}
        elif kind in ("IMAGE", "STORIES") and form.get("image_url"):
            data = self._fetch(form["image_url"])
            if data is None:
                return graph_error(
                    400,
                    "Only photo or video can be accepted as media type.",
                    9004,
                    2207052,
                    error_user_title="Media download has failed.",
                    error_user_msg="The media could not be fetched from this uri.",
                )
            if not data.startswith(b"\xff\xd8\xff"):
                return graph_error(400, "The image format is not supported.", 36001, 2207005)
            if len(data) > MAX_IMAGE:
                return graph_error(400, "The image size is too large.", 36000, 2207004)
        else:
            return graph_error(400, "(#100) image_url, video_url or children is required", 100)
        container_id = self._id()
        self.containers[container_id] = {"id": container_id, **row}
        return Reply(200, {"id": container_id})

    def _media_publish(self, request: Request) -> Reply:
        container = self.containers.get(request.form.get("creation_id", ""))
        if container is None:
            return graph_error(400, "(#100) Invalid creation_id", 100)
        if container["status_code"] == "EXPIRED":
            return graph_error(400, "The container has expired.", -2, 2207020)
        if container["status_code"] != "FINISHED" or container["carousel_item"]:
            return graph_error(400, "Media ID is not available", 9007, 2207027)
        if self._used() >= self.quota_total:
            return graph_error(400, "Application request limit reached", 9, 2207042)
        product = "REELS" if container["kind"] == "REELS" else "FEED"
        media_id = self._new_media(container["caption"], product)
        container["status_code"] = "PUBLISHED"
        return Reply(200, {"id": media_id})

    def _used(self) -> int:
        day = self.clock() - 86400
        return sum(1 for m in self.media.values() if m["_ts"] >= day)

    def _quota(self, request: Request) -> Reply:
        config = {"quota_total": self.quota_total, "quota_duration": 86400}
        return Reply(200, {"data": [{"config": config, "quota_usage": self._used()}]})

    # --- comments -------------------------------------------------------------------------
    def _list_comments(self, request: Request) -> Reply:
        """`GET /{object-id}/comments`. Facebook: `order` chronological (default) or
        reverse_chronological, `filter` toplevel (default) or stream (replies too, with
        `parent`); a comment id lists its replies. Instagram media: top-level comments,
        newest first. Cursor paging (`after`), hidden comments left out for Instagram (as
        for a non-owner) and marked `is_hidden` on Facebook when asked for."""
        ident = request.match.group("id") if request.match else ""
        fields = _nested_fields(request.query.get("fields", "id"))
        if ident in self.media:
            rows = [c for c in self.comments.values() if c["_object"] == ident]
            rows = [c for c in rows if not c["_parent"] and not c["_hidden"]]
            newest_first = True
        elif ident in self.posts or ident in self.comments:
            stream = request.query.get("filter") == "stream"
            if ident in self.comments:
                rows = [c for c in self.comments.values() if c["_parent"] == ident]
            else:
                rows = [c for c in self.comments.values() if c["_object"] == ident]
                rows = rows if stream else [c for c in rows if not c["_parent"]]
            newest_first = request.query.get("order") == "reverse_chronological"
        else:
            return self._get_object(request)  # Graph's "object does not exist" error
        for row in rows:
            row["is_hidden"] = row["_hidden"]
        keyed = sorted(rows, key=lambda r: (r["_ts"], int(str(r["id"]).split("_")[-1])))
        if newest_first:
            keyed.reverse()
        after = request.query.get("after")
        if after:
            mark = _uncursor(after)
            keyed = [r for r in keyed if (_key(r) < mark if newest_first else _key(r) > mark)]
        size = min(int(request.query.get("limit") or 25), self.page_size)
        chunk = keyed[:size]
        reply: Row = {"data": [_view(r, fields) for r in chunk]}
        if chunk:
            cursors = {"before": _cursor(chunk[0]), "after": _cursor(chunk[-1])}
            reply["paging"] = {"cursors": cursors}
            if len(keyed) > size:
                query: Row = {k: v for k, v in request.query.items() if k != "after"}
                query["after"] = cursors["after"]
                reply["paging"]["next"] = f"{self.url}{request.path}?{urlencode(query)}"
        return Reply(200, reply)

    # --- any object -----------------------------------------------------------------------
    def _get_object(self, request: Request) -> Reply:
        ident, fields = request.match.group("id") if request.match else "", _fields(request)
        if ident == self.ig_user_id:
            return Reply(200, _view({"id": ident, "username": self.username}, fields))
        if ident == self.page_id:
            return Reply(200, _view({"id": ident, "name": self.page_name}, fields))
        for table in (self.posts, self.media):
            if ident in table:
                return Reply(200, _view(table[ident], fields))
        if ident in self.photos:
            return Reply(200, _view(self.photos[ident], fields))
        if ident in self.videos:
            video = self.videos[ident]
            if "status" in fields:
                self._advance(video)
            return Reply(200, _view({**video, "status": self._video_status(video)}, fields))
        if ident in self.containers:
            container = self.containers[ident]
            if container["status_code"] == "IN_PROGRESS" and "status_code" in fields:
                if container["left"] > 0:
                    container["left"] -= 1
                else:
                    container["status_code"] = "FINISHED"
            return Reply(200, _view(container, fields))
        return graph_error(
            400,
            f"Unsupported get request. Object with ID '{ident}' does not exist, cannot be loaded "
            "due to missing permissions, or does not support this operation.",
            100,
            33,
            type="GraphMethodException",
        )


def _fields(request: Request) -> list[str]:
    return [f for f in request.query.get("fields", "id").split(",") if f]


def _nested_fields(text: str) -> list[str]:
    """`id,message,from{id,name}` -> ["id", "message", "from"] (sub-fields are all shown)."""
    out, depth, current = [], 0, ""
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            out.append(current)
            current = ""
        elif depth == 0:
            current += char
    out.append(current)
    return [f.strip() for f in out if f.strip()]


def _key(row: Row) -> tuple[float, int]:
    return (float(row["_ts"]), int(str(row["id"]).split("_")[-1]))


def _cursor(row: Row) -> str:
    ts, n = _key(row)
    return base64.urlsafe_b64encode(f"{ts!r}:{n}".encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> tuple[float, int]:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    ts, n = raw.split(":")
    return (float(ts), int(n))


def _view(row: Row, fields: list[str]) -> Row:
    """The requested fields that the object has (Graph returns `id` always)."""
    shown = {k: row[k] for k in fields if k in row and not k.startswith("_")}
    if "id" in row:
        shown["id"] = row["id"]
    return shown


def _rupload_error(message: str, *, retriable: bool = True) -> Row:
    return {
        "debug_info": {"retriable": retriable, "type": "ProcessingFailedError", "message": message}
    }
