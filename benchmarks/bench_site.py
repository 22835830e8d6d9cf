"""Benchmark the site build on N generated posts: MkDocs cold, MkDocs `--dirty` after one post
changes, and (when installed) Zensical on the same mkdocs.yml. Run by hand; see docs/speed.md.

    python benchmarks/bench_site.py [--posts 1000] [--zensical PATH_TO_ZENSICAL]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "padi",
    "benih",
    "petani",
    "lahan",
    "panen",
    "pupuk",
    "standar",
    "penyuluh",
    "irigasi",
    "varietas",
    "hama",
    "musim",
    "kelompok",
    "tani",
    "mutu",
    "gabah",
    "kebun",
]


def generate(root: Path, posts: int) -> None:
    rng = random.Random(7)
    shutil.copytree(
        ROOT / "content",
        root / "content",
        ignore=shutil.ignore_patterns("posts", "*.jpg", "*.png", "*.mp4"),
    )
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copy(ROOT / "office.yml", root / "office.yml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("pipeline/website/hooks.py", str(ROOT / "pipeline/website/hooks.py"))
    )
    for n in range(posts):
        month = 1 + n % 12
        folder = root / "content/posts" / "2026" / f"{month:02d}" / f"kegiatan-{n:04d}"
        folder.mkdir(parents=True)
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(70)).capitalize() + "." for _ in range(6)
        )
        (folder / "index.md").write_text(
            f"---\ntitle: Kegiatan nomor {n}\ndate: 2026-{month:02d}-{1 + n % 28:02d}\n"
            f"authors: [humas]\ncategories: [{rng.choice(['Kegiatan', 'Pengumuman'])}]\n"
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n---\n\n"
            f"# Kegiatan nomor {n}\n\n{body[:400]}\n\n<!-- more -->\n\n## Hasil\n\n{body}\n",
            encoding="utf-8",
        )


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the command's own process tree."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    wrapped = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    start = time.perf_counter()
    done = subprocess.run(wrapped, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    peak = float(done.stderr.strip().splitlines()[-1]) / 1024 if wrapped is not command else 0.0
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--zensical", type=Path, default=None)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        generate(root, args.posts)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
        cold = timed(mkdocs, root)
        changed = next((root / "content/posts").rglob("index.md"))
        changed.write_text(changed.read_text(encoding="utf-8") + "\nPerubahan kecil.\n")
        dirty = timed([*mkdocs, "--dirty"], root)
        rows = [
            f"| mkdocs build, cold | {cold[0]:.1f} | {cold[1]:.0f} |",
            f"| mkdocs build --dirty, one post changed | {dirty[0]:.1f} | {dirty[1]:.0f} |",
        ]
        if args.zensical:
            shutil.rmtree(root / "site", ignore_errors=True)
            zen = timed([str(args.zensical), "build", "--clean"], root)
            rows.append(
                f"| zensical build --clean (no hooks: no media, no sanitiser) | "
                f"{zen[0]:.1f} | {zen[1]:.0f} |"
            )
        print(f"| {args.posts} posts | seconds | peak MB |\n|---|---|---|\n" + "\n".join(rows))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
