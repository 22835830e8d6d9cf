"""The pull request's check comment: made once, then updated in place; writers' text cannot
ping anyone or load an image; a fork's read-only token is not an error."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.github import comment
from pipeline.publish.standins.github import GitHubStandIn


@pytest.fixture
def github() -> Iterator[GitHubStandIn]:
    with GitHubStandIn() as server:
        yield server


def env(github: GitHubStandIn) -> dict[str, str]:
    return {
        "GITHUB_REPOSITORY": "bpsip-jabar/situs",
        "GITHUB_TOKEN": "gh-token",
        "PIPELINE_PR": "12",
        "PIPELINE_GITHUB_URL": github.url,
    }


def summaries(root: Path, caption: str) -> None:
    for source in comment.SOURCES:
        (root / source).parent.mkdir(parents=True, exist_ok=True)
    (root / comment.SOURCES[0]).write_text(f"| Tulisan | X |\n|---|---|\n| {caption} | ✅ |\n")
    (root / comment.SOURCES[1]).write_text("| Tulisan | x |\n|---|---|\n| a | 🧪 ujicoba |\n")


def test_one_comment_updated_in_place(github: GitHubStandIn, tmp_path: Path) -> None:
    summaries(tmp_path, "Panen raya")
    out = io.StringIO()
    assert comment.post(env(github), comment.body(tmp_path), out) == 0
    summaries(tmp_path, "Panen raya (ralat)")
    assert comment.post(env(github), comment.body(tmp_path), out) == 0
    assert len(github.comments) == 1
    text = next(iter(github.comments.values()))["body"]
    assert "(ralat)" in text and "🧪 ujicoba" in text and text.startswith(comment.MARKER)
    assert out.getvalue().splitlines() == ["komentar PR dibuat", "komentar PR diperbarui"]


def test_writers_text_is_neutralised(tmp_path: Path) -> None:
    summaries(tmp_path, "@bpsip-jabar/semua ![x](http://tracker.example/p.gif) <script>")
    text = comment.body(tmp_path)
    assert "@bpsip" not in text and "@\u200bbpsip-jabar/semua" in text
    assert "![" not in text and "<script>" not in text


def test_a_read_only_token_is_a_notice(github: GitHubStandIn, tmp_path: Path) -> None:
    github.read_only = True
    summaries(tmp_path, "a")
    out = io.StringIO()
    assert comment.post(env(github), comment.body(tmp_path), out) == 0
    assert "hanya-baca" in out.getvalue() and github.comments == {}


def test_outside_a_pull_request_nothing_is_sent(tmp_path: Path) -> None:
    out = io.StringIO()
    assert comment.post({}, "x", out) == 0
    assert "komentar tidak dikirim" in out.getvalue()


def test_captions_are_shown_as_sent_with_counts(tmp_path: Path) -> None:
    folder = tmp_path / comment.TRIAL / "x"
    folder.mkdir(parents=True)
    text = "Panen raya ```` @bpsip-jabar/semua"
    (folder / "2026-11-panen.json").write_text(
        json.dumps({"post": "content/posts/2026/11/panen/index.md", "platform": "x", "text": text}),
        encoding="utf-8",
    )
    section = comment.captions_section(tmp_path / comment.TRIAL)
    assert "<summary>Keterangan: 2026/11/panen</summary>" in section
    assert "**x** (34/280)" in section
    assert "```text\nPanen raya ˋˋˋ` @\u200bbpsip-jabar/semua\n```" in section
