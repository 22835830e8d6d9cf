"""What a media file is, from its own bytes: the MIME type a platform asks for, and whether
a GIF is animated.

The one sniffer. It runs in the BUILD job (no secrets): pipeline/render/handoff.py records
each rendered file's `mime` and `animated` in build/publish-inputs.json, and the publish job,
which holds every token, only checks the file's sha256 against that record and uses the
recorded values; it never calls this module on a writer's file (a test makes these functions
raise in the publish path). The stand-ins use the `*_bytes` forms to check what a client sent,
as the platforms do.

It reads container signatures and walks GIF blocks only, never pixels or frames, and no
library does it here: Pillow is a decoder, and the few signatures needed are fixed by the
formats themselves (JPEG/PNG/GIF/WebP/BMP/TIFF magic numbers; ISO base media file format
`ftyp` brands, where `qt  ` is QuickTime; the EBML header of WebM).
"""

from __future__ import annotations

from pathlib import Path

HEAD = 64  # bytes read for a signature
QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")  # .mov without ftyp
# ISO base media files that are not videos: HEIF/HEIC and AVIF stills, MPEG-4 audio.
STILL_BRANDS = {
    **dict.fromkeys((b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"), "image/heic"),
    **dict.fromkeys((b"mif1", b"msf1"), "image/heif"),
    **dict.fromkeys((b"avif", b"avis"), "image/avif"),
    **dict.fromkeys((b"M4A ", b"M4B ", b"M4P "), "audio/mp4"),
}


def sniff(path: Path) -> str:
    """`image/jpeg`, `image/png`, `image/gif`, `image/webp`, `image/bmp`, `image/tiff`,
    `image/heic`, `image/heif`, `image/avif`, `audio/mp4`, `video/mp4`, `video/quicktime`,
    `video/webm`, or "" when the bytes are none of these."""
    with path.open("rb") as stream:
        return sniff_bytes(stream.read(HEAD))


def sniff_bytes(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:2] == b"BM":
        return "image/bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return STILL_BRANDS.get(brand) or ("video/quicktime" if brand == b"qt  " else "video/mp4")
    if head[4:8] in QUICKTIME_ATOMS:
        return "video/quicktime"
    return ""


def gif_frames(path: Path, stop: int = 2) -> int:
    """How many images a GIF file holds (counting stops at `stop`): more than one is an
    animated GIF."""
    return gif_frames_bytes(path.read_bytes(), stop)


def gif_frames_bytes(data: bytes, stop: int = 2) -> int:
    """Walks the block structure of the GIF89a specification (sections 18-27) without
    decoding anything; a damaged file counts the frames read before the damage."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return 0
    at = 13 + (3 << ((data[10] & 0x07) + 1) if data[10] & 0x80 else 0)  # global colour table
    frames = 0
    while at < len(data) and frames < stop:
        block = data[at]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then data sub-blocks
            at = _skip_sub_blocks(data, at + 2)
        elif block == 0x2C:  # image descriptor (10 bytes), local colour table, LZW data
            if at + 10 > len(data):
                break
            flags = data[at + 9]
            at += 10 + (3 << ((flags & 0x07) + 1) if flags & 0x80 else 0)
            frames += 1
            at = _skip_sub_blocks(data, at + 1)  # after the LZW minimum code size
        else:
            break
    return frames


def _skip_sub_blocks(data: bytes, at: int) -> int:
    while at < len(data) and data[at]:
        at += data[at] + 1
    return at + 1
