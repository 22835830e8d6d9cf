"""Dispositions from a pull request's reviews, as GitHub's REST API returns them (a recorded
response in tests/publish/data/github_reviews.json)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pipeline.config import load_config
from pipeline.publish import provenance, records
from pipeline.publish.standins.github import GitHubStandIn
from tests.publish.conftest import git

PROJECT = Path(__file__).parent.parent.parent
REVIEWS = json.loads((Path(__file__).parent / "data" / "github_reviews.json").read_text())
POST = "content/posts/2026/11/panen/index.md"


def repo(tmp_path: Path) -> tuple[Path, str]:
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    (tmp_path / "content/posts/2026/11/panen").mkdir(parents=True)
    (tmp_path / POST).write_text("---\ntitle: Panen\n---\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Panen raya")
    return tmp_path, git(tmp_path, "rev-parse", "HEAD").strip()


def test_reviews_become_dispositions_with_jabatan(tmp_path: Path) -> None:
    root, commit = repo(tmp_path)
    config, _ = load_config(PROJECT)
    with GitHubStandIn() as github:
        github.merged(commit, 7)
        github.reviews[7] = REVIEWS
        env = {
            "GITHUB_REPOSITORY": "bpsip-jabar/situs",
            "GITHUB_TOKEN": "gh-token",
            "PIPELINE_GITHUB_URL": github.url,
        }
        source = provenance.for_post(root, env, POST)
    assert (source.commit, source.pr, source.merged_at) == (commit, 7, "2026-11-25T02:00:00Z")
    events = provenance.dispositions(config, POST, source)
    assert [(e["reviewer"], e["jabatan"], e["verdict"]) for e in events] == [
        ("kasubtu-contoh", ["kepala_sub_tu"], "tidak sesuai"),
        ("kepala-balai-contoh", ["kepala_balai"], "sesuai"),
    ]  # a plain comment is not a disposition
    assert events[0]["reason"].startswith("Kredit foto belum ada")
    assert events[1]["reason"] == "" and events[1]["commit"] == "2" * 40
    assert events[0]["review_id"] == 2469012345 and events[0]["pr_merged_at"]
    assert source.approvers() == [
        {
            "login": "kepala-balai-contoh",
            "state": "APPROVED",
            "commit": "2" * 40,
            "at": "2026-11-24T04:30:00Z",
        }
    ]


def test_outside_ci_there_is_no_guess(tmp_path: Path) -> None:
    root, commit = repo(tmp_path)
    source = provenance.for_post(root, {}, POST)
    assert source == provenance.Provenance(commit=commit)


def test_an_outsiders_review_is_kept_apart_and_never_an_approval() -> None:
    """Anyone may review a pull request on a public repository: a review from someone not
    named in office.yml `roles` is an `outsider_review`, not a disposition or an approval."""
    config, _ = load_config(PROJECT)

    def review(number: int, login: str, state: str, body: str = "") -> provenance.Review:
        at = f"2026-11-24T0{number}:00:00Z"
        return provenance.Review(id=number, login=login, state=state, body=body, commit="c", at=at)

    source = provenance.Provenance(
        commit="c",
        pr=3,
        reviews=(
            review(1, "orang-luar", "APPROVED"),
            review(2, "bpsip-jabar", "CHANGES_REQUESTED", "tidak setuju"),  # an org name
            review(3, "kepala-balai-contoh", "APPROVED"),
        ),
    )
    events = provenance.dispositions(config, POST, source)
    assert [(e["event"], e["reviewer"]) for e in events] == [
        ("outsider_review", "orang-luar"),
        ("outsider_review", "bpsip-jabar"),
        ("disposition", "kepala-balai-contoh"),
    ]
    assert [a["login"] for a in source.approvers(config)] == ["kepala-balai-contoh"]
    assert (
        records.fold([{**e, "at_utc": "2026-11-24T05:00:00Z"} for e in events]) == {}
    )  # neither kind is a publication state
