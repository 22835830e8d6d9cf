"""Image variants measured on the outputs: size, ratio, bytes, colour, and nothing hidden."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import pyvips
from PIL import Image

from pipeline.render import image, verify
from pipeline.render.image import ImageJob, RenderProblem
from pipeline.render.targets import IMAGE_TARGETS, ImageTarget
from tests.conftest import photo


def target(platform: str, name: str) -> ImageTarget:
    return next(t for t in IMAGE_TARGETS if t.platform == platform and t.name == name)


def make(
    source: Path,
    platform: str,
    name: str,
    tmp_path: Path,
    kind: str = "photo",
    ratio: float | None = None,
    focus: tuple[float, float] | None = None,
    background: str = "blur",
) -> Path:
    t = target(platform, name)
    job = ImageJob(target=t, out=tmp_path / f"{platform}-{name}.jpg", ratio=ratio)
    result = image.render(image.load(source), job, kind=kind, focus=focus, background=background)
    assert verify.image(result.out, t, (result.width, result.height)) == []
    return result.out


def green(im: Image.Image) -> int:
    pixel = im.convert("RGB").getpixel((500, 500))
    assert isinstance(pixel, tuple)
    return int(pixel[1])


def size(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def test_every_target_from_a_12_mp_photo(tmp_path: Path) -> None:
    source = photo(tmp_path / "src.jpg", (4000, 3000), quality=90)
    expected = {
        ("website", "og"): (1200, 630),
        ("instagram", "feed"): (1080, 810),
        ("instagram", "story"): (1080, 1920),
        ("tiktok", "photo"): (1080, 1920),
        ("facebook", "photo"): (2048, 1536),
        ("x", "photo"): (2048, 1536),
        ("website", "w480"): (480, 360),
        ("website", "w1200"): (1200, 900),
    }
    for (platform, name), dims in expected.items():
        out = make(source, platform, name, tmp_path)
        assert size(out) == dims, (platform, name)
        t = target(platform, name)
        if t.max_bytes:
            assert out.stat().st_size <= t.max_bytes.value


def test_exif_rotation_applied_and_gps_gone(tmp_path: Path) -> None:
    pixels = Image.effect_noise((800, 600), 30).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 35.0, 0.0), 3: "E", 4: (106.0, 48.0, 0.0)})
    pixels.save(tmp_path / "phone.jpg", exif=exif, comment=b"alamat rumah")
    out = make(tmp_path / "phone.jpg", "facebook", "photo", tmp_path)
    with Image.open(out) as im:
        assert im.size == (600, 800)  # upright: portrait
        assert not im.getexif() and "comment" not in im.info and "icc_profile" not in im.info


def test_cmyk_becomes_srgb(tmp_path: Path) -> None:
    Image.new("CMYK", (800, 600), (0, 255, 255, 0)).save(tmp_path / "cmyk.jpg")  # red ink
    out = make(tmp_path / "cmyk.jpg", "x", "photo", tmp_path)
    with Image.open(out) as im:
        red, green, blue = im.convert("RGB").getpixel((400, 300))  # type: ignore[misc]
        assert im.mode == "RGB" and red > 200 and green < 80 and blue < 80


def test_16_bit_png_with_alpha_is_flattened_on_white(tmp_path: Path) -> None:
    opaque = pyvips.Image.black(400, 400, bands=3).linear(1, [0, 0, 65535])  # blue, 16-bit
    alpha = pyvips.Image.black(400, 400) + 0  # fully transparent
    rgba = opaque.bandjoin(alpha).cast("ushort").copy(interpretation="rgb16")
    rgba.pngsave(str(tmp_path / "deep.png"), bitdepth=16)
    out = make(tmp_path / "deep.png", "instagram", "feed", tmp_path, kind="infographic")
    with Image.open(out) as im:
        assert im.mode == "RGB" and im.getpixel((540, 540)) == (255, 255, 255)


def test_panorama_is_cropped_for_a_photo_and_padded_for_an_infographic(tmp_path: Path) -> None:
    source = photo(tmp_path / "pano.jpg", (10000, 2000))
    assert size(make(source, "instagram", "feed", tmp_path)) == (1080, 565)  # 1.91:1
    assert size(make(source, "instagram", "story", tmp_path)) == (1080, 1920)
    padded = make(source, "instagram", "story", tmp_path, kind="infographic", background="#1b5e20")
    with Image.open(padded) as im:
        assert im.getpixel((5, 5)) == pytest.approx((27, 94, 32), abs=3)  # the colour


def test_focus_point_chooses_the_crop(tmp_path: Path) -> None:
    canvas = Image.new("RGB", (3000, 1000), "white")
    canvas.paste((200, 0, 0), (2600, 0, 3000, 1000))  # red on the right edge
    canvas.save(tmp_path / "wide.jpg")
    left = make(tmp_path / "wide.jpg", "tiktok", "photo", tmp_path)
    with Image.open(left) as im:
        assert im.size == (562, 1000)  # the 9:16 box of a 1000-px-high source, never upscaled
        assert green(im) > 200  # centre crop: white
    right = make(tmp_path / "wide.jpg", "tiktok", "photo", tmp_path, focus=(1.0, 0.5))
    with Image.open(right) as im:
        assert green(im) < 60  # cropped at the right edge: red


def test_carousel_items_share_the_first_ratio(tmp_path: Path) -> None:
    portrait = photo(tmp_path / "p.jpg", (1200, 1800))
    out = make(portrait, "instagram", "feed", tmp_path, ratio=1.5)  # first item was 3:2
    assert size(out) == (1080, 720)


def test_too_small_for_instagram(tmp_path: Path) -> None:
    source = photo(tmp_path / "small.jpg", (300, 300))
    job = ImageJob(target=target("instagram", "feed"), out=tmp_path / "x.jpg")
    with pytest.raises(RenderProblem) as caught:
        image.render(image.load(source), job, kind="photo", focus=None, background="blur")
    assert caught.value.code == "RENDER_TOO_SMALL" and caught.value.params["limit"] == 320


def test_byte_limit_steps_quality_down_then_fails(tmp_path: Path) -> None:
    source = photo(tmp_path / "noise.jpg", (2000, 1500), quality=95)
    loose = replace(target("x", "photo"), max_bytes=target("website", "og").max_bytes)
    assert loose.max_bytes is not None
    tight = replace(loose, max_bytes=replace(loose.max_bytes, value=20_000))
    result = image.render(
        image.load(source),
        ImageJob(target=loose, out=tmp_path / "a.jpg"),
        kind="photo",
        focus=None,
        background="blur",
    )
    assert result.quality < 85 and result.bytes <= 1 << 20
    with pytest.raises(RenderProblem) as caught:
        image.render(
            image.load(source),
            ImageJob(target=tight, out=tmp_path / "b.jpg"),
            kind="photo",
            focus=None,
            background="blur",
        )
    assert caught.value.code == "RENDER_TOO_LARGE"
