"""A post's rendered website media as HTML: responsive pictures and captioned videos.

The files come from `pipeline render` (build/media/website/<yyyy>/<mm>/<slug>/), never the
writer's originals, so the site shows the same stripped, re-encoded bytes the platforms get.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PIL import Image

WIDTHS = (480, 960, 1600)
SIZES = "(max-width: 960px) 100vw, 960px"


def figure(item: dict[str, Any], folder: Path, url: str, credit: str) -> str:
    """One media item's <figure>; `url` is the page-relative URL of the post's media folder.

    Raises FileNotFoundError when the item was not rendered (run `pipeline render` first)."""
    stem = Path(str(item.get("file", ""))).stem
    alt = html.escape(str(item.get("alt") or ""), quote=True)
    caption = html.escape(str(item.get("credit") or credit or ""))
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    if item.get("kind") == "video":
        return _video(stem, folder, url, alt, figcaption)
    fallback = folder / f"{stem}.w1200.jpg"
    with Image.open(fallback) as im:
        width, height = im.size
    srcset = ", ".join(
        f"{url}/{stem}.w{w}.webp {_width(folder / f'{stem}.w{w}.webp')}w" for w in WIDTHS
    )
    return (
        f'<figure class="pipeline-media"><picture>'
        f'<source type="image/webp" srcset="{srcset}" sizes="{SIZES}">'
        f'<img src="{url}/{stem}.w1200.jpg" alt="{alt}" width="{width}" height="{height}" '
        f'loading="lazy" decoding="async"></picture>{figcaption}</figure>'
    )


def _video(stem: str, folder: Path, url: str, alt: str, figcaption: str) -> str:
    with Image.open(folder / f"{stem}.web.cover.jpg") as im:
        width, height = im.size
    track = ""
    if (folder / f"{stem}.web.vtt").is_file():
        track = (
            f'<track kind="captions" src="{url}/{stem}.web.vtt" srclang="id" '
            f'label="Bahasa Indonesia" default>'
        )
    return (
        f'<figure class="pipeline-media"><video controls preload="none" playsinline '
        f'poster="{url}/{stem}.web.cover.jpg" width="{width}" height="{height}" '
        f'title="{alt}"><source src="{url}/{stem}.web.mp4" type="video/mp4">{track}'
        f"</video>{figcaption}</figure>"
    )


def _width(path: Path) -> int:
    with Image.open(path) as im:
        return int(im.width)
