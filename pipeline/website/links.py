"""The "Tautan unggahan" page (SOP 1 step 7): every publication in the log, newest first.

Made from `records/uploads/*.jsonl` at build time, so the page is exactly what the log says.
Every value is escaped: a caption or a platform URL cannot inject Markdown or HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

MARKER = "<!-- pipeline:tautan-unggahan -->"
NAMES = {
    "website": "Website",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "tiktok": "TikTok",
}


def table(events: Iterable[Mapping[str, Any]]) -> str:
    rows = [e for e in events if _is_publication(e)]
    if not rows:
        return "Belum ada unggahan yang tercatat."
    rows.sort(key=lambda e: str(e.get("at_utc", "")), reverse=True)
    lines = [
        "| Waktu | Berita | Platform | Tautan |",
        "|---|---|---|---|",
    ]
    for event in rows:
        when = str(event.get("at_local", ""))[:16].replace("T", " ")
        title = _cell(str(event.get("title") or event.get("post", "")))
        page = str(event.get("link") or "")
        story = f"[{title}]({_url(page)})" if page.startswith("https://") else title
        url = str(event.get("url") or "")
        link = f"[{_cell(_short(url))}]({_url(url)})" if url.startswith("https://") else "–"
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
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def _short(url: str) -> str:
    return url.removeprefix("https://").removeprefix("www.")[:60]
