"""`pipeline setup`: what GitHub needs for this office, printed, and applied with `--apply`.

- the `production` environment (where the platform secrets live, behind required reviewers:
  the office's technical owners and the head, from office.yml `roles`), and the `github-pages`
  environment: each accepts deployments from the publishing branch ONLY (office.yml
  `publishing.branch`, `main`), whatever the ruleset says: a custom deployment branch policy
  naming it, and every other policy of the environment deleted. GitHub REST API, "REST API
  endpoints for deployment environments" > "Create or update an environment"
  (`deployment_branch_policy: {protected_branches: false, custom_branch_policies: true}`) and
  "REST API endpoints for deployment branch policies" > "List / Create / Delete a deployment
  branch policy" (read 2026-12-03). A job of another branch asking for `production` is then
  refused by GitHub before any secret is handed out;
- the names of the secrets and variables to fill in (values never pass through here);
- the ruleset on the default branch (`.github/rulesets/main.json`), with the publishing
  GitHub App as its only bypass actor (`--app-id`);
- GitHub Pages built by workflows.

Without `--apply` nothing is sent: the plan is printed. With it, `GITHUB_TOKEN` must be a token
with administration rights on the repository (`PIPELINE_GITHUB_URL` for GitHub Enterprise).
Every step says what it did; a step that fails is named and the others still run.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

import httpx

from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.publish.base import base_url

RULESET = Path(".github") / "rulesets" / "main.json"
SECRETS = (
    "PUBLISH_APP_PRIVATE_KEY",
    "FACEBOOK_PAGE_TOKEN",
    "INSTAGRAM_TOKEN",
    "X_ACCESS_TOKEN",
    "X_REFRESH_TOKEN",
    "X_CLIENT_SECRET",  # a confidential X client (Web App, Automated App or Bot): HTTP Basic
    "TIKTOK_ACCESS_TOKEN",
    "TIKTOK_REFRESH_TOKEN",
    "TIKTOK_CLIENT_SECRET",
)
# Written by the pipeline itself when it rotates a token (nothing to fill in): the access
# token's expiry, so later runs refresh only near it, and the store's write probe.
WRITTEN = (
    "X_ACCESS_TOKEN_EXPIRES_AT",
    "TIKTOK_ACCESS_TOKEN_EXPIRES_AT",
    "PIPELINE_SECRETS_CHECK",
)
# The publishing GitHub App's repository permissions: Contents to push records/ (its bypass
# of the ruleset); Secrets AND Environments to store a rotated refresh token as an
# environment secret (GitHub REST API, "REST API endpoints for GitHub Actions Secrets":
# "Create or update an environment secret" and "Get an environment public key" list both,
# read 2026-12-03); Metadata (read) comes with every App.
APP_PERMISSIONS = (
    ("Contents", "Read and write"),
    ("Secrets", "Read and write"),
    ("Environments", "Read and write"),
    ("Metadata", "Read-only"),
)
VARIABLES = (
    "PUBLISH_APP_ID",
    "FACEBOOK_PAGE_ID",
    "INSTAGRAM_USER_ID",
    "X_CLIENT_ID",
    "TIKTOK_CLIENT_KEY",
)


ENVIRONMENTS = ("production", "github-pages")
ONLY = {"protected_branches": False, "custom_branch_policies": True}
POLICY = "BRANCH-POLICY"  # not an HTTP method: list, delete the others, create (see _policy)


def plan(
    root: Path, repo: str, app_id: int, branch: str = "main"
) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """(what, method, path, body) for each step, in order."""
    ruleset = json.loads((root / RULESET).read_text(encoding="utf-8"))
    for actor in ruleset.get("bypass_actors", []):
        if actor.get("actor_type") == "Integration":
            actor["actor_id"] = app_id
    steps: list[tuple[str, str, str, dict[str, Any] | None]] = []
    for environment in ENVIRONMENTS:
        base = f"/repos/{repo}/environments/{environment}"
        what = {
            "production": "environment production (secret platform, wajib disetujui)",
            "github-pages": "environment github-pages (situs)",
        }[environment]
        steps += [
            (what, "PUT", base, {"deployment_branch_policy": dict(ONLY)}),
            (
                f"environment {environment}: deploy hanya dari cabang {branch} "
                "(kebijakan cabang lain dihapus)",
                POLICY,
                f"{base}/deployment-branch-policies",
                {"name": branch, "type": "branch"},
            ),
        ]
    return [
        *steps[:2],
        ("ruleset cabang utama", "POST", f"/repos/{repo}/rulesets", ruleset),
        ("GitHub Pages dari workflow", "POST", f"/repos/{repo}/pages", {"build_type": "workflow"}),
        *steps[2:],
    ]


def _policy(client: httpx.Client, url: str, wanted: dict[str, Any]) -> tuple[int, bool]:
    """Only `wanted` may stay: list the environment's policies, delete every other one, create
    it if missing. (status of the last call, whether it was already there)."""
    listed = client.get(url, params={"per_page": 100})
    if listed.status_code != 200:
        return listed.status_code, False
    rows = listed.json().get("branch_policies", [])
    present = False
    for row in rows if isinstance(rows, list) else []:
        if row.get("name") == wanted["name"] and row.get("type", "branch") == wanted["type"]:
            present = True
            continue
        deleted = client.delete(f"{url}/{int(row['id'])}")
        if deleted.status_code != 204:
            return deleted.status_code, False
    if present:
        return 200, True
    created = client.post(url, json=wanted)
    return created.status_code, created.status_code == 303  # 303: the same pattern exists


def run(*, apply: bool, app_id: int, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    config, _ = load_config(root)
    env = os.environ
    repo = env.get("GITHUB_REPOSITORY", "")
    if not repo:
        raise PipelineError("isi GITHUB_REPOSITORY=pemilik/nama-repositori")
    if apply and app_id <= 0:
        raise PipelineError("--app-id wajib untuk --apply: id GitHub App penerbit (bypass ruleset)")
    steps = plan(root, repo, app_id, config.publishing.branch)
    reviewers = [*config.roles.kepala_balai, *getattr(config.roles, "teknis", ())]
    out.write(f"Repositori {repo}\n")
    for what, method, path, body in steps:
        if method == POLICY:
            out.write(f"- {what}: POST {path} {json.dumps(body)}\n")
        else:
            out.write(f"- {what}: {method} {path}\n")
    out.write(
        f"- peninjau environment production: {', '.join(reviewers) or '(isi di office.yml)'}"
        " (atur di Settings > Environments; tim perlu id, tidak diisi otomatis)\n"
    )
    out.write("- secret di environment production: " + ", ".join(SECRETS) + "\n")
    out.write("- secret yang ditulis pipeline sendiri (tidak diisi): " + ", ".join(WRITTEN) + "\n")
    granted = ", ".join(f"{name}: {level}" for name, level in APP_PERMISSIONS)
    out.write(f"- izin GitHub App penerbit (Repository permissions): {granted}\n")
    out.write("- variabel repositori: " + ", ".join(VARIABLES) + "\n")
    if not apply:
        out.write("Belum ada yang dikirim. Jalankan lagi dengan --apply dan GITHUB_TOKEN admin.\n")
        return 0
    token = env.get("GITHUB_TOKEN", "")
    if not token:
        raise PipelineError("GITHUB_TOKEN (hak admin repositori) wajib untuk --apply")
    api = base_url(env, "github", "https://api.github.com")
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    failed = 0
    with httpx.Client(timeout=httpx.Timeout(20.0, connect=10.0), headers=headers) as client:
        for what, method, path, body in steps:
            try:
                if method == POLICY:
                    status, already = _policy(client, api + path, body or {})
                    text = ""
                    if already:
                        out.write(f"✓ {what} (sudah ada)\n")
                        continue
                else:
                    response = client.request(method, api + path, json=body)
                    status, text = response.status_code, response.text
            except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as exc:
                out.write(f"✗ {what}: {type(exc).__name__}\n")
                failed += 1
                continue
            if status in (200, 201, 204):
                out.write(f"✓ {what}\n")
            elif status == 409 or (status == 422 and "already" in text.lower()):
                out.write(f"✓ {what} (sudah ada)\n")
            else:
                out.write(f"✗ {what}: HTTP {status}\n")
                failed += 1
    out.write("Isi nilai secret dan variabel di atas lewat Settings (nilainya tidak lewat sini).\n")
    return 1 if failed else 0
