"""`pipeline setup`: the plan printed without sending; applied against GitHub's stand-in."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

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


def test_apply_sets_environment_ruleset_and_pages(
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
    assert paths[:3] == [
        "/repos/bpsip-jabar/situs/environments/production",
        "/repos/bpsip-jabar/situs/rulesets",
        "/repos/bpsip-jabar/situs/pages",
    ]
    assert ruleset["bypass_actors"][0]["actor_id"] == 4242
    assert "✓ GitHub Pages dari workflow (sudah ada)" in out.getvalue()
