"""Which variants a post needs: for each platform, the media it would get, and every target.

A variant is keyed by the hash of its source bytes, its target record, the options that change
its pixels (focus, carousel ratio, background, trim, captions) and `RENDER_VERSION`, so a rerun
with nothing changed renders nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.post import Post
from pipeline.render.image import ImageJob
from pipeline.render.paths import BUILD, post_dir
from pipeline.render.targets import IMAGE_TARGETS, VIDEO_TARGETS, ImageTarget, VideoTarget
from pipeline.render.video import VideoJob

RENDER_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """One output to make (or to find in the cache) for one post, platform and source."""

    post: Post
    platform: str
    file: str  # the media item's file name (the source of a video's OG card: its frame)
    kind: str
    source: Path
    info: dict[str, Any]
    key: str
    image: ImageJob | None = None
    video: VideoJob | None = None
    focus: tuple[float, float] | None = None
    after_video: bool = False  # made from a rendered video's cover (a video-only post's card)
    slides: tuple[tuple[Path, str, tuple[float, float] | None], ...] = ()  # a slideshow's photos

    @property
    def target(self) -> ImageTarget | VideoTarget:
        job = self.image or self.video
        assert job is not None  # noqa: S101 - a variant has one of the two
        return job.target


def selection(post: Post, platform: str) -> list[int]:
    """Indexes of the media items a platform gets: its `social.<p>.media`, else all."""
    chosen = post.meta.social.override(platform).media if post.meta.social else None
    names = [m.file for m in post.meta.media]
    if platform == "website" or chosen is None:
        return list(range(len(names)))
    return [names.index(n) for n in chosen if n in names]


def plan(
    post: Post,
    root: Path,
    digests: dict[Path, str],
    infos: dict[Path, dict[str, Any]],
    background: str,
    office: str = "",
) -> list[Variant]:
    platforms = ("website", *(post.meta.social.platforms if post.meta.social else ()))
    folder = root / BUILD
    variants: list[Variant] = []
    for platform in dict.fromkeys(platforms):
        picked = selection(post, platform)
        images = [i for i in picked if post.meta.media[i].kind != "video"]
        carousel = _ratio(post, images[0], infos) if len(images) > 1 else None
        slideshow = _slideshow(post, platform, picked, images, digests, folder, infos, office)
        variants += slideshow
        for index in picked:
            item = post.meta.media[index]
            source = post.folder / item.file
            out_dir = folder / platform / post_dir(post.path)
            stem = Path(item.file).stem
            base = Variant(
                post=post,
                platform=platform,
                file=item.file,
                kind=item.kind,
                source=source,
                info=infos[source],
                key="",
                focus=item.focus,
            )
            captions = post.folder / item.captions if item.captions else None
            if item.kind == "video":
                for vt in (t for t in VIDEO_TARGETS if t.platform == platform):
                    job = VideoJob(
                        target=vt,
                        out=out_dir / f"{stem}.{vt.name}.mp4",
                        cover=out_dir / f"{stem}.{vt.name}.cover.jpg",
                        captions=captions,
                        trim=item.trim,
                    )
                    key = _key(
                        digests[source], vt, item.trim, digests.get(captions) if captions else None
                    )
                    variants.append(replace(base, key=key, video=job))
                    if platform == "website" and not images and index == picked[0]:
                        variants.append(_card_from_video(base, job, key, out_dir, stem))
                continue
            for it in (t for t in IMAGE_TARGETS if t.platform == platform):
                if slideshow and platform == "tiktok":
                    break  # TikTok gets the slideshow instead of a photo post
                if it.first_only and index != images[0]:
                    continue
                ratio = carousel if it.fit == "ratio-range" else None
                ext = "webp" if it.format == "webp" else "jpg"
                image = ImageJob(target=it, out=out_dir / f"{stem}.{it.name}.{ext}", ratio=ratio)
                focus = item.focus if it.fit != "scale" else None  # only crops depend on it
                padding = background if item.kind == "infographic" else None  # photos: never padded
                key = _key(digests[source], it, focus, ratio, item.kind, padding)
                variants.append(replace(base, key=key, image=image))
    return variants


SLIDESHOW_PLATFORMS = {"tiktok": "video", "instagram": "reel"}


def _slideshow(
    post: Post,
    platform: str,
    picked: list[int],
    images: list[int],
    digests: dict[Path, str],
    folder: Path,
    infos: dict[Path, dict[str, Any]],
    office: str,
) -> list[Variant]:
    """A slideshow video, when the post asks for one and this platform gets photos only."""
    social = post.meta.social
    if (
        social is None
        or not social.slideshow
        or platform not in SLIDESHOW_PLATFORMS
        or not images
        or len(images) != len(picked)
    ):
        return []
    target = next(
        t
        for t in VIDEO_TARGETS
        if t.platform == platform and t.name == SLIDESHOW_PLATFORMS[platform]
    )
    out_dir = folder / platform / post_dir(post.path)
    items = [post.meta.media[i] for i in images]
    slides = tuple((post.folder / m.file, m.kind, m.focus) for m in items)
    job = VideoJob(
        target=target,
        out=out_dir / f"slideshow.{target.name}.mp4",
        cover=out_dir / f"slideshow.{target.name}.cover.jpg",
        captions=None,
        trim=False,
    )
    text = social.override(platform).caption or social.caption or ""
    key = _key(
        str([digests[s[0]] for s in slides]),
        "slideshow",
        target,
        [(m.kind, m.focus) for m in items],
        post.meta.title,
        text,
        office,  # the title card shows the office's name
    )
    first = post.folder / items[0].file
    return [
        Variant(
            post=post,
            platform=platform,
            file=items[0].file,
            kind="slideshow",
            source=first,
            info=infos[first],
            key=key,
            video=job,
            slides=slides,
        )
    ]


def _card_from_video(base: Variant, job: VideoJob, key: str, out_dir: Path, stem: str) -> Variant:
    """A video-only post's link card, cut from its website video's cover frame."""
    card = next(t for t in IMAGE_TARGETS if t.platform == "website" and t.name == "og")
    image = ImageJob(target=card, out=out_dir / f"{stem}.og.jpg")
    return replace(
        base,
        kind="photo",
        source=job.cover,
        info={},
        key=_key(key, card),
        image=image,
        after_video=True,
    )


def _ratio(post: Post, index: int, infos: dict[Path, dict[str, Any]]) -> float:
    info = infos[post.folder / post.meta.media[index].file]
    return float(info["width"]) / float(info["height"])


def _key(digest: str, *parts: object) -> str:
    payload = json.dumps([RENDER_VERSION, digest, *[repr(p) for p in parts]], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
