"""Text: hidden characters anywhere, and each platform's caption within that platform's limits.

Lengths are counted the way each platform counts them (`captions.length`), on the exact text
that will be sent (`captions.platform_text`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline import captions
from pipeline.errors import Problem
from pipeline.frontmatter import Document, KeyPath, dotted
from pipeline.messages import Phrase
from pipeline.post import Loaded, Post
from pipeline.specs import SPECS
from pipeline.unicode_scan import scan


def hidden_characters(loaded: Loaded) -> list[Problem]:
    """Bidi controls, invisible and control characters in front matter values and the body."""
    problems = []
    for at, value in _strings(loaded.doc.data, ()):
        mark = loaded.doc.marks.get((*at, "")) or loaded.doc.marks.get(at)
        for finding in scan(value, allow_newlines=True):
            line = mark.line if mark else None
            column = None
            if mark is not None:
                before = value[: finding.index]
                quoted = 1 if mark.style in ("'", '"') else 0
                block = 1 if mark.style in ("|", ">") else 0
                line = mark.line + before.count("\n") + block
                column = (
                    finding.index - before.rfind("\n")
                    if "\n" in before or block
                    else mark.column + quoted + finding.index
                )
            problems.append(
                Problem(
                    code=finding.code,
                    path=loaded.path,
                    line=line,
                    field=dotted(at),
                    params={"char": finding.label, "column": column or "?"},
                )
            )
    problems.extend(_body(loaded.doc, loaded.path))
    return problems


def _body(doc: Document, path: str) -> Iterator[Problem]:
    for finding in scan(doc.body):
        before = doc.body[: finding.index]
        yield Problem(
            code=finding.code,
            path=path,
            line=doc.body_line + before.count("\n"),
            params={"char": finding.label, "column": finding.index - before.rfind("\n")},
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
    social = post.meta.social
    if social is None:
        return []
    problems = []
    for platform in social.platforms:
        spec = SPECS[platform].text
        own = social.override(platform)
        caption_at = ("social", platform, "caption") if own.caption else ("social", "caption")
        tags_at = (
            ("social", platform, "hashtags") if own.hashtags is not None else ("social", "hashtags")
        )
        text = captions.platform_text(post.meta, platform)
        params = {"platform": SPECS[platform].title, "platform_key": platform}
        if not captions.caption(post.meta, platform).strip():
            problems.append(_at(post, "CAPTION_MISSING", ("social",), **params))
            continue
        if spec.limit is not None:
            count = captions.length(text, spec.unit)
            limit = int(spec.limit.value)
            if count > limit:
                problems.append(
                    _at(
                        post,
                        "TEXT_TOO_LONG",
                        caption_at,
                        count=count,
                        limit=limit,
                        over=count - limit,
                        unit=Phrase("characters" if spec.unit == "chars" else spec.unit),
                        field_key="caption",
                        **params,
                    )
                )
        if spec.hashtags is not None and captions.count_hashtags(text) > spec.hashtags.value:
            problems.append(
                _at(
                    post,
                    "TEXT_TOO_MANY_HASHTAGS",
                    tags_at,
                    count=captions.count_hashtags(text),
                    limit=int(spec.hashtags.value),
                    **params,
                )
            )
        if spec.mentions is not None and captions.count_mentions(text) > spec.mentions.value:
            problems.append(
                _at(
                    post,
                    "TEXT_TOO_MANY_MENTIONS",
                    caption_at,
                    count=captions.count_mentions(text),
                    limit=int(spec.mentions.value),
                    **params,
                )
            )
    return problems


def _at(post: Post, code: str, at: KeyPath, **params: object) -> Problem:
    return Problem(
        code=code, path=post.path, line=post.doc.line_of(at), field=dotted(at), params=params
    )
