"""Every output is measured against the same rules it was made for, before it is accepted.

A failure names the platform, the rule and the measured value, so a wrong number in a target
or a surprise from an encoder is caught here and never reaches a platform.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import av
from PIL import Image

from pipeline.render.targets import ImageTarget, VideoTarget

Failure = tuple[str, str, str]  # (rule, measured value, limit)


def image(path: Path, target: ImageTarget, size: tuple[int, int]) -> list[Failure]:
    failures: list[Failure] = []
    data_size = path.stat().st_size
    with Image.open(path) as im:
        expected_format = "WEBP" if target.format == "webp" else "JPEG"
        if im.format != expected_format:
            failures.append(("format", str(im.format), expected_format))
        if im.size != size:
            failures.append(("dimensions", f"{im.width}×{im.height}", f"{size[0]}×{size[1]}"))
        hidden = [k for k in ("exif", "icc_profile", "comment", "xmp") if im.info.get(k)]
        if hidden or len(im.getexif()):
            failures.append(("metadata", ", ".join(hidden) or "exif", "none"))
        if im.mode != "RGB":
            failures.append(("mode", im.mode, "RGB"))
        ratio = im.width / im.height
    if target.max_bytes and data_size > target.max_bytes.value:
        failures.append(("bytes", str(data_size), str(int(target.max_bytes.value))))
    if target.min_width and size[0] < target.min_width.value:
        failures.append(("min width", str(size[0]), str(int(target.min_width.value))))
    if target.fit == "cover" and abs(ratio - target.width / target.height) > 0.01:
        failures.append(("ratio", f"{ratio:.3f}", f"{target.width / target.height:.3f}"))
    if target.ratio_range and not (
        target.ratio_range[0] - 0.01 <= ratio <= target.ratio_range[1] + 0.01
    ):
        failures.append(
            ("ratio", f"{ratio:.3f}", f"{target.ratio_range[0]:.2f}-{target.ratio_range[1]:.2f}")
        )
    return failures


def video(path: Path, target: VideoTarget, size: tuple[int, int]) -> list[Failure]:
    failures: list[Failure] = []
    data_size = path.stat().st_size
    with av.open(str(path), format="mov") as container:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        fps = float(stream.average_rate or 0)
        seconds = (container.duration or 0) / 1_000_000
        checks = [
            ("codec", ctx.name, "h264", ctx.name == "h264"),
            ("pixel format", str(ctx.pix_fmt), "yuv420p", ctx.pix_fmt in ("yuv420p", "yuvj420p")),
            (
                "dimensions",
                f"{stream.width}×{stream.height}",
                f"{size[0]}×{size[1]}",
                (stream.width, stream.height) == size,
            ),
            ("fps", f"{fps:g}", f"≤ {target.max_fps.value:g}", fps <= target.max_fps.value + 0.01),
            (
                "duration",
                f"{seconds:.1f} s",
                f"≤ {target.max_s.value:g} s",
                seconds <= target.max_s.value + 0.1,
            ),
        ]
        if target.min_fps:
            checks.append(
                (
                    "fps",
                    f"{fps:g}",
                    f"≥ {target.min_fps.value:g}",
                    fps >= target.min_fps.value - 0.01,
                )
            )
        for audio in container.streams.audio:
            actx = audio.codec_context
            checks.append(
                (
                    "audio",
                    f"{actx.name} {audio.profile} {audio.sample_rate}",
                    "aac LC 48000",
                    actx.name == "aac" and audio.profile == "LC" and audio.sample_rate == 48000,
                )
            )
    failures += [(name, value, limit) for name, value, limit, ok in checks if not ok]
    if target.max_bytes and data_size > target.max_bytes.value:
        failures.append(("bytes", str(data_size), str(int(target.max_bytes.value))))
    boxes = [name for name, _ in _top_level_boxes(path)]
    if "moov" in boxes and "mdat" in boxes and boxes.index("moov") > boxes.index("mdat"):
        failures.append(("faststart", "moov after mdat", "moov first"))
    return failures


def _top_level_boxes(path: Path) -> Iterator[tuple[str, int]]:
    """(type, size) of each top-level ISO-BMFF box."""
    with path.open("rb") as handle:
        while header := handle.read(8):
            if len(header) < 8:
                return
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", handle.read(8))[0]
                handle.seek(size - 16, 1)
            elif size == 0:
                yield kind.decode("latin-1"), 0
                return
            else:
                handle.seek(size - 8, 1)
            yield kind.decode("latin-1"), size
