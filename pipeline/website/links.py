"""The "Tautan unggahan" page (SOP 1 step 7): every publication in the log, newest first.

Made from `records/uploads/*.jsonl` at build time, so the page is exactly what the log says.
Every value is escaped: a caption or a platform URL cannot inject Markdown or HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

MARKER = "<!-- pipeline:tautan-unggahan -->"
NAMES = {
    "website": "Website",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "tiktok": "TikTok",
}


def table(events: Iterable[Mapping[str, Any]], sources: Mapping[str, str] | None = None) -> str:
    """`sources`: {post path: its Markdown file relative to this page} for the posts in the
    repository; MkDocs turns those links into the page's address in this very build, so a
    post moved since it was published links to where it is now."""
    rows = [e for e in events if _is_publication(e)]
    if not rows:
        return "Belum ada unggahan yang tercatat."
    rows.sort(key=lambda e: str(e.get("at_utc", "")), reverse=True)
    # A post has one page: the newest address it was published with (a moved post's older
    # rows link to where it is now, not to an address that is gone).
    page_of: dict[str, str] = {}
    title_of: dict[str, str] = {}  # for a row without one (a person's resolution)
    for event in rows:
        post = str(event.get("post", ""))
        if str(event.get("link") or "").startswith("https://"):
            page_of.setdefault(post, str(event["link"]))
        if event.get("title"):
            title_of.setdefault(post, str(event["title"]))
    lines = [
        "| Waktu | Berita | Platform | Tautan |",
        "|---|---|---|---|",
    ]
    for event in rows:
        when = _cell(str(event.get("at_local", ""))[:16].replace("T", " "))
        post = str(event.get("post", ""))
        title = _cell(str(event.get("title") or title_of.get(post) or post))
        page = page_of.get(post, "")
        if sources and post in sources:
            story = f"[{title}]({_url(sources[post])})"
        else:
            story = f"[{title}]({_url(page)})" if page.startswith("https://") else title
        url = str(event.get("url") or "")
        link = f"[{_cell(_short(url))}]({_url(url)})" if url.startswith("https://") else "–"
        if event.get("platform") == "website" and sources and post in sources:
            link = f"[halaman tulisan]({_url(sources[post])})"  # its address in this build
        platform = NAMES.get(str(event.get("platform")), _cell(str(event.get("platform"))))
        lines.append(f"| {when} | {story} | {platform} | {link} |")
    return "\n".join(lines)


def _is_publication(event: Mapping[str, Any]) -> bool:
    return event.get("event") == "published" or (
        event.get("event") == "resolved" and event.get("decision") == "published"
    )


def _cell(text: str) -> str:
    """Plain text in a table cell: HTML escaped, no Markdown syntax, no pipes or newlines."""
    text = html.escape(" ".join(text.split()), quote=False)
    for char in "\\|[]()*_`<>!#":
        text = text.replace(char, "\\" + char)
    return text


def _url(url: str) -> str:
    """A link target as Markdown and the table read it: everything but the characters a URL
    needs is percent-encoded (spaces, line breaks, '|', '<', '"', '`', parentheses, brackets
    and any non-ASCII character); '%' stays, so an address already encoded is unchanged."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _short(url: str) -> str:
    return url.removeprefix("https://").removeprefix("www.")[:60]
