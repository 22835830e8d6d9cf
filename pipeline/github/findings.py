"""What `pipeline check --format json` found, read back by the PR comment job as DATA.

The file comes from the check job's artifact, which the pull request's own code wrote: it is
validated (pydantic, strict types, bounded sizes, known severities) before anything of it is
used, and every string is made plain one-line text (hidden and control characters shown as
�, no backtick, no @mention) before it is rendered inside a fenced `text` block, where GitHub
renders no markup, no link and no image. A file that is missing, too big or not of this shape
is named in the comment, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.unicode_scan import scan

FILE = Path("check") / "findings.json"
MAX_BYTES = 2_000_000
MAX_TEXT = 500  # characters of one field shown in the comment
Text = Annotated[str, Field(max_length=20_000)]


class _Problem(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    severity: Literal["error", "warning"]
    path: Text
    line: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    field: Text | None = None
    message: Text
    fix: Text = ""


class _Post(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    path: Text
    title: Text = ""
    status: Literal["ok", "error"]
    problems: Annotated[list[_Problem], Field(max_length=1_000)]


class _Findings(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    version: Literal[1]
    posts: Annotated[list[_Post], Field(max_length=10_000)]


@dataclass(frozen=True, slots=True)
class Post:
    path: str
    title: str
    failed: bool
    lines: tuple[tuple[str, str], ...]  # (severity, `file:line: field: masalah (perbaikan)`)


@dataclass(frozen=True, slots=True)
class Findings:
    posts: tuple[Post, ...]
    error: str = ""  # why the file could not be used ("" when it could)


def plain(text: str) -> str:
    """One line of plain text: hidden/control characters (line breaks too) as �, backticks
    as ˋ (no code span or fence can close), @ before a name broken with a zero-width space
    (no ping), cut to MAX_TEXT characters."""
    flagged = {finding.index for finding in scan(text, allow_newlines=False)}
    shown = "".join("�" if i in flagged or not c.isprintable() else c for i, c in enumerate(text))
    shown = shown.replace("`", "ˋ").replace("@", "@\u200b")
    return shown if len(shown) <= MAX_TEXT else shown[: MAX_TEXT - 1] + "…"


def read(artifact: Path) -> Findings:
    path = artifact / FILE
    if not path.is_file() or path.is_symlink():
        return Findings((), error="missing")
    if path.stat().st_size > MAX_BYTES:
        return Findings((), error="too-big")
    try:
        data = _Findings.model_validate(json.loads(path.read_bytes()))
    except (ValueError, ValidationError, RecursionError):
        return Findings((), error="invalid")
    posts = []
    for post in data.posts:
        lines = []
        for problem in post.problems:
            where = plain(problem.path) + (f":{problem.line}" if problem.line else "")
            field = f" {plain(problem.field)}:" if problem.field else ""
            fix = f" ({plain(problem.fix)})" if problem.fix else ""
            lines.append((problem.severity, f"{where}:{field} {plain(problem.message)}{fix}"))
        failed = post.status == "error" or any(p.severity == "error" for p in post.problems)
        posts.append(Post(plain(post.path), plain(post.title), failed, tuple(lines)))
    return Findings(tuple(posts))
