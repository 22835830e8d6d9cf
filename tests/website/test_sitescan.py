"""Every file type the build writes is read with a parser, and unknown types fail (issue 12,
class 2): what the old HTML-only scan missed is found in HTML, XML, JSON, SVG, JS and CSS."""

from __future__ import annotations

import gzip
from pathlib import Path

import material
import pytest

from pipeline.website.csp import policy
from pipeline.website.sitescan import scan, scan_file

CSP = f'<meta http-equiv="Content-Security-Policy" content="{policy([], giscus=False)}">'


def page(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html><head>{CSP}{head}</head><body>{body}</body></html>".encode()


def test_a_clean_page_passes() -> None:
    assert scan_file("index.html", page("<p>Teks &lt;b&gt; biasa</p>")) == []


@pytest.mark.parametrize(
    "body",
    [
        '<base href="https://evil.example/">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<meta http-equiv="Refresh" content="0">',
        "<svg><set attributeName=href to=x /></svg>",
        "<svg><animate attributeName=x values=1 /></svg>",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        "<svg><foreignObject><p>x</p></foreignObject></svg>",
        "<math><maction actiontype=statusline>x</maction></math>",
        '<iframe src="https://evil.example"></iframe>',
        '<a href=" java&#x09;script:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<div style="width:expr\\65ssion(alert(1))"></div>',
        "<style>@import url(https://evil.example/x.css)</style>",
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<form action="https://evil.example/"><input></form>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
    ],
)
def test_active_html_is_found(body: str) -> None:
    assert scan_file("index.html", page(body)) != []


def test_a_page_without_the_policy_or_with_a_script_before_it_fails() -> None:
    bare = b"<!doctype html><html><head></head><body></body></html>"
    assert scan_file("index.html", bare) == ["0 Content-Security-Policy metas (expected 1)"]
    early = b'<html><head><script src="assets/javascripts/b.js"></script>' + CSP.encode()
    assert scan_file("x.html", early) == ["a script before the Content-Security-Policy meta"]
    loose = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    assert scan_file("x.html", f"<html><head>{loose}</head></html>".encode()) != []


FEED = """<?xml version="1.0" encoding="UTF-8" ?><?xml-stylesheet type="text/xsl" href="rss.xsl"?>
<rss version="2.0"><channel><title>Situs</title><item><title>{title}</title>
<category>{category}</category><description>{description}</description></item></channel></rss>"""


def feed(title: str = "Judul", category: str = "Kegiatan", description: str = "Teks") -> bytes:
    return FEED.format(title=title, category=category, description=description).encode()


def test_a_clean_feed_passes() -> None:
    assert scan_file("feed_rss_created.xml", feed(description="a &lt;b&gt;x&lt;/b&gt;")) == []


@pytest.mark.parametrize(
    "bad",
    [
        feed(category="K<iframe src=//evil.example></iframe>"),
        feed(title="A &lt;svg&gt;&lt;set attributeName=x /&gt;&lt;/svg&gt;"),
        feed(description="&lt;base href=https://evil.example/&gt;"),
        feed(description="&lt;meta http-equiv=refresh content=0&gt;"),
        feed(title="A &lt;b&gt;"),  # a title is text: no tag at all
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
        b'<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.xsl"?><rss/>',
        b"<rss><channel>unclosed",
    ],
)
def test_active_or_broken_xml_is_found(bad: bytes) -> None:
    assert scan_file("feed.xml", bad) != []


def test_json_strings_are_read_as_html() -> None:
    clean = b'{"docs": [{"title": "Panen &amp; raya", "text": "<p>a</p>"}]}'
    assert scan_file("search/search_index.json", clean) == []
    bad = b'{"docs": [{"title": "<svg><set attributeName=x to=1 /></svg>"}]}'
    assert scan_file("search/search_index.json", bad) == ["<set>"]
    assert scan_file("tags.json", b'{"x": ["<base href=//e>"]}') == ["<base>"]
    assert scan_file("x.json", b"{not json") != []


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="x" to="1"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//e.example/x)</style></svg>',
        '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    ],
)
def test_active_svg_is_found(svg: str) -> None:
    assert scan_file("x.svg", svg.encode()) != []


def test_drawing_svg_passes() -> None:
    avatar = (
        Path(__file__).parent.parent.parent / "overrides/assets/avatars/humas.svg"
    ).read_bytes()
    assert scan_file("humas.svg", avatar) == []


def test_only_the_themes_own_scripts_styles_and_maps_pass() -> None:
    bundle = next(
        (Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js")
    )
    assert scan_file(bundle.name, bundle.read_bytes()) == []
    assert scan_file("bundle.min.js", bundle.read_bytes() + b";alert(1)") != []
    assert scan_file("x.js.map", b"{}") != []
    assert scan_file("balai.css", b".a{color:#006838}") == []
    assert scan_file("x.css", b".a{background:url(https://evil.example/x.png)}") != []
    assert scan_file("x.css", b".a{width:expression(alert(1))}") != []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("x.htaccess", b"Redirect / https://evil.example/"),
        ("site.webmanifest", b"{}"),
        ("LICENSE", b"x"),
        ("x.xhtml", b"<html/>"),
        ("x.php", b"<?php ?>"),
        ("foto.png", b"<svg onload=alert(1)>"),
        ("foto.jpg", b"GIF89a/*<script>"),
        ("video.mp4", b"<html>"),
        ("captions.vtt", b"<script>alert(1)</script>"),
    ],
)
def test_unknown_types_and_wrong_contents_fail(name: str, data: bytes) -> None:
    assert scan_file(name, data) != []


def test_gzip_is_scanned_by_what_it_holds() -> None:
    assert scan_file("sitemap.xml.gz", gzip.compress(feed())) == []
    assert scan_file("sitemap.xml.gz", gzip.compress(feed(category="<iframe/>"))) != []


def test_the_scan_reads_every_file_and_never_follows_a_link(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(page("<p>x</p>"))
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "evil.svg").write_text("<svg onload='x'/>")
    (tmp_path / "loop").symlink_to(tmp_path)
    found = sorted(scan(tmp_path))
    assert [name for name, _ in found] == ["a/evil.svg", "loop"]


def test_webvtt_keeps_its_own_cue_tags_only() -> None:
    head = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\n"
    assert scan_file("v.vtt", head + b"<i>Petani</i> &lt;script&gt;\n") == []
    assert scan_file("v.vtt", head + b"<script>alert(1)</script>\n") != []
