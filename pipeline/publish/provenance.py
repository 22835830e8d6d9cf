"""Who approved what: the merged commit, its pull request and each approver's commit.

In CI the GitHub API gives the pull request a commit came from and the reviews on it; an
approval counts with the commit it was given on, so an auditor sees whether the approved
commit is the one that was published. Outside CI (or without a token) the record says so
instead of guessing. `PIPELINE_GITHUB_URL` points this at a stand-in or a GitHub Enterprise.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from pipeline.publish.base import base_url


@dataclass(frozen=True, slots=True, kw_only=True)
class RunInfo:
    run: str  # the workflow run id, or "local-<time>"
    run_url: str = ""
    commit: str = ""
    pr: int | None = None
    approvers: tuple[Mapping[str, str], ...] = field(default_factory=tuple)
    actor: str = ""


def collect(root: Path, env: Mapping[str, str], local_id: str) -> RunInfo:
    commit = env.get("GITHUB_SHA") or _head(root)
    repo = env.get("GITHUB_REPOSITORY", "")
    run = env.get("GITHUB_RUN_ID", "")
    server = env.get("GITHUB_SERVER_URL", "https://github.com")
    run_url = f"{server}/{repo}/actions/runs/{run}" if repo and run else ""
    pr: int | None = None
    approvers: tuple[Mapping[str, str], ...] = ()
    token = env.get("GITHUB_TOKEN")
    if repo and token and commit:
        pr, approvers = _approvals(
            base_url(env, "github", "https://api.github.com"), repo, commit, token
        )
    return RunInfo(
        run=run or local_id,
        run_url=run_url,
        commit=commit,
        pr=pr,
        approvers=approvers,
        actor=env.get("GITHUB_ACTOR", ""),
    )


def _approvals(
    api: str, repo: str, commit: str, token: str
) -> tuple[int | None, tuple[Mapping[str, str], ...]]:
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    try:
        with httpx.Client(timeout=httpx.Timeout(20.0, connect=10.0), headers=headers) as client:
            pulls = client.get(f"{api}/repos/{repo}/commits/{commit}/pulls").json()
            merged = [p for p in pulls if isinstance(p, dict) and p.get("merged_at")]
            if not merged:
                return None, ()
            number = int(merged[0]["number"])
            reviews: list[Any] = client.get(
                f"{api}/repos/{repo}/pulls/{number}/reviews", params={"per_page": 100}
            ).json()
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None, ()
    latest: dict[str, Mapping[str, str]] = {}
    for review in reviews:
        if not isinstance(review, dict):
            continue
        login = str((review.get("user") or {}).get("login", ""))
        if review.get("state") in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[login] = {
                "login": login,
                "state": str(review.get("state")),
                "commit": str(review.get("commit_id", "")),
                "at": str(review.get("submitted_at", "")),
            }
    return number, tuple(v for v in latest.values() if v["state"] == "APPROVED")


def run_finished(env: Mapping[str, str], run: str) -> bool:
    """Whether GitHub says workflow run `run` has ended (so its claims are abandoned).
    False when it cannot tell: a local run, no token, the API unreachable."""
    repo, token = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_TOKEN", "")
    if not (run.isdigit() and repo and token):
        return False
    api = base_url(env, "github", "https://api.github.com")
    try:
        response = httpx.get(
            f"{api}/repos/{repo}/actions/runs/{run}",
            headers={"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json"},
            timeout=httpx.Timeout(20.0, connect=10.0),
        )
        return response.status_code == 200 and response.json().get("status") == "completed"
    except (httpx.HTTPError, ValueError):
        return False


def _head(root: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else ""
