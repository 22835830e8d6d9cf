"""The site build enforces what `pipeline check` refuses, for a build that skips the check
(issue 12, classes 2 and 3): no symlink is followed (nor read through, nor looped), only
allowed files are published, front-matter markup stops the build, and plain text that looks
hostile reaches every page, feed and index escaped."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.website.sitescan import scan
from tests.conftest import BUILD_ENV
from tests.website.attributes import Attributes

PROJECT = Path(__file__).parent.parent.parent
PAGES = ("index.md", "tentang.md", "tautan-unggahan.md", "laporan/index.md", ".authors.yml")
POST = "posts/2026/11/jadwal-layanan-libur-natal-2026/index.md"
MARKER = "RAHASIA-RUNNER-7f3a"


def tree(root: Path) -> Path:
    """A small site: the project's pages, authors and one post without media."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "office.yml", root / "office.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = str(PROJECT / "pipeline" / "website" / "hooks.py")
    (root / "mkdocs.yml").write_text(config.replace("pipeline/website/hooks.py", hooks))
    for rel in (*PAGES, POST):
        (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "content" / rel, root / "content" / rel)
    (root / "build" / "media" / "website").mkdir(parents=True)
    return root


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **BUILD_ENV, "PYTHONPATH": str(PROJECT)},
        timeout=180,
        check=False,
    )


def every_file(site: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()
    )


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("posts/2026/11/jadwal-layanan-libur-natal-2026/loop", "../../../../.."),
        ("rahasia.md", "OUTSIDE/rahasia.md"),
        ("berkas", "OUTSIDE"),
        ("posts/2026/11/jadwal-layanan-libur-natal-2026/passwd.md", "/etc/passwd"),
    ],
)
def test_a_symlink_stops_the_build_before_anything_is_read_through_it(
    tmp_path: Path, link: str, target: str
) -> None:
    root = tree(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "rahasia.md").write_text(f"# {MARKER}\n", encoding="utf-8")
    (root / "content" / link).symlink_to(target.replace("OUTSIDE", str(outside)))
    done = build(root)  # a loop would run until the timeout
    assert done.returncode != 0
    assert f"symlinks under content/ are never followed: {link}" in done.stderr
    site = root / "site"
    assert not site.exists() or MARKER not in every_file(site)


def test_only_allowed_files_are_published(tmp_path: Path) -> None:
    root = tree(tmp_path)
    post = root / "content" / Path(POST).parent
    stray = {
        post / "peta.svg": "<svg onload='alert(1)'/>",
        post / "PETA.SVG": "<svg onload='alert(1)'/>",
        post / "halaman.html": "<script>alert(1)</script>",
        post / "x.xhtml": "<script>alert(1)</script>",
        post / "foto.JPG": "\xff\xd8\xff original",
        post / "app.js": "alert(1)",
        root / "content" / "gaya.css": "body{background:url(https://evil.example/)}",
        root / "content" / "site.webmanifest": "{}",
        root / "content" / "x.js.map": "{}",
        root / "content" / "LISENSI": "x",
        root / "content" / "foto.jpg": "\xff\xd8\xff original",
    }
    for path, text in stray.items():
        path.write_text(text + MARKER, encoding="utf-8")
    done = build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    published = {p.name for p in site.rglob("*")}
    assert not {p.name for p in stray} & published
    assert MARKER not in every_file(site)


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        (POST, "title:", "title: <svg><set attributeName=x to=1 /></svg>Jadwal", "title"),
        (
            POST,
            "description: Penyesuaian",
            "description: '<base href=//evil.example/>'",
            "description",
        ),
        (POST, "categories: [Pengumuman]", "categories: ['&lt;iframe&gt;']", "categories.0"),
        ("index.md", "title:", "title: Beranda \uff1cscript\uff1e", "title"),
    ],
)
def test_front_matter_markup_stops_the_build(
    tmp_path: Path, file: str, old: str, new: str, field: str
) -> None:
    root = tree(tmp_path)
    path = root / "content" / file
    text = path.read_text(encoding="utf-8")
    [line] = [row for row in text.split("\n") if row.startswith(old)]
    path.write_text(text.replace(line, new, 1), encoding="utf-8")
    done = build(root)
    assert done.returncode != 0
    assert f"{file.removeprefix('content/')}: {field}:" in done.stderr


def test_an_author_with_markup_stops_the_build_by_name(tmp_path: Path) -> None:
    root = tree(tmp_path)
    authors = root / "content" / ".authors.yml"
    text = authors.read_text(encoding="utf-8")
    authors.write_text(
        text.replace("name: Tim Humas BPSIP Jawa Barat", 'name: "<img src=x onerror=alert(1)>"'),
        encoding="utf-8",
    )
    done = build(root)
    assert done.returncode != 0
    assert "content/.authors.yml:4: authors.humas.name:" in done.stderr


HOSTILE = {
    "title": 'Jadwal "libur" < 5 & R&D {{ config.extra }} {% raw %} a>b',
    "description": '0;url=https://evil.example/" http-equiv="refresh" x="',
    "category": "R&D \"uji\" a<1 ' onmouseover='x",
    "author": 'Tim "Humas" & <5 onload="x"',
}


def test_hostile_looking_plain_text_is_escaped_everywhere(tmp_path: Path) -> None:
    root = tree(tmp_path)
    path = root / "content" / POST
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    title = next(line for line in lines if line.startswith("title: "))
    description = next(line for line in lines if line.startswith("description: "))
    text = text.replace(title, f"title: {json.dumps(HOSTILE['title'])}", 1)
    text = text.replace(description, f"description: {json.dumps(HOSTILE['description'])}", 1)
    text = text.replace(
        "categories: [Pengumuman]", f"categories: [{json.dumps(HOSTILE['category'])}]"
    )
    path.write_text(text, encoding="utf-8")
    authors = root / "content" / ".authors.yml"
    names = authors.read_text(encoding="utf-8")
    authors.write_text(
        names.replace("name: Tim Humas BPSIP Jawa Barat", f"name: {json.dumps(HOSTILE['author'])}")
    )
    done = build(root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    assert list(scan(site)) == []
    pages = [p for p in site.rglob("*.html")]
    for page in pages:
        parser = Attributes()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not [n for _, n, _ in parser.found if n.startswith("on")], page
        assert [v for t, n, v in parser.found if n == "http-equiv"] == ["Content-Security-Policy"]
        for tag, name, value in parser.found:
            if (tag, name) == ("meta", "content") and "evil.example" in value:
                assert value == HOSTILE["description"]  # one attribute, whole
    post = next(p for p in pages if "jadwal" in str(p))
    source = post.read_text(encoding="utf-8")
    assert html.escape(HOSTILE["title"]) in source and HOSTILE["title"] not in source
    assert html.escape(HOSTILE["author"]) in source
    # The feed is well formed (the scan parsed it) and holds the values, escaped once.
    feed = (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    for value in (HOSTILE["title"], HOSTILE["author"], HOSTILE["category"]):
        assert html.escape(value).replace("&quot;", "&#34;").replace("&#x27;", "&#39;") in feed
