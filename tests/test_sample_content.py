"""The sample content (what `make run` checks) passes, and its summary is pinned as a golden
file: it is the first thing a newcomer reads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.commands import check


def test_sample_content_is_ready(
    sample_content: Path, monkeypatch: pytest.MonkeyPatch, golden: object
) -> None:
    monkeypatch.chdir(sample_content)
    out = io.StringIO()
    code = check.run([], jobs=2, out=out)
    text = out.getvalue()
    assert code == 0, text
    assert text.count("✓ ") >= 6 and "✗" not in text
    golden("sample_check.txt", text)  # type: ignore[operator]


def test_sample_posts_cover_the_office_work(sample_content: Path) -> None:
    posts = sorted((sample_content / "content" / "posts").rglob("index.md"))
    texts = [p.read_text(encoding="utf-8") for p in posts]
    assert len(posts) >= 6
    assert any("publish_at:" in t for t in texts)  # a scheduled post
    assert any("social:" not in t for t in texts)  # a website-only announcement
    assert any("kind: video" in t for t in texts) and any("kind: infographic" in t for t in texts)


def test_sample_content_renders_with_a_preview(
    sample_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.commands import render

    monkeypatch.chdir(sample_content)
    out = io.StringIO()
    code = render.run([], jobs=2, preview=True, out=out)
    assert code == 0, out.getvalue()
    assert "0 gagal" in out.getvalue()
    page = (sample_content / "build" / "preview" / "index.html").read_text(encoding="utf-8")
    for title in ("Panen raya padi Inpari 32", "Tiga langkah menyimpan benih padi"):
        assert title in page
    covers = list((sample_content / "build" / "media" / "tiktok").rglob("*.cover.jpg"))
    assert len(covers) == 2  # both sample videos went to TikTok, each with its cover
