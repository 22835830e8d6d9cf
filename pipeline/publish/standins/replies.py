"""Comments and replies for the stand-ins: single-comment reads and reply routes, added onto an
existing `GraphStandIn` or `XStandIn` (issue 7, item 3).

    replies = add_replies(graph)            # Facebook and Instagram comments
    cid = replies.add_comment("facebook", "Kapan panen?", post_id=post)
    xr = add_x_replies(x, summoned=False)   # X refuses API replies with its real 403

Each keeps its own comment store that tests seed (`add_comment`, `delete`, `hide`). Routes are
put in front of the stand-in's own, and a request for an id that is not in the store falls
through to the stand-in's routes, so its `GET /{id}` and any comment-listing routes keep working.

Like the platforms: a deleted comment reads as Graph's error 100 / 33 (or X's 200 with an
`errors` list); Instagram takes replies only on top-level, visible comments (a reply to a
reply attaches to the top-level one); X answers a reply with 403 unless the account was
summoned (since 2026-02-23, docs/platform-facts.md §3.4) and lists a conversation with
`GET /2/tweets/search/recent?query=conversation_id:<id>`.

Meta sections followed (read 2026-12-03): Facebook replies are `POST /{comment-id}/comments`
with `message` (Pages API > "Comments and Mentions", "Reply to a comment"); Instagram replies
are `POST /{ig-comment-id}/replies` with `message`, top-level visible comments only
(Instagram Platform > "IG Comment Replies" reference and "Comment Moderation"); an object
that is gone is error 100 / 33 ("Graph API > Guides > Handling Errors"). Throttling of these
calls is the Graph stand-in's (`GraphStandIn.throttle`, "Rate Limiting"), since faults apply to
every route of the one server.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.publish.standins.graph import ID, GraphStandIn, V, graph_error, stamp
from pipeline.publish.standins.server import Handler, Reply, Request, StandIn
from pipeline.publish.standins.x import XPost, XStandIn, _invalid, _problem

Row = dict[str, Any]
NOT_SUMMONED = (
    "Reply to this conversation is not allowed because you have not been mentioned or "
    "otherwise engaged by the author of the post you are replying to."
)


def _fallthrough(standin: StandIn, request: Request, mine: set[Handler]) -> Reply:
    """Serve `request` with the stand-in's own routes (those not added here)."""
    for method, pattern, handler in standin.routes:
        if handler in mine:
            continue
        match = pattern.match(request.path)
        if match and method == request.method:
            request.match = match
            return handler(request)
    return Reply(404, {"error": {"message": f"no route {request.method} {request.path}"}})


def _front(standin: StandIn, routes: list[tuple[str, str, Handler]]) -> set[Handler]:
    added = [(m, re.compile(p + r"/?$"), h) for m, p, h in routes]
    standin.routes[:0] = added
    return {h for _, _, h in added}


def _gone(cid: str) -> Reply:
    message = (
        f"Unsupported get request. Object with ID '{cid}' does not exist, cannot be loaded "
        "due to missing permissions, or does not support this operation."
    )
    return graph_error(400, message, 100, 33, type="GraphMethodException")


@dataclass(slots=True)
class GraphReplies:
    graph: GraphStandIn
    comments: dict[str, Row] = field(default_factory=dict)
    mine: set[Handler] = field(default_factory=set)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add_comment(
        self,
        platform: str,
        text: str,
        *,
        post_id: str = "",
        parent: str = "",
        username: str = "warga_desa",
    ) -> str:
        """A comment by someone else on one of our posts (or a reply to a comment)."""
        with self.graph.lock:
            serial = next(self.ids)
            if platform == "facebook":  # a Page comment id: <post>_<comment>
                cid = f"{post_id.rsplit('_', 1)[-1] or '1'}_{9000 + serial}"
            else:
                cid = str(17900000000000000 + serial)
            self.comments[cid] = {
                "id": cid,
                "platform": platform,
                "text": text,
                "post": post_id,
                "parent": parent,
                "from": {"id": "555", "name": username},
                "username": username,
                "created_time": stamp(self.graph.clock()),
                "hidden": False,
                "deleted": False,
            }
            return cid

    def delete(self, cid: str) -> None:
        self.comments[cid]["deleted"] = True

    def hide(self, cid: str) -> None:
        self.comments[cid]["hidden"] = True

    def replies(self, cid: str) -> list[Row]:
        """Live replies to a comment (ours and others'), oldest first."""
        return [c for c in self.comments.values() if c["parent"] == cid and not c["deleted"]]

    # --- routes ---------------------------------------------------------------------------
    def _known(self, request: Request) -> Row | None:
        cid = request.match["id"] if request.match else ""
        row = self.comments.get(cid)
        return row

    def _get(self, request: Request) -> Reply:
        row = self._known(request)
        if row is None:
            return _fallthrough(self.graph, request, self.mine)
        if row["deleted"]:
            return _gone(row["id"])
        return Reply(200, self._view(row, _fields(request)))

    def _list(self, edge: str) -> Handler:
        def serve(request: Request) -> Reply:
            row = self._known(request)
            if row is None or row["platform"] != _platform(edge):
                return _fallthrough(self.graph, request, self.mine)
            if row["deleted"]:
                return _gone(row["id"])
            fields = _fields(request)
            return Reply(200, {"data": [self._view(r, fields) for r in self.replies(row["id"])]})

        return serve

    def _reply(self, edge: str) -> Handler:
        def serve(request: Request) -> Reply:
            row = self._known(request)
            if row is None or row["platform"] != _platform(edge):
                return _fallthrough(self.graph, request, self.mine)
            if row["deleted"]:
                return _gone(row["id"])
            message = request.field("message") or ""
            if not message:
                return graph_error(400, "(#100) Missing message", 100)
            target = row
            if row["platform"] == "instagram":
                if row["hidden"]:
                    return graph_error(400, "(#100) Cannot reply to a hidden comment", 100)
                if row["parent"]:  # only top-level comments take replies
                    target = self.comments[row["parent"]]
            reply = self.add_comment(
                row["platform"],
                message,
                post_id=row["post"],
                parent=target["id"],
                username=self.graph.username,
            )
            self.comments[reply]["from"] = {"id": self.graph.page_id, "name": self.graph.page_name}
            return Reply(200, {"id": reply})

        return serve

    def _view(self, row: Row, fields: list[str]) -> Row:
        text_key = "message" if row["platform"] == "facebook" else "text"
        full: Row = {
            "id": row["id"],
            text_key: row["text"],
            "from": row["from"],
            "username": row["username"],
            "created_time": row["created_time"],
            "timestamp": row["created_time"],
            "is_hidden": row["hidden"],
            "hidden": row["hidden"],
        }
        wanted = fields or ["id", text_key]
        return {k: v for k, v in full.items() if k in wanted or k == "id"}


def _platform(edge: str) -> str:
    return "facebook" if edge == "comments" else "instagram"


def _fields(request: Request) -> list[str]:
    return [f for f in (request.field("fields") or "").split(",") if f]


def add_replies(graph: GraphStandIn) -> GraphReplies:
    """Single-comment reads, reply lists and reply posts for Facebook (`/{id}/comments`) and
    Instagram (`/{id}/replies`), in front of the stand-in's own routes."""
    store = GraphReplies(graph)
    authed = [
        ("GET", V + "/" + ID + "/comments", store._list("comments")),
        ("POST", V + "/" + ID + "/comments", store._reply("comments")),
        ("GET", V + "/" + ID + "/replies", store._list("replies")),
        ("POST", V + "/" + ID + "/replies", store._reply("replies")),
        ("GET", V + "/" + ID, store._get),
    ]
    store.mine = _front(graph, [(m, p, graph._authed(h, rupload=False)) for m, p, h in authed])
    return store


@dataclass(slots=True)
class XReplies:
    x: XStandIn
    summoned: bool = True  # False: X refuses API replies (the account was not summoned)
    comments: dict[str, XPost] = field(default_factory=dict)
    conversation: dict[str, str] = field(default_factory=dict)  # post id -> conversation id
    parent: dict[str, str] = field(default_factory=dict)  # reply id -> the post replied to
    replies_made: list[str] = field(default_factory=list)  # our replies, in order

    def add_comment(self, text: str, *, conversation_id: str, author_id: str = "777") -> str:
        """A reply by someone else to one of our posts (`conversation_id`)."""
        with self.x.lock:
            post = XPost(
                id=self.x._new_id(1_880_000_000_000_000_000),
                author_id=author_id,
                raw=text,
                text=self.x._shown(text, False),
                created_at=self.x.clock(),
            )
            self.comments[post.id] = post
            self.conversation[post.id] = conversation_id
            self.parent[post.id] = conversation_id
            return post.id

    def delete(self, tid: str) -> None:
        with self.x.lock:
            self.comments.pop(tid, None)

    # --- routes ---------------------------------------------------------------------------
    def _lookup(self, request: Request) -> Reply:
        tid = request.match["tid"] if request.match else ""
        post = self.comments.get(tid)
        if post is None:
            return self.x._lookup(request)  # X's own answer (already counted by the guard)
        fields = (request.field("tweet.fields") or "").split(",")
        return Reply(200, {"data": self._json(post, fields)})

    def _create(self, request: Request) -> Reply:
        body = request.json if isinstance(request.json, dict) else {}
        reply = body.get("reply")
        if not isinstance(reply, dict):
            return self.x._create(request)  # a post, not a reply (already counted)
        target = str(reply.get("in_reply_to_tweet_id", ""))
        text = body.get("text")
        if target not in self.comments and target not in self.x.posts:
            return _invalid(
                "reply.in_reply_to_tweet_id", target, "The tweet you are replying to was deleted."
            )
        if not isinstance(text, str) or not text:
            return _invalid("text", str(text), "$.text: a text is required")
        if not self.summoned:
            return _problem(403, "Forbidden", NOT_SUMMONED)
        post = XPost(
            id=self.x._new_id(1_890_000_000_000_000_000),
            author_id=self.x.user["id"],
            raw=text,
            text=self.x._shown(text, False),
            created_at=self.x.clock(),
        )
        self.comments[post.id] = post
        self.conversation[post.id] = self.conversation.get(target, target)
        self.parent[post.id] = target
        self.replies_made.append(post.id)
        return Reply(
            201, {"data": {"id": post.id, "text": post.text, "edit_history_tweet_ids": [post.id]}}
        )

    def _search(self, request: Request) -> Reply:
        query = request.field("query") or ""
        conv = re.search(r"conversation_id:(\d+)", query)
        user = re.search(r"from:(\w+)", query)
        if conv is None:
            return _invalid("query", query, "conversation_id: is required by this stand-in")
        uid = self.x.user["id"] if user and user.group(1) == self.x.user["username"] else None
        found = [
            p
            for p in self.comments.values()
            if self.conversation.get(p.id) == conv.group(1) and uid in (None, p.author_id)
        ]
        fields = (request.field("tweet.fields") or "").split(",")
        data = [self._json(p, fields) for p in sorted(found, key=lambda p: -int(p.id))]
        body: Row = {"meta": {"result_count": len(data)}}
        if data:
            body["data"] = data
        return Reply(200, body)

    def _json(self, post: XPost, fields: list[str]) -> Row:
        out = post.json(fields)
        if "referenced_tweets" in fields:
            out["referenced_tweets"] = [{"type": "replied_to", "id": self.parent.get(post.id)}]
        if "conversation_id" in fields:
            out["conversation_id"] = self.conversation.get(post.id, post.id)
        return out


def add_x_replies(x: XStandIn, *, summoned: bool = True) -> XReplies:
    """Replies (`POST /2/tweets` with `reply`), reads of seeded comments and a conversation
    search, in front of the X stand-in's own routes (rate limits and tokens still apply)."""
    store = XReplies(x, summoned=summoned)
    x.limits.setdefault("GET /2/tweets/search/recent", 450)  # per 15 min per app (§3.4)
    routes: list[tuple[str, str, Handler]] = [
        ("GET", r"/2/tweets/search/recent", x._guard("GET /2/tweets/search/recent", store._search)),
        ("POST", r"/2/tweets", x._guard("POST /2/tweets", store._create)),
        ("GET", r"/2/tweets/(?P<tid>\d+)", x._guard("GET /2/tweets/:id", store._lookup)),
    ]
    _front(x, routes)
    return store
