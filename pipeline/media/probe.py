"""Look inside one media file. Runs in a sandboxed worker (see `sandbox`), never in the CLI.

Images: sniffed, header size limited *before* decoding, `verify()` and then `load()` on a
fresh handle (each catches what the other misses), single frame, no bytes after the end,
and the hidden metadata a writer should know about (GPS, comments, text chunks).
Video: container forced to ISO-BMFF (`mov` demuxer, so content sniffing cannot pick an exotic
demuxer), streams counted, codec and limits read from the headers, first frame decoded.
The result is plain JSON so it can be cached by content hash.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from pipeline.media import bytes_end
from pipeline.media.sniff import IMAGE_FORMATS, VIDEO_FORMATS, sniff_file

PROBE_VERSION = 1
MAX_PIXELS = 60_000_000
MAX_SIDE = 12_000
MAX_RATIO = 10.0
VIDEO_MAX_SIDE = 4_096
VIDEO_MAX_FPS = 60.5
VIDEO_MIN_S = 1.0
VIDEO_MAX_S = 900.0
VIDEO_MAX_BYTES = 1 << 30
_ATTACHED_PIC = 0x400

Result = dict[str, Any]


def probe(path: Path, mode: str) -> Result:
    """`mode` is "image" or "video"; the result has format, info and problems."""
    fmt = sniff_file(path)
    result: Result = {"format": fmt, "info": {}, "problems": []}
    if fmt == "empty":
        _add(result, "MEDIA_EMPTY")
    elif fmt == "lfs":
        _add(result, "MEDIA_LFS_POINTER")
    elif mode == "image" and fmt in VIDEO_FORMATS:
        _add(result, "MEDIA_KIND_MISMATCH", detected=_phrase("a_video"), expected_kind="video")
    elif mode == "video" and fmt in IMAGE_FORMATS:
        _add(
            result,
            "MEDIA_KIND_MISMATCH",
            detected=_phrase("an_image"),
            expected_kind="photo / infographic",
        )
    elif mode == "image":
        if fmt in IMAGE_FORMATS:
            _probe_image(path, fmt, result)
        else:
            _add(
                result,
                "MEDIA_FORMAT_NOT_ALLOWED",
                detected=fmt.upper(),
                allowed="JPEG/PNG",
                allowed_fix=_phrase("jpeg_or_png"),
            )
    elif fmt in VIDEO_FORMATS:
        _probe_video(path, result)
    else:
        _add(result, "VIDEO_FORMAT_NOT_ALLOWED", detected=fmt.upper())
    return result


def _add(result: Result, code: str, severity: str = "error", **params: object) -> None:
    result["problems"].append({"code": code, "severity": severity, "params": params})


def _probe_image(path: Path, fmt: str, result: Result) -> None:
    from PIL import Image, UnidentifiedImageError

    info = result["info"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # DecompressionBombWarning, malformed MPO/APNG
            # A damaged EXIF block is not a damaged photo: renders drop EXIF anyway (§7 #30).
            warnings.filterwarnings("ignore", message=".*EXIF.*", category=UserWarning)
            size = bytes_end.header_size(path, fmt)
            if size and size[0] * size[1] > MAX_PIXELS:
                _add(
                    result,
                    "MEDIA_TOO_LARGE",
                    width=size[0],
                    height=size[1],
                    limit=MAX_PIXELS // 1_000_000,
                )
                return
            with Image.open(path, formats=["JPEG", "PNG"]) as image:
                width, height = image.size
                if not _dimensions_ok(width, height, result):
                    return
                frames = getattr(image, "n_frames", 1)
                if image.format == "MPO" or frames > 1:
                    _add(result, "MEDIA_MULTIFRAME", frames=frames)
                    return
                image.verify()
            with Image.open(path, formats=["JPEG", "PNG"]) as image:
                image.load()
                exif = _exif(image)
                _metadata(image, exif, result)
                orientation = exif.get(0x0112, 1) if exif else 1
                info.update(
                    width=width,
                    height=height,
                    mode=image.mode,
                    orientation=orientation,
                    icc=bool(image.info.get("icc_profile")),
                    format=image.format,
                )
                if orientation in (5, 6, 7, 8):
                    info.update(width=height, height=width)
    except Image.DecompressionBombError as exc:
        _add(
            result,
            "MEDIA_TOO_LARGE",
            width="?",
            height="?",
            limit=MAX_PIXELS // 1_000_000,
            detail=str(exc)[:100],
        )
        return
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        MemoryError,
        NotImplementedError,
        OverflowError,
        TypeError,
        Warning,
    ) as exc:
        _add(result, "MEDIA_CORRUPT", detail=_short(exc))
        return
    trailing = bytes_end.trailing_bytes(path, fmt)
    if trailing:
        _add(result, "MEDIA_TRAILING_DATA", count=trailing)


def _dimensions_ok(width: int, height: int, result: Result) -> bool:
    if width * height > MAX_PIXELS:
        _add(result, "MEDIA_TOO_LARGE", width=width, height=height, limit=MAX_PIXELS // 1_000_000)
        return False
    ratio = max(width, height) / max(1, min(width, height))
    if max(width, height) > MAX_SIDE or ratio > MAX_RATIO:
        reason = (
            _phrase("ratio", f"{ratio:.0f}:1") if ratio > MAX_RATIO else _phrase("side", MAX_SIDE)
        )
        _add(
            result, "MEDIA_DIMENSIONS", width=width, height=height, reason=reason, max_side=MAX_SIDE
        )
        return False
    return True


def _exif(image: Any) -> Any:
    """The EXIF block, or None when it cannot be read (the pixels may still be fine)."""
    try:
        exif = image.getexif()
        exif.get_ifd(0x8825)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, Warning):
        return None
    return exif


def _metadata(image: Any, exif: Any, result: Result) -> None:
    gps = exif.get_ifd(0x8825) if exif else None
    if gps:
        lat, lon = _degrees(gps.get(2), gps.get(1)), _degrees(gps.get(4), gps.get(3))
        _add(result, "MEDIA_HAS_GPS", "warning", lat=lat, lon=lon)
    comment = image.info.get("comment")
    if comment:
        text = comment.decode("utf-8", "replace") if isinstance(comment, bytes) else str(comment)
        _add(result, "MEDIA_HAS_COMMENT", "warning", text=text[:60])
    text_keys = sorted(getattr(image, "text", {}) or {})
    if text_keys:
        _add(result, "MEDIA_HAS_TEXT_METADATA", "warning", keys=", ".join(text_keys)[:80])


def _degrees(value: Any, ref: Any) -> str:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return "?"
    sign = -1 if str(ref).upper() in ("S", "W") else 1
    return f"{sign * (d + m / 60 + s / 3600):.4f}"


def _probe_video(path: Path, result: Result) -> None:
    import av

    info = result["info"]
    size = path.stat().st_size
    try:
        with av.open(str(path), format="mov") as container:
            videos = [s for s in container.streams.video if not int(s.disposition) & _ATTACHED_PIC]
            audios = list(container.streams.audio)
            extra = len(container.streams.subtitles) + len(container.streams.attachments)
            others = len(container.streams) - len(videos) - len(audios)
            if not videos:
                _add(result, "VIDEO_NO_VIDEO")
                return
            if len(videos) > 1 or len(audios) > 1 or extra:
                _add(
                    result,
                    "VIDEO_STREAMS",
                    detail=_phrase(
                        "streams", f"{len(videos)} video, {len(audios)} audio, {extra} subtitle"
                    ),
                )
                return
            stream = videos[0]
            ctx = stream.codec_context
            fps = float(stream.average_rate or stream.guessed_rate or 0)
            duration = (container.duration or 0) / 1_000_000
            frame = next(container.decode(video=0))
            info.update(
                codec=ctx.name,
                profile=stream.profile,
                pix_fmt=ctx.pix_fmt,
                width=stream.width,
                height=stream.height,
                fps=round(fps, 3),
                duration=round(duration, 3),
                rotation=int(frame.rotation or 0),
                bytes=size,
                other_streams=others,
                audio=_audio(audios[0]) if audios else None,
            )
    except (av.FFmpegError, StopIteration, OSError, ValueError, IndexError) as exc:
        _add(result, "VIDEO_CORRUPT", detail=_short(exc))
        return
    _video_limits(info, result)


def _audio(stream: Any) -> dict[str, object]:
    ctx = stream.codec_context
    return {
        "codec": ctx.name,
        "profile": stream.profile,
        "sample_rate": stream.sample_rate,
        "channels": stream.channels,
    }


def _video_limits(info: dict[str, Any], result: Result) -> None:
    if info["codec"] not in ("h264", "hevc"):
        _add(result, "VIDEO_CODEC", codec=info["codec"])
    seconds = float(info["duration"])
    span = _phrase("duration_span", (VIDEO_MIN_S, VIDEO_MAX_S / 60))
    checks = (
        (seconds < VIDEO_MIN_S, _phrase("duration", seconds), span),
        (seconds > VIDEO_MAX_S, _phrase("duration", seconds), span),
        (info["fps"] > VIDEO_MAX_FPS, f"{info['fps']:g} fps", "30 / 60 fps"),
        (
            max(info["width"], info["height"]) > VIDEO_MAX_SIDE,
            f"{info['width']}×{info['height']} px",
            f"≤ {VIDEO_MAX_SIDE} px",
        ),
        (info["bytes"] > VIDEO_MAX_BYTES, f"{info['bytes'] / 2**20:.0f} MB", "≤ 1 GB"),
    )
    for failed, detail, limit in checks:
        if failed:
            _add(result, "VIDEO_LIMITS", detail=detail, limit=limit)


def _phrase(key: str, arg: object = "") -> list[object]:
    """A translated piece of a message, in a JSON-safe form (see `messages.Phrase`)."""
    return ["@phrase", key, arg]


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:120]
