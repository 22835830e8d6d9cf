"""`pipeline audit`: the trail of one post, or of every post the log mentions in a month, from
Git alone (the history and `records/`): writer, PR, each disposition, merge, each publication
and its link, the time of each SOP step against its standard, and the findings (*temuan*).

Writes build/audit/<name>.md (for people) and .csv (one row per post × platform), prints the
Markdown, and exits 1 when there is any finding.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from pipeline import jsonl
from pipeline.audit import markdown, rows, scope
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.publish import identity, records

FOLDER = Path("build") / "audit"


def run(
    target: str | None, *, month: str | None, lang: str | None, out: TextIO | None = None
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    if (target is None) == (month is None):
        raise PipelineError("sebutkan satu tulisan (path index.md) atau --month YYYY-MM")
    config, problems = load_config(root)
    if any(p.severity == "error" for p in problems):
        raise PipelineError("office.yml bermasalah: jalankan 'pipeline check'")
    lang = lang or config.office.language
    reading = records.load(root)
    jsonl.warn(reading, lambda text: out.write(f"⚠ {text}\n"), lang)
    events, _ = identity.attributed(root, reading.events)  # a moved post is one post
    if month is not None:
        posts, name, label = scope.month_posts(events, month), month, month
    else:
        post = scope.post_path(root, str(target), events)
        posts, name, label = [post], _name(post), post
    audit = scope.collect(root, config, events, posts, label)
    text = markdown.render(audit, lang)
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    (folder / f"{name}.csv").write_text(rows.render(audit, lang), encoding="utf-8")
    out.write(text)
    return 1 if audit.findings or reading.damage else 0


def _name(post: str) -> str:
    """content/posts/2026/11/panen/index.md -> 2026-11-panen (unique, safe as a file name)."""
    short = post.removeprefix("content/posts/").removesuffix("/index.md").removesuffix("index.md")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", short).strip("-.") or "tulisan"
