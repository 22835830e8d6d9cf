"""Everything under content/ that is not a post: which files may be published, no symlinks,
the authors file and the pages' front matter (the same plain-text rule as posts).

Only Markdown pages, a post's own media (its originals stay off the site; the rendered variants
are published) and the monthly report's charts (content/laporan/<yyyy>-<mm>-<name>.svg, read
with the site scanner) are allowed. The site build applies the same rule
(pipeline/website/guard.py), so a file this check refuses is never published either.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from pipeline.errors import Problem
from pipeline.frontmatter import Document, KeyPath, decode, dotted, load_markdown, load_yaml
from pipeline.messages import Phrase
from pipeline.plain_text import find_markup

CONTENT = "content"
AUTHORS = ".authors.yml"
MEDIA_TYPES = (".jpg", ".jpeg", ".png", ".mp4", ".mov", ".srt")
AVATAR_TYPES = (".png", ".jpg", ".jpeg", ".svg")
AUTHOR_KEYS = ("name", "description", "avatar", "url", "slug")
_IN_POST = re.compile(r"^posts/\d{4}/\d{2}/[^/]+/.+")
_POST_INDEX = re.compile(r"^posts/\d{4}/\d{2}/[^/]+/index\.md$")
CHART = re.compile(r"^laporan/\d{4}-\d{2}-[a-z0-9-]+\.svg$")


def refusal(rel: str) -> Phrase | None:
    """Why the file `rel` (relative to content/, '/' separated) may not be there, or None."""
    if rel == AUTHORS:
        return None
    name = rel.rsplit("/", 1)[-1]
    if any(part.startswith(".") for part in rel.split("/")):
        return Phrase("hidden_file")
    if name.endswith(".md"):
        if rel.startswith("posts/") and not _POST_INDEX.match(rel) and _IN_POST.match(rel):
            return Phrase("page_in_post")
        return None
    suffix = PurePosixPath(name).suffix
    if suffix.lower() in MEDIA_TYPES:
        return None if _IN_POST.match(rel) else Phrase("file_place")
    if CHART.match(rel):
        return None
    return Phrase("file_type", suffix or "-")


def is_original(rel: str) -> bool:
    """A writer's media file in a post folder: checked and rendered, never published as is."""
    return bool(_IN_POST.match(rel)) and PurePosixPath(rel).suffix.lower() in MEDIA_TYPES


def walk(content: Path) -> Iterator[tuple[str, bool]]:
    """(path relative to content/, is a symlink) for every file and link; links not followed."""
    for folder, dirs, names in os.walk(content, followlinks=False):
        base = Path(folder).relative_to(content).as_posix()
        for name in sorted(dirs + names):
            rel = name if base == "." else f"{base}/{name}"
            link = (Path(folder) / name).is_symlink()
            if link or name in names:
                yield rel, link


def git_symlinks(root: Path, content: Path) -> set[str]:
    """content/ paths Git records as symlinks (mode 120000), also where the checkout made them
    plain files (core.symlinks=false, as on Windows)."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-s", "-z", "--", str(content)],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    found = set()
    for entry in done.stdout.decode("utf-8", "replace").split("\0"):
        head, _, path = entry.partition("\t")
        if head.startswith("120000 "):
            found.add((root / path).relative_to(content).as_posix())
    return found if done.returncode == 0 else set()


def content_problems(root: Path) -> dict[str, list[Problem]]:
    """Problems by file (relative to the repository root) for everything that is not a post."""
    content = root / CONTENT
    found: dict[str, list[Problem]] = {}
    if content.is_symlink():  # the whole folder: nothing under it is read
        whole = Problem(code="CONTENT_SYMLINK", path=CONTENT, params={"value": CONTENT})
        return {CONTENT: [whole]}
    if not content.is_dir():
        return found
    in_git = git_symlinks(root, content)
    for rel, link in walk(content):
        path = f"{CONTENT}/{rel}"
        name = rel.rsplit("/", 1)[-1]
        if link or rel in in_git:
            params = {"value": name}
            found.setdefault(path, []).append(
                Problem(code="CONTENT_SYMLINK", path=path, params=params)
            )
            continue
        reason = refusal(rel)
        if reason is None and CHART.match(rel):
            reason = _chart(content / rel)
        if reason is not None:
            kind: dict[str, object] = {"value": name, "reason": reason}
            found.setdefault(path, []).append(
                Problem(code="CONTENT_FILE_TYPE", path=path, params=kind)
            )
        elif rel.endswith(".md") and not _POST_INDEX.match(rel):
            found.setdefault(path, []).extend(_page(content / rel, path))
    if (content / AUTHORS).is_file() and f"{CONTENT}/{AUTHORS}" not in found:
        problems = authors_problems(root)
        if problems:
            found[f"{CONTENT}/{AUTHORS}"] = problems
    return {k: v for k, v in found.items() if v}


def _chart(path: Path) -> Phrase | None:
    from pipeline.website.sitescan import xml_findings

    findings = xml_findings(path.read_bytes().decode("utf-8", "replace"), svg=True)
    return Phrase("chart_unsafe", findings[0]) if findings else None


def _page(path: Path, rel: str) -> list[Problem]:
    """A page's front matter (when it has one) follows the posts' plain-text rule."""
    text, problems = decode(path.read_bytes(), rel)
    if text is None or not text.startswith("---"):
        return problems
    doc = load_markdown(text, rel)
    return [*problems, *markup_problems(doc, rel)]


def markup_problems(doc: Document, path: str, at: KeyPath = ()) -> list[Problem]:
    """TEXT_MARKUP for every string (keys too) under `at` that is not plain text."""
    problems = []
    for where, value in strings(doc.data, ()):
        if where[:1] == ("media",) and where[2:] in (("file",), ("captions",)):
            continue  # file names: pipeline/media/refs.py refuses schemes and markup characters
        what, snippet = find_markup(value)
        if what and where[: len(at)] == at:
            problems.append(
                Problem(
                    code="TEXT_MARKUP",
                    path=path,
                    line=doc.line_of(where),
                    field=dotted(where),
                    params={"what": Phrase(what), "snippet": snippet},
                )
            )
    return problems


def strings(value: object, at: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every string in a loaded YAML value, with where it is; a mapping's keys included."""
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*at, key), key
            yield from strings(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*at, index))


def authors_problems(root: Path) -> list[Problem]:
    """content/.authors.yml: its shape, plain text everywhere, https links, local avatars."""
    rel = f"{CONTENT}/{AUTHORS}"
    text, problems = decode((root / rel).read_bytes(), rel)
    if text is None:
        return problems
    doc = load_yaml(text, rel)
    problems = [*problems, *doc.problems]
    data = doc.data or {}
    authors = data.get("authors")
    if not isinstance(authors, dict) or set(data) != {"authors"}:
        if doc.data is not None:
            problems.append(_shape(doc, rel, ("authors",), Phrase("authors_shape")))
        return problems
    links = {
        ("authors", k, f)
        for k, a in authors.items()
        if isinstance(a, dict)
        for f in ("url", "avatar")
    }
    problems.extend(p for p in markup_problems(doc, rel) if _at(p) not in links)
    for key, author in authors.items():
        if not isinstance(author, dict):
            problems.append(_shape(doc, rel, ("authors", key), Phrase("authors_shape")))
            continue
        for field, value in author.items():
            at = ("authors", key, field)
            if field not in AUTHOR_KEYS:
                problems.append(_shape(doc, rel, at, Phrase("authors_key", field)))
            elif field == "url" and not _https(str(value)):
                problems.append(_link(doc, rel, at, str(value), "link_not_https"))
            elif field == "avatar" and not _avatar(root, str(value)):
                problems.append(_link(doc, rel, at, str(value), "avatar_path"))
    return problems


def _at(problem: Problem) -> KeyPath:
    return tuple(problem.field.split(".")) if problem.field else ()


def _https(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme == "https"
        and bool(parts.hostname)
        and value.isascii()
        and value.isprintable()
        and not find_markup(value)[0]
        and not any(c in value for c in "<>\"'` ")
    )


def _avatar(root: Path, value: str) -> bool:
    """A path (not a URL: the policy allows images from the site only) to an image file of the
    theme (overrides/), with a plain name and no way out of that folder."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.[a-z]+", value):
        return False
    if PurePosixPath(value).suffix not in AVATAR_TYPES:
        return False
    path = root / "overrides" / value
    steps = [
        root / "overrides" / "/".join(value.split("/")[: i + 1])
        for i in range(value.count("/") + 1)
    ]
    return path.is_file() and not any(step.is_symlink() for step in steps)


def _shape(doc: Document, path: str, at: KeyPath, reason: Phrase) -> Problem:
    return Problem(
        code="AUTHORS_INVALID",
        path=path,
        line=doc.line_of(at),
        field=dotted(at),
        params={"reason": reason},
    )


def _link(doc: Document, path: str, at: KeyPath, value: str, reason: str) -> Problem:
    return Problem(
        code="AUTHOR_LINK_INVALID",
        path=path,
        line=doc.line_of(at),
        field=dotted(at),
        params={"value": value[:80], "reason": Phrase(reason)},
    )
