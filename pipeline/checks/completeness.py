"""Completeness (*kelengkapan*, SOP steps 1.2 and 1.4) and what each platform can take.

Alt text and a credit for every media item, captions for videos, and for each platform the
media it would receive: enough of them, not too many, not mixed where it cannot mix, videos
within its duration limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.checks.media import MediaFile
from pipeline.errors import Problem
from pipeline.frontmatter import KeyPath, dotted
from pipeline.messages import Phrase
from pipeline.post import Loaded, Post
from pipeline.specs import SPECS


def completeness(loaded: Loaded) -> list[Problem]:
    """Alt, credit and captions; runs on the media items that validate even when other parts
    of the front matter do not, so the writer sees these too in the same run."""
    problems = []
    data = loaded.doc.data or {}
    raw_credit = data.get("credit")
    credit = raw_credit if isinstance(raw_credit, str) else ""
    for index, item in loaded.media:
        if not item.alt.strip():
            problems.append(
                _at(
                    loaded,
                    "ALT_MISSING",
                    ("media", index, "alt"),
                    value=item.file,
                    kind=Phrase(f"kind_{item.kind}"),
                )
            )
        if item.kind == "video" and not item.captions:
            problems.append(
                _at(
                    loaded,
                    "CAPTIONS_MISSING",
                    ("media", index, "captions"),
                    "warning",
                    value=item.file,
                )
            )
    if any(not (item.credit or credit.strip()) for _, item in loaded.media):
        problems.append(_at(loaded, "CREDIT_MISSING", ("media",)))
    return problems


def feasibility(
    post: Post,
    files: list[MediaFile],
    results: dict[Any, dict[str, Any]],
    enabled: tuple[str, ...] | None,
) -> list[Problem]:
    """Per platform: does the media it would get fit what it accepts?"""
    social = post.meta.social
    if social is None:
        return []
    problems = []
    broken = {
        f.item.file
        for f in files
        if any(p["severity"] == "error" for p in results.get(f.path, {}).get("problems", []))
    }
    durations = {
        f.item.file: results.get(f.path, {}).get("info", {}).get("duration") for f in files
    }
    for platform in social.platforms:
        spec = SPECS[platform]
        params: dict[str, object] = {"platform": spec.title, "platform_key": platform}
        if enabled is not None and platform not in enabled:
            problems.append(
                _at(
                    post,
                    "PLATFORM_DISABLED",
                    ("social", "platforms"),
                    "warning",
                    config="office.yml",
                    **params,
                )
            )
        chosen = social.override(platform).media
        at: KeyPath = ("social", platform, "media") if chosen is not None else ("media",)
        names = list(chosen) if chosen is not None else [m.file for m in post.meta.media]
        kinds = {m.file: m.kind for m in post.meta.media}
        for name in names:
            if name not in kinds:
                problems.append(
                    _media(post, at, params, ("not_in_media", name), ("fix_override_media", ""))
                )
        images = [n for n in names if kinds.get(n) in ("photo", "infographic")]
        videos = [n for n in names if kinds.get(n) == "video"]
        rules = spec.media
        if rules.needs_media and not images and not videos:
            problems.append(
                _at(post, "MEDIA_REQUIRED", at, needs=Phrase("a_photo_or_video"), **params)
            )
            continue
        choose = ("choose_media", platform)
        if images and videos and not rules.mix_photo_video:
            problems.append(_media(post, at, params, ("mixed_media", ""), choose))
        if rules.max_images and len(images) > rules.max_images.value:
            problems.append(
                _media(
                    post,
                    at,
                    params,
                    ("too_many_images", (len(images), int(rules.max_images.value))),
                    choose,
                )
            )
        if len(videos) > rules.max_videos:
            problems.append(
                _media(
                    post, at, params, ("too_many_videos", (len(videos), rules.max_videos)), choose
                )
            )
        for name in videos:
            if name not in broken:  # its own problem is already reported once
                problems.extend(_duration(post, at, params, name, durations.get(name), spec))
    return problems


def _duration(
    post: Post,
    at: KeyPath,
    params: Mapping[str, object],
    name: str,
    seconds: float | None,
    spec: Any,
) -> list[Problem]:
    rules = spec.media
    if seconds is None:
        return []
    fix = ("shorten_video", spec.name)
    if rules.video_max_s and seconds > rules.video_max_s.value:
        return [
            _media(
                post,
                at,
                params,
                ("video_too_long", (name, float(seconds), float(rules.video_max_s.value))),
                fix,
            )
        ]
    if rules.video_min_s and seconds < rules.video_min_s.value:
        return [
            _media(
                post,
                at,
                params,
                ("video_too_short", (name, float(seconds), float(rules.video_min_s.value))),
                fix,
            )
        ]
    return []


def _media(
    post: Post,
    at: KeyPath,
    params: Mapping[str, object],
    detail: tuple[str, object],
    fix: tuple[str, object],
) -> Problem:
    return _at(post, "PLATFORM_MEDIA", at, detail=Phrase(*detail), fix=Phrase(*fix), **params)


def _at(
    post: Post | Loaded, code: str, at: KeyPath, severity: str = "error", /, **params: object
) -> Problem:
    return Problem(
        code=code,
        path=post.path,
        line=post.doc.line_of(at),
        field=dotted(at),
        severity="warning" if severity == "warning" else "error",
        params=params,
    )
