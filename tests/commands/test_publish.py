"""`pipeline resolve`: a person's decision on a pair that needs one, logged with their name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.commands.publish import resolve
from pipeline.errors import PipelineError
from pipeline.publish import records

POST = "content/posts/2026/11/a/index.md"


def seed(root: Path) -> None:
    records.append(
        root,
        [
            {
                "event": "claimed",
                "post": POST,
                "platform": "tiktok",
                "content_sha256": "c",
                "at_utc": "2026-11-25T02:00:00Z",
                "run": "1",
            },
            {
                "event": "needs_human",
                "post": POST,
                "platform": "tiktok",
                "content_sha256": "c",
                "at_utc": "2026-11-25T02:01:00Z",
                "message": "periksa akun",
            },
        ],
    )


def test_a_decision_is_logged_with_the_person(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(repo)
    monkeypatch.setenv("GITHUB_ACTOR", "admin-medsos-contoh")
    out = io.StringIO()
    url = "https://www.tiktok.com/@bpsipjabar/video/7"
    assert resolve(POST, "tiktok", "published", url=url, remote_id="7", push=False, out=out) == 0
    pair = records.fold(records.read(repo))[(POST, "tiktok")]
    assert (pair.status, pair.url) == ("published", url)
    event = records.read(repo)[-1]
    assert event["by"] == "admin-medsos-contoh" and event["previous"] == "needs_human"
    assert "admin-medsos-contoh" in out.getvalue()


def test_published_needs_the_link(repo: Path) -> None:
    seed(repo)
    with pytest.raises(PipelineError, match="--url"):
        resolve(POST, "tiktok", "published", url="", remote_id="", push=False)


def test_an_unknown_pair_is_refused(repo: Path) -> None:
    with pytest.raises(PipelineError, match="tidak ada di log"):
        resolve(POST, "x", "retry", url="", remote_id="", push=False)
