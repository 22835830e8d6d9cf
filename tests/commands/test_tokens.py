"""`pipeline tokens refresh` as its own workflow step: it alone holds the store's token
(PIPELINE_SECRETS_TOKEN); the next step (`pipeline inbox fetch --send`, which handles
commenters' text) runs without it, finds the new pair in the job's run cache and presents
nothing. A step without the store's token and without the pair never presents a refresh
token."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.publish import tokencache, tokens
from pipeline.publish.standins.github import GitHubStandIn
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from tests.commands.test_samples import cli
from tests.conftest import PROJECT
from tests.publish.test_tokens import inbox_env


def pipeline(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return cli(work, env, "pipeline", *args)


SPENDABLE = ("X_REFRESH_TOKEN", "X_CLIENT_SECRET", "TIKTOK_REFRESH_TOKEN", "TIKTOK_CLIENT_SECRET")


@pytest.mark.parametrize("step", ["as in the workflows", "with the refresh tokens"])
def test_the_tokens_step_refreshes_and_the_inbox_step_presents_nothing(
    tmp_path: Path, step: str
) -> None:
    """The workflows give the inbox step neither the store token nor the refresh tokens and
    client secrets: it takes the new access token from the job's cache. With the refresh
    tokens (an older workflow) it finds the pair by their chain."""
    work = tmp_path / "repo"
    (work / "content" / "posts").mkdir(parents=True)
    shutil.copy(PROJECT / "office.yml", work / "office.yml")
    (tmp_path / "runner-temp").mkdir()
    with (
        XStandIn(refresh_tokens=("x-refresh-token",), client_secret="x-secret") as x,  # noqa: S106
        TikTokStandIn() as tiktok,
        GitHubStandIn() as github,
    ):
        job = inbox_env(x, tiktok, github, tmp_path) | {
            "GITHUB_ACTIONS": "true",
            "PIPELINE_JOB_STARTED": str(int(time.time()) - 60),
            "PIPELINE_TOKEN_FILE": str(tmp_path / "home-tokens"),  # never used in Actions
            "X_CLIENT_SECRET": "x-secret",
        }
        tokens_step = pipeline(work, job, "tokens", "refresh")
        assert tokens_step.returncode == 0, tokens_step.stderr
        assert "x: token diperbarui dan disimpan" in tokens_step.stdout
        assert x.presented == ["x-refresh-token"] and tiktok.presented == ["tt-refresh"]
        # the later steps parse writers' and commenters' text: the cache they read holds the
        # new access tokens, never a refresh token
        cache = tokencache.path_for(job).read_text(encoding="utf-8")
        rotated = (github.secrets["X_REFRESH_TOKEN"], github.secrets["TIKTOK_REFRESH_TOKEN"])
        assert all(token not in cache for token in rotated)
        assert x.refreshed[-1] in cache and tiktok.issued[-1] in cache
        dropped = ("PIPELINE_SECRETS_TOKEN", *(SPENDABLE if step == "as in the workflows" else ()))
        without_store = {k: v for k, v in job.items() if k not in dropped}
        inbox_step = pipeline(work, without_store, "inbox", "fetch", "--send", "--no-push")
        assert inbox_step.returncode == 0, inbox_step.stderr
        assert x.presented == ["x-refresh-token"] and tiktok.presented == ["tt-refresh"]
        assert not x.family_revoked and github.secrets["X_REFRESH_TOKEN"] in x.refresh_tokens
        seen = dict(without_store)  # what the inbox step's commands work with
        tokens.refresh_all(seen, load_config(work)[0], work, io.StringIO())
        assert seen["X_ACCESS_TOKEN"] == x.refreshed[-1]
        assert seen["TIKTOK_ACCESS_TOKEN"] == tiktok.issued[-1]
        assert x.presented == ["x-refresh-token"] and tiktok.presented == ["tt-refresh"]
        # Another job (its own RUNNER_TEMP) that skipped the tokens step: nothing presented.
        (tmp_path / "other-temp").mkdir()
        other = {k: v for k, v in job.items() if k != "PIPELINE_SECRETS_TOKEN"}
        other["RUNNER_TEMP"] = str(tmp_path / "other-temp")
        stopped = pipeline(work, other, "inbox", "fetch", "--no-push")
        assert stopped.returncode != 0 and "Traceback" not in stopped.stderr
        assert "PIPELINE_SECRETS_TOKEN: tiktok: access token perlu diperbarui" in stopped.stderr
        assert "pipeline tokens refresh" in stopped.stderr
        assert x.presented == ["x-refresh-token"] and tiktok.presented == ["tt-refresh"]
        assert not (tmp_path / "home-tokens").exists()
        masked = [line for line in tokens_step.stdout.splitlines() if line.startswith("::add")]
        refreshes = (github.secrets["X_REFRESH_TOKEN"], github.secrets["TIKTOK_REFRESH_TOKEN"])
        new_values = {x.refreshed[-1], tiktok.issued[-1], *refreshes}
        assert {f"::add-mask::{v}" for v in new_values} <= set(masked)  # masked by GitHub
        for run in (tokens_step, inbox_step, stopped):
            shown = [line for line in run.stdout.splitlines() if not line.startswith("::add")]
            for value in (*x.refreshed, *tiktok.issued, *github.secrets.values()):
                assert value not in "\n".join(shown) + run.stderr
