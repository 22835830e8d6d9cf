"""Reading comments per platform (docs/platform-facts.md §1.4, §2.4, §3.4, §4.4): read-only calls
through `Api` (op="read", retried freely there), every page of the listing.

Each reader returns a `Listing`: the comments it saw, how many items were read (X charges per
post read), and whether the listing was complete (then a known comment missing from it was
deleted or hidden). Only the allowlisted fields are kept: id, the author's handle, text, time,
link, parent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.publish.api import Api
from pipeline.publish.platforms import facebook, instagram, x

X_READ_USD = 0.005  # per post read (docs/platform-facts.md §3.3), deduplicated per UTC day by X
TIKTOK_REASON = "API komentar TikTok hanya untuk akun bisnis (Accounts API); belum tersedia"
WEBSITE_REASON = (
    "komentar situs (Giscus, GitHub Discussions) belum diambil otomatis; "
    "periksa tab Discussions di GitHub"
)
STORY_REASON = "story tidak punya komentar publik"
PAGE_LIMIT = 100
MAX_PAGES = 200  # a guard against a listing that never ends


@dataclass(frozen=True, slots=True)
class Found:
    comment_id: str
    author: str
    text: str
    created_at: str  # UTC, "YYYY-MM-DDTHH:MM:SSZ"
    link: str
    parent_id: str = ""


@dataclass(slots=True)
class Listing:
    comments: list[Found] = field(default_factory=list)
    reads: int = 0  # items read (X bills them)
    complete: bool = True  # every comment of the post was listed


def utc(value: str) -> str:
    """Graph's `+0000` and X's `.000Z` times as `YYYY-MM-DDTHH:MM:SSZ`."""
    if not value:
        return ""
    stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return stamp.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def facebook_comments(api: Api, settings: facebook.Settings, remote_id: str) -> Listing:
    """`GET /{page-post-id}/comments`, replies included (`filter=stream`), every page by
    `paging.cursors.after` (the `next` link carries the token: it is not followed as is)."""
    params: dict[str, Any] = {
        "fields": "id,message,created_time,from{id,name},parent{id},permalink_url,is_hidden",
        "filter": "stream",
        "order": "reverse_chronological",
        "limit": PAGE_LIMIT,
    }
    headers = {"Authorization": f"Bearer {settings.token.reveal()}"}
    listing = Listing()
    for row in _graph_pages(api, f"{settings.graph}/{remote_id}/comments", params, headers):
        listing.reads += 1
        if row.get("is_hidden"):
            continue
        comment_id = str(row.get("id", ""))
        author = row.get("from") if isinstance(row.get("from"), Mapping) else {}
        parent = row.get("parent") if isinstance(row.get("parent"), Mapping) else {}
        link = str(row.get("permalink_url") or "") or (
            f"{facebook.SITE}/{remote_id.replace('_', '/posts/')}?comment_id={comment_id}"
        )
        listing.comments.append(
            Found(
                comment_id=comment_id,
                author=str((author or {}).get("name") or ""),
                text=str(row.get("message") or ""),
                created_at=utc(str(row.get("created_time") or "")),
                link=link,
                parent_id=str((parent or {}).get("id") or ""),
            )
        )
    return listing


def instagram_comments(
    api: Api, settings: instagram.Settings, remote_id: str, post_url: str
) -> Listing:
    """`GET /{ig-media-id}/comments` (top-level comments), every page."""
    params: dict[str, Any] = {"fields": "id,text,timestamp,username", "limit": PAGE_LIMIT}
    headers = {"Authorization": f"Bearer {settings.token.reveal()}"}
    listing = Listing()
    for row in _graph_pages(api, f"{settings.graph}/{remote_id}/comments", params, headers):
        listing.reads += 1
        listing.comments.append(
            Found(
                comment_id=str(row.get("id", "")),
                author=str(row.get("username") or ""),
                text=str(row.get("text") or ""),
                created_at=utc(str(row.get("timestamp") or "")),
                link=post_url,  # Instagram has no link to a single comment
            )
        )
    return listing


def x_replies(api: Api, settings: x.Settings, remote_id: str, since_id: str) -> Listing:
    """`GET /2/tweets/search/recent?query=conversation_id:{id}` after `since_id` (the high-water
    mark: X charges per post read, so old replies are not read again), every page by
    `meta.next_token`. Search sees the last 7 days only: the listing is never complete."""
    params: dict[str, Any] = {
        "query": f"conversation_id:{remote_id}",
        "tweet.fields": "author_id,created_at,in_reply_to_user_id,referenced_tweets",
        "expansions": "author_id",
        "user.fields": "username",
        "max_results": PAGE_LIMIT,
    }
    if since_id:
        params["since_id"] = since_id
    headers = {"Authorization": f"Bearer {settings.access.reveal()}"}
    listing = Listing(complete=False)
    for _ in range(MAX_PAGES):
        body = api.request(
            "GET",
            f"{settings.base}/2/tweets/search/recent",
            op="read",
            headers=headers,
            params=params,
        )
        data = body.get("data") if isinstance(body, dict) else None
        includes = body.get("includes") if isinstance(body, dict) else None
        users = {
            str(u.get("id")): str(u.get("username") or "")
            for u in (includes or {}).get("users") or []
            if isinstance(u, Mapping)
        }
        for row in data or []:
            if not isinstance(row, Mapping):
                continue
            listing.reads += 1
            author = users.get(str(row.get("author_id")), "")
            if author.lower() == settings.username.lower():
                continue  # our own answers in the thread
            replied = [
                str(r.get("id"))
                for r in row.get("referenced_tweets") or []
                if isinstance(r, Mapping) and r.get("type") == "replied_to"
            ]
            parent = replied[0] if replied and replied[0] != remote_id else ""
            comment_id = str(row.get("id", ""))
            listing.comments.append(
                Found(
                    comment_id=comment_id,
                    author=author,
                    text=str(row.get("text") or ""),
                    created_at=utc(str(row.get("created_at") or "")),
                    link=f"https://x.com/{author or 'i'}/status/{comment_id}",
                    parent_id=parent,
                )
            )
        token = ((body.get("meta") if isinstance(body, dict) else None) or {}).get("next_token")
        if not token:
            break
        params["next_token"] = token
    return listing


def _graph_pages(
    api: Api, url: str, params: dict[str, Any], headers: Mapping[str, str]
) -> list[Mapping[str, Any]]:
    rows: list[Mapping[str, Any]] = []
    params = dict(params)
    for _ in range(MAX_PAGES):
        body = api.request("GET", url, op="read", headers=headers, params=params)
        data = body.get("data") if isinstance(body, dict) else None
        rows.extend(r for r in data or [] if isinstance(r, Mapping))
        paging = body.get("paging") if isinstance(body, dict) else None
        after = ((paging or {}).get("cursors") or {}).get("after")
        if not (paging or {}).get("next") or not after:
            break
        params["after"] = after
    return rows
