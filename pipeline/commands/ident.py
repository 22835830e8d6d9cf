"""`pipeline id [PATH...]`: a fresh post identity, or one written into posts that have none.

Without a path it prints a new id (for a post copied as a template: the copy needs its own).
With paths, every post under them that has no `id` gets `id: <new>` as the first line of its
front matter (the migration for posts written before ids existed); posts that have one are
left alone, so running it twice changes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pipeline.commands.new import new_id
from pipeline.post import find_posts, load_post, relative


def run(paths: Sequence[str], *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if not paths:
        out.write(new_id() + "\n")
        return 0
    root = Path.cwd()
    added = 0
    for index in find_posts(Path(p) for p in paths):
        loaded = load_post(index, root)
        data = loaded.doc.data
        raw = index.read_bytes()
        if data is None or "id" in data or not raw.startswith(b"---"):
            continue
        first, rest = raw.split(b"\n", 1)
        index.write_bytes(first + b"\n" + f"id: {new_id()}\n".encode() + rest)
        out.write(f"id ditambahkan: {relative(index, root)}\n")
        added += 1
    out.write(f"{added} tulisan mendapat id baru; commit perubahannya.\n")
    return 0
