"""scripts/make_sample_media.py: every file the sample posts name is made, with the shape the
posts promise (a phone photo on its side with GPS, 12 MP photos, H.264/AAC videos), and a
second run makes nothing.

The script runs once for the module, as a writer runs it, on a copy of content/ without any
media (a developer's content/ may already hold them; CI's never does).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import av
import pytest
import yaml
from PIL import Image, ImageOps

from pipeline.samples import SAMPLE_POSTS

PROJECT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT / "scripts" / "make_sample_media.py"
POSTS = "content/posts/2026/11"
MiB = 1 << 20
MADE = re.compile(r"^dibuat: (\S+) \((\d+)×(\d+), .*MB.*\)$")


@dataclass(frozen=True)
class Run:
    root: Path  # holds content/
    out: str


@pytest.fixture(scope="module")
def generated(sample_run: tuple[Path, str]) -> Run:
    """The session's one generation (tests/conftest.py), shared with the sample-check test."""
    return Run(*sample_run)


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_media", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def front_matter(index: Path) -> dict[str, Any]:
    text = index.read_text(encoding="utf-8")
    _, head, _ = text.split("---\n", 2)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data


def srt_end(path: Path) -> float:
    """The end of the last cue, in seconds."""
    ends = re.findall(r"--> (\d+):(\d+):(\d+)[,.](\d+)", path.read_text(encoding="utf-8"))
    assert ends, f"{path.name}: no cue"
    h, m, s, ms = (int(x) for x in ends[-1])
    return h * 3600 + m * 60 + s + ms / 1000


def top_level_boxes(path: Path) -> list[str]:
    """The types of an MP4 file's top-level boxes, in file order."""
    data = path.read_bytes()
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        boxes.append(data[offset + 4 : offset + 8].decode("latin-1"))
        if size == 1:  # 64-bit size follows the type
            size = int.from_bytes(data[offset + 8 : offset + 16], "big")
        if size < 8:
            break
        offset += size
    return boxes


def test_every_referenced_file_exists(generated: Run) -> None:
    posts = sorted((generated.root / "content" / "posts").rglob("index.md"))
    assert len(posts) >= 6
    named = 0
    for index in posts:
        for item in front_matter(index).get("media") or []:
            for key in ("file", "captions"):
                if key in item:
                    named += 1
                    path = index.parent / item[key]
                    assert path.is_file() and path.stat().st_size > 0, path
    assert named >= 11  # 9 media files and 2 caption files
    made = [MADE.match(line) for line in generated.out.splitlines() if line.startswith("dibuat:")]
    assert len(made) == 9 and all(made), generated.out  # one line per file made
    assert generated.out.splitlines()[-1].startswith("selesai: 9 file dibuat")


def test_phone_photo_is_stored_on_its_side_with_gps(generated: Run) -> None:
    path = generated.root / POSTS / "panen-raya-padi-inpari-32" / "panen-2.jpg"
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (4032, 3024)
        exif = image.getexif()
        assert exif[0x0112] == 6  # Orientation: rotate 90° clockwise to view
        assert exif[0x010F] and exif[0x0110]  # Make, Model
        gps = exif.get_ifd(0x8825)
        assert gps[1] == "S" and gps[3] == "E"
        lat = sum(float(v) / 60**i for i, v in enumerate(gps[2]))
        lon = sum(float(v) / 60**i for i, v in enumerate(gps[4]))
        assert -11 < -lat < 6 and 95 < lon < 141  # inside Indonesia
        assert ImageOps.exif_transpose(image).size == (3024, 4032)


def test_photos_have_real_sizes(generated: Run) -> None:
    landscape = generated.root / POSTS / "panen-raya-padi-inpari-32" / "panen-1.jpg"
    with Image.open(landscape) as image:
        assert image.size == (4000, 3000) and image.getexif().get(0x0112, 1) == 1
        assert not image.getexif().get_ifd(0x8825)  # only the phone photo carries a location
    assert 1 * MiB < landscape.stat().st_size < 4 * MiB
    for path in sorted((generated.root / POSTS / "bimtek-gap-hortikultura-lembang").glob("*.jpg")):
        with Image.open(path) as image:
            assert image.size == (2400, 1600), path.name
        assert path.stat().st_size > 400_000, path.name  # a photo, not a flat colour


def test_infographic(generated: Run) -> None:
    path = generated.root / POSTS / "infografis-sni-benih-padi" / "infografis-sni-benih-padi.png"
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (2160, 2700)
        assert not getattr(image, "text", {})  # no metadata chunks for the checker to flag
        assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50  # text and a chart


@pytest.mark.parametrize(
    ("folder", "name", "size"),
    [
        ("video-demplot-jajar-legowo", "demplot-jajar-legowo", (1920, 1080)),
        ("tips-simpan-benih-padi", "tips-simpan-benih", (1080, 1920)),
    ],
)
def test_videos(generated: Run, folder: str, name: str, size: tuple[int, int]) -> None:
    path = generated.root / POSTS / folder / f"{name}.mp4"
    with av.open(str(path)) as container:
        (video,) = container.streams.video
        (audio,) = container.streams.audio
        assert (video.width, video.height) == size
        assert video.codec_context.name == "h264" and video.profile == "High"
        assert video.codec_context.pix_fmt == "yuv420p"
        assert float(video.average_rate or 0) == pytest.approx(30, abs=0.01)
        duration = (container.duration or 0) / 1_000_000
        assert 6 <= duration <= 8
        assert audio.codec_context.name == "aac" and audio.profile == "LC"
        assert audio.sample_rate == 48_000 and audio.channels == 2
    boxes = top_level_boxes(path)
    assert boxes.index("moov") < boxes.index("mdat")  # +faststart: the index comes first
    assert srt_end(path.with_name(f"{name}.id.srt")) <= duration


def test_second_run_makes_nothing(
    generated: Run, script: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "content"  # the session's media, with the repository's marked posts
    shutil.copytree(generated.root / "content", root, copy_function=os.link)
    for rel in SAMPLE_POSTS:
        (tmp_path / rel).unlink()
        shutil.copy(PROJECT / rel, tmp_path / rel)
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    assert script.main(["--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "dibuat:" not in out and "9 sudah ada" in out
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == before


def test_files_are_deterministic(generated: Run, script: ModuleType, tmp_path: Path) -> None:
    key = "posts/2026/11/bimtek-gap-hortikultura-lembang/pelatihan-3.jpg"
    again = tmp_path / "pelatihan-3.jpg"
    script.make(script.Job(key, again, script.MEDIA[key]))
    assert again.read_bytes() == (generated.root / "content" / key).read_bytes()


def test_unknown_reference_is_reported(
    tmp_path: Path, script: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "posts" / "2026" / "11" / "baru"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(
        "---\ntitle: Baru\nsample: true\nmedia:\n  - {file: foto-saya.jpg, kind: photo, alt: x}\n"
        "---\n\nIsi.\n",
        encoding="utf-8",
    )
    assert script.main(["--root", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "foto-saya.jpg" in captured.err and "dibuat:" not in captured.out
    assert not (folder / "foto-saya.jpg").exists()


def test_the_office_own_post_is_never_painted(
    tmp_path: Path, script: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sample folder edited into the office's own post (its `sample: true` line deleted)
    keeps the writer's missing photo missing: no generated stand-in is slipped in."""
    folder = tmp_path / "posts" / "2026" / "11" / "panen-raya-padi-inpari-32"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(
        "---\ntitle: Panen\nmedia:\n  - {file: panen-1.jpg, kind: photo, alt: x}\n---\n\nIsi.\n",
        encoding="utf-8",
    )
    assert script.main(["--root", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert not (folder / "panen-1.jpg").exists()
    assert "dibuat:" not in captured.out and captured.err == ""
