"""What in HTML can run, fetch, redirect or re-point the page: found with the standard library's
HTML tokenizer (html.parser), which decodes entities in attribute values as browsers do.

Used on every built HTML page, and on every string of the site's JSON and XML files that a
browser or a feed reader may treat as HTML (search index titles, RSS descriptions).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from html.parser import HTMLParser
from pathlib import Path

GISCUS_SRC = "https://giscus.app/client.js"
CSP_NAME = "content-security-policy"
_THEME_SCRIPT = re.compile(r"(^|/)assets/javascripts/[\w./-]+\.js$")
# Elements that embed, re-point or animate: never written by the theme into a page body.
_FORBIDDEN = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe",
    "set", "animate", "animatemotion", "animatetransform", "discard", "foreignobject",
    "handler", "listener", "maction", "xml", "import",
}  # fmt: skip
_URL_ATTRS = {
    "href", "src", "action", "formaction", "poster", "xlink:href", "data", "background",
    "cite", "codebase", "ping", "lowsrc", "dynsrc", "manifest", "to", "from", "values",
}  # fmt: skip
_BAD_SCHEME = re.compile(r"^(?:java|vb|live)script:|^data:(?!image/(?:png|jpe?g|gif|webp);)")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_FETCH_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "import", "manifest"}
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_BAD = re.compile(
    r"expression\(|(?:java|vb)script:|@import|behavior:|-moz-binding|"
    r"url\(['\"]?(?:[a-z][a-z0-9+.-]*:|//)"
)


def bad_url(value: str) -> bool:
    """True for a URL a browser would run (javascript:, vbscript:, data: other than images)."""
    return bool(_BAD_SCHEME.match(_URL_NOISE.sub("", value).lower()))


def external(value: str) -> bool:
    clean = _URL_NOISE.sub("", value).lower()
    return clean.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", clean))


def css_findings(css: str) -> list[str]:
    """CSS that runs code or fetches from elsewhere. Escapes and comments are undone first, as
    the CSS tokenizer does (CSS Syntax Level 3, §4.3.7 "Consume an escaped code point")."""
    text = _CSS_COMMENT.sub("", css)
    text = _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)
    squeezed = re.sub(r"\s+", "", text).lower()
    squeezed = re.sub(r"url\((['\"]?)data:image/", "url(data-image/", squeezed)  # inline images
    return [f"CSS {m[0][:30]}" for m in _CSS_BAD.finditer(squeezed)]


class HtmlScanner(HTMLParser):
    """Collects findings; `allowed` are script URLs allowed exactly (Giscus, when on)."""

    def __init__(self, allowed: Collection[str] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = frozenset(allowed)
        self.findings: list[str] = []
        self.tags: list[str] = []  # every element, in order
        self.csp: list[str] = []  # the Content-Security-Policy meta values, in order
        self.script_before_csp = False
        self.inline_scripts: list[str] = []  # bodies of the theme's own inline scripts
        self._inline: str | None = None
        self._style: str | None = None
        self._script_attrs: dict[str, str] = {}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        self.tags.append(tag)
        values = {k.lower(): v or "" for k, v in attrs}
        self._attributes(tag, values)
        if tag in _FORBIDDEN:
            self.findings.append(f"<{tag}>")
        elif tag == "meta" and "http-equiv" in values:
            if values["http-equiv"].strip().lower() == CSP_NAME:
                self.csp.append(values.get("content", ""))
            else:
                self.findings.append(f"<meta http-equiv={values['http-equiv'][:20]}>")
        elif tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & _FETCH_RELS and external(values.get("href", "")):
                self.findings.append(f"<link rel={values.get('rel')} {values['href'][:40]}>")
        elif tag == "form" and values.get("action"):
            self.findings.append(f"<form action={values['action'][:40]}>")
        elif tag == "style":
            self._style = ""
        elif tag == "script":
            if not self.csp:
                self.script_before_csp = True
            src = values.get("src", "")
            if src and src not in self.allowed and not _THEME_SCRIPT.search(src.split("?")[0]):
                self.findings.append(f"<script src={src[:60]}>")
            self._inline = None if src else ""
            self._script_attrs = values

    def _attributes(self, tag: str, values: dict[str, str]) -> None:
        for name, value in values.items():
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            elif name in _URL_ATTRS and bad_url(value):
                self.findings.append(f"<{tag} {name}={value[:30]}…>")
            elif name == "srcdoc":
                self.findings.append(f"<{tag} srcdoc>")
            elif name == "style":
                self.findings.extend(f"<{tag} style>: {f}" for f in css_findings(value))
            elif name == "attributename" and value.strip().lower() in ("href", "xlink:href"):
                self.findings.append(f"<{tag} attributeName={value}>")

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._inline += data
        elif self._style is not None:
            self._style += data

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "style" and self._style is not None:
            self.findings.extend(f"<style>: {f}" for f in css_findings(self._style))
            self._style = None
        if tag == "script" and self._inline is not None:
            if theme_inline(self._inline, self._script_attrs):
                if self._script_attrs.get("type") != "application/json":
                    self.inline_scripts.append(self._inline)
            else:
                self.findings.append(f"<script>{self._inline.strip()[:40]}…</script>")
            self._inline = None

    def handle_pi(self, data: str) -> None:
        self.findings.append(f"<?{data[:30]}>")


def scan_html(text: str, allowed: Collection[str] = ()) -> HtmlScanner:
    scanner = HtmlScanner(allowed)
    scanner.feed(text)
    scanner.close()
    return scanner


def theme_inline(code: str, attrs: dict[str, str]) -> bool:
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
    # A Jinja expression stands for a value without quotes or markup (a URL, a name).
    return tuple(
        re.compile(r"[^\"'<>\\]*?".join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", body)))
        for body in bodies
    )
