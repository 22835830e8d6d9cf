from __future__ import annotations

import pytest

from pipeline.media.sniff import sniff


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00", "mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00", "mov"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "heic"),
        (b"\x00\x00\x00\x08wide\x00\x00", "mov"),
        (b"GIF89a/*<script>*/", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", "avi"),
        (b"II*\x00", "tiff"),
        (b"%!PS-Adobe-3.0 EPSF-3.0", "eps"),
        (b"\x1aE\xdf\xa3\x01", "webm"),
        (b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n", "hls"),
        (b"ffconcat version 1.0\n", "ffconcat"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\n", "lfs"),
        (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
        (b"hello\n", "text"),
        (b"\x47" + b"\x00" * 187 + b"\x47", "mpeg-ts"),
        (bytes(range(200, 256)) * 3, "unknown"),
    ],
)
def test_sniff(head: bytes, name: str) -> None:
    assert sniff(head) == name
