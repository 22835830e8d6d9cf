#!/usr/bin/env python3
"""Make the media files the sample posts in content/posts reference.

Media are never committed (.gitignore); this script draws them instead, deterministically:
each file has its own random generator seeded with its path, so a file comes out the same
whether or not the others exist. Photos are painted with Pillow (sky, hills, a field in
perspective, people, grain) so that JPEG sizes are those of real photos; the phone photo is
stored the way phones store it (pixels on their side, EXIF Orientation 6, GPS, Make/Model).
Videos are encoded by the ffmpeg binary of imageio-ffmpeg from a painted background, Pillow
overlays and lavfi audio, as H.264 High yuv420p + AAC-LC 48 kHz stereo with +faststart.

    python scripts/make_sample_media.py [--force] [--root content]

Only files referenced by an existing sample post (`sample: true`) are made; the office's own
posts are never touched. Files that exist are kept unless --force is given. Messages are in
Bahasa Indonesia: writers run this.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Point = tuple[float, float]

PROJECT = Path(__file__).resolve().parent.parent
FPS = 30
MB = 1 << 20


class MediaError(Exception):
    """A file could not be made; the message is for the writer (Bahasa Indonesia)."""


# --------------------------------------------------------------------------------------------
# What to make
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Photo:
    """A JPEG photo of `scene`, `width`×`height` as displayed."""

    width: int
    height: int
    scene: str
    phone: bool = False  # stored on its side with Orientation 6, GPS and Make/Model
    camera: tuple[str, str] | None = None  # EXIF Make, Model
    taken: str = "2026:11:18 08:42:10"
    quality: int = 90


@dataclass(frozen=True, slots=True)
class Infographic:
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Video:
    width: int
    height: int
    seconds: float
    scene: str


Spec = Photo | Infographic | Video

_Y = "posts/2026/11"
MEDIA: dict[str, Spec] = {
    f"{_Y}/panen-raya-padi-inpari-32/panen-1.jpg": Photo(
        4000, 3000, "panen", camera=("samsung", "Galaxy A55 5G")
    ),
    f"{_Y}/panen-raya-padi-inpari-32/panen-2.jpg": Photo(
        3024, 4032, "petani", phone=True, camera=("Apple", "iPhone 13"), taken="2026:11:18 09:05:37"
    ),
    f"{_Y}/bimtek-gap-hortikultura-lembang/pelatihan-1.jpg": Photo(2400, 1600, "kelas"),
    f"{_Y}/bimtek-gap-hortikultura-lembang/pelatihan-2.jpg": Photo(2400, 1600, "kebun"),
    f"{_Y}/bimtek-gap-hortikultura-lembang/pelatihan-3.jpg": Photo(2400, 1600, "persemaian"),
    f"{_Y}/bimtek-gap-hortikultura-lembang/pelatihan-4.jpg": Photo(2400, 1600, "kebun-dekat"),
    f"{_Y}/infografis-sni-benih-padi/infografis-sni-benih-padi.png": Infographic(2160, 2700),
    f"{_Y}/video-demplot-jajar-legowo/demplot-jajar-legowo.mp4": Video(1920, 1080, 7, "demplot"),
    f"{_Y}/tips-simpan-benih-padi/tips-simpan-benih.mp4": Video(1080, 1920, 7, "benih"),
}

# The phone photo's location: the rice fields of Sukamandi, Ciasem, Subang (WGS 84).
GPS_LAT = (6.0, 20.0, 42.12)  # S
GPS_LON = (107.0, 39.0, 14.4)  # E
GPS_ALT = 17.0


# --------------------------------------------------------------------------------------------
# Colour, noise and gradients
# --------------------------------------------------------------------------------------------


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def jitter(color: RGB, rng: random.Random, amount: int = 12) -> RGB:
    def one(v: int) -> int:
        return max(0, min(255, v + rng.randint(-amount, amount)))

    return (one(color[0]), one(color[1]), one(color[2]))


def shade(color: RGB, rng: random.Random, amount: float = 0.1) -> RGB:
    """The same hue, lighter or darker by up to `amount`."""
    return (
        mix(color, (0, 0, 0), rng.uniform(0, amount))
        if rng.random() < 0.5
        else mix(color, (255, 255, 255), rng.uniform(0, amount / 2))
    )


def alpha(color: RGB, a: int) -> RGBA:
    return (color[0], color[1], color[2], a)


def value_noise(
    size: tuple[int, int], rng: random.Random, cell: float, stretch: float = 1.0
) -> Image.Image:
    """Smooth noise ("L"): random values on a grid of `cell` px, interpolated bicubically.
    `stretch` > 1 makes the blobs wider than tall."""
    w, h = size
    sw = max(3, int(w / (cell * stretch)) + 3)
    sh = max(3, int(h / cell) + 3)
    small = Image.frombytes("L", (sw, sh), rng.randbytes(sw * sh))
    return small.resize(size, Image.Resampling.BICUBIC, box=(1.0, 1.0, sw - 2.0, sh - 2.0))


def fractal(
    size: tuple[int, int], rng: random.Random, cell: float, octaves: int = 4, stretch: float = 1.0
) -> Image.Image:
    """Octaves of value noise, each half the cell size and half the weight, contrast restored."""
    image = value_noise(size, rng, cell, stretch)
    total = 1.0
    for octave in range(1, octaves):
        weight = 0.5**octave
        total += weight
        layer = value_noise(size, rng, max(1.0, cell / 2**octave), stretch)
        image = Image.blend(image, layer, weight / total)
    return ImageOps.autocontrast(image, cutoff=1)


@functools.cache
def _gauss_lut(sigma: float) -> list[int]:
    normal = statistics.NormalDist(128, sigma)
    return [max(0, min(255, round(normal.inv_cdf((i + 0.5) / 256)))) for i in range(256)]


def grain(image: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    """Sensor noise: Gaussian luma grain plus a little chroma, as in a real photo."""
    w, h = image.size
    luma = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point(_gauss_lut(sigma))
    chroma = value_noise((w, h), rng, 2.0).point(_gauss_lut(sigma * 0.25))
    noise = Image.merge("RGB", (luma, ImageChops.add(luma, chroma, 1.0, -128), luma))
    return ImageChops.add(image, noise, 1.0, -128)


def vertical(size: tuple[int, int], top: RGB, bottom: RGB, mid: RGB | None = None) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, black=top, white=bottom, mid=mid)


def ramp_mask(size: tuple[int, int], start: int, end: int) -> Image.Image:
    """An "L" mask going from `start` at the top to `end` at the bottom."""
    ramp = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return ramp.point(lambda v: round(start + (end - start) * v / 255))


def glow(image: Image.Image, center: Point, radius: float, color: RGB, strength: int) -> None:
    """A soft light (sun, lamp) pasted in place."""
    size = max(2, int(radius * 2))
    # radial_gradient is 0 in the centre and 181 at the middle of each edge (255 in corners)
    mask = Image.radial_gradient("L").resize((size, size))
    mask = mask.point(lambda v: max(0, 181 - v) ** 2 * strength // 181**2)
    image.paste(color, (int(center[0] - radius), int(center[1] - radius)), mask)


def vignette(image: Image.Image, strength: float = 0.5) -> Image.Image:
    mask = Image.radial_gradient("L").resize(image.size, Image.Resampling.BILINEAR)
    mask = mask.point(lambda v: round(max(0, v - 100) * strength))
    dark = Image.new("RGB", image.size, (12, 10, 8))
    return Image.composite(dark, image, mask)


def finish(image: Image.Image, rng: random.Random, *, sigma: float = 6.0) -> Image.Image:
    """What a camera adds: a touch of softness, a vignette, a warm cast and grain."""
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    image = vignette(image, 0.45)
    warm = Image.new("RGB", image.size, (255, 236, 205))
    image = ImageChops.multiply(image, warm)
    image = ImageOps.autocontrast(image, cutoff=0.2, preserve_tone=True)
    return grain(image, rng, sigma)


def ellipse_polygon(center: Point, rx: float, ry: float, angle: float, n: int = 12) -> list[Point]:
    cx, cy = center
    ca, sa = math.cos(angle), math.sin(angle)
    points = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return points


# --------------------------------------------------------------------------------------------
# Fonts and text
# --------------------------------------------------------------------------------------------

_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)


@functools.cache
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans if the system has it, else Pillow's own scalable default font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    try:
        return ImageFont.truetype(name, size)  # Pillow searches the system font folders
    except OSError:
        return ImageFont.load_default(size=size)


def text_width(draw: ImageDraw.ImageDraw, text: str, face: Font) -> float:
    left, _, right, _ = draw.textbbox((0, 0), text, font=face)
    return float(right - left)


# --------------------------------------------------------------------------------------------
# Landscape pieces
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Look:
    sky_top: RGB
    sky_low: RGB
    far_hill: RGB
    near_hill: RGB
    trees: RGB
    crop_far: RGB
    crop_near: RGB
    rows: RGB
    style: str  # "canopy" (ripe rice), "legowo" (young rice in water), "sayur" (vegetables)


LOOKS = {
    "panen": Look(
        (78, 128, 196),
        (206, 218, 226),
        (150, 168, 186),
        (86, 112, 110),
        (38, 66, 38),
        (196, 178, 104),
        (176, 134, 42),
        (122, 92, 30),
        "canopy",
    ),
    "demplot": Look(
        (92, 140, 205),
        (214, 224, 230),
        (160, 176, 192),
        (92, 120, 112),
        (34, 70, 36),
        (150, 160, 150),
        (104, 110, 96),
        (52, 112, 40),
        "legowo",
    ),
    "kebun": Look(
        (120, 156, 200),
        (222, 226, 228),
        (168, 178, 190),
        (74, 100, 92),
        (30, 62, 40),
        (120, 104, 80),
        (104, 80, 58),
        (70, 128, 60),
        "sayur",
    ),
}


def ridge(
    width: int, base: float, amp: float, rng: random.Random, profile: Callable[[float], float]
) -> list[Point]:
    """A hill line by midpoint displacement, plus a smooth `profile(x/width)` offset."""
    heights = [base + rng.uniform(-amp, amp) * 0.3 for _ in range(3)]
    spread = amp * 0.5
    for _ in range(9):
        new: list[float] = []
        for a, b in itertools.pairwise(heights):
            new += [a, (a + b) / 2 + rng.uniform(-spread, spread)]
        new.append(heights[-1])
        heights = new
        spread *= 0.55
    step = width / (len(heights) - 1)
    return [(i * step, y - profile(i * step / width)) for i, y in enumerate(heights)]


def paint_sky(image: Image.Image, horizon: int, rng: random.Random, look: Look) -> None:
    w = image.width
    sky = vertical((w, horizon), look.sky_top, look.sky_low)
    clouds = fractal((w, horizon), rng, w / 5, octaves=5, stretch=2.6)
    shade = ImageOps.colorize(fractal((w, horizon), rng, w / 9), (176, 184, 198), (252, 252, 250))
    lower = ramp_mask((w, horizon), 40, 170)  # thin clouds near the top, more near the horizon
    cover = ImageChops.multiply(clouds.point(lambda v: max(0, min(255, (v - 120) * 3))), lower)
    sky.paste(shade, (0, 0), cover.filter(ImageFilter.GaussianBlur(2)))
    glow(sky, (w * rng.uniform(0.6, 0.9), horizon * 0.15), w * 0.35, (255, 252, 244), 120)
    image.paste(sky, (0, 0))


def paint_hills(image: Image.Image, horizon: int, rng: random.Random, look: Look) -> None:
    w, h = image.size
    peak = rng.uniform(0.3, 0.7)

    def volcano(x: float) -> float:
        return h * 0.09 * math.exp(-(((x - peak) / 0.22) ** 2))

    def flat(x: float) -> float:
        return h * 0.025 * math.sin(x * 5 + peak * 9)

    layers = ((look.far_hill, 0.055, volcano, 1.5), (look.near_hill, 0.02, flat, 0.6))
    for color, lift, profile, blur in layers:
        line = ridge(w, horizon - h * lift, h * 0.03, rng, profile)
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).polygon([*line, (w, horizon + 2), (0, horizon + 2)], fill=255)
        texture = ImageOps.colorize(
            fractal((w, h), rng, w / 30),
            mix(color, (0, 0, 0), 0.2),
            mix(color, (255, 255, 255), 0.12),
        )
        image.paste(texture, (0, 0), mask.filter(ImageFilter.GaussianBlur(blur)))


def paint_trees(
    draw: ImageDraw.ImageDraw, w: int, h: int, horizon: int, rng: random.Random, look: Look
) -> None:
    """A tree line on the horizon with a few coconut palms."""
    x = -10.0
    while x < w + 10:
        r = h * rng.uniform(0.006, 0.018)
        color = jitter(look.trees, rng, 10)
        draw.ellipse((x - r * 1.3, horizon - r * 1.6, x + r * 1.3, horizon + r * 0.3), fill=color)
        x += r * rng.uniform(0.8, 1.6)
    for _ in range(rng.randint(4, 9)):
        px = rng.uniform(0, w)
        top = horizon - h * rng.uniform(0.05, 0.09)
        lean = rng.uniform(-0.02, 0.02) * h
        trunk = max(2, int(h * 0.0025))
        draw.line((px, horizon, px + lean, top), fill=(58, 52, 40), width=trunk)
        for k in range(8):
            a = math.pi * (k / 7) + rng.uniform(-0.2, 0.2)
            length = h * rng.uniform(0.018, 0.03)
            mid = (px + lean + math.cos(a) * length * 0.6, top - math.sin(a) * length * 0.3)
            end = (px + lean + math.cos(a) * length, top + length * 0.35)
            draw.line(
                [(px + lean, top), mid, end], fill=jitter(look.trees, rng, 8), width=max(2, trunk)
            )


def paint_field(
    image: Image.Image, horizon: int, rng: random.Random, look: Look, vanish: float
) -> None:
    """The field from the horizon to the bottom edge, in perspective."""
    w, h = image.size
    depth = h - horizon
    size = (w, depth)
    field = vertical(size, look.crop_far, look.crop_near)
    # Large patches (water, soil, unevenly ripe crop) and fine vertical streaks (stalks).
    patches = ImageOps.colorize(
        fractal(size, rng, w / 6, stretch=3.0),
        mix(look.crop_near, (0, 0, 0), 0.25),
        mix(look.crop_far, (255, 255, 255), 0.12),
    )
    field = Image.blend(field, patches, 0.35)
    streaks = ImageOps.colorize(
        value_noise(size, rng, 3.0, stretch=0.25),
        mix(look.rows, (0, 0, 0), 0.3),
        mix(look.crop_far, (255, 240, 200), 0.3),
    )
    field.paste(streaks, (0, 0), ramp_mask(size, 10, 110 if look.style == "canopy" else 40))
    image.paste(field, (0, horizon))

    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    spacing = w * (0.05 if look.style != "sayur" else 0.09)
    vx, vy = vanish, float(horizon)
    count = int(w * 2.5 / spacing)
    for i in range(-count, count + 1):
        if look.style == "legowo" and i % 3 == 0:
            continue  # jajar legowo 2:1: every third row is left empty
        bx = vx + i * spacing
        if look.style == "canopy":
            shade = alpha(look.rows, 60)
            draw.polygon([(vx, vy), (bx - spacing * 0.12, h), (bx + spacing * 0.12, h)], fill=shade)
            continue
        z = 1.0
        while z < 70:
            t = 1 / z
            x, y = vx + (bx - vx) * t, vy + depth * t
            s = spacing * t
            if -s < x < w + s and s > 0.8:
                if look.style == "legowo":
                    _rice_tuft(draw, x, y, s * 0.5, rng, look)
                else:
                    _cabbage(draw, x, y, s * 0.42, rng, look)
            z += 0.28 if look.style == "legowo" else 0.45
    image.paste(Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB"), (0, 0))
    haze = ramp_mask((w, max(1, depth // 5)), 150, 0)
    image.paste(look.sky_low, (0, horizon), haze)


def _rice_tuft(
    draw: ImageDraw.ImageDraw, x: float, y: float, s: float, rng: random.Random, look: Look
) -> None:
    for _ in range(5):
        a = math.pi / 2 + rng.uniform(-0.7, 0.7)
        length = s * rng.uniform(0.8, 1.6)
        tip = (x + math.cos(a) * length, y - math.sin(a) * length)
        color = jitter(mix(look.rows, (170, 210, 90), rng.random() * 0.6), rng, 10)
        draw.line([(x, y), tip], fill=alpha(color, 255), width=max(1, int(s * 0.12)))


def _cabbage(
    draw: ImageDraw.ImageDraw, x: float, y: float, r: float, rng: random.Random, look: Look
) -> None:
    draw.ellipse((x - r * 1.1, y - r * 0.2, x + r * 1.1, y + r * 0.35), fill=(30, 40, 20, 90))
    outer = jitter(look.rows, rng, 14)
    draw.ellipse((x - r, y - r * 1.1, x + r, y + r * 0.2), fill=alpha(outer, 255))
    inner = mix(outer, (200, 226, 150), 0.45)
    draw.ellipse((x - r * 0.55, y - r * 0.95, x + r * 0.55, y - r * 0.05), fill=alpha(inner, 255))


def landscape(
    size: tuple[int, int], rng: random.Random, look: Look, horizon: float
) -> tuple[Image.Image, int, float]:
    """Sky, hills, tree line and field; returns the image, the horizon row and vanishing x."""
    w, h = size
    hy = int(h * horizon)
    image = Image.new("RGB", size)
    paint_sky(image, hy, rng, look)
    paint_hills(image, hy, rng, look)
    paint_trees(ImageDraw.Draw(image), w, h, hy, rng, look)
    vanish = w * rng.uniform(0.35, 0.65)
    paint_field(image, hy, rng, look, vanish)
    return image, hy, vanish


# --------------------------------------------------------------------------------------------
# People and things
# --------------------------------------------------------------------------------------------

SKIN = ((156, 108, 78), (176, 126, 92), (130, 88, 62), (188, 140, 104))
SHIRTS = (
    (28, 96, 58),
    (36, 110, 64),
    (180, 52, 44),
    (40, 70, 140),
    (210, 200, 180),
    (96, 60, 40),
    (230, 230, 226),
    (120, 40, 90),
    (200, 150, 40),
)
PANTS = ((40, 40, 50), (60, 55, 50), (30, 45, 70), (80, 70, 55))
HIJABS = ((120, 40, 80), (40, 90, 120), (200, 190, 170), (30, 30, 36), (150, 110, 160))


def person(
    draw: ImageDraw.ImageDraw,
    x: float,
    feet: float,
    height: float,
    rng: random.Random,
    *,
    hat: str = "",
    shirt: RGB | None = None,
    back: bool = False,
) -> None:
    """A standing person, `height` px tall, feet at (x, feet); drawn on an RGBA layer."""
    h = height
    shirt = shirt or rng.choice(SHIRTS)
    skin = rng.choice(SKIN)
    pants = rng.choice(PANTS)
    draw.ellipse((x - h * 0.2, feet - h * 0.025, x + h * 0.2, feet + h * 0.025), fill=(0, 0, 0, 70))
    hip = feet - h * 0.47
    leg = h * 0.055
    for side in (-1, 1):
        draw.rectangle(
            sorted_box(x + side * leg * 0.25, hip, x + side * leg * 1.7, feet), fill=pants
        )
        draw.rectangle(
            sorted_box(x + side * leg * 0.15, feet - h * 0.13, x + side * leg * 1.85, feet),
            fill=(26, 26, 28),
        )
    shoulder = feet - h * 0.82
    draw.rounded_rectangle(
        (x - h * 0.13, shoulder, x + h * 0.13, hip + h * 0.05), radius=h * 0.045, fill=shirt
    )
    arm = max(1, int(h * 0.05))
    for side in (-1, 1):
        hand = (x + side * h * rng.uniform(0.15, 0.2), hip + h * rng.uniform(-0.05, 0.03))
        draw.line([(x + side * h * 0.11, shoulder + h * 0.04), hand], fill=shirt, width=arm)
        draw.ellipse(
            (hand[0] - arm * 0.6, hand[1] - arm * 0.6, hand[0] + arm * 0.6, hand[1] + arm * 0.6),
            fill=skin,
        )
    r = h * 0.062
    cy = shoulder - r * 0.95
    draw.rectangle((x - r * 0.4, cy, x + r * 0.4, shoulder + 2), fill=skin)
    draw.ellipse((x - r, cy - r * 1.15, x + r, cy + r), fill=skin)
    if hat == "hijab":
        scarf = rng.choice(HIJABS)
        draw.ellipse((x - r * 1.25, cy - r * 1.35, x + r * 1.25, cy + r * 1.1), fill=scarf)
        draw.polygon(
            [
                (x - r * 1.2, cy),
                (x + r * 1.2, cy),
                (x + h * 0.14, shoulder + h * 0.12),
                (x - h * 0.14, shoulder + h * 0.12),
            ],
            fill=scarf,
        )
        if not back:
            draw.ellipse((x - r * 0.72, cy - r * 0.8, x + r * 0.72, cy + r * 0.8), fill=skin)
    else:
        draw.chord(
            (x - r, cy - r * 1.2, x + r, cy + r * (1.0 if back else 0.2)),
            180,
            360,
            fill=(24, 20, 18),
        )
        if back:
            draw.ellipse((x - r, cy - r * 1.15, x + r, cy + r * 0.8), fill=(24, 20, 18))
    if not back and r > 12:
        dark = mix(skin, (0, 0, 0), 0.6)
        for side in (-1, 1):
            draw.ellipse(
                (
                    x + side * r * 0.35 - r * 0.09,
                    cy - r * 0.2,
                    x + side * r * 0.35 + r * 0.09,
                    cy - r * 0.02,
                ),
                fill=(30, 24, 20),
            )
        draw.arc(
            (x - r * 0.3, cy + r * 0.1, x + r * 0.3, cy + r * 0.55),
            20,
            160,
            fill=dark,
            width=max(1, int(r * 0.06)),
        )
    if hat == "caping":
        straw = jitter((214, 188, 128), rng, 10)
        draw.polygon(
            [(x - r * 2.8, cy - r * 0.45), (x + r * 2.8, cy - r * 0.45), (x, cy - r * 2.1)],
            fill=straw,
        )
        draw.line(
            [(x - r * 2.8, cy - r * 0.45), (x + r * 2.8, cy - r * 0.45)],
            fill=mix(straw, (0, 0, 0), 0.3),
            width=max(1, int(r * 0.15)),
        )
    elif hat == "topi":
        cap = rng.choice(((28, 96, 58), (220, 220, 214), (30, 40, 80)))
        draw.chord((x - r * 1.05, cy - r * 1.3, x + r * 1.05, cy + r * 0.5), 180, 360, fill=cap)
        draw.rectangle((x - r * 1.1, cy - r * 0.42, x + r * 1.6, cy - r * 0.25), fill=cap)


def sorted_box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def combine(draw: ImageDraw.ImageDraw, x: float, ground: float, size: float) -> None:
    """A rice combine harvester seen from the side, `size` px long, tracks on `ground`."""
    s = size
    draw.ellipse(
        (x - s * 0.1, ground - s * 0.04, x + s * 1.1, ground + s * 0.05), fill=(0, 0, 0, 80)
    )
    draw.rounded_rectangle(
        (x + s * 0.08, ground - s * 0.13, x + s * 0.92, ground), radius=s * 0.05, fill=(38, 38, 40)
    )
    for k in range(6):
        cx = x + s * (0.16 + k * 0.14)
        draw.ellipse(
            (cx - s * 0.045, ground - s * 0.11, cx + s * 0.045, ground - s * 0.02),
            fill=(70, 70, 72),
        )
    draw.rectangle(
        (x + s * 0.1, ground - s * 0.42, x + s * 0.9, ground - s * 0.12), fill=(196, 44, 34)
    )
    draw.rectangle(
        (x + s * 0.1, ground - s * 0.42, x + s * 0.9, ground - s * 0.36), fill=(150, 30, 26)
    )
    draw.rectangle(
        (x + s * 0.55, ground - s * 0.7, x + s * 0.88, ground - s * 0.42), fill=(214, 60, 44)
    )
    draw.rectangle(
        (x + s * 0.6, ground - s * 0.66, x + s * 0.84, ground - s * 0.5), fill=(150, 190, 210)
    )
    draw.polygon(
        [
            (x - s * 0.18, ground - s * 0.05),
            (x + s * 0.1, ground - s * 0.3),
            (x + s * 0.1, ground - s * 0.12),
            (x - s * 0.2, ground + s * 0.02),
        ],
        fill=(220, 170, 40),
    )
    draw.line(
        [(x + s * 0.3, ground - s * 0.44), (x + s * 0.05, ground - s * 0.8)],
        fill=(190, 40, 30),
        width=max(2, int(s * 0.04)),
    )


def sacks(
    draw: ImageDraw.ImageDraw, x: float, ground: float, size: float, n: int, rng: random.Random
) -> None:
    for k in range(n):
        sx = x + k * size * 0.75 + rng.uniform(-2, 2)
        color = jitter((232, 228, 214), rng, 8)
        draw.rounded_rectangle(
            (sx, ground - size, sx + size * 0.7, ground),
            radius=size * 0.2,
            fill=alpha(color, 255),
            outline=(170, 166, 150, 255),
            width=max(1, int(size * 0.03)),
        )


def panicles(
    draw: ImageDraw.ImageDraw, w: int, h: int, top: float, rng: random.Random, count: int
) -> None:
    """Ripe rice stalks in the foreground, drooping with grain."""
    for _ in range(count):
        x = rng.uniform(-0.05, 1.05) * w
        base = h + h * 0.05
        height = rng.uniform(0.4, 1.0) * (h - top)
        lean = rng.uniform(-0.15, 0.15) * height
        tip = (x + lean, base - height)
        straw = jitter((196, 160, 70), rng, 18)
        width = max(2, int(w * 0.002))
        draw.line([(x, base), tip], fill=alpha(mix(straw, (60, 80, 30), 0.3), 255), width=width)
        droop = rng.choice((-1, 1)) * height * 0.18
        for k in range(14):
            t = k / 13
            gx = tip[0] + droop * t
            gy = tip[1] + height * 0.2 * t * t
            rx, ry = w * 0.0035, w * 0.0018
            grain_color = jitter(straw, rng, 20)
            draw.polygon(
                ellipse_polygon((gx, gy), rx, ry, 1.2 + t, 8), fill=alpha(grain_color, 255)
            )


# --------------------------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------------------------


def scene_panen(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Harvest day: ripe rice, a combine harvester, farmers with caping, sacks of gabah."""
    w, h = size
    image, hy, _ = landscape(size, rng, LOOKS["panen"], 0.4)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    dike = hy + (h - hy) * 0.32
    draw.polygon(
        [(0, dike - h * 0.006), (w, dike - h * 0.02), (w, dike), (0, dike + h * 0.014)],
        fill=(108, 118, 58, 255),
    )
    stubble = [(0, dike + h * 0.014), (w * 0.45, dike + h * 0.004), (w * 0.3, h), (0, h)]
    draw.polygon(stubble, fill=(150, 124, 70, 170))
    combine(draw, w * 0.52, dike + h * 0.09, w * 0.16)
    sacks(draw, w * 0.08, dike + h * 0.005, h * 0.035, 7, rng)
    for k in range(6):
        px = w * (0.12 + 0.1 * k + rng.uniform(-0.03, 0.03))
        feet = dike + h * rng.uniform(0.03, 0.2)
        person(
            draw,
            px,
            feet,
            h * 0.16 * (feet - hy) / (dike + h * 0.12 - hy),
            rng,
            hat=rng.choice(("caping", "caping", "topi", "hijab")),
        )
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    return finish(image, rng)


def scene_petani(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Portrait: a farmer holding a sheaf of rice in front of the harvested field."""
    w, h = size
    image, hy, _ = landscape(size, rng, LOOKS["panen"], 0.34)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    combine(draw, w * 0.05, hy + (h - hy) * 0.12, w * 0.22)
    person(draw, w * 0.78, hy + (h - hy) * 0.2, h * 0.09, rng, hat="caping")
    person(draw, w * 0.5, h * 0.98, h * 0.62, rng, hat="caping", shirt=(36, 92, 150))
    sheaf = (w * 0.645, h * 0.69)  # held in the farmer's left hand
    for _ in range(70):
        a = rng.uniform(-0.45, 0.45) - math.pi / 2
        length = h * rng.uniform(0.12, 0.2)
        end = (sheaf[0] + math.cos(a) * length * 0.5, sheaf[1] + math.sin(a) * length)
        draw.line(
            [sheaf, end],
            fill=alpha(jitter((200, 164, 72), rng, 20), 255),
            width=max(2, int(w * 0.003)),
        )
    panicles(draw, w, h, h * 0.72, rng, 160)
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    return finish(image, rng)


def scene_kelas(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A training room from the back: screen with a slide, banner, participants' heads."""
    w, h = size
    image = vertical(size, (236, 230, 214), (196, 184, 160))
    shade = ImageOps.colorize(fractal(size, rng, w / 4), (206, 196, 176), (242, 236, 222))
    image = Image.blend(image, shade, 0.3)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w, h * 0.07), fill=(244, 242, 236))
    for k in range(4):
        lx = w * (0.12 + k * 0.25)
        draw.rectangle((lx, h * 0.015, lx + w * 0.12, h * 0.04), fill=(255, 255, 250))
    floor_top = int(h * 0.62)
    draw.rectangle((0, floor_top, w, h), fill=(150, 126, 100))
    for k in range(-20, 21):
        draw.line(
            [(w / 2 + k * w * 0.01, floor_top), (w / 2 + k * w * 0.12, h)],
            fill=(128, 106, 84),
            width=2,
        )
    sx0, sy0, sx1, sy1 = w * 0.18, h * 0.12, w * 0.62, h * 0.5
    draw.rectangle((sx0 - 8, sy0 - 8, sx1 + 8, sy1 + 8), fill=(60, 60, 64))
    draw.rectangle((sx0, sy0, sx1, sy1), fill=(246, 246, 240))
    draw.rectangle((sx0, sy0, sx1, sy0 + (sy1 - sy0) * 0.2), fill=(0, 104, 56))
    title = font(int(h * 0.032), bold=True)
    draw.text(
        (sx0 + w * 0.02, sy0 + (sy1 - sy0) * 0.05),
        "Penerapan GAP Hortikultura",
        fill=(255, 255, 255),
        font=title,
    )
    body = font(int(h * 0.02))
    bullets = (
        "Lahan dan air yang aman",
        "Benih bermutu bersertifikat",
        "Pestisida sesuai anjuran",
        "Pencatatan kegiatan kebun",
    )
    for k, line in enumerate(bullets):
        ty = sy0 + (sy1 - sy0) * (0.3 + k * 0.16)
        draw.ellipse((sx0 + w * 0.02, ty + 6, sx0 + w * 0.02 + 14, ty + 20), fill=(0, 104, 56))
        draw.text((sx0 + w * 0.035, ty), line, fill=(40, 40, 40), font=body)
    for k, value in enumerate((0.55, 0.7, 0.85)):
        bx = sx0 + (sx1 - sx0) * (0.72 + k * 0.08)
        draw.rectangle(
            (bx, sy1 - (sy1 - sy0) * 0.65 * value - 20, bx + (sx1 - sx0) * 0.05, sy1 - 20),
            fill=(240, 160, 40),
        )
    glow(image, ((sx0 + sx1) / 2, (sy0 + sy1) / 2), w * 0.3, (255, 255, 245), 60)
    bx0, by0, bx1, by1 = w * 0.68, h * 0.1, w * 0.97, h * 0.42
    draw.rectangle((bx0, by0, bx1, by1), fill=(18, 102, 58))
    draw.rectangle((bx0, by1 - (by1 - by0) * 0.12, bx1, by1), fill=(230, 180, 40))
    lines = (
        "BIMBINGAN TEKNIS",
        "PENERAPAN GAP",
        "HORTIKULTURA",
        "BPSIP JAWA BARAT",
        "Lembang, 17 November 2026",
    )
    for k, line in enumerate(lines):
        face = font(int(h * (0.034 if k < 3 else 0.022)), bold=k < 4)
        tw = text_width(draw, line, face)
        draw.text(
            ((bx0 + bx1 - tw) / 2, by0 + (by1 - by0) * (0.08 + k * 0.17)),
            line,
            fill=(255, 255, 255),
            font=face,
        )
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    people = ImageDraw.Draw(layer)
    person(people, w * 0.66, h * 0.66, h * 0.42, rng, shirt=(230, 230, 226))
    for row in range(4):
        y = h * (0.64 + row * 0.09)
        height = h * (0.42 + row * 0.15)
        seats = 8 - row
        for k in range(seats):
            x = w * (k + 0.5 + (row % 2) * 0.35) / seats + rng.uniform(-0.02, 0.02) * w
            people.rounded_rectangle(
                (x - height * 0.2, y - height * 0.05, x + height * 0.2, y + height * 0.35),
                radius=height * 0.05,
                fill=(50, 50, 60),
            )
            person(
                people,
                x,
                y + height * 0.55,
                height,
                rng,
                hat=rng.choice(("", "hijab", "hijab", "")),
                back=True,
            )
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    return finish(image, rng, sigma=7.0)


def scene_kebun(size: tuple[int, int], rng: random.Random, *, close: bool) -> Image.Image:
    """Participants practising in a vegetable field under a volcano (Lembang)."""
    w, h = size
    image, hy, _ = landscape(size, rng, LOOKS["kebun"], 0.36 if close else 0.42)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    group = 9 if close else 12
    spots = sorted(rng.uniform(0.12, 0.5 if close else 0.4) for _ in range(group))
    for t in spots:
        feet = hy + (h - hy) * t
        person(
            draw,
            rng.uniform(0.08, 0.92) * w,
            feet,
            (h - hy) * t * (1.0 if close else 0.9),
            rng,
            hat=rng.choice(("topi", "hijab", "hijab", "", "caping")),
        )
    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
    return finish(image, rng)


def scene_persemaian(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Seedling trays seen from above, with a shallow depth of field."""
    w, h = size
    image = ImageOps.colorize(fractal(size, rng, w / 8), (84, 80, 74), (140, 134, 124))
    draw = ImageDraw.Draw(image)
    cell = w / 34
    for tray_y in range(3):
        for tray_x in range(2):
            x0 = w * 0.03 + tray_x * w * 0.49
            y0 = h * 0.03 + tray_y * h * 0.33
            draw.rectangle((x0, y0, x0 + w * 0.46, y0 + h * 0.31), fill=(24, 24, 26))
            for cy in range(int(h * 0.31 / cell)):
                for cx in range(int(w * 0.46 / cell)):
                    px, py = x0 + cx * cell + 3, y0 + cy * cell + 3
                    soil = shade((64, 52, 42), rng, 0.25)
                    draw.rectangle((px, py, px + cell - 6, py + cell - 6), fill=soil)
                    if rng.random() < 0.08:
                        continue  # an empty cell: not every seed comes up
                    center = (px + cell / 2 - 3, py + cell / 2 - 3)
                    for _ in range(rng.randint(2, 4)):
                        a = rng.uniform(0, 2 * math.pi)
                        leaf = (
                            center[0] + math.cos(a) * cell * 0.22,
                            center[1] + math.sin(a) * cell * 0.22,
                        )
                        color = shade(mix((70, 112, 48), (120, 150, 60), rng.random()), rng)
                        draw.polygon(
                            ellipse_polygon(leaf, cell * 0.26, cell * 0.11, a, 10), fill=color
                        )
    blurred = image.filter(ImageFilter.GaussianBlur(w / 250))
    focus = ImageOps.invert(ramp_mask(size, 0, 255)).point(lambda v: max(0, v - 60) * 255 // 195)
    image = Image.composite(blurred, image, focus)
    return finish(image, rng, sigma=5.0)


def scene_benih(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A pile of rice seed (gabah) seen from above: the tips video background."""
    w, h = size
    image = ImageOps.colorize(fractal(size, rng, w / 6), (96, 72, 36), (150, 118, 60))
    draw = ImageDraw.Draw(image)
    length = w * 0.03
    for layer_index in range(3):
        for _ in range(int(w * h / (length * length) * 1.4)):
            center = (rng.uniform(-length, w + length), rng.uniform(-length, h + length))
            a = rng.uniform(0, math.pi)
            color = jitter(mix((186, 146, 66), (220, 186, 104), layer_index / 3), rng, 18)
            shadow = (center[0] + length * 0.08, center[1] + length * 0.1)
            draw.polygon(
                ellipse_polygon(shadow, length / 2, length / 5.5, a, 10),
                fill=mix(color, (40, 28, 10), 0.6),
            )
            draw.polygon(ellipse_polygon(center, length / 2, length / 5.5, a, 10), fill=color)
            draw.line(
                [
                    center,
                    (
                        center[0] + math.cos(a) * length * 0.3,
                        center[1] + math.sin(a) * length * 0.3,
                    ),
                ],
                fill=mix(color, (255, 240, 200), 0.4),
                width=2,
            )
    glow(image, (w * 0.3, h * 0.25), w * 0.8, (255, 240, 210), 70)
    return vignette(image, 0.4)


def scene_demplot(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Young rice planted jajar legowo 2:1, two officers on the dike: the field video."""
    w, h = size
    image, hy, _ = landscape(size, rng, LOOKS["demplot"], 0.38)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for k, t in enumerate((0.2, 0.23)):
        person(
            draw,
            w * (0.3 + k * 0.05),
            hy + (h - hy) * t,
            (h - hy) * t * 0.9,
            rng,
            hat=("topi", "hijab")[k],
            shirt=(28, 96, 58),
        )
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


SCENES: dict[str, Callable[[tuple[int, int], random.Random], Image.Image]] = {
    "panen": scene_panen,
    "petani": scene_petani,
    "kelas": scene_kelas,
    "kebun": functools.partial(scene_kebun, close=False),
    "kebun-dekat": functools.partial(scene_kebun, close=True),
    "persemaian": scene_persemaian,
    "benih": scene_benih,
    "demplot": scene_demplot,
}


# --------------------------------------------------------------------------------------------
# Photos
# --------------------------------------------------------------------------------------------


def photo_exif(spec: Photo) -> Image.Exif:
    exif = Image.Exif()
    if spec.camera:
        exif[ExifTags.Base.Make], exif[ExifTags.Base.Model] = spec.camera
        exif[ExifTags.Base.DateTime] = spec.taken
        exif[ExifTags.IFD.Exif] = {
            ExifTags.Base.DateTimeOriginal: spec.taken,
            ExifTags.Base.OffsetTimeOriginal: "+07:00",
        }
    if spec.phone:
        exif[ExifTags.Base.Orientation] = 6
        date, clock = spec.taken.split(" ")
        hour, minute, second = (int(part) for part in clock.split(":"))
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSVersionID: b"\x02\x02\x00\x00",
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: GPS_LAT,
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: GPS_LON,
            ExifTags.GPS.GPSAltitudeRef: b"\x00",
            ExifTags.GPS.GPSAltitude: GPS_ALT,
            ExifTags.GPS.GPSTimeStamp: (float((hour - 7) % 24), float(minute), float(second)),
            ExifTags.GPS.GPSDateStamp: date,
        }
    return exif


def make_photo(spec: Photo, rng: random.Random, out: Path) -> str:
    image = SCENES[spec.scene]((spec.width, spec.height), rng)
    if spec.phone:
        # Phones keep the sensor's landscape pixels and say "rotate 90° clockwise to view".
        image = image.transpose(Image.Transpose.ROTATE_90)
    image.save(out, "JPEG", quality=spec.quality, exif=photo_exif(spec), optimize=True)
    note = ", ponsel: Orientation 6 + GPS" if spec.phone else ""
    return f"{spec.width}×{spec.height}, {out.stat().st_size / MB:.1f} MB{note}"


# --------------------------------------------------------------------------------------------
# Infographic
# --------------------------------------------------------------------------------------------

GREEN = (0, 104, 56)
DARK = (28, 40, 34)
GOLD = (232, 170, 36)


def make_infographic(spec: Infographic, rng: random.Random, out: Path) -> str:
    w, h = spec.width, spec.height
    u = w / 1080  # design unit: 1 at 1080 px wide
    image = vertical((w, h), (250, 248, 240), (236, 240, 226))
    draw = ImageDraw.Draw(image)

    def text(
        xy: Point, value: str, size: float, color: RGB, bold: bool = False, anchor: str = "la"
    ) -> None:
        draw.text(xy, value, fill=color, font=font(int(size * u), bold), anchor=anchor)

    header = vertical((w, int(250 * u)), (0, 120, 64), (0, 90, 48))
    image.paste(header, (0, 0))
    for k in range(7):  # rice leaves in the header corner
        a = -math.pi / 2 + (k - 3) * 0.22
        base = (w - 120 * u, 250 * u)
        tip = (base[0] + math.cos(a) * 200 * u, base[1] + math.sin(a) * 200 * u)
        draw.line([base, tip], fill=(120, 190, 90), width=int(10 * u))
    text((60 * u, 45 * u), "INFOGRAFIS · STANDAR MUTU", 28, (200, 230, 200), bold=True)
    text((60 * u, 85 * u), "Mutu Benih Padi", 76, (255, 255, 255), bold=True)
    text((60 * u, 182 * u), "sesuai SNI, kelas Benih Sebar (label biru)", 34, (230, 240, 230))

    cards = (
        ("≤ 13 %", "Kadar air", "benih kering,\ntahan disimpan"),
        ("≥ 80 %", "Daya berkecambah", "benih tumbuh\nserempak"),
        ("≥ 98 %", "Benih murni", "bebas kotoran\ndan gabah hampa"),
    )
    card_w, gap, top, card_h = 300 * u, 30 * u, 290 * u, 320 * u
    for k, (number, label, note) in enumerate(cards):
        x0 = 60 * u + k * (card_w + gap)
        draw.rounded_rectangle(
            (x0 + 6 * u, top + 8 * u, x0 + card_w + 6 * u, top + card_h + 8 * u),
            radius=28 * u,
            fill=(214, 220, 206),
        )
        draw.rounded_rectangle(
            (x0, top, x0 + card_w, top + card_h),
            radius=28 * u,
            fill=(255, 255, 255),
            outline=GREEN,
            width=int(4 * u),
        )
        text((x0 + card_w / 2, top + 34 * u), number, 62, GREEN, True, "ma")
        text((x0 + card_w / 2, top + 128 * u), label, 26, DARK, True, "ma")
        draw.line(
            [(x0 + 40 * u, top + 178 * u), (x0 + card_w - 40 * u, top + 178 * u)],
            fill=GOLD,
            width=int(5 * u),
        )
        for row, line in enumerate(note.split("\n")):
            text((x0 + card_w / 2, top + (205 + row * 40) * u), line, 26, (80, 90, 84), False, "ma")

    chart_top = 665 * u
    text((60 * u, chart_top), "Daya berkecambah benih penangkar binaan", 36, DARK, True)
    text(
        (60 * u, chart_top + 50 * u), "Hasil uji laboratorium, Oktober 2026 (%)", 28, (90, 100, 94)
    )
    lots = (("Lot A", 94), ("Lot B", 91), ("Lot C", 88), ("Lot D", 85), ("Lot E", 76))
    bar_left, bar_right, step, bar_h = 200 * u, 1000 * u, 72 * u, 52 * u
    y0 = chart_top + 120 * u
    for k, (name, value) in enumerate(lots):
        y = y0 + k * step
        width = (bar_right - bar_left) * value / 100
        text((60 * u, y + bar_h / 2), name, 30, DARK, True, "lm")
        draw.rounded_rectangle(
            (bar_left, y, bar_right, y + bar_h), radius=12 * u, fill=(226, 230, 220)
        )
        draw.rounded_rectangle(
            (bar_left, y, bar_left + width, y + bar_h),
            radius=12 * u,
            fill=GREEN if value >= 80 else (214, 96, 40),
        )
        text((bar_left + 20 * u, y + bar_h / 2), f"{value} %", 30, (255, 255, 255), True, "lm")
    limit_x = bar_left + (bar_right - bar_left) * 0.8
    y_end = y0 + len(lots) * step
    dash = y0 - 20 * u
    while dash < y_end:
        draw.line([(limit_x, dash), (limit_x, dash + 14 * u)], fill=(190, 40, 40), width=int(5 * u))
        dash += 26 * u
    text((limit_x, y_end + 4 * u), "batas minimum SNI: 80 %", 24, (190, 40, 40), True, "ma")

    footer = h - 150 * u
    draw.rectangle((0, footer, w, h), fill=GREEN)
    draw.rectangle((0, footer, w, footer + 8 * u), fill=GOLD)
    text((60 * u, footer + 30 * u), "BPSIP Jawa Barat", 38, (255, 255, 255), True)
    text(
        (60 * u, footer + 86 * u),
        "Kementerian Pertanian · bpsip-jabar.example",
        28,
        (210, 235, 210),
    )
    text((w - 60 * u, footer + 86 * u), "#BenihBermutu", 30, GOLD, True, "ra")
    image.save(out, "PNG", optimize=True)
    return f"{w}×{h}, {out.stat().st_size / MB:.1f} MB"


# --------------------------------------------------------------------------------------------
# Videos
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overlay:
    image: Image.Image
    start: float  # seconds


def lower_third(size: tuple[int, int], title: str, subtitle: str) -> Image.Image:
    """A caption band bottom left and a small station mark top right (no drawtext needed)."""
    w, h = size
    u = min(w, h) / 1080
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    big, small = font(int(46 * u), True), font(int(30 * u))
    band_w = max(text_width(draw, title, big), text_width(draw, subtitle, small)) + 90 * u
    y0 = h - 250 * u
    draw.rectangle((0, y0, band_w, y0 + 150 * u), fill=(0, 104, 56, 220))
    draw.rectangle((0, y0 + 150 * u, band_w * 0.6, y0 + 160 * u), fill=(*GOLD, 255))
    draw.text((50 * u, y0 + 22 * u), title, fill=(255, 255, 255, 255), font=big)
    draw.text((50 * u, y0 + 88 * u), subtitle, fill=(220, 240, 220, 255), font=small)
    mark = font(int(26 * u), True)
    label = "BPSIP JABAR"
    tw = text_width(draw, label, mark)
    draw.rounded_rectangle(
        (w - tw - 100 * u, 50 * u, w - 50 * u, 110 * u), radius=12 * u, fill=(255, 255, 255, 200)
    )
    draw.text((w - tw - 75 * u, 64 * u), label, fill=(0, 104, 56, 255), font=mark)
    return image


def card(
    size: tuple[int, int],
    lines: Sequence[str],
    top: float,
    *,
    number: str = "",
    title: bool = False,
) -> Image.Image:
    """One text card of the tips video, on a transparent frame."""
    w = size[0]
    u = w / 1080
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    face = font(int((64 if title else 44) * u), True)
    line_h = (80 if title else 58) * u
    box_h = line_h * len(lines) + 60 * u
    fill = (0, 104, 56, 230) if title else (255, 255, 255, 230)
    ink = (255, 255, 255, 255) if title else (28, 40, 34, 255)
    left = 70 * u
    draw.rounded_rectangle((left, top, w - 70 * u, top + box_h), radius=30 * u, fill=fill)
    text_left = left + 40 * u
    if number:
        draw.ellipse(
            (left + 30 * u, top + box_h / 2 - 45 * u, left + 120 * u, top + box_h / 2 + 45 * u),
            fill=(*GOLD, 255),
        )
        draw.text(
            (left + 75 * u, top + box_h / 2),
            number,
            fill=(255, 255, 255, 255),
            font=font(int(52 * u), True),
            anchor="mm",
        )
        text_left = left + 150 * u
    for k, line in enumerate(lines):
        draw.text((text_left, top + 30 * u + k * line_h), line, fill=ink, font=face)
    return image


def video_layers(spec: Video, rng: random.Random) -> tuple[Image.Image, list[Overlay], str]:
    """The background (larger than the frame, for a slow pan), the overlays and the pan."""
    w, h = spec.width, spec.height
    s = spec.seconds
    if spec.scene == "demplot":
        background = SCENES["demplot"]((w * 5 // 4, h * 5 // 4), rng)
        overlays = [
            Overlay(
                lower_third(
                    (w, h), "Demplot padi jajar legowo 2:1", "Ciasem, Subang · November 2026"
                ),
                0.8,
            )
        ]
        pan = f"x='(iw-ow)*t/{s}':y='(ih-oh)*(0.6-0.2*t/{s})'"
        return background, overlays, pan
    background = SCENES["benih"]((w * 5 // 4, h * 5 // 4), rng)
    size = (w, h)
    overlays = [
        Overlay(
            card(size, ["Simpan benih padi", "agar tetap tumbuh"], 180 * w / 1080, title=True), 0.3
        ),
        Overlay(
            card(size, ["Jemur sampai kadar", "air 13 % atau kurang"], 760 * w / 1080, number="1"),
            1.6,
        ),
        Overlay(
            card(size, ["Bersihkan dari kotoran", "dan gabah hampa"], 1000 * w / 1080, number="2"),
            3.3,
        ),
        Overlay(
            card(
                size,
                ["Simpan di wadah kedap", "udara, di tempat sejuk"],
                1240 * w / 1080,
                number="3",
            ),
            5.0,
        ),
    ]
    pan = f"x='(iw-ow)*(1-t/{s})':y='(ih-oh)*t/{s}'"
    return background, overlays, pan


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise MediaError(
            "ffmpeg tidak ditemukan: pasang paket imageio-ffmpeg (pip install imageio-ffmpeg) "
            f"lalu jalankan lagi ({exc})"
        ) from exc


def make_video(spec: Video, rng: random.Random, out: Path) -> str:
    ffmpeg = ffmpeg_exe()
    s = spec.seconds
    background, overlays, pan = video_layers(spec, rng)
    with tempfile.TemporaryDirectory(prefix="media-contoh-") as tmp:
        folder = Path(tmp).resolve()
        background_path = folder / "latar.bmp"
        background.save(background_path)
        inputs = ["-loop", "1", "-framerate", str(FPS), "-t", f"{s}", "-i", str(background_path)]
        chain = f"[0:v]crop={spec.width}:{spec.height}:{pan},format=yuv420p,noise=alls=5:allf=t"
        graph = []
        for k, overlay in enumerate(overlays, start=1):
            path = folder / f"lapisan-{k}.png"
            overlay.image.save(path)
            inputs += ["-i", str(path)]
            graph.append(f"{chain}[v{k}]")
            chain = f"[v{k}][{k}:v]overlay=0:0:enable='gte(t,{overlay.start})'"
        fade = f"fade=t=in:st=0:d=0.5,fade=t=out:st={s - 0.6}:d=0.6,format=yuv420p"
        graph.append(f"{chain},{fade}[v]")
        seed = rng.randrange(1 << 31)
        first = len(overlays) + 1
        for source in (
            f"sine=frequency=196:sample_rate=48000:duration={s}",
            f"sine=frequency=294:sample_rate=48000:duration={s}",
            f"anoisesrc=color=pink:sample_rate=48000:amplitude=0.5:duration={s}:seed={seed}",
        ):
            inputs += ["-f", "lavfi", "-i", source]
        graph.append(
            f"[{first}:a]volume=0.05[a1];[{first + 1}:a]volume=0.03[a2];"
            f"[{first + 2}:a]lowpass=f=900,volume=0.25[a3];"
            "[a1][a2][a3]amix=inputs=3:normalize=0,pan=stereo|c0=c0|c1=c0,"
            f"afade=t=in:d=0.5,afade=t=out:st={s - 0.6}:d=0.6,"
            "aformat=sample_rates=48000:channel_layouts=stereo[a]"
        )
        encode = (
            f"-c:v libx264 -preset veryfast -profile:v high -crf 22 -pix_fmt yuv420p -r {FPS} "
            f"-g {FPS * 2} -c:a aac -profile:a aac_low -b:a 128k -ar 48000 -ac 2 -t {s} "
            "-map_metadata -1 -movflags +faststart -f mp4"
        ).split()
        command = [
            *(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-y", *inputs),
            *("-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]", *encode),
            str(out.resolve()),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise MediaError(f"ffmpeg tidak bisa dijalankan ({ffmpeg}): {exc}") from exc
    if result.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        lines = (result.stderr or "").strip().splitlines()[-8:]
        detail = "\n".join(f"    {line}" for line in lines) or "    (ffmpeg tidak memberi pesan)"
        raise MediaError(
            f"ffmpeg gagal membuat video (kode keluar {result.returncode}). "
            f"Pesan terakhir ffmpeg:\n{detail}\n"
            "Pastikan paket imageio-ffmpeg terpasang utuh (make run memasangnya), lalu jalankan "
            "skrip ini lagi."
        )
    return (
        f"{spec.width}×{spec.height}, {probe_seconds(out):.1f} s, {FPS} fps, "
        f"{out.stat().st_size / MB:.1f} MB"
    )


def probe_seconds(path: Path) -> float:
    try:
        import av

        with av.open(str(path)) as container:
            return (container.duration or 0) / 1_000_000
    except ImportError:
        return float("nan")


# --------------------------------------------------------------------------------------------
# The posts and the run
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    key: str  # path under the content root, the key of MEDIA
    path: Path
    spec: Spec


def front_matter(index: Path) -> dict[str, Any] | None:
    """The post's front matter, or None when it cannot be read (`pipeline check` says why)."""
    try:
        lines = index.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0].strip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                return None
            return data if isinstance(data, dict) else None
    return None


def referenced(index: Path) -> Iterator[str]:
    """The plain file names the post's `media:` list names; anything else (paths, URLs) is
    left to `pipeline check`."""
    data = front_matter(index) or {}
    items = data.get("media")
    for item in items if isinstance(items, list) else ():
        name = item.get("file") if isinstance(item, dict) else None
        if isinstance(name, str) and name and Path(name).name == name and "\\" not in name:
            yield name


def plan(root: Path) -> tuple[list[Job], list[str]]:
    """Jobs for every referenced file this script knows, and warnings for the others."""
    jobs: list[Job] = []
    warnings: list[str] = []
    for index in sorted((root / "posts").rglob("index.md")):
        data = front_matter(index)
        if data is None:
            warnings.append(f"{shown(index)}: front matter tidak terbaca, dilewati")
            continue
        if data.get("sample") is not True:
            continue  # the office's own post: its media are the writer's, never painted here
        for name in referenced(index):
            path = index.parent / name
            key = path.relative_to(root).as_posix()
            spec = MEDIA.get(key)
            if spec is not None:
                jobs.append(Job(key, path, spec))
            elif not path.exists():
                warnings.append(
                    f"{shown(path)}: dirujuk di index.md tetapi tidak ada, "
                    "dan skrip ini tidak tahu cara membuatnya"
                )
    return jobs, warnings


def shown(path: Path) -> str:
    """The path as the writer typed it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def make(job: Job) -> str:
    """Make one file atomically (a hidden part file, then a rename); return its summary."""
    rng = random.Random(job.key)  # a str seed is hashed with SHA-512: stable across runs
    part = job.path.with_name(f".{job.path.name}.part")
    try:
        if isinstance(job.spec, Photo):
            summary = make_photo(job.spec, rng, part)
        elif isinstance(job.spec, Infographic):
            summary = make_infographic(job.spec, rng, part)
        else:
            summary = make_video(job.spec, rng, part)
        part.replace(job.path)
    except MediaError as exc:
        raise MediaError(f"{shown(job.path)}: {exc}") from exc
    except OSError as exc:
        raise MediaError(f"{shown(job.path)}: file tidak bisa ditulis ({exc})") from exc
    finally:
        part.unlink(missing_ok=True)
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Membuat foto, infografis dan video contoh yang dirujuk tulisan contoh."
    )
    parser.add_argument("--force", action="store_true", help="buat ulang file yang sudah ada")
    parser.add_argument(
        "--root",
        type=Path,
        default=PROJECT / "content",
        help="folder content (bawaan: content/ di proyek ini)",
    )
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / "posts").is_dir():
        print(
            f"galat: folder {shown(root / 'posts')} tidak ada; --root harus menunjuk ke folder "
            "content yang berisi posts/",
            file=sys.stderr,
        )
        return 2
    jobs, warnings = plan(root)
    for warning in warnings:
        print(f"peringatan: {warning}", file=sys.stderr)
    started = time.perf_counter()
    made = kept = 0
    for job in jobs:
        if job.path.exists() and not args.force:
            kept += 1
            continue
        try:
            summary = make(job)
        except MediaError as exc:
            print(f"galat: {exc}", file=sys.stderr)
            return 1
        made += 1
        print(f"dibuat: {shown(job.path)} ({summary})", flush=True)
    elapsed = time.perf_counter() - started
    tail = f", {kept} sudah ada (pakai --force untuk membuat ulang)" if kept else ""
    print(f"selesai: {made} file dibuat{tail}, {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
