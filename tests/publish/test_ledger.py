"""The log in Git: a real bare remote, two clones, compare-and-swap on claims, and events that
must survive a lost push race."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.publish import records
from pipeline.publish.ledger import UNPUSHED, Ledger, LedgerError
from tests.publish.conftest import clone, git


def claim(run: str, post: str = "content/posts/2026/11/a/index.md") -> dict[str, object]:
    return {
        "event": "claimed",
        "post": post,
        "platform": "x",
        "content_sha256": "c",
        "at_utc": "2026-11-25T02:00:00Z",
        "run": run,
    }


def test_write_commits_and_pushes(remote: Path, tmp_path: Path) -> None:
    a = clone(remote, tmp_path / "a")
    ledger = Ledger(a, sleep=lambda s: None)
    assert ledger.write([claim("r1")], cas=True)
    check = clone(remote, tmp_path / "check")
    assert records.read(check)[0]["run"] == "r1"
    assert "[skip ci]" in git(check, "log", "-1", "--format=%s")
    assert not (a / "records").exists()  # the working tree is not touched


def test_claim_race_loser_rereads(remote: Path, tmp_path: Path) -> None:
    a = Ledger(clone(remote, tmp_path / "a"), sleep=lambda s: None)
    b = Ledger(clone(remote, tmp_path / "b"), sleep=lambda s: None)
    assert a.write([claim("run-a")], cas=True)
    assert not b.write([claim("run-b")], cas=True)  # rejected: b must re-decide
    assert b.rejections == 1
    state = b.state()[("content/posts/2026/11/a/index.md", "x")]
    assert state.claimed_by == "run-a"  # b now sees a's claim
    events = records.read(clone(remote, tmp_path / "check"))
    assert [e["run"] for e in events] == ["run-a"]


def test_a_checkpoint_survives_a_lost_race(remote: Path, tmp_path: Path) -> None:
    a = Ledger(clone(remote, tmp_path / "a"), sleep=lambda s: None)
    b = Ledger(clone(remote, tmp_path / "b"), sleep=lambda s: None)
    a.write([claim("run-a", "content/posts/2026/11/other/index.md")])
    checkpoint = {**claim("run-b"), "event": "checkpoint", "name": "post", "value": "9"}
    assert b.write([checkpoint])  # rejected once, re-appended on the new head, pushed
    events = records.read(clone(remote, tmp_path / "check"))
    assert [e["event"] for e in events] == ["claimed", "checkpoint"]


def test_main_moving_under_the_log_is_fine(remote: Path, tmp_path: Path) -> None:
    """A merge to main between two log writes: the log write fast-forwards on top of it."""
    a = Ledger(clone(remote, tmp_path / "a"), sleep=lambda s: None)
    person = clone(remote, tmp_path / "person")
    (person / "new.md").write_text("x\n")
    git(person, "add", ".")
    git(person, "commit", "-qm", "merge a post")
    git(person, "push", "-q", "origin", "main")
    assert a.write([claim("r")])
    check = clone(remote, tmp_path / "check")
    assert (check / "new.md").is_file() and records.read(check)


def test_unpushable_log_spills_and_stops(
    remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = clone(remote, tmp_path / "a")
    ledger = Ledger(root, sleep=lambda s: None)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(ledger, "_push", lambda: False)
    monkeypatch.setattr(ledger, "refresh", lambda: None)
    with pytest.raises(LedgerError, match="unpushed"):
        ledger.write([{**claim("r"), "event": "published", "url": "https://x.com/a/status/1"}])
    assert "status/1" in (root / UNPUSHED).read_text()
    assert "status/1" in summary.read_text()


def test_without_a_remote_the_working_tree_gets_the_log(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path, remote=None)
    ledger.write([claim("r")])
    assert records.read(tmp_path)[0]["run"] == "r"
