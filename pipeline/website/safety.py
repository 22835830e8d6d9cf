"""No author HTML reaches the site (docs/publishing-model.md §3.5, three layers).

1. `pipeline check` refuses raw HTML, attribute injection and unsafe links in posts.
2. `sanitize` runs every page's rendered HTML through nh3's allow-list (Material's own markup
   kept: admonitions, tables, code highlighting, header links).
3. `scan` reads every file of the finished site with a parser for its type
   (pipeline/website/sitescan.py, htmlscan.py) and fails the build on anything the theme did
   not ship. The one exception is the Giscus script (`GISCUS_SRC`, comments through GitHub
   Discussions), allowed by exact URL and only when office.yml configures `website.giscus`.

Front-matter strings never reach this layer as markup: they are plain text
(pipeline/plain_text.py), refused by check and by the build, and escaped by the templates.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

import nh3

from pipeline.website import htmlscan, sitescan

_GLOBAL = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL,
    "a": _GLOBAL | {"href"},
    "img": _GLOBAL | {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "src", "media"},
    "video": _GLOBAL | {"controls", "preload", "poster", "width", "height", "playsinline"},
    "track": {"kind", "src", "srclang", "label", "default"},
    "th": _GLOBAL | {"colspan", "rowspan", "align", "scope"},
    "td": _GLOBAL | {"colspan", "rowspan", "align"},
    "ol": _GLOBAL | {"start", "type"},
    "code": _GLOBAL,
    "span": _GLOBAL,
    "div": _GLOBAL,
}
TAGS = set(nh3.ALLOWED_TAGS) | {
    "div",
    "span",
    "figure",
    "figcaption",
    "picture",
    "source",
    "video",
    "track",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "code",
    "hr",
    "sup",
    "sub",
    "mark",
    "small",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
}


def sanitize(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; links get noopener."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


GISCUS_SRC = htmlscan.GISCUS_SRC


def scan(site: Path, allowed: Collection[str] = ()) -> Iterator[tuple[str, str]]:
    """(file, finding) for everything in the built site the theme did not ship (sitescan)."""
    return sitescan.scan(site, allowed)
