"""What each platform receives: every image and video variant, as data.

Numbers come from `docs/platform-facts.md` (§0, §6 derived profiles, §7 conflicts),
each with its source tag and read date, like `specs`. `pipeline render` makes these variants
and `verify` checks every output against the same records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.specs import META, TIKTOK, X_DOCS, Rule, rule

Fit = Literal["scale", "cover", "ratio-range"]
MB = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageTarget:
    """One image variant. `cover` crops photos around their focus (infographics are padded);
    `scale` keeps the whole picture within width×height; `ratio-range` picks the allowed ratio
    nearest the source (the first item's, for every item of a carousel)."""

    platform: str
    name: str
    width: int
    height: int
    fit: Fit
    format: Literal["jpeg", "webp"] = "jpeg"
    quality: int = 85
    quality_floor: int = 60
    max_bytes: Rule | None = None
    min_width: Rule | None = None
    ratio_range: tuple[float, float] | None = None
    first_only: bool = False  # story and link card: made from the post's first image


@dataclass(frozen=True, slots=True, kw_only=True)
class VideoTarget:
    """One video variant, `width`×`height` exactly (cropped or padded to fit), H.264 + AAC."""

    platform: str
    name: str
    width: int
    height: int
    orientation_follows_source: bool = False  # X: 1280×720, 720×1280 or 720×720
    max_s: Rule
    min_s: Rule | None = None
    max_fps: Rule
    min_fps: Rule | None = None
    max_bytes: Rule | None = None
    max_kbps: int = 8_000
    captions: Literal["sidecar", "burn", "vtt"] = "sidecar"
    optional_when_long: bool = False  # a Story: skipped (not an error) when the video is longer


def _fps(low: float | None, high: float, source: str, read: str) -> tuple[Rule | None, Rule]:
    return (rule(low, source, read) if low else None, rule(high, source, read))


FB_FPS = _fps(24, 60, "FB-REELS", META)
IG_FPS = _fps(23, 60, "IG-MEDIA", META)
TT_FPS = _fps(23, 60, "TT-MT", TIKTOK)

IMAGE_TARGETS: tuple[ImageTarget, ...] = (
    *(
        ImageTarget(
            platform="website",
            name=f"w{w}",
            width=w,
            height=w * 4,
            fit="scale",
            format="webp",
            quality=80,
        )
        for w in (480, 960, 1600)
    ),
    ImageTarget(platform="website", name="w1200", width=1200, height=4800, fit="scale"),
    ImageTarget(
        platform="website",
        name="og",
        width=1200,
        height=630,
        fit="cover",
        max_bytes=rule(1 * MB, "derived", META, "docs/platform-facts.md §6: OG < 1 MB"),
        min_width=rule(600, "FB-OG", META, "large link card needs 600×315"),
        first_only=True,
    ),
    ImageTarget(
        platform="facebook",
        name="photo",
        width=2048,
        height=2048,
        fit="scale",
        max_bytes=rule(4 * MB, "FB-PHOTOS", META, "doc says 10 MB; 4 MB observed"),
    ),
    ImageTarget(
        platform="instagram",
        name="feed",
        width=1080,
        height=1350,
        fit="ratio-range",
        ratio_range=(4 / 5, 1.91),
        max_bytes=rule(8 * MB, "IG-MEDIA", META),
        min_width=rule(320, "IG-MEDIA", META),
    ),
    ImageTarget(
        platform="instagram",
        name="story",
        width=1080,
        height=1920,
        fit="cover",
        max_bytes=rule(8 * MB, "IG-MEDIA", META),
        min_width=rule(320, "IG-MEDIA", META),
        first_only=True,
    ),
    ImageTarget(
        platform="x",
        name="photo",
        width=2048,
        height=2048,
        fit="scale",
        max_bytes=rule(5 * MB, "X-BP", X_DOCS),
    ),
    ImageTarget(
        platform="tiktok",
        name="photo",
        width=1080,
        height=1920,
        fit="cover",
        max_bytes=rule(20 * MB, "TT-MT", TIKTOK),
    ),
)

VIDEO_TARGETS: tuple[VideoTarget, ...] = (
    VideoTarget(
        platform="website",
        name="web",
        width=1280,
        height=720,
        orientation_follows_source=True,
        max_s=rule(900, "derived", META),
        max_fps=rule(60, "derived", META),
        max_kbps=5_000,
        captions="vtt",
    ),
    VideoTarget(
        platform="facebook",
        name="reel",
        width=1080,
        height=1920,
        max_s=rule(90, "FB-REELS", META),
        min_s=rule(3, "FB-REELS", META),
        min_fps=FB_FPS[0],
        max_fps=FB_FPS[1],
    ),
    VideoTarget(
        platform="instagram",
        name="reel",
        width=1080,
        height=1920,
        max_s=rule(900, "IG-MEDIA", META),
        min_s=rule(3, "IG-MEDIA", META),
        min_fps=IG_FPS[0],
        max_fps=IG_FPS[1],
        max_bytes=rule(300 * MB, "IG-MEDIA", META),
        captions="burn",
    ),
    VideoTarget(
        platform="instagram",
        name="story",
        width=1080,
        height=1920,
        max_s=rule(60, "IG-MEDIA", META),
        min_s=rule(3, "IG-MEDIA", META),
        min_fps=IG_FPS[0],
        max_fps=IG_FPS[1],
        max_bytes=rule(100 * MB, "IG-MEDIA", META),
        captions="burn",
        optional_when_long=True,
    ),
    VideoTarget(
        platform="x",
        name="video",
        width=1280,
        height=720,
        orientation_follows_source=True,
        max_s=rule(140, "X-BP", X_DOCS),
        min_s=rule(0.5, "X-BP", X_DOCS),
        max_fps=rule(60, "X-BP", X_DOCS),
        max_bytes=rule(512 * MB, "X-BP", X_DOCS),
        max_kbps=6_000,
    ),
    VideoTarget(
        platform="tiktok",
        name="video",
        width=1080,
        height=1920,
        max_s=rule(600, "TT-MT", TIKTOK),
        min_s=rule(3, "third-party", TIKTOK),
        min_fps=TT_FPS[0],
        max_fps=TT_FPS[1],
        max_bytes=rule(4096 * MB, "TT-MT", TIKTOK),
        captions="burn",
    ),
)
