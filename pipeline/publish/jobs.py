"""From posts to jobs: what each platform is sent, taken from the rendered variants.

A job is built only from what the build job checked and rendered (build/publish-inputs.json,
each rendered file checked against its recorded sha256 here) and from the site's own URLs
(build/site-pages.json, written by the site build), so the publish step sends the same bytes
the trial preview showed, links to the page the site really has, and decodes nothing. A
platform gets the post's video if it has one (Reel, X video, TikTok video), else its images
in order (a photo, a multi-photo post or a carousel), else text and link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline import messages
from pipeline.captions import platform_text
from pipeline.config import Config
from pipeline.errors import Problem
from pipeline.post import Post
from pipeline.publish.base import Job, Media
from pipeline.publish.identity import Known
from pipeline.publish.inputs import Rendered, mismatch
from pipeline.render.paths import post_dir

PAGES = Path("build") / "site-pages.json"
# The variants that make a post (stories and link cards are not the post itself).
POST_TARGETS = {
    "facebook": ("reel", "photo"),
    "instagram": ("reel", "feed"),
    "instagram_story": ("story",),
    "x": ("video", "photo"),
    "tiktok": ("video", "photo"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Missing:
    """A job that cannot be built: a variant not rendered, or a page not in the site; or a
    post refused whole (`platform` empty, `what` says why)."""

    post: str
    platform: str
    what: str

    def line(self) -> str:
        if not self.platform:
            return f"{self.post}: {self.what}"
        return (
            f"{self.post} [{self.platform}]: {self.what} belum ada "
            "(jalankan 'pipeline render' dan bangun situs dulu)"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Collected:
    """What `pipeline publish` found: the jobs, and what the runner must know besides."""

    jobs: list[Job]
    present: set[str]  # the identity of every post in the repository
    held: set[str]  # present but not publishable now: a draft, or blocked by `check`
    missing: list[Missing]  # a variant not rendered, a page not in the site
    known: Known = field(default_factory=Known)  # ids, their paths now and before


def pages(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / PAGES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def build(
    post: Post,
    platform: str,
    variants: tuple[Rendered, ...],
    root: Path,
    config: Config,
    site_url: str,
    links: dict[str, str],
    now: datetime | None = None,
) -> Job | Missing:
    """The job for (post, platform); a scheduled post (publish_at after `now`) is not on the
    site yet, so its job carries no link or media: the runner only reports it as waiting."""
    link = links.get(post.path)
    if now is not None and post.meta.publish_at is not None and post.meta.publish_at > now:
        link = ""
    elif link is None:
        return Missing(post=post.path, platform=platform, what="build/site-pages.json")
    media: list[Media] = []
    if platform != "website" and link:
        source = "instagram" if platform == "instagram_story" else platform
        own = [v for v in variants if v.platform == source and v.target in POST_TARGETS[platform]]
        videos = [v for v in own if v.kind == "video"]  # a video or a slideshow
        chosen = videos[:1] if videos else [v for v in own if v.kind != "video"]
        for variant in chosen:
            if not variant.files:
                return Missing(post=post.path, platform=platform, what=variant.file)
            changed = mismatch(root, variant)
            if changed:
                found = Problem(
                    code="HANDOFF_RENDER_CHANGED", path=post.path, params={"files": changed}
                )
                message, fix = messages.text(found, config.office.language)
                what = f"{message} ({fix})"
                return Missing(post=post.path, platform="", what=what)
            media.append(_media(variant, root, site_url, post))
    account = getattr(config.platforms, platform.removesuffix("_story"), None)
    return Job(
        post=post.path,
        post_id=post.meta.id or "",
        platform=platform,
        account=(account.account_id or account.username or "")
        if account
        else config.office.site_url.rstrip("/"),
        title=post.meta.title,
        text=_text(post, platform),
        link=link,
        media=tuple(media),
        publish_at=post.meta.publish_at,
    )


def _media(variant: Rendered, root: Path, site: str, post: Post) -> Media:
    """The rendered file as recorded by the build job (its bytes were just checked)."""
    main = variant.files[0]
    path = root / main.path
    cover = next((root / f.path for f in variant.files[1:] if f.path.endswith(".cover.jpg")), None)
    base = f"{site.rstrip('/')}/media/{variant.platform}/{post_dir(post.path)}"
    alt = next((m.alt for m in post.meta.media if m.file == variant.file), "")
    return Media(
        path=path,
        url=f"{base}/{path.name}",
        kind="video" if variant.kind == "video" else "image",
        target=variant.target,
        alt=alt,
        size=main.bytes,
        sha256=main.sha256,
        cover=cover,
        cover_url=f"{base}/{cover.name}" if cover else "",
        seconds=variant.seconds,
        mime=variant.mime,
        animated=variant.animated,
    )


def _text(post: Post, platform: str) -> str:
    """What is sent as text: the website's is the title; a Story has none."""
    if platform == "website":
        return post.meta.title
    if platform == "instagram_story":
        return ""
    return platform_text(post.meta, platform)
