"""Rotating refresh tokens: refreshed once before anything is posted, the new one stored at
once as a GitHub environment secret (sealed, really unsealed by the stand-in), and the job
dying between "refreshed" and "stored" ends in a clear "re-authorise" on the next run, before
any side effect, never a silent lockout."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import Account, Config, Platforms
from pipeline.errors import PipelineError
from pipeline.publish import tokens
from pipeline.publish.base import Secret
from pipeline.publish.standins.github import GitHubStandIn
from pipeline.publish.standins.tiktok import TikTokStandIn
from tests.conftest import PROJECT

CONFIG = Config(platforms=Platforms(tiktok=Account(enabled=True, username="bpsipjabar")))


@pytest.fixture
def servers() -> Iterator[tuple[TikTokStandIn, GitHubStandIn]]:
    with TikTokStandIn() as tiktok, GitHubStandIn() as github:
        yield tiktok, github


def env_for(tiktok: TikTokStandIn, github: GitHubStandIn) -> dict[str, str]:
    return {
        "TIKTOK_REFRESH_TOKEN": "tt-refresh",
        "TIKTOK_CLIENT_KEY": "tt-client",
        "TIKTOK_CLIENT_SECRET": "tt-secret",
        "PIPELINE_TIKTOK_URL": tiktok.url,
        "PIPELINE_GITHUB_URL": github.url,
        "PIPELINE_SECRETS_TOKEN": "gh-token",
        "GITHUB_REPOSITORY": "bpsip-jabar/situs",
    }


def test_refresh_stores_the_rotated_token_as_an_environment_secret(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    tiktok, github = servers
    env = env_for(tiktok, github)
    out = io.StringIO()
    tokens.refresh_all(env, CONFIG, tmp_path, out)
    stored = github.secrets["TIKTOK_REFRESH_TOKEN"]
    assert stored != "tt-refresh" and stored == env["TIKTOK_REFRESH_TOKEN"]
    assert env["TIKTOK_ACCESS_TOKEN"] in tiktok.tokens
    assert stored not in out.getvalue() and "diperbarui dan disimpan" in out.getvalue()
    # The old refresh token is dead now: only the stored one works.
    with pytest.raises(PipelineError, match="Otorisasi ulang akun tiktok"):
        tokens.refresh_all({**env, "TIKTOK_REFRESH_TOKEN": "tt-refresh"}, CONFIG, tmp_path, out)


def test_dying_between_refresh_and_store_asks_to_reauthorise(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    tiktok, github = servers
    env = env_for(tiktok, github)
    script = (
        "import io, os, sys\n"
        "from pathlib import Path\n"
        "from pipeline.publish import tokens\n"
        "from tests.publish.test_tokens import CONFIG\n"
        "env = {k: v for k, v in os.environ.items()}\n"
        "tokens.refresh_all(env, CONFIG, Path('.'), io.StringIO())\n"
    )
    died = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            **env,
            "PYTHONPATH": str(PROJECT),
            "PIPELINE_KILL_AT": "tiktok:refreshed",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert died.returncode == 137, died.stderr
    assert github.secrets == {}  # refreshed at TikTok, never stored
    posts_before = len(tiktok.seen)
    with pytest.raises(PipelineError) as caught:
        tokens.refresh_all(dict(env), CONFIG, tmp_path, io.StringIO())
    message = str(caught.value)
    assert "tidak ada yang diunggah" in message and "Otorisasi ulang akun tiktok" in message
    assert "tt-refresh" not in message
    assert all("/post/" not in r.path for r in tiktok.seen[posts_before:])


def test_local_store_is_private_and_keeps_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    store = tokens.FileStore(path)
    store.put("A", Secret("1"))
    store.put("B", Secret("2"))
    store.put("A", Secret("3"))
    assert store.read() == {"A": "3", "B": "2"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_rejected_secret_write_stops_with_the_reason(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    tiktok, github = servers
    env = {**env_for(tiktok, github), "PIPELINE_SECRETS_TOKEN": "wrong"}
    with pytest.raises(PipelineError, match=r"tidak dapat disimpan \(HTTP 401\).*otorisasi ulang"):
        tokens.refresh_all(env, CONFIG, tmp_path, io.StringIO())
