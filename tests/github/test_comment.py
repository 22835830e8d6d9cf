"""The pull request's check comment: made once, then updated in place; every post that fails
`check` is listed with its findings (golden, id and en); the check job's artifact is data (a
findings file or trial request of the wrong shape is named or skipped, never a traceback);
writers' text cannot ping anyone, load an image, link or carry markup; a fork's read-only token
is not an error."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.commands import check
from pipeline.errors import Problem
from pipeline.github import comment, findings
from pipeline.publish.standins.github import GitHubStandIn

HOSTILE = "@bpsip-jabar/semua ![x](http://t.example/p.gif) <img src=x> [klik](http://t.example)"


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


def reports() -> list[check.PostReport]:
    post = "content/posts/2026/11/panen/index.md"
    return [
        check.PostReport(
            path=post,
            title=f"Panen `raya` {HOSTILE}\u2028baris kedua",
            platforms=("website", "x"),
            media=2,
            problems=(
                Problem(
                    code="SCHEMA_CHOICE",
                    path=post,
                    line=4,
                    field="categories",
                    params={"value": "<script>@tim", "choices": "Kegiatan, Info", "suggest": ""},
                ),
                Problem(
                    code="UNKNOWN_KEY",
                    path=post,
                    line=7,
                    field="judul",
                    severity="warning",
                    params={"key": "judul", "suggest": "maksudnya 'title'?"},
                ),
            ),
        ),
        check.PostReport(
            path="content/posts/2026/11/bibit/index.md",
            title="Bibit",
            platforms=("website",),
            media=1,
            problems=(
                Problem(
                    code="UNKNOWN_KEY",
                    path="content/posts/2026/11/bibit/index.md",
                    line=3,
                    field="tag",
                    severity="warning",
                    params={"key": "tag", "suggest": "maksudnya 'tags'?"},
                ),
            ),
        ),
        check.PostReport(
            path="content/posts/2026/11/ok/index.md",
            title="Siap",
            platforms=(),
            media=0,
            problems=(),
        ),
    ]


def artifact(root: Path, data: object) -> Path:
    path = root / findings.FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("lang", ["id", "en"])
def test_posts_that_fail_check_are_listed_with_their_findings(
    tmp_path: Path, lang: str, golden: Any
) -> None:
    artifact(tmp_path, check.to_json(reports(), lang))
    text = comment.body(tmp_path, "https://github.com/o/r/actions/runs/1", lang)
    golden(f"comment_{lang}.md", text)
    assert "content/posts/2026/11/panen/index.md:4: categories:" in text
    assert "content/posts/2026/11/bibit/index.md:3:" in text  # warnings-only post, apart
    assert "content/posts/2026/11/ok/index.md" not in text  # passing posts are not listed
    # What the pull request's code wrote is shown only inside ```text fences, which GitHub
    # renders as plain text, and which no field can close; outside them, nothing of it.
    outside = re.sub(r"```text\n.*?\n```", "", text, flags=re.S)
    fenced = re.findall(r"```text\n(.*?)\n```", text, flags=re.S)
    assert "Panen" not in outside and "panen" not in outside
    assert all("`" not in block for block in fenced)
    for forbidden in ("@bpsip", "@tim", "\u2028"):
        assert forbidden not in text, forbidden


def test_every_post_passing_is_one_line(tmp_path: Path) -> None:
    ok = [r for r in reports() if not r.problems]
    artifact(tmp_path, check.to_json(ok, "id"))
    assert "✅ Semua 1 tulisan lolos `pipeline check`." in comment.body(tmp_path)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ([1, 2], "invalid"),
        ({"version": 1, "posts": [{"path": 1, "status": "error", "problems": []}]}, "invalid"),
        ({"version": 1, "posts": [{"path": "a", "status": "rm -rf", "problems": []}]}, "invalid"),
        ({"version": 2, "posts": []}, "invalid"),
        ("[" * 100_000, "invalid"),
    ],
)
def test_a_findings_file_of_the_wrong_shape_is_named_not_shown(
    tmp_path: Path, data: object, error: str
) -> None:
    path = tmp_path / findings.FILE
    path.parent.mkdir(parents=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    assert findings.read(tmp_path).error == error
    assert comment.WORDS["id"][error] in comment.body(tmp_path)


def test_a_missing_or_oversized_findings_file_is_named(tmp_path: Path) -> None:
    assert comment.WORDS["en"]["missing"] in comment.body(tmp_path, lang="en")
    path = tmp_path / findings.FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(b" " * (findings.MAX_BYTES + 1))
    assert findings.read(tmp_path).error == "too-big"


def test_trial_requests_of_the_wrong_shape_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / comment.TRIAL / "x"
    folder.mkdir(parents=True)
    for name, data in {
        "list.json": [1],
        "platform.json": {"post": "p", "platform": "../../etc", "text": "t"},
        "types.json": {"post": ["p"], "platform": "x", "text": 1},
        "good.json": {"post": "content/posts/2026/11/a/index.md", "platform": "x", "text": "t"},
    }.items():
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    section = comment.captions_section(tmp_path / comment.TRIAL)
    assert section.count("<details>") == 1 and "**x** (1/280)" in section


def test_summaries_from_the_artifact_carry_no_link(tmp_path: Path) -> None:
    summaries(tmp_path, "[klik](http://t.example) x")
    (tmp_path / comment.SOURCES[1]).write_text("[a]: http://t.example\n", encoding="utf-8")
    text = comment.body(tmp_path)
    assert "](http" not in text and "\n[a]:" not in text


def test_the_command_reads_the_artifact_named_by_the_workflow(
    github: GitHubStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pipeline comment` in the comment job: the base checkout is the current directory,
    the artifact is PIPELINE_ARTIFACT (outside it), the office's language is office.yml's."""
    artifact(tmp_path / "pratinjau", check.to_json(reports(), "id"))
    monkeypatch.chdir(Path(__file__).resolve().parent.parent.parent)
    for name, value in env(github).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PIPELINE_ARTIFACT", str(tmp_path / "pratinjau"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = io.StringIO()
    assert comment.run(out) == 0
    (posted,) = github.comments.values()
    assert "### ❌ 1 tulisan belum lolos `pipeline check`" in posted["body"]
    assert "content/posts/2026/11/panen/index.md:4: categories:" in posted["body"]
