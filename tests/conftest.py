"""Shared fixtures: a temporary repository with posts, media made on the fly, golden files."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import pytest
from PIL import Image

from pipeline.commands import check

GOLDEN = Path(__file__).parent / "golden"

BASE_FRONT = """\
title: Contoh tulisan
date: 2026-11-20
authors: [humas]
credit: "Foto: Tim Humas"
social:
  platforms: [facebook]
  caption: "Keterangan singkat untuk media sosial."
media:
  - {file: foto.jpg, kind: photo, alt: "Petani di sawah"}
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/* from the current output",
    )


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test is a local run unless it says otherwise: when the suite itself runs in
    GitHub Actions, the runner's GITHUB_ACTIONS and RUNNER_TEMP would make the token store
    demand PIPELINE_SECRETS_TOKEN (pipeline/publish/secretstore.py)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("RUNNER_TEMP", raising=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden(name, text): compare with tests/golden/<name>, or rewrite it with --update-golden."""

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == text, f"golden {name} differs"

    return compare


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository root (the current directory for the test)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "posts").mkdir(parents=True)
    return tmp_path


def photo(path: Path, size: tuple[int, int] = (800, 600), **save: Any) -> Path:
    """A small noisy RGB photo (noise keeps JPEG sizes realistic)."""
    image = Image.effect_noise(size, 40).convert("RGB")
    image.save(path, **save)
    return path


def video(
    path: Path,
    *,
    size: str = "320x240",
    seconds: float = 2,
    fps: int = 30,
    extra: tuple[str, ...] = (),
) -> Path:
    """A tiny H.264 + AAC MP4 made by the real ffmpeg binary."""
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run(
        [
            ffmpeg,
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=s={size}:d={seconds}:r={fps}",
            "-f",
            "lavfi",
            "-i",
            f"sine=d={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            *extra,
            str(path),
        ],
        check=True,
    )
    return path


def rotated_video(folder: Path, degrees: int = 90) -> Path:
    """A 640×360 clip carrying display-rotation metadata, as phones record portrait video."""
    plain = video(folder / "plain.mp4", size="640x360", seconds=1.5)
    rotated = folder / "rotated.mp4"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-display_rotation",
            str(degrees),
            "-i",
            str(plain),
            "-c",
            "copy",
            str(rotated),
        ],
        check=True,
    )
    return rotated


def write_post(
    root: Path,
    slug: str = "contoh",
    front: str = BASE_FRONT,
    body: str = "Narasi kegiatan dalam beberapa kalimat.\n",
    with_photo: bool = True,
) -> Path:
    folder = root / "content" / "posts" / "2026" / "11" / slug
    folder.mkdir(parents=True, exist_ok=True)
    if any(row.startswith("id:") for row in front.splitlines()):
        text = f"---\n{front}---\n\n{body}"
    else:  # every post has an id; it takes the blank line's place, so body lines stay put
        text = f"---\n{front}id: test-{slug}\n---\n{body}"
    (folder / "index.md").write_text(text, encoding="utf-8")
    if with_photo:
        photo(folder / "foto.jpg")
    return folder


def run_check(*paths: str, lang: str = "id") -> tuple[int, dict[str, Any]]:
    """`pipeline check --format json` in-process, as CI runs it."""
    out = io.StringIO()
    code = check.run(list(paths), fmt="json", lang=lang, jobs=2, out=out)
    return code, json.loads(out.getvalue())


def codes(report: dict[str, Any]) -> list[str]:
    return [p["code"] for post in report["posts"] for p in post["problems"]]


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """content/ and office.yml copied without media, then the sample media generated once for
    the whole session (as a newcomer's `make run` does): (root, what the script printed)."""
    root = tmp_path_factory.mktemp("sample")
    project = Path(__file__).parent.parent
    media = shutil.ignore_patterns("*.jpg", "*.jpeg", "*.png", "*.mp4", ".*.part")
    shutil.copytree(project / "content", root / "content", ignore=media)
    shutil.copy(project / "office.yml", root / "office.yml")
    env = {**os.environ, "PYTHONPATH": str(project)}
    script = project / "scripts" / "make_sample_media.py"
    done = subprocess.run(
        [sys.executable, str(script), "--root", str(root / "content")],
        env=env,
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    _adopt(root / "content")
    return root, done.stdout


def _adopt(content: Path) -> None:
    """The tests' copy of the samples, with their `sample: true` line removed: the same posts
    as an office's own, so the production publishing path (refused for samples) can run on
    them against the stand-ins. tests/commands/test_samples.py runs the marked samples."""
    for index in content.glob("posts/**/index.md"):
        text = index.read_text(encoding="utf-8")
        kept = [line for line in text.split("\n") if not line.startswith("sample: true")]
        index.write_text("\n".join(kept), encoding="utf-8")


# The build's clock is pinned: the sample's scheduled post (2026-12-01 09:00 WIB) is not out yet.
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "PIPELINE_NOW": "2026-11-25T12:00:00+07:00"}
PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def sample_site(sample_content: Path) -> Path:
    from pipeline.commands import render

    shutil.copytree(PROJECT / "overrides", sample_content / "overrides", dirs_exist_ok=True)
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = str(PROJECT / "pipeline" / "website" / "hooks.py")
    (sample_content / "mkdocs.yml").write_text(config.replace("pipeline/website/hooks.py", hooks))
    cwd = Path.cwd()
    os.chdir(sample_content)
    try:
        assert render.run([], jobs=2, out=io.StringIO()) == 0
        _sample_report(sample_content.parent / "report-log")
    finally:
        os.chdir(cwd)
    return build_site(sample_content)


def mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `root` with the pinned clock, as it ended (output kept)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **BUILD_ENV},
        check=False,
    )


def build_site(root: Path) -> Path:
    """`mkdocs build --strict` in `root` with the pinned clock; the built site."""
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    return root / "site"


def _sample_report(logs: Path) -> None:
    """A monthly report page in the sample site, from the report tests' generated month (its
    logs kept apart, so the sample's own log stays empty), for the browser to look at."""
    from pipeline.commands import report
    from pipeline.inbox import records as inbox
    from pipeline.publish import records
    from tests.report.conftest import MONTH, month_log

    log = month_log()
    records.append(logs, log.uploads)
    inbox.append(logs, log.inbox)
    assert report.run(MONTH, out=io.StringIO(), records=logs) == 0


@pytest.fixture(scope="session")
def sample_content(sample_run: tuple[Path, str]) -> Path:
    return sample_run[0]
