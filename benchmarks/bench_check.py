"""Benchmark `pipeline check` on many generated posts: a cold run (no probe cache) and a warm
run (cache filled, nothing changed). Run by hand (`make bench`); results go in docs/speed.md.

    python benchmarks/bench_check.py [--posts 1000] [--videos 20] [--keep DIR]

Each post has a unique 2000×1500 JPEG photo (about 0.5 MB) and a realistic front matter with
captions for four platforms; every 50th post also has a unique 640×360 video with captions.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent

FRONT = """\
---
title: Kegiatan nomor {n} di kebun percobaan
date: 2026-11-{day:02d}
authors: [humas]
categories: [Kegiatan]
tags: [padi, benih]
description: Ringkasan kegiatan nomor {n}.
credit: "Foto: Tim Humas"
social:
  platforms: [facebook, instagram, x{tiktok}]{choose}
  caption: "Tim Balai mendampingi petani pada kegiatan nomor {n}. Informasi lengkap di website."
  hashtags: [PertanianMaju, BSIP]
  x: {{caption: "Kegiatan nomor {n} bersama petani."{xmedia}}}
media:
  - {{file: foto.jpg, kind: photo, alt: "Petani dan penyuluh di lahan, kegiatan {n}"}}
{video}---

Tim Balai mendampingi kelompok tani pada kegiatan nomor {n}. Kegiatan ini membahas penerapan
standar benih padi, pengendalian hama terpadu, dan pencatatan hasil panen.

## Hasil kegiatan

Peserta mempraktikkan pengukuran kadar air gabah dan pengemasan benih sesuai standar.
Lihat juga [informasi layanan](https://pertanian.go.id/).
"""
CHOOSE = "\n  facebook: {media: [video.mp4]}\n  tiktok: {media: [video.mp4]}"
VIDEO_ITEM = '  - {file: video.mp4, kind: video, alt: "Video kegiatan", captions: video.srt}\n'


def generate(root: Path, posts: int, videos: int) -> None:
    base = Image.effect_noise((2000, 1500), 35).convert("RGB")
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    every = max(1, posts // videos) if videos else 0
    for n in range(posts):
        folder = root / "content" / "posts" / "2026" / "11" / f"kegiatan-{n:04d}"
        folder.mkdir(parents=True)
        with_video = bool(every) and n % every == 0
        (folder / "index.md").write_text(
            FRONT.format(
                n=n,
                day=1 + n % 28,
                tiktok=", tiktok" if with_video else "",
                choose=CHOOSE if with_video else "",
                xmedia=", media: [video.mp4]" if with_video else "",
                video=VIDEO_ITEM if with_video else "",
            ),
            encoding="utf-8",
        )
        image = base.copy()
        ImageDraw.Draw(image).rectangle((n % 1900, 10, n % 1900 + 90, 90), fill=(n % 256, 80, 40))
        image.save(folder / "foto.jpg", quality=88)
        if with_video:
            subprocess.run(
                [
                    ffmpeg,
                    "-v",
                    "error",
                    "-f",
                    "lavfi",
                    "-i",
                    f"testsrc2=s=640x360:d=3:r=30,drawbox=x={n % 600}:y=10:w=30:h=30",
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=d=3",
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-shortest",
                    str(folder / "video.mp4"),
                ],
                check=True,
            )
            (folder / "video.srt").write_text("1\n00:00:00,000 --> 00:00:02,500\nHalo\n")
        if n % 100 == 0:
            print(f"  dibuat {n}/{posts} tulisan", file=sys.stderr)


def timed_check(root: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS of the check and its children (MB), exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--format", "json"],
        cwd=root,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--videos", type=int, default=20)
    parser.add_argument("--keep", type=Path, default=None, help="generate into DIR and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        if not (root / "content").exists():
            print(f"Membuat {args.posts} tulisan di {root} ...", file=sys.stderr)
            generate(root, args.posts, args.videos)
        shutil.copy(ROOT / "office.yml", root / "office.yml")
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold = timed_check(root)
        warm = timed_check(root)
        print(
            f"| posts | cores | cold (s) | warm (s) | exit |\n|---|---|---|---|---|\n"
            f"| {args.posts} (+{args.videos} videos) | {os.cpu_count()} | {cold[0]:.1f} | "
            f"{warm[0]:.2f} | {cold[2]}/{warm[2]} |"
        )
        print(f"peak RSS of one check process: {warm[1]:.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
