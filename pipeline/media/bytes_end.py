"""Read JPEG and PNG structure without decoding: the declared size, and where the image ends.

Pillow ignores bytes after a JPEG's EOI or a PNG's IEND, so a ZIP or HTML tail rides along
(a polyglot). Renders rebuild from pixels and drop it, but the writer should know it is there.
"""

from __future__ import annotations

import struct
from pathlib import Path

_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_STUFFED = {0x00, *range(0xD0, 0xD8)}  # 0xFF00 byte stuffing and restart markers


def header_size(path: Path, fmt: str) -> tuple[int, int] | None:
    """(width, height) as the header declares it, before any decoding; None if unreadable."""
    with path.open("rb") as handle:
        data = handle.read(1 << 20 if fmt == "jpeg" else 32)
    if fmt == "png":
        if len(data) >= 24 and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return width, height
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker in _STANDALONE or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in _SOF and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def trailing_bytes(path: Path, fmt: str) -> int:
    """How many bytes follow the end of the image (0 when none, or when it cannot tell)."""
    data = path.read_bytes()
    end = _png_end(data) if fmt == "png" else _jpeg_end(data)
    return max(0, len(data) - end) if end else 0


def _png_end(data: bytes) -> int:
    pos = 8
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos
    return 0


def _jpeg_end(data: bytes) -> int:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return 0
        marker = data[pos + 1]
        if marker == 0xD9:
            return pos + 2
        if marker in _STANDALONE or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not RST/stuffing
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= len(data):
                    return 0
                if data[pos + 1] not in _STUFFED:
                    break
                pos += 2
    return 0
