"""Where rendered variants live: no decoder is imported here (the publish job uses it)."""

from __future__ import annotations

from pathlib import Path

BUILD = Path("build") / "media"


def post_dir(index_path: str) -> str:
    """'content/posts/2026/11/panen/index.md' -> '2026/11/panen': where a post's variants go,
    under build/media/<platform>/ (and under media/ on the site)."""
    parts = index_path.split("/")
    tail = parts[parts.index("posts") + 1 : -1] if "posts" in parts else parts[-2:-1]
    return "/".join(tail)
