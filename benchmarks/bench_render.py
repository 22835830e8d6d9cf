"""Benchmark `pipeline render` against its peers, in one run on the same inputs (by hand,
`make bench-render`; results go in docs/speed.md).

1. Photos: every image variant of one 12 MP photo (10 outputs, the set a post to all five
   channels needs) with our renderer, against pyvips (`thumbnail` with crop, per variant, from
   the file) and against one ffmpeg command line, at equal output sizes; SSIM on luma against
   a reference render (Pillow, exact crop and Lanczos resize, no JPEG step).
2. Video: a 30 s 1080p clip to the 1080×1920 TikTok variant with our renderer (probe, filter
   graph, cover frame, verification) against the same ffmpeg command alone; a compliant clip
   remuxed; realtime factors.
3. A no-change rerun of `pipeline render` over 100 posts.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyvips
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.media.probe import probe  # noqa: E402
from pipeline.render import image, video  # noqa: E402
from pipeline.render.targets import IMAGE_TARGETS, VIDEO_TARGETS  # noqa: E402


def median_time(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_photo(path: Path) -> None:
    """A 4000×3000 photo-like JPEG: sky and field gradients, shapes, texture, sensor noise."""
    base = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(base)
    for i in range(60):
        x, y = (i * 613) % 3800, 1400 + (i * 347) % 1500
        draw.ellipse((x, y, x + 160, y + 220), fill=(40 + i * 3 % 120, 90, 30))
    noise = Image.effect_noise((4000, 3000), 24).convert("RGB")
    Image.blend(base.filter(ImageFilter.SMOOTH), noise, 0.18).save(path, quality=90)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two luma images, 8×8 uniform windows (Wang et al. 2004 constants)."""
    a, b = a.astype(np.float64), b.astype(np.float64)

    def box(x: np.ndarray) -> np.ndarray:
        c = x.cumsum(0).cumsum(1)
        c = np.pad(c, ((1, 0), (1, 0)))
        return (c[8:, 8:] - c[:-8, 8:] - c[8:, :-8] + c[:-8, :-8]) / 64

    mu_a, mu_b = box(a), box(b)
    var_a, var_b = box(a * a) - mu_a**2, box(b * b) - mu_b**2
    cov = box(a * b) - mu_a * mu_b
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    value = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / (
        (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    )
    return float(value.mean())


def luma(data: bytes | Path) -> np.ndarray:
    with Image.open(io.BytesIO(data) if isinstance(data, bytes) else data) as im:
        return np.asarray(im.convert("L"))


def reference(source: Path, width: int, height: int, crop: bool) -> np.ndarray:
    with Image.open(source) as opened:
        im: Image.Image = opened.convert("RGB")
    if crop:
        ratio = width / height
        box_w = min(im.width, round(im.height * ratio))
        box_h = min(im.height, round(im.width / ratio))
        left, top = (im.width - box_w) // 2, (im.height - box_h) // 2
        im = im.crop((left, top, left + box_w, top + box_h))
    return np.asarray(im.resize((width, height), Image.Resampling.LANCZOS).convert("L"))


def photos(out: Path, runs: int) -> list[str]:
    source = out / "photo.jpg"
    make_photo(source)
    targets = [
        t
        for t in IMAGE_TARGETS
        if t.platform != "website" or t.name in ("w480", "w960", "w1600", "w1200", "og")
    ]
    jobs = [
        image.ImageJob(target=t, out=out / "ours" / f"{t.platform}-{t.name}.img") for t in targets
    ]

    def ours() -> list[image.ImageOutput]:
        decoded = image.load(source)
        return [image.render(decoded, j, kind="photo", focus=None, background="blur") for j in jobs]

    made = ours()
    dims = [(m.width, m.height) for m in made]
    crops = [t.fit != "scale" for t in targets]

    def vips() -> list[bytes]:
        results = []
        for t, (w, h), crop in zip(targets, dims, crops, strict=True):
            thumb = pyvips.Image.thumbnail(
                str(source), w, height=h, crop="centre" if crop else "none", size="down"
            )
            results.append(
                thumb.webpsave_buffer(Q=t.quality, keep="none", effort=2)
                if t.format == "webp"
                else thumb.jpegsave_buffer(Q=t.quality, optimize_coding=True, keep="none")
            )
        return results

    ff_out = out / "ffmpeg"
    ff_out.mkdir(exist_ok=True)
    chains = ";".join(
        f"[s{i}]scale={w}:{h}:force_original_aspect_ratio={'increase' if c else 'decrease'}:"
        f"flags=lanczos{f',crop={w}:{h}' if c else ''}[o{i}]"
        for i, ((w, h), c) in enumerate(zip(dims, crops, strict=True))
    )
    graph = f"[0:v]split={len(dims)}" + "".join(f"[s{i}]" for i in range(len(dims))) + ";" + chains
    maps = [
        a
        for i in range(len(dims))
        for a in (
            "-map",
            f"[o{i}]",
            "-q:v",
            "3",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            str(ff_out / f"{i}.jpg"),
        )
    ]
    command = [
        video.ffmpeg(),
        "-v",
        "error",
        "-y",
        "-threads",
        "1",
        "-i",
        str(source),
        "-filter_complex",
        graph,
        *maps,
    ]

    t_ours = median_time(ours, runs)
    t_vips = median_time(vips, runs)
    t_ff = median_time(lambda: subprocess.run(command, check=True), runs)
    vips_bytes = vips()
    rows = []
    scores: dict[str, list[float]] = {"ours": [], "pyvips": [], "ffmpeg": []}
    for i, ((w, h), crop) in enumerate(zip(dims, crops, strict=True)):
        ref = reference(source, w, h, crop)
        for name, img in (
            ("ours", luma(made[i].out)),
            ("pyvips", luma(vips_bytes[i])),
            ("ffmpeg", luma(ff_out / f"{i}.jpg")),
        ):
            if img.shape == ref.shape:
                scores[name].append(ssim(img, ref))
    for name, seconds in (
        ("ours (pyvips, one decode)", t_ours),
        ("pyvips thumbnail per variant", t_vips),
        ("ffmpeg CLI, one process", t_ff),
    ):
        key = name.split()[0].strip("(")
        key = {"ours": "ours", "pyvips": "pyvips", "ffmpeg": "ffmpeg"}[key]
        mean = statistics.mean(scores[key]) if scores[key] else float("nan")
        rows.append(
            f"| {name} | {len(dims)} | {seconds * 1000:.0f} | {mean:.4f} "
            f"({len(scores[key])}/{len(dims)} sizes equal) |"
        )
    return [
        "| photo: 12 MP, all variants | outputs | median ms | mean SSIM-Y vs reference |",
        "|---|---|---|---|",
        *rows,
    ]


def videos(out: Path, runs: int) -> list[str]:
    ff = video.ffmpeg()
    clip = out / "clip.mp4"
    vertical = out / "vertical.mp4"
    common = [
        "-f",
        "lavfi",
        "-i",
        "sine=f=440:d=30",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-b:v",
        "15M",
        "-pix_fmt",
        "yuv420p",
        "-profile:v",
        "high",
        "-c:a",
        "aac",
        "-ar",
        "48000",
        "-ac",
        "2",
        "-shortest",
        "-movflags",
        "+faststart",
    ]
    subprocess.run(
        [
            ff,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=1920x1080:r=30:d=30,noise=alls=5:allf=t",
            *common,
            str(clip),
        ],
        check=True,
    )
    subprocess.run(
        [
            ff,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=1080x1920:r=30:d=30,noise=alls=5:allf=t",
            *common[:8],
            "-b:v",
            "6M",
            *common[10:],
            str(vertical),
        ],
        check=True,
    )
    tiktok = next(t for t in VIDEO_TARGETS if t.platform == "tiktok")
    reel = next(t for t in VIDEO_TARGETS if t.platform == "facebook")
    info = probe(clip, "video")["info"]
    job = video.VideoJob(
        target=tiktok, out=out / "ours.mp4", cover=out / "ours.jpg", captions=None, trim=False
    )

    def ours() -> None:
        from pipeline.render import verify

        live = probe(clip, "video")["info"]
        made = video.render(clip, job, live)
        verify.video(made.out, tiktok, (made.width, made.height))

    plain = [
        *video._transcode(clip, job, info, (1080, 1920), None),
        "-f",
        "mp4",
        str(out / "plain.mp4"),
    ]
    t_ours = median_time(ours, runs)
    t_plain = median_time(lambda: subprocess.run(plain, check=True), runs)
    remux_job = video.VideoJob(
        target=reel, out=out / "remux.mp4", cover=out / "remux.jpg", captions=None, trim=False
    )
    vinfo = probe(vertical, "video")["info"]
    t_remux = median_time(lambda: video.render(vertical, remux_job, vinfo), runs)
    assert video.compliant(reel, vinfo, (1080, 1920), burn=False)
    return [
        "| video: 30 s clip | median s | realtime | vs plain ffmpeg |",
        "|---|---|---|---|",
        f"| ours: 1080p → 1080×1920 TikTok (probe, transcode, cover, verify) | {t_ours:.1f} "
        f"| {30 / t_ours:.2f}x | {t_ours / t_plain:.2f} |",
        f"| plain ffmpeg, same filter graph and encoder settings | {t_plain:.1f} | "
        f"{30 / t_plain:.2f}x | 1.00 |",
        f"| ours: compliant 1080×1920 clip, Facebook Reel (remux + cover) | {t_remux:.2f} | "
        f"{30 / t_remux:.0f}x | |",
    ]


def rerun(out: Path) -> list[str]:
    content = out / "site" / "content" / "posts" / "2026" / "11"
    base = Image.effect_noise((1600, 1200), 30).convert("RGB")
    for n in range(100):
        folder = content / f"kegiatan-{n:03d}"
        folder.mkdir(parents=True)
        base.rotate(n % 7).save(folder / "foto.jpg", quality=85)
        (folder / "index.md").write_text(
            f'---\ntitle: Kegiatan {n}\ndate: 2026-11-20\ncredit: "Foto: Humas"\n'
            'social:\n  platforms: [facebook, instagram, x]\n  caption: "Kegiatan."\n'
            'media:\n  - {file: foto.jpg, kind: photo, alt: "Kegiatan"}\n---\n\nNarasi.\n',
            encoding="utf-8",
        )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "render"]
    start = time.perf_counter()
    subprocess.run(command, cwd=out / "site", env=env, check=True, capture_output=True)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=out / "site", env=env, check=True, capture_output=True, text=True
    )
    warm = time.perf_counter() - start
    assert " 0 dibuat" in done.stdout, done.stdout
    return [
        "| 100 posts, 1 photo each, 3 platforms | first render s | no-change rerun s |",
        "|---|---|---|",
        f"| 900 variants | {cold:.1f} | {warm:.2f} |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    pyvips.concurrency_set(1)  # one thread per process for every method, as perf-baselines
    try:
        for part in (photos(out, args.runs), videos(out, args.runs), rerun(out)):
            print("\n".join(part), end="\n\n", flush=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
