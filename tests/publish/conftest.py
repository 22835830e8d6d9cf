"""Shared pieces for the publishing tests: fast timing, in-memory checkpoints, a job maker."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from pipeline.publish.api import Api, Classify, Timing
from pipeline.publish.base import Job, Media, Secret
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from pipeline.render import handoff

FAST = Timing(
    connect_s=2.0,
    read_s=2.0,
    upload_s=2.0,
    attempts=4,
    backoff_s=0.001,
    backoff_cap_s=0.01,
    budget_s=5.0,
    poll_s=0.001,
    poll_timeout_s=3.0,
    container_poll_s=0.001,
    settle_s=0.0,
)


class MemoryMarks:
    """Checkpoints kept in a dict; `saved` lists every save in order."""

    def __init__(self, **initial: str) -> None:
        self.values: dict[str, str] = dict(initial)
        self.saved: list[tuple[str, str]] = []

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def save(self, name: str, value: str) -> None:
        self.values[name] = value
        self.saved.append((name, value))


def make_api(platform: str, token: str, classify: Classify | None, timing: Timing = FAST) -> Api:
    """An Api as the runner makes it, the platform's own "refused" codes included."""
    from pipeline.publish.all_platforms import PLATFORMS

    refused = getattr(PLATFORMS.get(platform), "refused", None)
    return Api(
        platform,
        token=Secret(token),
        classify=classify,
        timing=timing,
        sleep=_no_sleep,
        refused=refused,
    )


def _no_sleep(seconds: float) -> None:
    return None


def media_file(
    folder: Path,
    name: str,
    data: bytes,
    *,
    kind: str = "image",
    target: str = "photo",
    url_base: str = "https://site.example/media",
    alt: str = "",
    seconds: float | None = None,
) -> Media:
    path = folder / name
    path.write_bytes(data)
    return Media(
        **handoff.sniffed(path),  # what the build job records for it
        path=path,
        url=f"{url_base}/{name}",
        kind=kind,  # type: ignore[arg-type]
        target=target,
        alt=alt or f"alt {name}",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        seconds=seconds,
    )


def make_job(platform: str, *, text: str = "Panen raya padi #PanenRaya", **kw: object) -> Job:
    fields: dict[str, object] = {
        "post": "content/posts/2026/11/panen/index.md",
        "platform": platform,
        "account": "bpsipjabar",
        "title": "Panen raya padi",
        "text": text,
        "link": "https://site.example/2026/11/panen/",
        **kw,
    }
    return Job(**fields)  # type: ignore[arg-type]


@pytest.fixture
def marks() -> MemoryMarks:
    return MemoryMarks()


def git(where: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "HOME": str(where),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        ["git", "-C", str(where), *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare remote with one commit on main (what GitHub holds)."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(bare)], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(seed)], check=True)
    (seed / "README.md").write_text("seed\n")
    git(seed, "add", ".")
    git(seed, "commit", "--quiet", "-m", "seed")
    git(seed, "push", "--quiet", str(bare), "main")
    return bare


def clone(remote: Path, where: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(remote), str(where)], check=True)
    return where


DECODERS = ("PIL", "pyvips", "av", "imageio_ffmpeg", "cv2")
BLOCKED = "a media decoder in the publish job"


SNIFFED = "mediatype called in the publish job"
# Started from the folder below, a process parses no writer's media: the build job sniffed it.
NO_SNIFFING = f"""from pipeline.publish import mediatype


def _refuse(*args, **kwargs):
    raise AssertionError({SNIFFED!r})


for _name in ("sniff", "sniff_bytes", "gif_frames", "gif_frames_bytes"):
    setattr(mediatype, _name, _refuse)
"""


def decoder_blockers(folder: Path) -> Path:
    """A folder to put first on PYTHONPATH: importing any media decoder there fails, and
    every function of pipeline.publish.mediatype raises (its `sitecustomize`)."""
    for name in DECODERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / "__init__.py").write_text(
            f"raise ImportError({BLOCKED!r})\n", encoding="utf-8"
        )
    (folder / "sitecustomize.py").write_text(NO_SNIFFING, encoding="utf-8")
    return folder


def platform_env(
    graph: GraphStandIn, x: XStandIn, tiktok: TikTokStandIn, site_url: str
) -> dict[str, str]:
    """The accounts and stand-in addresses a publish process needs (fake tokens, loopback
    URLs, no waiting): what the production job's environment holds, pointed at the stand-ins."""
    return {
        **graph.env(),
        "FACEBOOK_PAGE_ID": graph.page_id,
        "FACEBOOK_PAGE_TOKEN": "page-token",
        "INSTAGRAM_USER_ID": graph.ig_user_id,
        "INSTAGRAM_TOKEN": "ig-token",
        "X_ACCESS_TOKEN": "x-access-token",
        "TIKTOK_ACCESS_TOKEN": "tt-access",
        "PIPELINE_X_URL": x.url,
        "PIPELINE_TIKTOK_URL": tiktok.url,
        "PIPELINE_SITE_URL": site_url,
        "PIPELINE_WAIT_SCALE": "0.001",
    }
