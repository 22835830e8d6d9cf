"""`pipeline setup`: the plan printed without sending; applied against GitHub's stand-in."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import httpx
import pytest

from pipeline.github import setup
from pipeline.publish.standins.github import GitHubStandIn

PROJECT = Path(__file__).parent.parent.parent


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".github" / "rulesets").mkdir(parents=True)
    shutil.copy(PROJECT / setup.RULESET, tmp_path / setup.RULESET)
    shutil.copy(PROJECT / "office.yml", tmp_path / "office.yml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_REPOSITORY", "bpsip-jabar/situs")
    return tmp_path


def test_without_apply_nothing_is_sent(repo: Path) -> None:
    out = io.StringIO()
    assert setup.run(apply=False, app_id=0, out=out) == 0
    text = out.getvalue()
    assert "PUT /repos/bpsip-jabar/situs/environments/production" in text
    assert "TIKTOK_REFRESH_TOKEN" in text and "Belum ada yang dikirim" in text
    assert "X_CLIENT_SECRET" in text.split("secret di environment production:")[1].split("\n")[0]
    granted = "Contents: Read and write, Secrets: Read and write, Environments: Read and write"
    assert f"izin GitHub App penerbit (Repository permissions): {granted}" in text


def test_apply_sets_environments_ruleset_and_pages(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with GitHubStandIn() as github:
        monkeypatch.setenv("GITHUB_TOKEN", "gh-token")
        monkeypatch.setenv("PIPELINE_GITHUB_URL", github.url)
        out = io.StringIO()
        assert setup.run(apply=True, app_id=4242, out=out) == 0
        assert setup.run(apply=True, app_id=4242, out=out) == 0  # again: Pages already on
        paths = [path for _, path, _ in github.applied]
        ruleset = next(body for _, path, body in github.applied if path.endswith("/rulesets"))
    assert paths[:4] == [
        "/repos/bpsip-jabar/situs/environments/production",
        "/repos/bpsip-jabar/situs/environments/production/deployment-branch-policies",
        "/repos/bpsip-jabar/situs/rulesets",
        "/repos/bpsip-jabar/situs/pages",
    ]
    assert ruleset["bypass_actors"][0]["actor_id"] == 4242
    assert "✓ GitHub Pages dari workflow (sudah ada)" in out.getvalue()


@pytest.mark.parametrize("environment", ["production", "github-pages"])
def test_environments_accept_deployments_from_main_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch, environment: str
) -> None:
    """Whatever the ruleset or an earlier setting says: a custom branch policy naming `main`
    (office.yml publishing.branch), and no other policy left (here a stray `*`)."""
    with GitHubStandIn() as github:
        github.environments[environment] = dict(setup.ONLY)
        github.branch_policies[environment] = [
            {"id": 7, "node_id": "x", "name": "*", "type": "branch"},
            {"id": 8, "node_id": "y", "name": "v*", "type": "tag"},
        ]
        monkeypatch.setenv("GITHUB_TOKEN", "gh-token")
        monkeypatch.setenv("PIPELINE_GITHUB_URL", github.url)
        out = io.StringIO()
        assert setup.run(apply=True, app_id=4242, out=out) == 0, out.getvalue()
        assert github.environments[environment] == {
            "protected_branches": False,
            "custom_branch_policies": True,
        }
        assert [(p["name"], p["type"]) for p in github.branch_policies[environment]] == [
            ("main", "branch")
        ]
        again = io.StringIO()
        assert setup.run(apply=True, app_id=4242, out=again) == 0
        assert len(github.branch_policies[environment]) == 1
    assert f"✓ environment {environment}: deploy hanya dari cabang main" in out.getvalue()
    done = [line for line in again.getvalue().splitlines() if line.startswith("✓ ")]
    assert f"✓ environment {environment}: deploy hanya dari cabang main" in "\n".join(done)
    assert any(f"{environment}: deploy" in line and "(sudah ada)" in line for line in done)


def test_the_plan_names_the_branch_policies(repo: Path) -> None:
    out = io.StringIO()
    assert setup.run(apply=False, app_id=0, out=out) == 0
    text = out.getvalue()
    for environment in ("production", "github-pages"):
        assert (
            f"POST /repos/bpsip-jabar/situs/environments/{environment}/deployment-branch-policies"
            ' {"name": "main", "type": "branch"}' in text
        )


def test_the_stand_in_answers_as_github_documents(repo: Path) -> None:
    """A policy on an environment without custom policies: 404; the same pattern twice: 303;
    both kinds of deployment branch policy at once: 422."""
    with (
        GitHubStandIn() as github,
        httpx.Client(headers={"Authorization": "Bearer gh-token"}) as client,
    ):
        base = f"{github.url}/repos/o/r/environments/production"
        assert client.put(base, json={}).status_code == 200
        policy = {"name": "main", "type": "branch"}
        assert client.post(f"{base}/deployment-branch-policies", json=policy).status_code == 404
        both = {"protected_branches": True, "custom_branch_policies": True}
        assert client.put(base, json={"deployment_branch_policy": both}).status_code == 422
        assert client.put(base, json={"deployment_branch_policy": setup.ONLY}).status_code == 200
        assert client.post(f"{base}/deployment-branch-policies", json=policy).status_code == 200
        assert client.post(f"{base}/deployment-branch-policies", json=policy).status_code == 303
