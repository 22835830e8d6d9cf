"""Each platform's text and media rules, as data, with the source and the date each was read.

Numbers come from `docs/platform-facts.md` (its §0 table and §7 conflicts, where the
conservative value is taken). When a platform changes a rule, change the number here, its
`read` date and its `source`; `pipeline check` and `pipeline render` both read these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["weighted", "utf16", "chars"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One number and its origin: a source tag (docs/platform-facts.md §8) and its read date."""

    value: int | float
    source: str
    read: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TextRules:
    limit: Rule | None = None
    unit: Unit = "chars"
    hashtags: Rule | None = None
    mentions: Rule | None = None
    photo_title: Rule | None = None  # TikTok photo posts: a short title beside the caption
    photo_caption: Rule | None = None
    fold: Rule | None = None  # characters shown before the platform's "... more" (preview only)


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaRules:
    needs_media: bool = False
    max_images: Rule | None = None
    min_carousel: Rule | None = None
    mix_photo_video: bool = True
    max_videos: int = 1
    video_min_s: Rule | None = None
    video_max_s: Rule | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformSpec:
    name: str
    title: str
    text: TextRules
    media: MediaRules


def rule(value: int | float, source: str, read: str, note: str = "") -> Rule:
    return Rule(value=value, source=source, read=read, note=note)


META = "2026-09-11"  # Meta's pages were read that day (docs/platform-facts.md §8)
X_DOCS = "2026-08-22"  # xdevplatform/docs at that date
TIKTOK = "2026-11-05"

SPECS: dict[str, PlatformSpec] = {
    "website": PlatformSpec(name="website", title="Website", text=TextRules(), media=MediaRules()),
    "facebook": PlatformSpec(
        name="facebook",
        title="Facebook",
        text=TextRules(
            limit=rule(
                63_206,
                "third-party",
                META,
                "Facebook publishes no limit; 63,206 is a third-party figure",
            ),
            unit="chars",
        ),
        media=MediaRules(
            mix_photo_video=False,
            video_min_s=rule(3, "FB-REELS", META),
            video_max_s=rule(90, "FB-REELS", META, "Reels 3-90 s"),
        ),
    ),
    "instagram": PlatformSpec(
        name="instagram",
        title="Instagram",
        text=TextRules(
            limit=rule(2_200, "IG-MEDIA", META),
            unit="chars",
            hashtags=rule(
                5,
                "NOTES-FR",
                "2026-10-02",
                "API doc says 30; the product allows 5 since 2025-12-19",
            ),
            mentions=rule(20, "IG-MEDIA", META),
            fold=rule(125, "derived", META, "approximate: the app folds after about 125"),
        ),
        media=MediaRules(
            needs_media=True,
            max_images=rule(10, "IG-CP", META, "carousel 2-10"),
            min_carousel=rule(2, "IG-CP", META),
            max_videos=10,
            video_min_s=rule(3, "IG-MEDIA", META),
            video_max_s=rule(900, "IG-MEDIA", META, "Reels 3 s-15 min"),
        ),
    ),
    "x": PlatformSpec(
        name="x",
        title="X",
        text=TextRules(
            limit=rule(280, "X-CC", X_DOCS, "weighted: URL = 23, emoji/CJK = 2"), unit="weighted"
        ),
        media=MediaRules(
            max_images=rule(4, "X-BP", X_DOCS),
            mix_photo_video=False,
            video_min_s=rule(0.5, "X-BP", X_DOCS),
            video_max_s=rule(140, "X-BP", X_DOCS),
        ),
    ),
    "tiktok": PlatformSpec(
        name="tiktok",
        title="TikTok",
        text=TextRules(
            limit=rule(2_200, "TT-DP", TIKTOK, "video title, UTF-16 units"),
            unit="utf16",
            photo_title=rule(90, "TT-PHOTO", TIKTOK),
            photo_caption=rule(4_000, "TT-PHOTO", TIKTOK),
        ),
        media=MediaRules(
            needs_media=True,
            max_images=rule(35, "TT-PHOTO", TIKTOK),
            mix_photo_video=False,
            video_min_s=rule(3, "third-party", TIKTOK, "not in the official doc"),
            video_max_s=rule(600, "TT-MT", TIKTOK, "API maximum; creators may have less"),
        ),
    ),
}

SOCIAL_PLATFORMS: tuple[str, ...] = tuple(name for name in SPECS if name != "website")
