"""The photo slideshow: a title card and each photo, 9:16, H.264 + AAC, for TikTok and Reels."""

from __future__ import annotations

from pathlib import Path

import av

from pipeline.render import slideshow, verify
from pipeline.render.targets import VIDEO_TARGETS
from tests.conftest import photo


def test_slideshow_meets_tiktok_rules(tmp_path: Path) -> None:
    slides = [
        (photo(tmp_path / "a.jpg", (1600, 1200)), "photo", None),
        (photo(tmp_path / "b.jpg", (900, 1600)), "infographic", None),
    ]
    target = next(t for t in VIDEO_TARGETS if t.platform == "tiktok")
    made = slideshow.render(
        slides,
        "Panen raya",
        "Petani memanen padi bersama penyuluh.",
        "Balai Contoh",
        target,
        tmp_path / "s.mp4",
        tmp_path / "s.jpg",
    )
    assert verify.video(made.out, target, (1080, 1920)) == []
    with av.open(str(made.out)) as container:
        seconds = (container.duration or 0) / 1_000_000
        audio = container.streams.audio[0]
        assert 9.8 <= seconds <= 10.2  # a 3 s card and two 3.5 s photos
        assert (audio.codec_context.name, audio.sample_rate) == ("aac", 48000)
    assert made.cover.stat().st_size > 10_000
