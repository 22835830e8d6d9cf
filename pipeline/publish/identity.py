"""Which post is which: the repository's posts by id, and the paths Git says they had.

The upload log is keyed by the post's `id`; this module tells the publisher (and every reader
of the log) where each id lives now, and which older paths belonged to it: the events written
before ids existed carry only a path. Git's rename detection (`git log -M`, as `git log
--follow` uses it) adds the paths a post had before a move; without history (a shallow clone)
the ids, the `moved` events and the content comparison in the runner still hold, so no decision
depends on Git alone.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.checks.identity import post_id
from pipeline.frontmatter import WIB, Zone
from pipeline.post import find_posts, load_post
from pipeline.publish import records


@dataclass(frozen=True, slots=True, kw_only=True)
class Known:
    """current: {identity: path now}; aliases: {path (now or before): id};
    history: {id: paths it had before, per Git}."""

    current: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    history: dict[str, set[str]] = field(default_factory=dict)

    def ident(self, path: str) -> str:
        return self.aliases.get(path, path)


def repository(root: Path, zone: Zone = WIB) -> Known:
    """Every post under content/ by id (a post without one stands for itself, by path)."""
    current: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for index in find_posts([root / "content"]):
        loaded = load_post(index, root, zone)
        found = post_id(loaded)
        if found is None or found in current:  # no id, or a duplicate (check refuses both)
            current.setdefault(loaded.path, loaded.path)
            continue
        current[found] = loaded.path
        aliases[loaded.path] = found
    history: dict[str, set[str]] = {}
    before = renames(root)
    for found, path in current.items():
        if found == path:
            continue
        older = _chain(path, before)
        history[found] = older
        for old in older:
            aliases.setdefault(old, found)
    return Known(current=current, aliases=aliases, history=history)


def renames(root: Path) -> dict[str, list[str]]:
    """{new path: [old paths]} for every rename Git detects in the history of content/;
    empty when there is no history (not a repository, or a shallow clone of one commit)."""
    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "-M",
                "--diff-filter=R",
                "--name-status",
                "-z",
                "--format=",
                "--",
                "content",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    found: dict[str, list[str]] = {}
    fields = [f.strip("\n") for f in done.stdout.split("\0")] if done.returncode == 0 else []
    for at, status in enumerate(fields):
        if status.startswith("R") and status[1:].isdigit() and at + 2 < len(fields):
            found.setdefault(fields[at + 2], []).append(fields[at + 1])
    return found


def earlier(root: Path, path: str) -> set[str]:
    """The paths Git says `path` had before (renames, followed back)."""
    return _chain(path, renames(root))


def _chain(path: str, before: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo: list[str] = list(before.get(path, []))
    while todo:
        old = todo.pop()
        if old in seen or old == path:
            continue
        seen.add(old)
        todo.extend(before.get(old, []))
    return seen


def identities(paths: Iterable[str], known: Known) -> set[str]:
    """The identities of posts given by path (ids; a post without one by its path)."""
    return {known.ident(p) for p in paths}


def attributed(
    root: Path,
    uploads: Iterable[Mapping[str, Any]],
    inbox: Iterable[Mapping[str, Any]] = (),
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The upload log and the comment log as readers should see them: every event under the
    path its post has now (`post_then` keeps the path it was written with), so a moved post
    is one post in the audit, the report, the inbox and the site's link page."""
    known = repository(root)
    uploads = list(uploads)
    now = records.where_now(uploads, known.aliases, known.current)
    comments = []
    for event in inbox:
        post = str(event.get("post", ""))
        moved = now.get(post, post)
        comments.append(
            {**event, "post_then": post, "post": moved} if moved != post else dict(event)
        )
    return records.attribute(uploads, known.aliases, known.current), comments
