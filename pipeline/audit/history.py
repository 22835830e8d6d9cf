"""What Git itself says about a post: who added it, which merge brought a commit onto the main
line and when, and whether the post's folder differs between two commits.

Every call is an argv list with `--` before paths. Commit ids come from the log, which is data:
they are checked to be hex before Git sees them. Author and committer times are what the
committing client claimed (docs/publishing-model.md §2.11): shown, never taken as proof.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.publish.identity import earlier

SHA = re.compile(r"[0-9a-f]{7,64}")
_UNIT, _RECORD = "\x1f", "\x1e"
_AUTHOR = f"--format=%H{_UNIT}%an{_UNIT}%ae{_UNIT}%aI{_RECORD}"
_COMMITTER = f"--format=%H{_UNIT}%cn{_UNIT}%ce{_UNIT}%cI{_RECORD}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Commit:
    sha: str
    name: str
    email: str
    at: str  # ISO 8601 with the client's offset (author date, or committer date for a merge)


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "replace")


def is_sha(text: str) -> bool:
    return SHA.fullmatch(text) is not None


def head(root: Path) -> str:
    return (_git(root, "rev-parse", "HEAD") or "").strip()


def full(root: Path, sha: str) -> str | None:
    """The full id of a commit Git has (`sha` may be abbreviated), else None."""
    if not is_sha(sha):
        return None
    out = _git(root, "rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}")
    return out.strip() if out else None


def known(root: Path, sha: str) -> bool:
    return full(root, sha) is not None


def _commits(text: str | None) -> list[Commit]:
    commits = []
    for entry in (text or "").split(_RECORD):
        fields = entry.strip("\n").split(_UNIT)
        if len(fields) == 4:
            commits.append(Commit(sha=fields[0], name=fields[1], email=fields[2], at=fields[3]))
    return commits


def writer(root: Path, post: str) -> Commit | None:
    """The commit that added the post's index.md (the oldest, if it was added again later)."""
    # A post moved or renamed since was written by whoever added it at its first path (the
    # paths Git's rename detection gives), not by whoever moved it.
    found = [
        commit
        for path in (post, *sorted(earlier(root, post)))
        for commit in _commits(_git(root, "log", "--diff-filter=A", _AUTHOR, "--", path))
    ]
    return min(found, key=lambda c: datetime.fromisoformat(c.at)) if found else None


def committed(root: Path, sha: str) -> Commit | None:
    """A commit with its committer (who made it part of the history) and committer time."""
    if not is_sha(sha):
        return None
    found = _commits(_git(root, "show", "-s", _COMMITTER, sha))
    return found[0] if found else None


def landed(root: Path, sha: str) -> Commit | None:
    """The commit on the main line (HEAD's first parents) that brought `sha` in: the merge of
    its pull request, or `sha` itself when it was committed on the main line. None when Git
    does not know it or it never reached HEAD."""
    sha = full(root, sha) or ""
    if not sha:
        return None
    main = set((_git(root, "rev-list", "--first-parent", "HEAD") or "").split())
    if sha in main:
        return committed(root, sha)
    after = _git(root, "rev-list", "--ancestry-path", "--topo-order", "--reverse", f"{sha}..HEAD")
    first = next((c for c in (after or "").split() if c in main), None)
    return committed(root, first) if first else None


def changed(root: Path, before: str, after: str, folder: str) -> tuple[str, ...] | None:
    """Files of `folder` whose bytes differ between two commits (Git compares blob ids, which
    are hashes of the bytes); None when either commit is not in the history."""
    if not (known(root, before) and known(root, after)):
        return None
    out = _git(root, "diff", "--no-renames", "--name-only", "-z", before, after, "--", folder)
    if out is None:
        return None
    prefix = folder.rstrip("/") + "/"
    return tuple(sorted(name.removeprefix(prefix) for name in out.split("\0") if name))


def dirty(root: Path, path: str) -> bool:
    """Uncommitted changes under `path` (the audit then reads what is not in Git yet)."""
    return bool((_git(root, "status", "--porcelain", "--", path) or "").strip())
