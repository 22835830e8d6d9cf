"""Who wrote, reviewed and approved what: for each post, the commit that last changed it, the
pull request it came from, and every review on it, with the commit each was given on.

In CI the GitHub API answers (`PIPELINE_GITHUB_URL` points this at a stand-in or a GitHub
Enterprise); outside CI, or without a token, the record says so (no PR, no reviews) instead of
guessing. The publish step writes one `disposition` event per review (the SOP's *disposisi*:
approved = *sesuai*, changes requested = *tidak sesuai* with the review text as the reason),
and each publication names its approvers, so an auditor can check both from Git alone.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from pipeline.config import Config
from pipeline.publish.base import base_url

VERDICTS = {"APPROVED": "sesuai", "CHANGES_REQUESTED": "tidak sesuai"}


@dataclass(frozen=True, slots=True, kw_only=True)
class RunInfo:
    run: str  # the workflow run id, or "local-<time>"
    run_url: str = ""
    actor: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    id: int
    login: str
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    body: str
    commit: str
    at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a post's published version came from."""

    commit: str = ""  # the last commit that changed the post's folder
    pr: int | None = None
    opened_at: str = ""
    merged_at: str = ""
    merge_commit: str = ""
    reviews: tuple[Review, ...] = ()

    def approvers(self, config: Config | None = None) -> list[dict[str, str]]:
        """Each reviewer's latest verdict, kept when it is an approval (with `config`: only
        from people named in its `roles`)."""
        latest: dict[str, Review] = {}
        for review in self.reviews:
            if config is not None and not jabatan(config, review.login):
                continue  # an outsider's review is never an approval
            if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
                latest[review.login] = review
        return [
            {"login": r.login, "state": r.state, "commit": r.commit, "at": r.at}
            for r in latest.values()
            if r.state == "APPROVED"
        ]


def collect(root: Path, env: Mapping[str, str], local_id: str) -> RunInfo:
    repo = env.get("GITHUB_REPOSITORY", "")
    run = env.get("GITHUB_RUN_ID", "")
    server = env.get("GITHUB_SERVER_URL", "https://github.com")
    run_url = f"{server}/{repo}/actions/runs/{run}" if repo and run else ""
    return RunInfo(run=run or local_id, run_url=run_url, actor=env.get("GITHUB_ACTOR", ""))


def for_post(root: Path, env: Mapping[str, str], post: str) -> Provenance:
    """The post's last commit (from Git) and, in CI, its pull request and reviews."""
    commit = _git(root, "log", "-1", "--format=%H", "--", str(Path(post).parent)) or env.get(
        "GITHUB_SHA", ""
    )
    repo, token = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_TOKEN", "")
    if not (repo and token and commit):
        return Provenance(commit=commit)
    api = base_url(env, "github", "https://api.github.com")
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
                return Provenance(commit=commit)
            pull = merged[0]
            number = int(pull["number"])
            raw: list[Any] = client.get(
                f"{api}/repos/{repo}/pulls/{number}/reviews", params={"per_page": 100}
            ).json()
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return Provenance(commit=commit)
    reviews = tuple(
        Review(
            id=int(r.get("id") or 0),
            login=str((r.get("user") or {}).get("login", "")),
            state=str(r.get("state", "")),
            body=str(r.get("body") or ""),
            commit=str(r.get("commit_id", "")),
            at=str(r.get("submitted_at", "")),
        )
        for r in raw
        if isinstance(r, dict)
    )
    return Provenance(
        commit=commit,
        pr=number,
        opened_at=str(pull.get("created_at") or ""),
        merged_at=str(pull.get("merged_at") or ""),
        merge_commit=str(pull.get("merge_commit_sha") or ""),
        reviews=reviews,
    )


def jabatan(config: Config, login: str) -> list[str]:
    """The roles (office.yml `roles`) that list this GitHub user by name. Team membership
    is not looked up: a reviewer counts for a role through a team only in GitHub's own
    CODEOWNERS enforcement, which the ruleset requires."""
    handle = f"@{login}"
    roles = config.roles
    return [name for name in roles.__dataclass_fields__ if handle in getattr(roles, name)]


def dispositions(config: Config, post: str, source: Provenance) -> list[dict[str, Any]]:
    """One event body per review that is a verdict (approved or changes requested): a
    `disposition` from someone the office named in `roles`, else an `outsider_review` (anyone
    may review on a public repository; it is kept for the auditor, never an approval)."""
    events = []
    for review in source.reviews:
        if review.state not in VERDICTS:
            continue
        verdict = VERDICTS[review.state]
        held = jabatan(config, review.login)
        events.append(
            {
                "event": "disposition" if held else "outsider_review",
                "post": post,
                "platform": "review",
                "pr": source.pr,
                "review_id": review.id,
                "reviewer": review.login,
                "jabatan": held,
                "verdict": verdict,
                "reason": review.body if verdict == "tidak sesuai" else "",
                "reviewed_at": review.at,
                "commit": review.commit,
                "pr_opened_at": source.opened_at,
                "pr_merged_at": source.merged_at,
                "merge_commit": source.merge_commit,
            }
        )
    return events


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else ""
