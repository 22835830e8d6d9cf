"""The post: one folder `content/posts/<yyyy>/<mm>/<slug>/` with `index.md` and its media.

`load_post` is the only way to make a `Post`. It keeps the YAML marks, so every later check
can point at the line a writer has to change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Problem
from pipeline.frontmatter import WIB, Document, KeyPath, Zone, decode, load_markdown
from pipeline.messages import Phrase
from pipeline.schema import MEDIA_ADAPTER, POST_ADAPTER, POST_NESTED, MediaItem, PostMeta
from pipeline.validate import validate

POST_FILE = "index.md"
_POST_PATH = re.compile(r"(^|/)posts/(\d{4})/(0[1-9]|1[0-2])/([^/]+)/index\.md$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """A post whose front matter passed the schema. Built only by `load_post`."""

    path: str  # index.md, relative to the repository root, with '/' separators
    folder: Path
    meta: PostMeta
    body: str
    body_line: int
    doc: Document
    content_hash: str

    @property
    def slug(self) -> str:
        return self.meta.slug or self.folder.name

    def line_of(self, *path: str | int) -> int | None:
        return self.doc.line_of(path)


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaded:
    """What loading produced: the post if its schema passed, the raw document, the problems.

    `media` holds the media items that validate on their own, so media checks still run when
    another part of the front matter is wrong: the writer sees every problem in one go.
    """

    path: str
    folder: Path
    doc: Document
    post: Post | None
    media: tuple[tuple[int, MediaItem], ...]
    problems: tuple[Problem, ...]


def load_post(index: Path, root: Path, zone: Zone = WIB) -> Loaded:
    rel = relative(index, root)
    raw = index.read_bytes()
    text, problems = decode(raw, rel)
    if text is None:
        return Loaded(
            path=rel,
            folder=index.parent,
            doc=Document(data=None),
            post=None,
            media=(),
            problems=tuple(problems),
        )
    doc = load_markdown(text, rel, zone)
    problems = list(doc.problems)
    problems.extend(_place(rel))
    meta = None
    if doc.data is not None:
        validated = validate(doc, POST_ADAPTER, PostMeta, rel, POST_NESTED)
        meta = validated[0]
        problems.extend(validated[1])
    post = None
    if meta is not None:
        problems.extend(_dates(rel, meta, doc))
        post = Post(
            path=rel,
            folder=index.parent,
            meta=meta,
            body=doc.body,
            body_line=doc.body_line,
            doc=doc,
            content_hash=hashlib.sha256(raw).hexdigest(),
        )
    media = tuple(enumerate(meta.media)) if meta else tuple(_valid_media(doc))
    return Loaded(
        path=rel, folder=index.parent, doc=doc, post=post, media=media, problems=tuple(problems)
    )


def _place(rel: str) -> list[Problem]:
    """POST_PATH when the post is not at posts/<yyyy>/<mm>/<slug>/index.md, saying why."""
    match = _POST_PATH.search(rel)
    if match is None:
        reason = Phrase("post_layout", rel.removesuffix("/" + POST_FILE))
    elif not _SLUG.match(match[4]):
        reason = Phrase("slug_folder", match[4])
    else:
        return []
    return [Problem(code="POST_PATH", path=rel, params={"reason": reason})]


def _dates(rel: str, meta: PostMeta, doc: Document) -> list[Problem]:
    """Warn when `date` disagrees with the folder, or `publish_at` comes before `date`."""
    problems = []
    match = _POST_PATH.search(rel)
    folder = f"{match[2]}/{match[3]}" if match else None
    if folder and f"{meta.date:%Y/%m}" != folder:
        problems.append(
            Problem(
                code="POST_DATE_MISMATCH",
                path=rel,
                line=doc.line_of(("date",)),
                field="date",
                severity="warning",
                params={"detail": Phrase("date_folder", (meta.date, folder))},
            )
        )
    if meta.publish_at is not None and meta.publish_at.date() < meta.date:
        detail = Phrase("publish_before_date", (meta.publish_at.isoformat(), meta.date))
        problems.append(
            Problem(
                code="POST_DATE_MISMATCH",
                path=rel,
                line=doc.line_of(("publish_at",)),
                field="publish_at",
                severity="warning",
                params={"detail": detail},
            )
        )
    return problems


def _valid_media(doc: Document) -> Iterator[tuple[int, MediaItem]]:
    items = (doc.data or {}).get("media")
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if ("media", index) not in doc.flagged and isinstance(item, dict):
            try:
                yield index, MEDIA_ADAPTER.validate_python(item)
            except ValueError:
                continue


def find_posts(paths: Iterable[Path]) -> Iterator[Path]:
    """index.md of every post under `paths` (folders are searched, files taken as they are).

    Any other Markdown file under posts/ (a renamed index.md, which the blog would publish as a
    post) is refused by check for its place (checks/sitefiles.py, CONTENT_FILE_TYPE) and left
    out of the site by the build, so it is not loaded as a post here."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            # A folder holds pages too (content/index.md is the home page): take posts only.
            candidates: Iterable[Path] = (
                p for p in sorted(path.rglob(POST_FILE)) if "posts" in p.parts
            )
        else:  # a media file (pre-commit passes changed files) stands for its post
            candidates = [path if path.name == POST_FILE else path.parent / POST_FILE]
        for candidate in candidates:
            # A linked index.md is never read through (check reports the link itself).
            if not candidate.is_file() or candidate.is_symlink():
                continue
            if candidate.resolve() not in seen:
                seen.add(candidate.resolve())
                yield candidate


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` in '/' form, or as given when it lies outside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


__all__ = ["KeyPath", "Loaded", "Post", "find_posts", "load_post", "relative"]
