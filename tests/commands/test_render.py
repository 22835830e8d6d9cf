"""`pipeline render` end to end on a small repository: every platform, the cache, the preview."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from pipeline.commands import render
from tests.conftest import BASE_FRONT, photo, video, write_post

SOCIAL = (
    "social:\n  platforms: [facebook, instagram, x, tiktok]\n"
    # Plain text that HTML would misread (markup itself is refused by check, issue 12).
    "  caption: \"Panen 'raya' <5 > & syukuran\"\n"
)


def post_with_photos(repo: Path) -> Path:
    front = (
        BASE_FRONT.replace(
            "social:\n  platforms: [facebook]\n"
            '  caption: "Keterangan singkat untuk media sosial."\n',
            SOCIAL,
        )
        + '  - {file: kedua.jpg, kind: photo, alt: "Foto kedua"}\n'
    )
    folder = write_post(repo, "panen", front=front, with_photo=False)
    photo(folder / "foto.jpg", (1600, 1200))
    photo(folder / "kedua.jpg", (900, 1600))
    return folder


def run(repo: Path, *args: str, preview: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = render.run(list(args), jobs=2, preview=preview, out=out)
    return code, out.getvalue()


def outputs(repo: Path) -> list[str]:
    manifest = json.loads((repo / "build" / "media" / "manifest.json").read_text())
    return sorted(f for entry in manifest["entries"].values() for f in entry["files"])


def test_every_platform_and_a_rerun_that_renders_nothing(repo: Path) -> None:
    post_with_photos(repo)
    code, text = run(repo, preview=True)
    assert code == 0, text
    files = outputs(repo)
    base = "build/media/{}/2026/11/panen/"
    for platform, names in {
        "website": ["foto.og.jpg", "foto.w480.webp", "kedua.w1200.jpg"],
        "facebook": ["foto.photo.jpg", "kedua.photo.jpg"],
        "instagram": ["foto.feed.jpg", "kedua.feed.jpg", "foto.story.jpg"],
        "x": ["foto.photo.jpg"],
        "tiktok": ["foto.photo.jpg", "kedua.photo.jpg"],
    }.items():
        for name in names:
            assert base.format(platform) + name in files
    assert "kedua.story.jpg" not in " ".join(files)  # the story comes from the first item only
    assert "0 gagal" in text
    again_code, again = run(repo)
    assert again_code == 0 and "0 dibuat" in again and f"{len(files)} dari cache" in again


def test_changing_the_focus_renders_only_that_photo_again(repo: Path) -> None:
    folder = post_with_photos(repo)
    run(repo)
    index = folder / "index.md"
    index.write_text(
        index.read_text().replace('alt: "Foto kedua"', 'alt: "Foto kedua", focus: [0.5, 0.2]')
    )
    _, text = run(repo)
    assert "2 dibuat" in text  # kedua's crops only: the Instagram feed and TikTok photo


def test_preview_shows_escaped_caption_and_counts(repo: Path) -> None:
    post_with_photos(repo)
    run(repo, preview=True)
    page = (repo / "build" / "preview" / "index.html").read_text()
    assert "Panen &#x27;raya&#x27; &lt;5 &gt; &amp; syukuran" in page and "<5" not in page
    assert "<script" not in page
    summary = (repo / "build" / "preview" / "summary.md").read_text()
    assert "| Contoh tulisan | ✅" in summary and "28/280" in summary


def test_posts_with_errors_are_skipped(repo: Path) -> None:
    write_post(repo, "rusak", front=BASE_FRONT.replace("kind: photo", "kind: foto"))
    code, text = run(repo)
    assert code == 1 and "dilewati: content/posts/2026/11/rusak/index.md" in text


def test_a_video_post_gets_every_video_variant_and_a_card(repo: Path) -> None:
    folder = write_post(
        repo,
        "video",
        with_photo=False,
        front=(
            'title: Video\ndate: 2026-11-20\ncredit: "Video: Humas"\n'
            'social:\n  platforms: [x, tiktok]\n  caption: "Video kegiatan."\n'
            'media:\n  - {file: v.mp4, kind: video, alt: "Video", captions: v.srt}\n'
        ),
    )
    video(folder / "v.mp4", size="640x360", seconds=3.5)
    (folder / "v.srt").write_text("1\n00:00:00,000 --> 00:00:02,000\nHalo\n")
    code, text = run(repo)
    assert code == 0, text
    files = outputs(repo)
    for path in (
        "website/2026/11/video/v.web.mp4",
        "website/2026/11/video/v.web.vtt",
        "website/2026/11/video/v.og.jpg",
        "x/2026/11/video/v.video.mp4",
        "x/2026/11/video/v.video.srt",
        "tiktok/2026/11/video/v.video.mp4",
        "tiktok/2026/11/video/v.video.cover.jpg",
    ):
        assert f"build/media/{path}" in files


@pytest.mark.parametrize("lang", ["en"])
def test_english_summary(repo: Path, lang: str) -> None:
    post_with_photos(repo)
    out = io.StringIO()
    render.run([], jobs=1, lang=lang, out=out)
    assert "made" in out.getvalue() and "cached" in out.getvalue()


def test_slideshow_replaces_tiktok_photos(repo: Path) -> None:
    folder = post_with_photos(repo)
    index = folder / "index.md"
    index.write_text(index.read_text().replace("  caption:", "  slideshow: true\n  caption:", 1))
    code, text = run(repo)
    assert code == 0, text
    files = outputs(repo)
    assert "build/media/tiktok/2026/11/panen/slideshow.video.mp4" in files
    assert "build/media/instagram/2026/11/panen/slideshow.reel.mp4" in files
    assert not any(f.startswith("build/media/tiktok/2026/11/panen/foto") for f in files)


def test_the_cache_never_answers_for_an_output_that_is_not_there(repo: Path) -> None:
    """A moved post folder (git mv, a date fix): its variants are there at the new place;
    an output deleted or written over is made again, never reported as "from cache"."""
    folder = post_with_photos(repo)
    assert run(repo)[0] == 0
    moved = repo / "content/posts/2026/12/panen"
    moved.parent.mkdir(parents=True)
    folder.rename(moved)
    index = moved / "index.md"
    index.write_text(index.read_text().replace("2026-11-20", "2026-12-01"), encoding="utf-8")
    code, text = run(repo)
    assert code == 0, text
    files = outputs(repo)
    new = [f for f in files if "/2026/12/panen/" in f]
    assert new and all((repo / f).is_file() for f in new)
    assert (repo / "build/media/facebook/2026/12/panen/foto.photo.jpg").is_file()
    # gone, or not what was recorded: made again
    gone = repo / "build/media/x/2026/12/panen/foto.photo.jpg"
    gone.unlink()
    changed = repo / "build/media/facebook/2026/12/panen/kedua.photo.jpg"
    changed.write_bytes(b"\xff\xd8 not the rendered image")
    code, text = run(repo)
    assert code == 0, text
    assert gone.is_file() and changed.read_bytes()[:3] == b"\xff\xd8\xff"  # copied back
    for old in (repo / "build/media").glob("*/2026/11"):  # nothing left to copy from
        shutil.rmtree(old)
    gone.unlink()
    code, text = run(repo)
    assert code == 0 and "1 dibuat" in text, text
    assert gone.is_file()
