"""Videos to platform variants with the ffmpeg binary from the imageio-ffmpeg wheel.

A source that already meets a target is remuxed (stream copy, faststart, metadata dropped):
about 170x realtime. Anything else is transcoded in one ffmpeg filter graph: H.264 High yuv420p,
closed GOP, AAC-LC 48 kHz stereo, frame rate clamped, cropped to fill when the shapes are close
or fitted on a blurred copy of itself when they are not, bitrate capped. Frames never pass
through Python (moviepy measured 3.2x slower for the same transcode, docs/speed.md §3).
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import imageio_ffmpeg

from pipeline.render.image import RenderProblem
from pipeline.render.targets import VideoTarget

CROP_TOLERANCE = 1.25  # crop to fill when the shapes differ by less; otherwise pad
FPS_DEFAULT = 30
FFMPEG_TIMEOUT_S = 3600


@dataclass(frozen=True, slots=True, kw_only=True)
class VideoJob:
    target: VideoTarget
    out: Path
    cover: Path
    captions: Path | None  # the post's .srt, if any
    trim: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class VideoOutput:
    out: Path
    cover: Path
    captions: Path | None
    width: int
    height: int
    bytes: int
    remuxed: bool
    trimmed: bool


def ffmpeg() -> str:
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def displayed(info: dict[str, Any]) -> tuple[int, int]:
    """Width and height as shown, with the rotation metadata applied."""
    width, height = int(info["width"]), int(info["height"])
    return (height, width) if int(info.get("rotation") or 0) % 180 else (width, height)


def size_for(target: VideoTarget, info: dict[str, Any]) -> tuple[int, int]:
    """The output size: fixed, or for X/website the landscape, portrait or square shape."""
    if not target.orientation_follows_source:
        return target.width, target.height
    width, height = displayed(info)
    long_side, short_side = target.width, target.height
    if 0.9 <= width / height <= 1.1:
        return short_side, short_side
    return (long_side, short_side) if width > height else (short_side, long_side)


def duration_ok(target: VideoTarget, info: dict[str, Any], trim: bool) -> None:
    """Raise RENDER_VIDEO_TOO_LONG / _SHORT unless the post allows trimming."""
    seconds = float(info["duration"])
    if seconds > target.max_s.value and not trim:
        raise RenderProblem(
            "RENDER_VIDEO_TOO_LONG", seconds=seconds, limit=float(target.max_s.value)
        )
    if target.min_s and seconds < target.min_s.value:
        raise RenderProblem(
            "RENDER_VIDEO_TOO_SHORT", seconds=seconds, limit=float(target.min_s.value)
        )


def compliant(target: VideoTarget, info: dict[str, Any], size: tuple[int, int], burn: bool) -> bool:
    """True when the source can be stream-copied as it is for this target."""
    audio = info.get("audio")
    seconds = max(float(info["duration"]), 0.001)
    kbps = info["bytes"] * 8 / seconds / 1000
    return (
        not burn
        and info["codec"] == "h264"
        and info.get("pix_fmt") in ("yuv420p", "yuvj420p")
        and int(info.get("rotation") or 0) == 0
        and (int(info["width"]), int(info["height"])) == size
        and float(info["fps"]) <= target.max_fps.value
        and (target.min_fps is None or float(info["fps"]) >= target.min_fps.value)
        and seconds <= target.max_s.value
        and kbps <= target.max_kbps * 1.1
        and (
            audio is None
            or (
                audio["codec"] == "aac"
                and audio.get("profile") == "LC"
                and audio["sample_rate"] == 48000
                and audio["channels"] <= 2
            )
        )
    )


def render(
    source: Path, job: VideoJob, info: dict[str, Any], done: dict[str, VideoOutput] | None = None
) -> VideoOutput:
    """Make one variant. `done` maps recipes already made in this run to their outputs: an
    Instagram Reel, an Instagram Story and a TikTok video of the same source are the same file,
    encoded once and copied."""
    target = job.target
    duration_ok(target, info, job.trim)
    size = size_for(target, info)
    burn = target.captions == "burn" and job.captions is not None
    trimmed = float(info["duration"]) > target.max_s.value
    remux = not trimmed and compliant(target, info, size, burn)
    job.out.parent.mkdir(parents=True, exist_ok=True)
    captions = _captions(job) if job.captions else None
    recipe = repr(
        (
            str(source),
            size,
            remux,
            burn,
            trimmed and target.max_s.value,
            _fps_for(target, info),
            target.max_kbps,
        )
    )
    if done is not None and recipe in done:
        earlier = done[recipe]
        shutil.copyfile(earlier.out, job.out)
        shutil.copyfile(earlier.cover, job.cover)
        return VideoOutput(
            out=job.out,
            cover=job.cover,
            captions=captions,
            width=size[0],
            height=size[1],
            bytes=earlier.bytes,
            remuxed=remux,
            trimmed=trimmed,
        )
    tmp = job.out.with_name(f".{job.out.name}.{os.getpid()}.part")
    args = (
        _remux(source) if remux else _transcode(source, job, info, size, captions if burn else None)
    )
    if trimmed:
        args += ["-t", f"{target.max_s.value:g}"]
    run_ffmpeg([*args, "-f", "mp4", str(tmp)])
    tmp.replace(job.out)
    cover_frame(job.out, job.cover, float(info["duration"]))
    made = VideoOutput(
        out=job.out,
        cover=job.cover,
        captions=captions,
        width=size[0],
        height=size[1],
        bytes=job.out.stat().st_size,
        remuxed=remux,
        trimmed=trimmed,
    )
    if done is not None:
        done[recipe] = made
    return made


def _fps_for(target: VideoTarget, info: dict[str, Any]) -> float:
    """The source's frame rate, or 30 when it is outside the target's range."""
    fps = float(info["fps"]) or FPS_DEFAULT
    if fps > target.max_fps.value or (target.min_fps and fps < target.min_fps.value):
        return FPS_DEFAULT
    return fps


_SAFE_INPUT = ["-nostdin", "-y", "-v", "error", "-protocol_whitelist", "file", "-f", "mov"]
CLEAN = [
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-movflags",
    "+faststart",
    "-fflags",
    "+bitexact",
]


def _remux(source: Path) -> list[str]:
    return [
        ffmpeg(),
        *_SAFE_INPUT,
        "-i",
        str(source.resolve()),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-c",
        "copy",
        *CLEAN,
    ]


def _transcode(
    source: Path, job: VideoJob, info: dict[str, Any], size: tuple[int, int], burn: Path | None
) -> list[str]:
    width, height = size
    target = job.target
    fps = _fps_for(target, info)
    src_w, src_h = displayed(info)
    ratio = (src_w / src_h) / (width / height)
    if max(ratio, 1 / ratio) < CROP_TOLERANCE:
        graph = (
            f"[0:v:0]scale={width}:{height}:force_original_aspect_ratio=increase:"
            f"flags=bicubic,crop={width}:{height}"
        )
    else:
        graph = (
            f"[0:v:0]split[a][b];[a]scale={width}:{height}:force_original_aspect_ratio="
            f"increase,crop={width}:{height},boxblur=20:2,eq=brightness=-0.08[bg];"
            f"[b]scale={width}:{height}:force_original_aspect_ratio=decrease:flags=bicubic"
            f"[fg];[bg][fg]overlay=(W-w)/2:(H-h)/2"
        )
    graph += f",fps={fps:g},setsar=1,format=yuv420p"
    if burn is not None:
        style = f"FontName=DejaVu Sans,FontSize={14 if height > width else 18},Outline=2"
        graph += f",subtitles=filename='{_escape(burn)}':force_style='{style}'"
    graph += "[v]"
    audio = ["-map", "0:a:0", *AAC] if info.get("audio") else ["-an"]
    return [
        ffmpeg(),
        *_SAFE_INPUT,
        "-i",
        str(source.resolve()),
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        *h264(fps, target.max_kbps),
        *audio,
        *CLEAN,
    ]


AAC = ["-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2"]


def h264(fps: float, kbps: int) -> list[str]:
    """x264 settings every platform accepts: High profile, closed GOP of 2 s, capped rate."""
    gop = str(max(1, math.ceil(fps * 2)))
    return [
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "high",
        "-crf",
        "21",
        "-maxrate",
        f"{kbps}k",
        "-bufsize",
        f"{kbps * 2}k",
        "-g",
        gop,
        "-keyint_min",
        gop,
        "-sc_threshold",
        "0",
        "-flags",
        "+cgop",
        "-flags:v",
        "+bitexact",
    ]


def _escape(path: Path) -> str:
    """A path as a value inside a filter graph option (ffmpeg-filters(1), quoting rules)."""
    return str(path.resolve()).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")


def _captions(job: VideoJob) -> Path:
    """The captions beside the output: SRT as given, or WebVTT for the website."""
    assert job.captions is not None  # noqa: S101 - only called with captions
    text = job.captions.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    if job.target.captions == "vtt":
        out = job.out.with_suffix(".vtt")
        cues = "\n".join(
            line.replace(",", ".") if "-->" in line else _cue_text(line)
            for line in text.split("\n")
        )
        out.write_text("WEBVTT\n\n" + cues.strip() + "\n", encoding="utf-8")
    else:
        out = job.out.with_suffix(".srt")
        out.write_text(text.strip() + "\n", encoding="utf-8")
    return out


_CUE_TAG = re.compile(r"&lt;(/?)([biu])&gt;")


def _cue_text(line: str) -> str:
    """A caption line as WebVTT cue text: '<' and '&' escaped (WebVTT, §4.2.2 "WebVTT cue text"
    allows &lt; &amp;), so nothing typed in the SRT becomes a tag; SRT's <b>, <i>, <u> stay."""
    return _CUE_TAG.sub(r"<\1\2>", html.escape(line, quote=False))


def cover_frame(video: Path, cover: Path, duration: float) -> None:
    """A JPEG cover frame from the rendered video, one second in (or halfway if shorter)."""
    at = min(1.0, duration / 2)
    tmp = cover.with_name(f".{cover.name}.{os.getpid()}.part")
    run_ffmpeg(
        [
            ffmpeg(),
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-ss",
            f"{at:.2f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-q:v",
            "3",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-f",
            "image2",
            "-c:v",
            "mjpeg",
            str(tmp),
        ]
    )
    tmp.replace(cover)


def run_ffmpeg(args: list[str]) -> None:
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=FFMPEG_TIMEOUT_S, check=False
    )
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[-200:] or f"exit {done.returncode}"
        raise RenderProblem("RENDER_FFMPEG", detail=detail)
