"""Photos and infographics to platform variants, with libvips (pyvips).

Why libvips and not Pillow here: on this project's 2-core machine, all variants of a 12 MP
photo from one libvips decode took 390 ms against 608 ms for tuned Pillow
(`docs/speed.md` §2.1), and it converts colour through the embedded ICC
profile (CMYK, Display P3, 16-bit) in the same pipeline.

Every output is rebuilt from pixels and saved with `keep="none"`: no EXIF, GPS, XMP, ICC,
comments, or bytes after the image end survive. Orientation is applied first. Photos are cropped
around their focus; infographics are never cropped, but fitted onto a padded background.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyvips

from pipeline.errors import PipelineError
from pipeline.render.targets import ImageTarget

WHITE = (255, 255, 255)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageJob:
    target: ImageTarget
    out: Path
    ratio: float | None = None  # the carousel's ratio (the first item's), for `ratio-range`


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageOutput:
    out: Path
    width: int
    height: int
    bytes: int
    quality: int


class RenderProblem(PipelineError):
    """A variant that cannot be made within its platform's rules: a code and its values."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def load(source: Path) -> pyvips.Image:
    """Decode once: orientation applied, converted to 8-bit sRGB, alpha flattened on white."""
    image = pyvips.Image.new_from_file(str(source)).autorot()
    if image.get_typeof("icc-profile-data"):
        image = image.icc_transform("srgb", embedded=True, intent="perceptual")
    elif image.interpretation == "cmyk":
        image = image.icc_transform("srgb", input_profile="cmyk", intent="perceptual")
    if image.interpretation != "srgb" or image.format != "uchar":
        image = image.colourspace("srgb")
    if image.hasalpha():
        image = image.flatten(background=list(WHITE))
    if image.format != "uchar":
        image = image.cast("uchar")
    if image.bands > 3:
        image = image.extract_band(0, n=3)
    return image.copy_memory()


def source_ratio(source: Path) -> float:
    """Width/height of a source as displayed (after EXIF orientation), from its header."""
    image = pyvips.Image.new_from_file(str(source), access="sequential").autorot()
    return float(image.width / image.height)


def render(
    image: pyvips.Image,
    job: ImageJob,
    *,
    kind: str,
    focus: tuple[float, float] | None,
    background: str,
) -> ImageOutput:
    target = job.target
    if target.fit == "scale":
        out = image.thumbnail_image(target.width, height=target.height, size="down")
    else:
        ratio = _ratio(target, job.ratio, image)
        width = min(target.width, image.width if kind == "photo" else target.width)
        height = round(width / ratio)
        if kind == "infographic":
            out = _pad(image, width, height, background)
        else:
            out = _cover(image, width, height, focus or (0.5, 0.5))
    if target.min_width and out.width < target.min_width.value:
        raise RenderProblem(
            "RENDER_TOO_SMALL",
            width=out.width,
            height=out.height,
            limit=int(target.min_width.value),
        )
    return _save(out, job)


def _ratio(target: ImageTarget, carousel: float | None, image: pyvips.Image) -> float:
    if target.fit == "cover":
        return target.width / target.height
    low, high = target.ratio_range or (0.0, 99.0)
    return min(high, max(low, carousel or image.width / image.height))


def _cover(
    image: pyvips.Image, width: int, height: int, focus: tuple[float, float]
) -> pyvips.Image:
    """Crop to width:height around the focus point, then scale down to width×height."""
    ratio = width / height
    if image.width / image.height > ratio:
        box_w, box_h = round(image.height * ratio), image.height
    else:
        box_w, box_h = image.width, round(image.width / ratio)
    left = _clamp(focus[0] * image.width - box_w / 2, image.width - box_w)
    top = _clamp(focus[1] * image.height - box_h / 2, image.height - box_h)
    box = image.crop(left, top, box_w, box_h)
    return box.thumbnail_image(width, height=height, crop="centre", size="down")


def _pad(image: pyvips.Image, width: int, height: int, background: str) -> pyvips.Image:
    """The whole image, scaled to fit width×height, on a blurred copy of itself or a colour."""
    inner = image.thumbnail_image(width, height=height, size="down")
    if background == "blur":
        cover = max(width / image.width, height / image.height)
        bg = image.resize(cover, kernel="linear")
        bg = bg.crop((bg.width - width) // 2, (bg.height - height) // 2, width, height)
        bg = (bg.gaussblur(max(8.0, width / 40)) * 0.7).cast("uchar")
    else:
        colour = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
        bg = (pyvips.Image.black(width, height, bands=3) + colour).cast("uchar")
        bg = bg.copy(interpretation="srgb")
    return bg.insert(inner, (width - inner.width) // 2, (height - inner.height) // 2)


def _clamp(value: float, high: int) -> int:
    return int(max(0, min(high, round(value))))


def _save(image: pyvips.Image, job: ImageJob) -> ImageOutput:
    """Encode, stepping the quality down until the byte limit holds, then write atomically."""
    target = job.target
    limit = int(target.max_bytes.value) if target.max_bytes else None
    quality = target.quality
    while True:
        if target.format == "webp":
            data = image.webpsave_buffer(Q=quality, keep="none", effort=2)
        else:
            data = image.jpegsave_buffer(
                Q=quality, optimize_coding=True, keep="none", subsample_mode="auto"
            )
        if limit is None or len(data) <= limit:
            break
        if quality - 5 < target.quality_floor:
            raise RenderProblem(
                "RENDER_TOO_LARGE", size=len(data), limit=limit, quality=target.quality_floor
            )
        quality -= 5
    job.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = job.out.with_name(f".{job.out.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    tmp.replace(job.out)
    return ImageOutput(
        out=job.out, width=image.width, height=image.height, bytes=len(data), quality=quality
    )
