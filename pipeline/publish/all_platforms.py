"""The registry: every platform module by name, in publishing order (the website first).

`RELIABLE_LISTING` says whether a platform's own listing of our posts can prove that a post
is absent after an ambiguous request (reliability-security.md §4.3 rule 4). TikTok's list shows
a post only after moderation, so "not listed" proves nothing there: a person decides.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.publish.platforms import facebook, instagram, tiktok, website, x

PLATFORMS: dict[str, ModuleType] = {
    "website": website,
    "facebook": facebook,
    "instagram": instagram,
    "x": x,
    "tiktok": tiktok,
}
RELIABLE_LISTING = {
    "website": True,
    "facebook": True,
    "instagram": True,
    "x": True,
    "tiktok": False,
}
