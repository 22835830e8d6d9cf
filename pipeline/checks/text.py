"""Text: hidden characters anywhere, and each platform's caption within that platform's limits.

Lengths are counted the way each platform counts them (`captions.length`), on the exact text
that will be sent (`captions.platform_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline import captions
from pipeline.errors import Problem
from pipeline.frontmatter import Document, KeyPath, deepest_at, dotted
from pipeline.messages import Phrase
from pipeline.post import Loaded, Post
from pipeline.specs import SPECS
from pipeline.unicode_scan import Finding, scan


def hidden_characters(loaded: Loaded) -> list[Problem]:
    """Bidi controls, invisible and control characters in front matter values and the body.

    Characters typed into the file are found in the source, with their exact line and
    position; those written as escapes ("\\u202e") only exist in the value, and are reported
    at the value's line. Line breaks are fine only in captions and descriptions.
    """
    doc = loaded.doc
    problems = []
    literal: set[tuple[KeyPath, str]] = set()
    rows = doc.source.split("\n")
    for number, row in enumerate(rows):
        for finding in scan(row, allow_newlines=False):
            line = doc.first_line + number
            at = deepest_at(doc.marks, line) or _enclosing(doc, line)
            literal.add((at, finding.char))
            where = Phrase("at_column", finding.index + 1)
            problems.append(_finding(loaded, finding, line, where, at))
    for at, value in _strings(doc.data, ()):
        multiline = bool(at) and at[-1] in ("caption", "description")
        for finding in scan(value, allow_newlines=multiline):
            if (at, finding.char) not in literal:
                where = Phrase("in_value", finding.index + 1)
                problems.append(_finding(loaded, finding, doc.line_of(at), where, at))
    problems.extend(_body(doc, loaded.path))
    return problems


def _enclosing(doc: Document, line: int) -> KeyPath:
    """The key whose (multi-line) value holds `line`: the last key starting at or before it."""
    before = [
        (mark.line, at)
        for at, mark in doc.marks.items()
        if mark.line <= line and at and at[-1] != ""
    ]
    return max(before, key=lambda item: (item[0], len(item[1])), default=(0, ()))[1]


def _finding(
    loaded: Loaded, finding: Finding, line: int | None, where: Phrase, at: KeyPath
) -> Problem:
    return Problem(
        code=finding.code,
        path=loaded.path,
        line=line,
        field=dotted(at),
        params={"char": finding.label, "where": where},
    )


def _body(doc: Document, path: str) -> Iterator[Problem]:
    for finding in scan(doc.body):
        before = doc.body[: finding.index]
        yield Problem(
            code=finding.code,
            path=path,
            line=doc.body_line + before.count("\n"),
            params={
                "char": finding.label,
                "where": Phrase("at_column", finding.index - before.rfind("\n")),
            },
        )


def _strings(value: object, at: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, (*at, key)) if not isinstance(key, str) else ()
            yield from _strings(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*at, index))


def platform_texts(post: Post) -> list[Problem]:
    """Each platform's text within its limits; hashtags well formed; platforms listed once."""
    social = post.meta.social
    if social is None:
        return []
    problems = [*_duplicates(post, ("social", "platforms"), social.platforms)]
    problems += _hashtags(post, ("social", "hashtags"), social.hashtags)
    missing = []
    for platform in dict.fromkeys(social.platforms):
        spec = SPECS[platform].text
        own = social.override(platform)
        if own.hashtags is not None:
            problems += _hashtags(post, ("social", platform, "hashtags"), own.hashtags)
        if not captions.caption(post.meta, platform).strip():
            missing.append(SPECS[platform].title)
            continue
        caption_at = ("social", platform, "caption") if own.caption else ("social", "caption")
        tags_at = (
            ("social", platform, "hashtags") if own.hashtags is not None else ("social", "hashtags")
        )
        text = captions.platform_text(post.meta, platform)
        params = {"platform": SPECS[platform].title, "platform_key": platform}
        fix = (
            Phrase("shorten")
            if own.caption
            else Phrase("shorten_or_override", (platform, "caption"))
        )
        if spec.limit is not None:
            problems += _too_long(
                post, caption_at, text, int(spec.limit.value), spec.unit, fix, params
            )
        if spec.photo_title is not None and _gets_photos(post, platform):
            title_at = ("social", platform, "title") if own.title else ("title",)
            problems += _too_long(
                post,
                title_at,
                own.title or post.meta.title,
                int(spec.photo_title.value),
                spec.unit,
                Phrase("shorten_or_override", (platform, "title")),
                params,
            )
        for rule, count, code, at in (
            (spec.hashtags, captions.count_hashtags(text), "TEXT_TOO_MANY_HASHTAGS", tags_at),
            (spec.mentions, captions.count_mentions(text), "TEXT_TOO_MANY_MENTIONS", caption_at),
        ):
            if rule is not None and count > rule.value:
                problems.append(_at(post, code, at, count=count, limit=int(rule.value), **params))
    if missing:
        where: KeyPath = ("social", "caption")
        if where not in post.doc.marks:
            where = ("social",)
        problems.append(_at(post, "CAPTION_MISSING", where, platform=", ".join(missing)))
    return problems


def _too_long(
    post: Post, at: KeyPath, text: str, limit: int, unit: str, fix: Phrase, params: dict[str, str]
) -> list[Problem]:
    count = captions.length(text, unit)  # type: ignore[arg-type]
    if count <= limit:
        return []
    word = Phrase("characters" if unit == "chars" else unit)
    return [
        _at(
            post,
            "TEXT_TOO_LONG",
            at,
            count=count,
            limit=limit,
            over=count - limit,
            unit=word,
            fix=fix,
            **params,
        )
    ]


def _gets_photos(post: Post, platform: str) -> bool:
    """True when the platform would get a photo post (images and no video)."""
    social = post.meta.social
    if social is not None and social.slideshow and platform == "tiktok":
        return False  # TikTok gets the slideshow video instead
    chosen = social.override(platform).media if social else None
    kinds = {m.file: m.kind for m in post.meta.media}
    names = chosen if chosen is not None else tuple(kinds)
    picked = [kinds.get(n) for n in names]
    return "video" not in picked and any(k in ("photo", "infographic") for k in picked)


_HASHTAG = re.compile(r"^#?\w+$")


def _hashtags(post: Post, at: KeyPath, tags: tuple[str, ...]) -> list[Problem]:
    problems = [
        _at(post, "TEXT_HASHTAG_INVALID", (*at, i), value=tag)
        for i, tag in enumerate(tags)
        if not _HASHTAG.match(tag)
    ]
    return problems + _duplicates(post, at, tuple(t.lstrip("#").lower() for t in tags))


def _duplicates(post: Post, at: KeyPath, values: tuple[str, ...]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(values):
        if value in seen:
            problems.append(_at(post, "LIST_DUPLICATE", (*at, index), value=value))
        seen.add(value)
    return problems


def _at(post: Post, code: str, at: KeyPath, **params: object) -> Problem:
    return Problem(
        code=code, path=post.path, line=post.doc.line_of(at), field=dotted(at), params=params
    )
