from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, PngImagePlugin

from pipeline.media.probe import probe
from tests.conftest import photo, rotated_video, video


def codes(result: dict[str, object]) -> list[str]:
    return [p["code"] for p in result["problems"]]  # type: ignore[attr-defined]


def test_plain_jpeg(tmp_path: Path) -> None:
    result = probe(photo(tmp_path / "a.jpg", (640, 480)), "image")
    assert result["problems"] == []
    assert result["info"]["width"] == 640 and result["info"]["format"] == "JPEG"


def test_exif_orientation_and_gps(tmp_path: Path) -> None:
    image = Image.effect_noise((400, 300), 30).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 35.0, 0.0), 3: "E", 4: (106.0, 48.0, 0.0)})
    image.save(tmp_path / "gps.jpg", exif=exif)
    result = probe(tmp_path / "gps.jpg", "image")
    assert (result["info"]["width"], result["info"]["height"]) == (300, 400)
    (gps,) = result["problems"]
    assert gps["code"] == "MEDIA_HAS_GPS" and gps["severity"] == "warning"
    assert gps["params"] == {"lat": "-6.5833", "lon": "106.8000"}


def test_comment_and_png_text(tmp_path: Path) -> None:
    photo(tmp_path / "c.jpg", comment=b"alamat rumah: Jl. Mawar 1")
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Budi")
    Image.new("RGB", (50, 50)).save(tmp_path / "t.png", pnginfo=info)
    assert codes(probe(tmp_path / "c.jpg", "image")) == ["MEDIA_HAS_COMMENT"]
    assert codes(probe(tmp_path / "t.png", "image")) == ["MEDIA_HAS_TEXT_METADATA"]


def test_cmyk_and_16_bit_are_accepted(tmp_path: Path) -> None:
    Image.new("CMYK", (64, 64), (0, 50, 100, 0)).save(tmp_path / "cmyk.jpg")
    Image.new("I;16", (64, 64), 30000).save(tmp_path / "deep.png")
    assert probe(tmp_path / "cmyk.jpg", "image")["info"]["mode"] == "CMYK"
    assert probe(tmp_path / "deep.png", "image")["problems"] == []


def test_trailing_zip_is_reported(tmp_path: Path) -> None:
    path = photo(tmp_path / "p.jpg", (200, 200))
    path.write_bytes(path.read_bytes() + b"PK\x03\x04" + b"\x00" * 60)
    result = probe(path, "image")
    assert codes(result) == ["MEDIA_TRAILING_DATA"]
    assert result["problems"][0]["params"]["count"] == 64


def test_progressive_jpeg_end_is_found(tmp_path: Path) -> None:
    path = photo(tmp_path / "prog.jpg", (300, 200), progressive=True, quality=90)
    assert probe(path, "image")["problems"] == []


def test_bomb_header_is_refused_before_decoding(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = (20000).to_bytes(4, "big") * 2  # IHDR claims 20000×20000
    (tmp_path / "bomb.png").write_bytes(bytes(data))
    assert codes(probe(tmp_path / "bomb.png", "image")) == ["MEDIA_TOO_LARGE"]


def test_video_probe(tmp_path: Path) -> None:
    result = probe(video(tmp_path / "v.mp4", seconds=1.5), "video")
    assert result["problems"] == []
    info = result["info"]
    assert (info["codec"], info["width"], info["height"], info["rotation"]) == ("h264", 320, 240, 0)
    assert 1.4 < info["duration"] < 1.7 and info["fps"] == 30
    assert info["audio"]["codec"] == "aac"


def test_rotated_video(tmp_path: Path) -> None:
    rotated = rotated_video(tmp_path)
    assert probe(rotated, "video")["info"]["rotation"] == 90


def test_kind_mismatch_both_ways(tmp_path: Path) -> None:
    assert codes(probe(video(tmp_path / "v.mp4", seconds=1.1), "image")) == ["MEDIA_KIND_MISMATCH"]
    assert codes(probe(photo(tmp_path / "p.jpg"), "video")) == ["MEDIA_KIND_MISMATCH"]
