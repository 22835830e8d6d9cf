"""A post's identity (`id` in the front matter): every post has one, no two posts share one.

The upload log is keyed by it, so a folder that is moved or renamed stays the same post, and a
folder copied as a template for a new post must get a new id. Duplicates are looked for across
every post in `content/`, not only the ones being checked: a copy is caught even when only the
copy is checked, and both files are named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.errors import Problem
from pipeline.frontmatter import Zone
from pipeline.post import Loaded, find_posts, load_post


def post_id(loaded: Loaded) -> str | None:
    """The `id` as written (a string), or None when there is none to use."""
    value = (loaded.doc.data or {}).get("id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def identity_problems(
    checked: Sequence[Loaded], root: Path, zone: Zone
) -> dict[str, list[Problem]]:
    """{post path: problems}: POST_ID_MISSING and POST_ID_DUPLICATE for the checked posts."""
    others = _all_ids(root, zone, {item.path for item in checked})
    owners: dict[str, list[str]] = {}
    for item in checked:
        if (found := post_id(item)) is not None:
            owners.setdefault(found, []).append(item.path)
    for path, found in others:
        owners.setdefault(found, []).append(path)
    problems: dict[str, list[Problem]] = {}
    for item in checked:
        if item.doc.data is None:
            continue  # the front matter is unreadable: that is reported already
        found = post_id(item)
        if found is None:
            if "id" not in item.doc.data:
                problems.setdefault(item.path, []).append(
                    Problem(
                        code="POST_ID_MISSING",
                        path=item.path,
                        line=item.doc.line_of(()),
                        field="id",
                        params={"path": item.path},
                    )
                )
            continue
        twins = sorted(p for p in owners[found] if p != item.path)
        if twins:
            problems.setdefault(item.path, []).append(
                Problem(
                    code="POST_ID_DUPLICATE",
                    path=item.path,
                    line=item.doc.line_of(("id",)),
                    field="id",
                    params={"value": found, "other": ", ".join(twins)},
                )
            )
    return problems


def _all_ids(root: Path, zone: Zone, skip: set[str]) -> Iterable[tuple[str, str]]:
    """(path, id) of every other post in the repository's content/."""
    content = root / "content"
    if not content.is_dir():
        return
    for index in find_posts([content]):
        loaded = load_post(index, root, zone)
        if loaded.path in skip:
            continue
        if (found := post_id(loaded)) is not None:
            yield loaded.path, found
