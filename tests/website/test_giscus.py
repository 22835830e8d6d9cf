"""Website comments through Giscus: with office.yml `website.giscus` the built site shows the
Giscus embed on post pages only, its attributes escaped, and the scan lets exactly that script
through; without it there is no embed, and the script is refused (issue 7)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.website import safety
from tests.conftest import build_site

PROJECT = Path(__file__).parent.parent.parent
GISCUS = """
website:
  giscus:
    repo: bpsip-jabar/situs
    repo_id: R_kgDOsitus
    category: Tanya "Jawab" & <Komentar>
    category_id: DIC_kwDOkomentar
    mapping: pathname
"""
POST = """---
title: Panen raya padi
date: 2026-11-24
authors: [humas]
categories: [Kegiatan]
description: Panen raya padi di Subang.
---

# Panen raya padi

Petani memanen padi bersama BPSIP Jawa Barat.
"""


def build(tmp: Path, office_extra: str) -> Path:
    """A small copy of the project: the sample pages, one post without media, the overrides,
    mkdocs.yml with the hooks by absolute path, office.yml with `office_extra` appended."""
    shutil.copytree(PROJECT / "overrides", tmp / "overrides")
    shutil.copytree(PROJECT / "content", tmp / "content", ignore=shutil.ignore_patterns("posts"))
    post = tmp / "content" / "posts" / "2026" / "11" / "panen" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(POST, encoding="utf-8")
    (tmp / "build" / "media" / "website").mkdir(parents=True)
    office = (PROJECT / "office.yml").read_text(encoding="utf-8")
    (tmp / "office.yml").write_text(office + office_extra, encoding="utf-8")
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = str(PROJECT / "pipeline" / "website" / "hooks.py")
    (tmp / "mkdocs.yml").write_text(config.replace("pipeline/website/hooks.py", hooks))
    return build_site(tmp)


@pytest.fixture(scope="module")
def with_giscus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("giscus"), GISCUS)


def pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }


def test_the_embed_is_on_posts_only_with_escaped_attributes(with_giscus: Path) -> None:
    shown = {name for name, text in pages(with_giscus).items() if safety.GISCUS_SRC in text}
    assert shown == {"2026/11/24/panen-raya-padi/index.html"}
    page = pages(with_giscus)["2026/11/24/panen-raya-padi/index.html"]
    (tag,) = re.findall(r"<script src=\"https://giscus\.app/client\.js\"[^>]*>", page)
    for attribute in (
        'data-repo="bpsip-jabar/situs"',
        'data-repo-id="R_kgDOsitus"',
        'data-category="Tanya &#34;Jawab&#34; &amp; &lt;Komentar&gt;"',
        'data-category-id="DIC_kwDOkomentar"',
        'data-mapping="pathname"',
        'data-lang="id"',
        'data-reactions-enabled="0"',
        'data-loading="lazy"',
    ):
        assert attribute in tag
    assert '<h2 id="__comments">Komentar</h2>' in page


def test_the_scan_allows_exactly_the_giscus_script_and_only_when_asked(
    with_giscus: Path,
) -> None:
    assert list(safety.scan(with_giscus, {safety.GISCUS_SRC})) == []
    refused = list(safety.scan(with_giscus))
    assert refused == [
        ("2026/11/24/panen-raya-padi/index.html", f"<script src={safety.GISCUS_SRC}>")
    ]
    page = with_giscus / "2026/11/24/panen-raya-padi/index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(safety.GISCUS_SRC, "https://giscus.app/client.js?x=1"))
    try:
        assert len(list(safety.scan(with_giscus, {safety.GISCUS_SRC}))) == 1  # exact URL only
    finally:
        page.write_text(text)


def test_without_giscus_there_is_no_embed(tmp_path: Path) -> None:
    site = build(tmp_path, "")
    assert not any(safety.GISCUS_SRC in text for text in pages(site).values())
    assert not any('id="__comments"' in text for text in pages(site).values())


def policy_of(page: str) -> dict[str, list[str]]:
    (content,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    return {d.split()[0]: d.split()[1:] for d in content.split("; ")}


def test_the_policy_allows_giscus_only_when_asked(with_giscus: Path, tmp_path: Path) -> None:
    policy = policy_of(pages(with_giscus)["2026/11/24/panen-raya-padi/index.html"])
    for directive in ("script-src", "style-src", "frame-src"):
        assert "https://giscus.app" in policy[directive]
    assert policy["connect-src"] == ["'self'"] and policy["default-src"] == ["'none'"]
    without = build(tmp_path, "")
    for text in pages(without).values():
        assert "giscus.app" not in " ".join(" ".join(v) for v in policy_of(text).values())
