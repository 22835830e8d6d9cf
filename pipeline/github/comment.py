"""`pipeline comment`: the pull request's one check comment, updated in place (SOP 1.2, 1.5).

The `check` workflow runs it after `check`, `render --preview` and `publish --trial`: the
comment holds the per-post, per-platform table of the preview (✅/❌, files, caption counts),
the trial table, each caption exactly as it would be sent with its count (folded), and says
where the preview images are (the workflow artifact). It is
found again by a hidden marker, so a pull request never collects a pile of bot comments.

Writers' text reaches the comment through titles and captions, so it is neutralised the way
docs/publishing-model.md §4.8 asks: no @mention pings a person or team, no remote image loads,
no raw HTML. On a fork the token cannot write: the comment is skipped with a notice, and the
job still passes (the tables are in the job summary too).
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
from pipeline.publish.base import base_url
from pipeline.specs import SPECS

MARKER = "<!-- pipeline:check -->"
TRIAL = Path("build") / "trial"
SOURCES = (Path("build") / "preview" / "summary.md", TRIAL / "summary.md")


def body(root: Path, run_url: str = "") -> str:
    parts = [MARKER, "## Hasil pemeriksaan otomatis"]
    for source in SOURCES:
        path = root / source
        parts.append(neutralise(path.read_text(encoding="utf-8")) if path.is_file() else "")
    parts.append(captions_section(root / TRIAL))
    if run_url:
        parts.append(f"Gambar pratinjau dan permintaan ujicoba: artefak `pratinjau` di {run_url}")
    return "\n\n".join(p for p in parts if p) + "\n"


def captions_section(folder: Path) -> str:
    """Each post's caption per platform exactly as it would be sent, with its count against
    the platform's limit, folded: from the trial's request files."""
    posts: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("platform") in ("website", None) or not data.get("text"):
            continue
        posts.setdefault(str(data["post"]), []).append((str(data["platform"]), str(data["text"])))
    blocks = []
    for post, texts in posts.items():
        lines = [f"<details><summary>Keterangan: {html.escape(_short(post))}</summary>", ""]
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
    """No mention pings, no images, no HTML: what a writer typed stays text."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"!\[", "[", text)
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
    text = body(Path.cwd(), run_url)
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return post(env, text, out)
