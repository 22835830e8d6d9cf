"""A 9:16 slideshow video from a post's photos, for TikTok and Instagram Reels, when the post
asks for one (`social.slideshow: true`) and has no video of its own.

A title card with the caption (drawn with Pillow), then each photo with a gentle zoom or pan,
composed in one ffmpeg filter graph (`zoompan`, `concat`) with a silent AAC track. moviepy is
not used: its 2.2.1 release pins `pillow<12`, and it pushes every frame through Python
(3.2x slower than ffmpeg for the same work, docs/speed.md §3).
"""

from __future__ import annotations

import tempfile
import textwrap
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.render import image
from pipeline.render.targets import ImageTarget, VideoTarget
from pipeline.render.video import AAC, CLEAN, VideoOutput, cover_frame, ffmpeg, h264, run_ffmpeg

WIDTH, HEIGHT, FPS = 1080, 1920, 30
CARD_S, SLIDE_S = 3.0, 3.5
GREEN = (27, 94, 32)
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")


def render(
    slides: Sequence[tuple[Path, str, tuple[float, float] | None]],
    title: str,
    caption: str,
    office: str,
    target: VideoTarget,
    out: Path,
    cover: Path,
) -> VideoOutput:
    """`slides` are (source, kind, focus). Writes `out` (H.264 + AAC) and its cover."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="slideshow-") as tmp:
        folder = Path(tmp)
        frames = [_card(folder / "card.png", title, caption, office)]
        frame_target = ImageTarget(
            platform=target.platform,
            name="slide",
            width=WIDTH,
            height=HEIGHT,
            fit="cover",
            quality=92,
        )
        for number, (source, kind, focus) in enumerate(slides):
            job = image.ImageJob(target=frame_target, out=folder / f"{number}.jpg")
            image.render(image.load(source), job, kind=kind, focus=focus, background="blur")
            frames.append(job.out)
        args = [ffmpeg(), "-nostdin", "-y", "-v", "error"]
        for frame in frames:
            args += ["-i", str(frame)]
        args += ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]
        graph, total = _graph(len(frames))
        tmp_out = out.with_name(f".{out.name}.part")
        run_ffmpeg(
            [
                *args,
                "-filter_complex",
                graph,
                "-map",
                "[v]",
                "-map",
                f"{len(frames)}:a",
                "-t",
                f"{total:.2f}",
                *h264(FPS, target.max_kbps),
                "-pix_fmt",
                "yuv420p",
                *AAC,
                *CLEAN,
                "-f",
                "mp4",
                str(tmp_out),
            ]
        )
        tmp_out.replace(out)
    cover_frame(out, cover, CARD_S * 2)
    return VideoOutput(
        out=out,
        cover=cover,
        captions=None,
        width=WIDTH,
        height=HEIGHT,
        bytes=out.stat().st_size,
        remuxed=False,
        trimmed=False,
    )


def _graph(count: int) -> tuple[str, float]:
    """Card still, then each photo zooming in or panning, alternately; all concatenated."""
    parts, labels = [], []
    for index in range(count):
        seconds = CARD_S if index == 0 else SLIDE_S
        frames = round(seconds * FPS)
        if index == 0:
            motion = "z=1"
        elif index % 2:
            motion = "z='min(zoom+0.0009,1.10)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'"
        else:
            motion = f"z=1.10:x='(iw-iw/zoom)*on/{frames}':y='ih/2-(ih/zoom/2)'"
        parts.append(
            f"[{index}:v]scale={WIDTH * 2}:{HEIGHT * 2},setsar=1,"
            f"zoompan={motion}:d={frames}:s={WIDTH}x{HEIGHT}:fps={FPS},"
            f"format=yuv420p[s{index}]"
        )
        labels.append(f"[s{index}]")
    total = CARD_S + SLIDE_S * (count - 1)
    return ";".join(parts) + f";{''.join(labels)}concat=n={count}:v=1:a=0[v]", total


def _card(path: Path, title: str, caption: str, office: str) -> Path:
    """The opening card: the title, the start of the caption and the office, on green."""
    card = Image.new("RGB", (WIDTH, HEIGHT), GREEN)
    draw = ImageDraw.Draw(card)
    y = 420
    for text, size, bold, width in ((title, 72, True, 24), (caption, 44, False, 38)):
        face = _font(size, bold)
        for line in textwrap.wrap(text, width=width)[:8]:
            draw.text((90, y), line, font=face, fill=(255, 255, 255))
            y += int(size * 1.3)
        y += 60
    draw.text((90, HEIGHT - 220), office, font=_font(36, True), fill=(200, 230, 201))
    card.save(path)
    return path


def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (Path(folder) / name).is_file():
            return ImageFont.truetype(str(Path(folder) / name), size)
    return ImageFont.load_default(size=size)
