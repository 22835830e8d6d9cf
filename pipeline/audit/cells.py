"""One value as Markdown: user data escaped, links only to https, commits and times shown
the same way everywhere in the report."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Protocol

from pipeline.audit import history
from pipeline.audit.timeline import local

_SPECIAL = re.compile(r"([\\`*_\[\]()!|~@<>])")
_URL = re.compile(r"https://[^\s<>\"'`\\|]+")


class Zone(Protocol):
    @property
    def offset(self) -> str: ...  # '+07:00'

    @property
    def zone(self) -> str: ...  # 'WIB'


def escape(text: str) -> str:
    """Plain text on one line: no control or bidi characters, HTML escaped, Markdown inert
    (no emphasis, links, images, mentions, table cells or autolinks)."""
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\n")
    text = html.escape(" ".join(text.split()), quote=False)
    text = _SPECIAL.sub(r"\\\1", text).replace("://", ":\\/\\/").replace("www.", "www\\.")
    return text or "–"


def link(url: str) -> str:
    """A link only to an https address; anything else is shown as inert text."""
    if not url:
        return "–"
    if not _URL.fullmatch(url):
        return escape(url)
    shown = escape(url.removeprefix("https://").removeprefix("www.")[:60])
    target = url.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")
    return f"[{shown}]({target})"


def when(text: str, zone: Zone) -> str:
    """A logged time in the office's zone, to the minute: '2026-11-23 08:30 WIB'."""
    if not text:
        return "–"
    value = local(text, zone.offset)
    return escape(text) if value is None else f"{value:%Y-%m-%d %H:%M} {zone.zone}"


def sha(text: str) -> str:
    if not text:
        return "–"
    return f"`{text[:12]}`" if history.is_sha(text) else escape(text)


def pr(number: int | None) -> str:
    return f"#{number}" if number is not None else "–"


def decimal(text: str, lang: str) -> str:
    """'12.5' -> '12,5' in Indonesian."""
    return text.replace(".", ",") if lang == "id" else text


def short(post: str) -> str:
    return post.removeprefix("content/posts/").removesuffix("/index.md")
