"""`pipeline comment`: the pull request's one check comment, updated in place (SOP 1.2, 1.5).

The `check` workflow runs it after `check`, `render --preview` and `publish --trial`: the
comment lists every post that fails `check` with each finding (`file:line: masalah
(perbaikan)`), then holds the per-post, per-platform table of the preview (✅/❌, files, caption
counts), the trial table, each caption exactly as it would be sent with its count (folded),
and says where the preview images are (the workflow artifact). It is found again by a hidden
marker, so a pull request never collects a pile of bot comments.

It runs in the `comment` job with `pull-requests: write`, on the BASE branch's code, and reads
the check job's artifact (`PIPELINE_ARTIFACT`), which the pull request's code wrote, as data
only: the findings are validated (pipeline/github/findings.py), the trial's request files must
have the expected shape and a known platform, every file is size-bounded, and writers' text is
neutralised: no @mention pings a person or team, no remote image loads, no raw HTML, no link.
On a fork the token cannot write: the comment is skipped with a notice, and the job still
passes (the tables are in the job summary too).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

import httpx

from pipeline import captions
from pipeline.config import load_config
from pipeline.github import findings
from pipeline.publish.base import base_url
from pipeline.specs import SPECS

MARKER = "<!-- pipeline:check -->"
# Relative to the artifact (the check job's build/ folder).
TRIAL = Path("trial")
SOURCES = (Path("preview") / "summary.md", TRIAL / "summary.md")
MAX_SUMMARY = 20_000  # characters of one summary shown; the artifact holds the rest
MAX_BODY = 60_000  # GitHub refuses a comment body over 65,536 characters
MAX_REQUESTS = 500  # trial request files read for the captions
MAX_REQUEST_BYTES = 1_000_000

WORDS = {
    "id": {
        "heading": "## Hasil pemeriksaan otomatis",
        "failed": "### ❌ {n} tulisan belum lolos `pipeline check`",
        "warned": "### ⚠️ Peringatan pada {n} tulisan",
        "passed": "✅ Semua {n} tulisan lolos `pipeline check`.",
        "warning": "peringatan",
        "missing": "Hasil `pipeline check` tidak ada di artefak: lihat log job `check`.",
        "too-big": "Hasil `pipeline check` di artefak terlalu besar untuk dibaca: lihat log "
        "job `check`.",
        "invalid": "Hasil `pipeline check` di artefak tidak sah (bukan keluaran `pipeline check "
        "--format json`): isinya tidak ditampilkan; lihat log job `check`.",
        "captions": "Keterangan",
        "artifact": "Gambar pratinjau dan permintaan ujicoba: artefak `pratinjau` di {url}",
        "cut": "(dipotong: selengkapnya di log job `check` dan artefak `pratinjau`)",
    },
    "en": {
        "heading": "## Automatic check results",
        "failed": "### ❌ {n} post(s) fail `pipeline check`",
        "warned": "### ⚠️ Warnings on {n} post(s)",
        "passed": "✅ All {n} post(s) pass `pipeline check`.",
        "warning": "warning",
        "missing": "The `pipeline check` results are not in the artifact: see the `check` job's "
        "log.",
        "too-big": "The `pipeline check` results in the artifact are too big to read: see the "
        "`check` job's log.",
        "invalid": "The `pipeline check` results in the artifact are not valid (not the output "
        "of `pipeline check --format json`): not shown; see the `check` job's log.",
        "captions": "Caption",
        "artifact": "Preview images and trial requests: the `pratinjau` artifact at {url}",
        "cut": "(cut: the rest is in the `check` job's log and the `pratinjau` artifact)",
    },
}


def body(artifact: Path, run_url: str = "", lang: str = "id") -> str:
    words = WORDS.get(lang, WORDS["id"])
    parts = [MARKER, words["heading"], findings_section(artifact, lang)]
    for source in SOURCES:
        parts.append(_summary(artifact / source, words))
    parts.append(captions_section(artifact / TRIAL, lang))
    if run_url:
        parts.append(words["artifact"].format(url=run_url))
    text = "\n\n".join(p for p in parts if p) + "\n"
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY].rsplit("\n", 1)[0] + "\n\n" + words["cut"] + "\n"
    return text


def findings_section(artifact: Path, lang: str = "id") -> str:
    """Every post that fails `check`, then every post with warnings only, each finding on its
    own line inside a fenced `text` block (plain text: GitHub renders nothing in it)."""
    words = WORDS.get(lang, WORDS["id"])
    found = findings.read(artifact)
    if found.error:
        return words[found.error]
    failed = [p for p in found.posts if p.failed]
    warned = [p for p in found.posts if not p.failed and p.lines]
    if not failed and not warned:
        return words["passed"].format(n=len(found.posts))
    blocks = []
    for key, mark, posts in (("failed", "✗", failed), ("warned", "⚠", warned)):
        if not posts:
            continue
        lines = []
        for post in posts:
            lines.append(f"{mark} {post.path}" + (f" — {post.title}" if post.title else ""))
            for severity, line in post.lines:
                head, _, rest = line.partition(": ")
                if severity == "warning":
                    line = f"{head}: {words['warning']}: {rest}"
                lines.append(f"    {line}")
        blocks.append("\n".join([words[key].format(n=len(posts)), "", "```text", *lines, "```"]))
    return "\n\n".join(blocks)


def _summary(path: Path, words: Mapping[str, str]) -> str:
    if not path.is_file() or path.is_symlink():
        return ""
    with path.open("rb") as handle:
        raw = handle.read(MAX_SUMMARY * 4 + 1)
    text = raw.decode("utf-8", errors="replace")
    if len(text) > MAX_SUMMARY:
        text = text[:MAX_SUMMARY].rsplit("\n", 1)[0] + "\n\n" + words["cut"]
    return neutralise(text)


def captions_section(folder: Path, lang: str = "id") -> str:
    """Each post's caption per platform exactly as it would be sent, with its count against
    the platform's limit, folded: from the trial's request files (data from the artifact:
    a file that is not a request of a known platform is skipped)."""
    label = WORDS.get(lang, WORDS["id"])["captions"]
    posts: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*/*.json"))[:MAX_REQUESTS]:
        data = _request(path)
        if data is None:
            continue
        posts.setdefault(data["post"], []).append((data["platform"], data["text"]))
    blocks = []
    for post, texts in posts.items():
        lines = [f"<details><summary>{label}: {html.escape(_short(post))}</summary>", ""]
        for platform, text in texts:
            lines += [
                f"**{platform}** ({_count(platform, text)})",
                "",
                "```text",
                _fence_safe(neutralise_mentions(text)),
                "```",
                "",
            ]
        blocks.append("\n".join([*lines, "</details>"]))
    return "\n\n".join(blocks)


def _request(path: Path) -> dict[str, str] | None:
    """A trial request file's post, platform and text, or None when it is not one."""
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_REQUEST_BYTES:
        return None
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    post, platform, text = data.get("post"), data.get("platform"), data.get("text")
    if not (isinstance(post, str) and isinstance(platform, str) and isinstance(text, str)):
        return None
    if platform == "website" or not text or platform.removesuffix("_story") not in SPECS:
        return None
    return {"post": findings.plain(post), "platform": platform, "text": text}


def _count(platform: str, text: str) -> str:
    rules = SPECS[platform.removesuffix("_story")].text
    length = captions.length(text, rules.unit)
    return f"{length}/{int(rules.limit.value)}" if rules.limit is not None else str(length)


def _fence_safe(text: str) -> str:
    return text.replace("```", "ˋˋˋ")


def _short(post: str) -> str:
    return post.removeprefix("content/posts/").removesuffix("/index.md")


def neutralise_mentions(text: str) -> str:
    return re.sub(r"@(?=[A-Za-z0-9])", "@\u200b", text)


def neutralise(text: str) -> str:
    """No mention pings, no images, no HTML, no links: what a writer typed stays text."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"!\[", "[", text)
    text = text.replace("](", "]\u200b(")  # [text](url): shown, never a link or an image
    text = re.sub(r"(?m)^(\s*)\[([^\]\n]*)\]:", "\\1[\\2]\u200b:", text)  # [ref]: url
    return neutralise_mentions(text)


def post(env: Mapping[str, str], text: str, out: TextIO) -> int:
    repo, token, number = (
        env.get(k, "") for k in ("GITHUB_REPOSITORY", "GITHUB_TOKEN", "PIPELINE_PR")
    )
    if not (repo and token and number.isdigit()):
        out.write(
            "bukan pull request (GITHUB_REPOSITORY, GITHUB_TOKEN, PIPELINE_PR): "
            "komentar tidak dikirim\n"
        )
        return 0
    api = base_url(env, "github", "https://api.github.com")
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    with httpx.Client(timeout=httpx.Timeout(20.0, connect=10.0), headers=headers) as client:
        existing = _find(client, f"{api}/repos/{repo}/issues/{number}/comments")
        if existing is None:
            response = client.post(
                f"{api}/repos/{repo}/issues/{number}/comments", json={"body": text}
            )
        else:
            response = client.patch(
                f"{api}/repos/{repo}/issues/comments/{existing}", json={"body": text}
            )
    if response.status_code == 403:
        out.write("token hanya-baca (PR dari fork?): komentar tidak dikirim; lihat ringkasan job\n")
        return 0
    if response.status_code not in (200, 201):
        out.write(f"komentar gagal dikirim: HTTP {response.status_code}\n")
        return 1
    out.write("komentar PR " + ("diperbarui" if existing else "dibuat") + "\n")
    return 0


def _find(client: httpx.Client, url: str) -> int | None:
    """Our comment's id, found by the marker (at most 10 pages of 100 comments)."""
    for page in range(1, 11):
        response = client.get(url, params={"per_page": 100, "page": page})
        if response.status_code != 200:
            return None
        items: list[Any] = response.json()
        for item in items:
            if isinstance(item, dict) and MARKER in str(item.get("body", "")):
                return int(item["id"])
        if len(items) < 100:
            return None
    return None


def run(out: TextIO | None = None) -> int:
    out = out or sys.stdout
    env = dict(os.environ)
    server, repo, run_id = (
        env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    run_url = f"{server}/{repo}/actions/runs/{run_id}" if server and repo and run_id else ""
    artifact = Path(env.get("PIPELINE_ARTIFACT") or Path.cwd() / "build")
    config, _ = load_config(Path.cwd())
    text = body(artifact, run_url, config.office.language)
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return post(env, text, out)
