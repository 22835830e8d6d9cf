"""Every file the site build writes is read with a parser for its type; unknown types fail.

* HTML: `htmlscan` (scripts the theme did not ship, handlers, script URLs, embeds, <base>,
  meta refresh, SVG animation, external styles) and the Content-Security-Policy meta, first in
  <head>, before any script, with no 'unsafe-inline' script source.
* XML (RSS feeds, sitemap): expat; no DTD or entity declarations, no processing instruction but
  the RSS plugin's own stylesheet, only the elements of the RSS and sitemap vocabularies, and
  every text a feed reader may read as HTML scanned as HTML; titles and categories hold no tags.
* SVG: expat; an allow-list of drawing elements, no handlers, no links out of the file.
* JSON (search index, feeds, tags): every string scanned as HTML.
* JavaScript and source maps: byte-identical to a file the theme ships (its own bundle).
* CSS: the theme's own, or free of code and external fetches (`htmlscan.css_findings`).
* Images, video, WebVTT: their magic bytes; `.gz`: what it holds, by its inner name.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import os
import xml.parsers.expat
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from pipeline.website import htmlscan

_FEED_ELEMENTS = {
    "rss", "channel", "title", "description", "link", "atom:link", "language", "pubdate",
    "lastbuilddate", "ttl", "generator", "image", "url", "item", "author", "category", "guid",
    "source", "enclosure", "comments", "dc:creator", "content:encoded", "copyright",
    "managingeditor", "webmaster", "docs", "urlset", "loc", "lastmod", "changefreq", "priority",
}  # fmt: skip
_HTML_TEXT = {"description", "content:encoded"}  # feed readers render these as HTML
_SVG_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "lineargradient", "radialgradient", "stop", "clippath",
    "mask", "pattern", "symbol", "marker", "style", "metadata",
}  # fmt: skip
_MAGIC: dict[str, Callable[[bytes], bool]] = {
    ".png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    ".jpg": lambda b: b.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    ".webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
    ".gif": lambda b: b[:6] in (b"GIF87a", b"GIF89a"),
    ".ico": lambda b: b[:4] == b"\x00\x00\x01\x00",
    ".mp4": lambda b: b[4:8] == b"ftyp",
}
_GZIP_LIMIT = 50 * 1024 * 1024
_VTT_TAGS = {"b", "i", "u", "c", "v", "ruby", "rt", "lang"}  # WebVTT cue text, §4.2.2


def scan(site: Path, allowed: Collection[str] = ()) -> Iterator[tuple[str, str]]:
    """(file, finding) for everything in the built site that the theme did not ship."""
    for folder, dirs, names in os.walk(site):  # never follows a link
        for name in sorted(dirs + names):
            path = Path(folder) / name
            rel = path.relative_to(site).as_posix()
            if path.is_symlink():
                yield rel, "symlink"
            elif name in names:
                for finding in scan_file(name, path.read_bytes(), allowed):
                    yield rel, finding


def scan_file(name: str, data: bytes, allowed: Collection[str] = ()) -> list[str]:
    """Findings for one file of the site, by its (lower-cased) suffix."""
    suffix = Path(name.lower()).suffix
    if suffix == ".gz":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            inner = packed.read(_GZIP_LIMIT + 1)
        if len(inner) > _GZIP_LIMIT:
            return ["gzip larger than 50 MB unpacked"]
        return scan_file(name[: -len(".gz")], inner, allowed)
    if suffix in (".js", ".map", ".xsl"):
        return [] if _sha(data) in _shipped() else [f"{suffix} file the theme did not ship"]
    if suffix in _MAGIC:
        return [] if _MAGIC[suffix](data) else [f"not a {suffix} file"]
    text = data.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        return page_findings(text, allowed)
    if suffix == ".css":
        return [] if _sha(data) in _shipped() else htmlscan.css_findings(text)
    if suffix == ".json":
        return _json_findings(text)
    if suffix == ".xml":
        return xml_findings(text, svg=False)
    if suffix == ".svg":
        return xml_findings(text, svg=True)
    if suffix == ".vtt":
        if not text.lstrip("\ufeff").startswith("WEBVTT"):
            return ["not a WebVTT file"]
        tags = set(htmlscan.scan_html(text).tags) - _VTT_TAGS
        return [f"<{tag}> in WebVTT cue text" for tag in sorted(tags)]
    return [f"file type {suffix or '(none)'} is not expected in the site"]


def page_findings(text: str, allowed: Collection[str] = ()) -> list[str]:
    scanner = htmlscan.scan_html(text, allowed)
    findings = list(scanner.findings)
    if len(scanner.csp) != 1:
        findings.append(f"{len(scanner.csp)} Content-Security-Policy metas (expected 1)")
    elif scanner.script_before_csp:
        findings.append("a script before the Content-Security-Policy meta")
    elif "'unsafe-inline'" in _directive(scanner.csp[0], "script-src"):
        findings.append("Content-Security-Policy allows inline scripts")
    return findings


def fragment_findings(text: str) -> list[str]:
    """A string that some reader may treat as HTML (search results, feed descriptions)."""
    if "<" not in text:  # no element, no attribute: nothing runs
        return []
    return htmlscan.scan_html(text).findings


def _directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() == name:
            return words[1:]
    return []


def _json_findings(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [f"JSON does not parse: {exc}"]
    findings: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            findings.extend(fragment_findings(value))
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return findings


def xml_findings(text: str, *, svg: bool) -> list[str]:
    findings: list[str] = []
    path: list[str] = []
    texts: dict[int, str] = {}
    parser = xml.parsers.expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.lower()
        path.append(local)
        texts[len(path)] = ""
        known = _SVG_ELEMENTS if svg else _FEED_ELEMENTS
        if local not in known:
            findings.append(f"<{name}> element")
        for key, value in attrs.items():
            low = key.lower()
            if low.startswith("on"):
                findings.append(f"<{name} {key}>")
            elif _bad_link(low, value, svg=svg):
                findings.append(f"<{name} {key}={value[:30]}>")
            elif low == "style":
                findings.extend(htmlscan.css_findings(value))

    def end(name: str) -> None:
        body = texts.pop(len(path), "")
        local = path.pop()
        if svg and local == "style":
            findings.extend(htmlscan.css_findings(body))
        elif not svg and local not in _HTML_TEXT and htmlscan.scan_html(body).tags:
            findings.append(f"markup inside <{name}>")
        findings.extend(fragment_findings(body))

    def data(chunk: str) -> None:
        if path:
            texts[len(path)] = texts.get(len(path), "") + chunk

    def doctype(*_: object) -> None:
        findings.append("DOCTYPE declaration")

    def entity(name: str, *_: object) -> None:
        findings.append(f"entity declaration {name}")

    def instruction(target: str, data_: str) -> None:
        if svg or target != "xml-stylesheet" or 'href="rss.xsl"' not in data_:
            findings.append(f"<?{target} {data_[:30]}?>")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        findings.append(f"XML does not parse: {exc}")
    return findings


def _bad_link(attribute: str, value: str, *, svg: bool) -> bool:
    """An SVG links nowhere but inside itself; a feed's links never run script."""
    if svg and attribute in ("href", "xlink:href"):
        return not value.startswith("#")
    return attribute in ("href", "url", "src") and htmlscan.bad_url(value)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _shipped() -> frozenset[str]:
    """Hashes of every file the theme (Material) and the RSS plugin ship as they are."""
    import material
    import mkdocs_rss_plugin  # type: ignore[import-untyped]

    roots = [
        Path(material.__file__).parent / "templates",
        Path(mkdocs_rss_plugin.__file__).parent / "templates",
    ]
    return frozenset(
        _sha(p.read_bytes())
        for root in roots
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".js", ".map", ".css", ".xsl")
    )
