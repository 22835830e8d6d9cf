from __future__ import annotations

from pathlib import Path

from pipeline.website.safety import sanitize, scan


def test_sanitize_drops_active_content_and_keeps_material_markup() -> None:
    dirty = (
        '<h2 id="a">Judul<a class="headerlink" href="#a">¶</a></h2>'
        '<div class="admonition note"><p class="admonition-title">Catatan</p></div>'
        '<p onclick="x()">teks <script>alert(1)</script><img src=x onerror=alert(2)>'
        '<a href="javascript:alert(3)">a</a><a href="https://pertanian.go.id">b</a></p>'
        '<iframe src="https://x.example"></iframe><!-- rahasia -->'
    )
    clean = sanitize(dirty)
    for bad in ("onclick", "<script", "onerror", "javascript:", "<iframe", "rahasia"):
        assert bad not in clean
    for good in (
        'class="headerlink"',
        'class="admonition note"',
        'href="https://pertanian.go.id"',
        'rel="noopener noreferrer"',
    ):
        assert good in clean


def test_scan_flags_what_the_theme_did_not_ship(tmp_path: Path) -> None:
    csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    (tmp_path / "ok.html").write_text(
        csp + '<script src="assets/javascripts/bundle.abc.min.js"></script>'
        '<script id="__config" type="application/json">{"base": "."}</script>'
        "<script>var target=document.getElementById(location.hash.slice(1));target&&target.name"
        '&&(target.checked=target.name.startsWith("__tabbed_"))</script>'
    )
    (tmp_path / "bad.html").write_text(
        csp + '<script src="https://cdn.example/x.js"></script><script>steal()</script>'
        '<img src="a.png" onload="x()"><a href="JavaScript:alert(1)">x</a><embed src="a">'
    )
    found = sorted(scan(tmp_path))
    assert [page for page, _ in found] == ["bad.html"] * 5
