"""The registry: every platform module by name, in publishing order (the website first).

`RELIABLE_LISTING` says whether a platform's own listing of our posts can prove that a post
is absent after an ambiguous request (docs/publishing-model.md §4.3 rule 4). TikTok's list shows
a post only after moderation and an Instagram Story has no caption to match, so "not listed"
proves nothing there: a person decides.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.publish.platforms import (
    facebook,
    instagram,
    instagram_story,
    tiktok,
    website,
    x,
)

PLATFORMS: dict[str, ModuleType] = {
    "website": website,
    "facebook": facebook,
    "instagram": instagram,
    "instagram_story": instagram_story,
    "x": x,
    "tiktok": tiktok,
}
RELIABLE_LISTING = {
    "website": True,
    "facebook": True,
    "instagram": True,
    "instagram_story": False,  # a story has no caption to match
    "x": True,
    "tiktok": False,
}
