"""What a file really is, from its first bytes, whatever its name says.

A general detector would name hundreds of formats; we need an allowlist of three (JPEG, PNG,
ISO-BMFF video) and a clear name for the usual impostors, so the fix message can say what the
writer actually has (a WebP, an HLS playlist, a Git LFS pointer ...).
"""

from __future__ import annotations

from pathlib import Path

HEAD_BYTES = 512
IMAGE_FORMATS = ("jpeg", "png")
VIDEO_FORMATS = ("mp4", "mov")
_BMFF_IMAGE_BRANDS = {
    b"heic",
    b"heix",
    b"hevc",
    b"heim",
    b"heis",
    b"mif1",
    b"msf1",
    b"avif",
    b"avis",
}
_MOV_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def sniff_file(path: Path) -> str:
    with path.open("rb") as handle:
        return sniff(handle.read(HEAD_BYTES))


def sniff(head: bytes) -> str:
    """A short format name: jpeg, png, mp4, mov, or what the impostor is (gif, webp, hls ...)."""
    if not head:
        return "empty"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _BMFF_IMAGE_BRANDS:
            return "heic" if brand.startswith(b"he") or brand == b"mif1" else "avif"
        return "mov" if brand == b"qt  " else "mp4"
    if head[4:8] in _MOV_ATOMS:
        return "mov"
    return _other(head)


def _other(head: bytes) -> str:
    signatures: tuple[tuple[bytes, str], ...] = (
        (b"GIF8", "gif"),
        (b"II*\x00", "tiff"),
        (b"MM\x00*", "tiff"),
        (b"BM", "bmp"),
        (b"%!PS", "eps"),
        (b"\xc5\xd0\xd3\xc6", "eps"),
        (b"%PDF", "pdf"),
        (b"PK\x03\x04", "zip"),
        (b"\x1aE\xdf\xa3", "webm"),
        (b"#EXTM3U", "hls"),
        (b"ffconcat", "ffconcat"),
        (b"version https://git-lfs", "lfs"),
        (b"\x00\x00\x01\xba", "mpeg-ps"),
    )
    for signature, name in signatures:
        if head.startswith(signature):
            return name
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"AVI "):
        return "webp" if head[8:12] == b"WEBP" else "avi"
    if head[0] == 0x47 and (len(head) < 189 or head[188] == 0x47):
        return "mpeg-ts"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if text.startswith((b"<!doctype html", b"<html")):
        return "html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    return "text"
