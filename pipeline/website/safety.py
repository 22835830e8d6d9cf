"""No author HTML reaches the site (docs/publishing-model.md §3.5, three layers).

1. `pipeline check` refuses raw HTML, attribute injection and unsafe links in posts.
2. `sanitize` runs every page's rendered HTML through nh3's allow-list (Material's own markup
   kept: admonitions, tables, code highlighting, header links).
3. `scan` reads every HTML file of the finished site and fails the build on any script the
   theme did not ship, any `on*=` attribute, any `javascript:`/`vbscript:`/`data:text/html`
   URL, and any iframe, object or embed. The one exception is the Giscus script
   (`GISCUS_SRC`, comments through GitHub Discussions), allowed by exact URL and only when
   office.yml configures `website.giscus` (the hooks pass it in `allowed`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from html.parser import HTMLParser
from pathlib import Path

import nh3

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


_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
GISCUS_SRC = "https://giscus.app/client.js"
_THEME_SCRIPT = re.compile(r"(^|/)assets/javascripts/[\w./-]+\.js$")


class _Scanner(HTMLParser):
    def __init__(self, allowed: Collection[str] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = frozenset(allowed)  # script URLs allowed exactly (Giscus, when on)
        self.findings: list[str] = []
        self._inline: str | None = None
        self._script_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "poster") and _BAD_URL.match(value):
                self.findings.append(f"<{tag} {name}={value[:30]}…>")
        if tag in ("iframe", "object", "embed", "frame"):
            self.findings.append(f"<{tag}>")
        if tag == "script":
            src = values.get("src", "")
            if src and src not in self.allowed and not _THEME_SCRIPT.search(src.split("?")[0]):
                self.findings.append(f"<script src={src[:60]}>")
            self._inline = None if src else ""
            self._script_attrs = values

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._inline += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline is not None:
            if not _theme_inline(self._inline, self._script_attrs):
                self.findings.append(f"<script>{self._inline.strip()[:40]}…</script>")
            self._inline = None


def _theme_inline(code: str, attrs: dict[str, str]) -> bool:
    """True for an inline script the theme's own templates write: its JSON config, or one of
    the `<script>` bodies in Material's templates (Jinja expressions matched as wildcards)."""
    if attrs.get("id") == "__config" and attrs.get("type") == "application/json":
        return True
    return any(pattern.fullmatch(code.strip()) for pattern in _theme_scripts())


@functools.cache
def _theme_scripts() -> tuple[re.Pattern[str], ...]:
    import material

    templates = Path(material.__file__).parent / "templates"
    bodies = {
        match.strip()
        for page in templates.rglob("*.html")
        for match in re.findall(r"<script>(.*?)</script>", page.read_text("utf-8"), re.S)
    }
    return tuple(
        re.compile(".*?".join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", body)), re.S)
        for body in bodies
    )


def scan(site: Path, allowed: Collection[str] = ()) -> Iterator[tuple[str, str]]:
    """(page, finding) for everything in the built site that the theme did not ship (and
    that is not one of the `allowed` script URLs)."""
    for page in sorted(site.rglob("*.html")):
        scanner = _Scanner(allowed)
        scanner.feed(page.read_text(encoding="utf-8", errors="replace"))
        for finding in scanner.findings:
            yield str(page.relative_to(site)), finding
