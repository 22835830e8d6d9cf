"""The text each platform will receive, and its length counted the way that platform counts.

Publishing sends exactly what `platform_text` returns, so `pipeline check`, the trial preview
and the publish step can never disagree about a caption.
"""

from __future__ import annotations

import re
import unicodedata
import warnings

from pipeline.schema import PostMeta
from pipeline.specs import Unit

with warnings.catch_warnings():
    # twitter-text-parser 3.0 reads its emoji table through pkg_resources, whose import warns
    # on every run; the lock holds a setuptools that still has it (pyproject.toml).
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
    from twitter_text import extract_urls_with_indices as extract_urls_with_indices
    from twitter_text import parse_tweet

HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
MENTION = re.compile(r"(?<![\w@])@([\w.]+)")


def caption(meta: PostMeta, platform: str) -> str:
    """The caption for `platform`: its own override, else the shared `social.caption`."""
    social = meta.social
    if social is None:
        return ""
    return social.override(platform).caption or social.caption or ""


def hashtags(meta: PostMeta, platform: str) -> tuple[str, ...]:
    social = meta.social
    if social is None:
        return ()
    own = social.override(platform).hashtags
    tags = own if own is not None else social.hashtags
    return tuple(tag.lstrip("#") for tag in tags)


def platform_text(meta: PostMeta, platform: str) -> str:
    """Caption, a blank line, then the hashtags: the exact text a platform is sent."""
    text = caption(meta, platform).strip()
    tags = " ".join(f"#{tag}" for tag in hashtags(meta, platform))
    return f"{text}\n\n{tags}" if text and tags else text or tags


def length(text: str, unit: Unit) -> int:
    """X: weighted (twitter-text v3: URL 23, emoji/CJK 2, NFC); TikTok: UTF-16 units;
    others: characters after NFC normalisation."""
    if unit == "weighted":
        return int(parse_tweet(text).weightedLength)
    if unit == "utf16":
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    return len(unicodedata.normalize("NFC", text))


def count_hashtags(text: str) -> int:
    return len(HASHTAG.findall(text))


def count_mentions(text: str) -> int:
    return len(MENTION.findall(text))
