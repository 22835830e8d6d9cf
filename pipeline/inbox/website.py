"""Website comments through Giscus: GitHub Discussions read and answered over GraphQL.

Giscus (office.yml `website.giscus`, mapping `pathname`) keeps one discussion per page in one
category, titled with the page's path without the leading slash (`2026/11/panen/`). A fetch
lists every discussion of the category (50 a page), every comment of each (100 a page) and the
first 50 replies of each comment, and matches a discussion to a published post by the path of
the post's website link in the upload log. An answer is a reply in the comment's thread:
`addDiscussionComment(input: {discussionId, replyToId, body})`; GitHub threads one level deep,
so an answer to a reply goes into its parent's thread.

The token is `GITHUB_TOKEN` (the workflow needs `discussions: read`, and `write` to answer);
`PIPELINE_GITHUB_URL` points the calls at a stand-in or a GitHub Enterprise server. GraphQL
answers 200 with an `errors` list: NOT_FOUND is a deleted comment, RATE_LIMITED is retried on
the next run, anything else is the platform refusing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.config import Giscus
from pipeline.inbox.sources import MAX_PAGES, Found, Listing, utc
from pipeline.publish.api import Api
from pipeline.publish.base import Op, PublishError, Secret, Verdict, base_url, require, text_hash

NAME = "website"
DISCUSSIONS_PAGE = 50
COMMENTS_PAGE = 100
REPLIES_PAGE = 50
OWN = frozenset({"github-actions", "github-actions[bot]"})  # our answers, not new comments

_COMMENT = "id body createdAt url isMinimized deletedAt author { login }"
_COMMENTS = (
    f"comments(first: $comments, after: $commentsAfter) {{ nodes {{ {_COMMENT} "
    f"replies(first: $replies) {{ nodes {{ {_COMMENT} }} }} }} "
    "pageInfo { hasNextPage endCursor } }"
)
DISCUSSIONS = (
    "query Discussions($owner: String!, $name: String!, $category: ID!, $first: Int!, "
    "$after: String, $comments: Int!, $commentsAfter: String, $replies: Int!) "
    "{ repository(owner: $owner, name: $name) { discussions(categoryId: $category, "
    f"first: $first, after: $after) {{ nodes {{ id title url {_COMMENTS} }} "
    "pageInfo { hasNextPage endCursor } } } }"
)
MORE_COMMENTS = (
    "query DiscussionComments($discussion: ID!, $comments: Int!, $commentsAfter: String, "
    f"$replies: Int!) {{ node(id: $discussion) {{ ... on Discussion {{ id {_COMMENTS} }} }} }}"
)
COMMENT = (
    "query Comment($comment: ID!, $replies: Int!) { node(id: $comment) { ... on "
    "DiscussionComment { id isMinimized deletedAt url discussion { id } "
    "replyTo { id url replies(first: $replies) { nodes { id body url } } } "
    "replies(first: $replies) { nodes { id body url } } } } }"
)
REPLY = (
    "mutation Reply($discussion: ID!, $replyTo: ID!, $body: String!) { addDiscussionComment("
    "input: {discussionId: $discussion, replyToId: $replyTo, body: $body}) "
    "{ comment { id url } } }"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    graphql: str
    token: Secret
    owner: str
    name: str
    category_id: str


def settings(env: Mapping[str, str], giscus: Giscus) -> Settings:
    (token,) = require(env, NAME, "GitHub (Giscus)", "GITHUB_TOKEN")
    owner, _, name = giscus.repo.partition("/")
    api = base_url(env, "github", "https://api.github.com")
    return Settings(
        graphql=f"{api}/graphql",
        token=Secret(token),
        owner=owner,
        name=name,
        category_id=giscus.category_id,
    )


def title_for(url: str) -> str:
    """The discussion title giscus gives a page (mapping `pathname`): its path, without the
    leading slash and without an `.html` ending."""
    path = unquote(urlsplit(url).path).lstrip("/")
    path = path.removesuffix(".html") if not path.endswith("index.html") else path[:-10]
    return path or "index"


def graphql(api: Api, s: Settings, query: str, variables: Mapping[str, Any], op: Op) -> Any:
    """The `data` of one GraphQL call; NOT_FOUND leaves its field null, other errors raise."""
    body = api.request(
        "POST",
        s.graphql,
        op=op,
        headers=api.bearer() | {"Accept": "application/vnd.github+json"},
        json_body={"query": query, "variables": dict(variables)},
    )
    body = body if isinstance(body, dict) else {}
    errors = [e for e in body.get("errors") or [] if isinstance(e, Mapping)]
    serious = [e for e in errors if e.get("type") != "NOT_FOUND"]
    if serious:
        kinds = {str(e.get("type") or "") for e in serious}
        message = "; ".join(str(e.get("message") or e.get("type") or "?") for e in serious)
        if "RATE_LIMITED" in kinds:
            raise PublishError(Verdict.RETRY, f"github: {message}", hint="dicoba lagi nanti")
        if kinds & {"FORBIDDEN", "INSUFFICIENT_SCOPES"}:
            raise PublishError(
                Verdict.PERMANENT if op != "read" else Verdict.REAUTH,
                f"github: {message}",
                hint="beri GITHUB_TOKEN izin 'discussions: write' (atau read) di workflow",
                code="forbidden",
            )
        raise PublishError(Verdict.PERMANENT, f"github: {message}", code="graphql")
    data = body.get("data")
    return data if isinstance(data, dict) else {}


@dataclass(slots=True)
class Reader:
    """Every discussion of the Giscus category, read once per run, by title."""

    api: Api
    settings: Settings
    _index: dict[str, Listing] | None = field(default=None)

    def listing(self, url: str) -> Listing:
        if self._index is None:
            self._index = self._read()
        found = self._index.get(title_for(url).strip("/"))
        return found if found is not None else Listing()  # no discussion yet: no comments

    def _read(self) -> dict[str, Listing]:
        s = self.settings
        index: dict[str, Listing] = {}
        variables: dict[str, Any] = {
            "owner": s.owner,
            "name": s.name,
            "category": s.category_id,
            "first": DISCUSSIONS_PAGE,
            "after": None,
            "comments": COMMENTS_PAGE,
            "commentsAfter": None,
            "replies": REPLIES_PAGE,
        }
        for _ in range(MAX_PAGES):
            data = graphql(self.api, s, DISCUSSIONS, variables, "read")
            repository = data.get("repository") or {}
            discussions = repository.get("discussions") or {}
            for node in discussions.get("nodes") or []:
                if not isinstance(node, Mapping):
                    continue
                listing = index.setdefault(str(node.get("title") or "").strip("/"), Listing())
                self._comments(node, listing)
            page = discussions.get("pageInfo") or {}
            if not page.get("hasNextPage") or not page.get("endCursor"):
                break
            variables["after"] = page["endCursor"]
        return index

    def _comments(self, discussion: Mapping[str, Any], listing: Listing) -> None:
        connection = discussion.get("comments") or {}
        for _ in range(MAX_PAGES):
            for node in connection.get("nodes") or []:
                if isinstance(node, Mapping):
                    _add(listing, node, "")
                    replies = (node.get("replies") or {}).get("nodes") or []
                    for reply in replies:
                        if isinstance(reply, Mapping):
                            _add(listing, reply, str(node.get("id") or ""))
            page = connection.get("pageInfo") or {}
            if not page.get("hasNextPage") or not page.get("endCursor"):
                return
            variables = {
                "discussion": discussion.get("id"),
                "comments": COMMENTS_PAGE,
                "commentsAfter": page["endCursor"],
                "replies": REPLIES_PAGE,
            }
            data = graphql(self.api, self.settings, MORE_COMMENTS, variables, "read")
            connection = (data.get("node") or {}).get("comments") or {}


def _add(listing: Listing, node: Mapping[str, Any], parent: str) -> None:
    listing.reads += 1
    author = str((node.get("author") or {}).get("login") or "ghost")
    if node.get("deletedAt") or node.get("isMinimized") or author in OWN:
        return  # deleted (a placeholder kept for its replies), hidden, or our own answer
    listing.comments.append(
        Found(
            comment_id=str(node.get("id") or ""),
            author=author,
            text=str(node.get("body") or ""),
            created_at=utc(str(node.get("createdAt") or "")),
            link=str(node.get("url") or ""),
            parent_id=parent,
        )
    )


# --- answers -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Thread:
    """Where an answer to a comment goes: its discussion and the top comment of its thread."""

    discussion_id: str
    reply_to: str
    url: str
    replies: tuple[Mapping[str, Any], ...]


def thread(api: Api, s: Settings, comment_id: str) -> Thread | None:
    """The comment fetched again; None when it was deleted (NOT_FOUND, null) or hidden."""
    variables = {"comment": comment_id, "replies": 100}
    node = graphql(api, s, COMMENT, variables, "read").get("node")
    if not isinstance(node, Mapping) or not node.get("id"):
        return None
    if node.get("deletedAt") or node.get("isMinimized"):
        return None
    parent = node.get("replyTo")
    top = parent if isinstance(parent, Mapping) and parent.get("id") else node
    replies = tuple(
        r for r in (top.get("replies") or {}).get("nodes") or [] if isinstance(r, Mapping)
    )
    return Thread(
        discussion_id=str((node.get("discussion") or {}).get("id") or ""),
        reply_to=str(top["id"]),
        url=str(node.get("url") or ""),
        replies=replies,
    )


def reply(api: Api, s: Settings, comment_id: str, text: str) -> tuple[str, str]:
    """Post the answer in the comment's thread: (reply id, its URL)."""
    found = thread(api, s, comment_id)
    if found is None:
        raise PublishError(Verdict.PERMANENT, "github: komentar sudah tidak ada", code="gone")
    variables = {"discussion": found.discussion_id, "replyTo": found.reply_to, "body": text}
    data = graphql(api, s, REPLY, variables, "publish")
    made = ((data.get("addDiscussionComment") or {}).get("comment")) or {}
    return str(made.get("id") or ""), str(made.get("url") or "")


def find_reply(api: Api, s: Settings, comment_id: str, sha: str) -> tuple[str, str] | None:
    """Our answer among the thread's replies, matched by text hash."""
    found = thread(api, s, comment_id)
    for item in found.replies if found else ():
        if text_hash(str(item.get("body") or "").strip()) == sha:
            return str(item.get("id") or ""), str(item.get("url") or "")
    return None
