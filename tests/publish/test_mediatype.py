"""A media file's type from its own first bytes (no decoder in the publish job)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.publish import mediatype


def box(brand: bytes) -> bytes:
    return b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00isom"


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\xff\xd8\xff\xdb", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"GIF87a....", "image/gif"),
        (b"GIF89a....", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x10\x00\x00\x00AVI LIST", ""),  # RIFF but not WebP
        (b"BM\x00\x00", "image/bmp"),
        (b"II*\x00", "image/tiff"),
        (b"\x1a\x45\xdf\xa3", "video/webm"),
        (box(b"isom"), "video/mp4"),
        (box(b"mp42"), "video/mp4"),
        (box(b"qt  "), "video/quicktime"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat", "video/quicktime"),  # an old .mov
        (box(b"heic"), "image/heic"),  # an iPhone photo is not a video
        (box(b"avif"), "image/avif"),
        (box(b"M4A "), "audio/mp4"),
        (b"<svg xmlns=", ""),
        (b"", ""),
    ],
)
def test_sniff(head: bytes, mime: str) -> None:
    assert mediatype.sniff_bytes(head) == mime


def test_gif_frames_walks_blocks(tmp_path: Path) -> None:
    frame = b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00"
    control = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # a graphic control extension
    head = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    one, two = head + frame + b"\x3b", head + (control + frame) * 2 + b"\x3b"
    assert mediatype.gif_frames_bytes(one) == 1
    assert mediatype.gif_frames_bytes(two) == 2
    assert mediatype.gif_frames_bytes(two[:-20]) == 1  # cut short: what was read
    assert mediatype.gif_frames_bytes(b"GIF89a") == 0
    assert mediatype.gif_frames_bytes(b"\x89PNG") == 0
    (tmp_path / "a.gif").write_bytes(two)
    assert mediatype.gif_frames(tmp_path / "a.gif") == 2
