"""Video variants measured with PyAV: codec, profile, size, fps, audio, faststart, captions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import av
import pytest

from pipeline.media.probe import probe
from pipeline.render import verify, video
from pipeline.render.image import RenderProblem
from pipeline.render.targets import VIDEO_TARGETS, VideoTarget
from tests.conftest import rotated_video
from tests.conftest import video as make_video

SRT = "1\n00:00:00,000 --> 00:00:02,000\nPanen raya\n\n2\n00:00:02,000 --> 00:00:03,500\nSelesai\n"


def target(platform: str, name: str) -> VideoTarget:
    return next(t for t in VIDEO_TARGETS if t.platform == platform and t.name == name)


def info_of(path: Path) -> dict[str, Any]:
    result = probe(path, "video")
    assert result["problems"] == []
    return dict(result["info"])


def render(
    source: Path, t: VideoTarget, tmp_path: Path, captions: Path | None = None, trim: bool = False
) -> video.VideoOutput:
    job = video.VideoJob(
        target=t,
        out=tmp_path / f"{t.platform}.{t.name}.mp4",
        cover=tmp_path / f"{t.platform}.{t.name}.cover.jpg",
        captions=captions,
        trim=trim,
    )
    result = video.render(source, job, info_of(source))
    assert verify.video(result.out, t, (result.width, result.height)) == []
    return result


def streams(path: Path) -> tuple[Any, ...]:
    with av.open(str(path)) as container:
        v = container.streams.video[0]
        a = container.streams.audio[0] if container.streams.audio else None
        return (
            v.codec_context.name,
            v.profile,
            v.width,
            v.height,
            round(float(v.average_rate or 0)),
            a.codec_context.name if a else None,
            a.sample_rate if a else None,
            dict(container.metadata),
        )


def test_landscape_to_vertical_reel_is_transcoded(tmp_path: Path) -> None:
    source = make_video(tmp_path / "src.mp4", size="640x360", seconds=3.5, fps=50)
    (tmp_path / "src.srt").write_text(SRT, encoding="utf-8")
    result = render(source, target("tiktok", "video"), tmp_path, captions=tmp_path / "src.srt")
    codec, profile, width, height, fps, audio, rate, meta = streams(result.out)
    assert (codec, profile, width, height, fps, audio, rate) == (
        "h264",
        "High",
        1080,
        1920,
        50,
        "aac",
        48000,
    )
    assert not result.remuxed and result.cover.stat().st_size > 0
    assert "encoder" not in meta  # metadata stripped


def test_compliant_source_is_remuxed(tmp_path: Path) -> None:
    source = make_video(
        tmp_path / "ok.mp4",
        size="1080x1920",
        seconds=3.2,
        extra=(
            "-preset",
            "veryfast",
            "-crf",
            "32",
            "-profile:v",
            "high",
            "-ar",
            "48000",
            "-ac",
            "2",
        ),
    )
    result = render(source, target("facebook", "reel"), tmp_path)
    assert result.remuxed
    assert streams(result.out)[:4] == ("h264", "High", 1080, 1920)


def test_rotated_portrait_comes_out_upright_for_x(tmp_path: Path) -> None:
    rotated = rotated_video(tmp_path)
    result = render(rotated, target("x", "video"), tmp_path)
    assert (result.width, result.height) == (720, 1280) and not result.remuxed


def test_website_gets_webvtt_captions(tmp_path: Path) -> None:
    source = make_video(tmp_path / "src.mp4", size="640x360", seconds=1.5)
    (tmp_path / "src.srt").write_text(SRT, encoding="utf-8")
    result = render(source, target("website", "web"), tmp_path, captions=tmp_path / "src.srt")
    assert result.captions is not None
    text = result.captions.read_text()
    assert text.startswith("WEBVTT\n") and "00:00:00.000 --> 00:00:02.000" in text


def test_too_long_for_x_is_an_error_unless_trimmed(tmp_path: Path) -> None:
    source = make_video(tmp_path / "long.mp4", size="320x240", seconds=4)
    short_x = replace(target("x", "video"), max_s=replace(target("x", "video").max_s, value=2))
    job = video.VideoJob(
        target=short_x, out=tmp_path / "x.mp4", cover=tmp_path / "x.jpg", captions=None, trim=False
    )
    with pytest.raises(RenderProblem) as caught:
        video.render(source, job, info_of(source))
    assert caught.value.code == "RENDER_VIDEO_TOO_LONG" and caught.value.params["limit"] == 2
    result = video.render(source, replace(job, trim=True), info_of(source))
    assert result.trimmed and 1.9 < info_of(result.out)["duration"] <= 2.1


def test_real_x_limit_is_140_seconds() -> None:
    info = {"duration": 141.0}
    with pytest.raises(RenderProblem):
        video.duration_ok(target("x", "video"), info, trim=False)
    video.duration_ok(target("x", "video"), info, trim=True)
    with pytest.raises(RenderProblem):
        video.duration_ok(target("facebook", "reel"), {"duration": 2.0}, trim=False)


def test_caption_text_becomes_webvtt_text_not_tags() -> None:
    from pipeline.render.video import _cue_text

    line = "<i>Petani</i> & <script>alert(1)</script> <font color=red>x</font>"
    assert _cue_text(line) == (
        "<i>Petani</i> &amp; &lt;script&gt;alert(1)&lt;/script&gt; "
        "&lt;font color=red&gt;x&lt;/font&gt;"
    )
