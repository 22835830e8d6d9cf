"""The log: sorted-key lines with UTC and local time, the fold, and the monthly CSV."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.publish import records, runner


def ev(event: str, **kw: object) -> dict[str, object]:
    return {
        "event": event,
        "post": "content/posts/2026/11/a/index.md",
        "platform": "x",
        "content_sha256": "c1",
        "at_utc": "2026-11-25T02:00:00Z",
        "run": "r1",
        **kw,
    }


def test_line_has_sorted_keys_and_both_times() -> None:
    stamp = records.stamp(datetime(2026, 11, 25, 2, 0, 0, 123, tzinfo=UTC), "+07:00")
    assert stamp == {"at_utc": "2026-11-25T02:00:00Z", "at_local": "2026-11-25T09:00:00+07:00"}
    text = records.line({"platform": "x", "event": "claimed", **stamp})
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_unknown_event_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown event"):
        records.line({"event": "deleted"})


def test_append_and_read_by_month(tmp_path: Path) -> None:
    records.append(tmp_path, [ev("claimed"), ev("claimed", at_utc="2026-12-01T00:00:00Z")])
    assert sorted(p.name for p in (tmp_path / records.FOLDER).iterdir()) == [
        "2026-11.jsonl",
        "2026-12.jsonl",
    ]
    assert [e["at_utc"][:7] for e in records.read(tmp_path)] == ["2026-11", "2026-12"]


def test_fold_follows_the_state_machine() -> None:
    pair = records.fold(
        [
            ev("claimed"),
            ev("checkpoint", name="sending", value="create /x"),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert pair.status == "checkpoint" and pair.in_doubt
    pair = records.fold(
        [
            ev("claimed"),
            ev("checkpoint", name="sending", value="create /x"),
            ev("checkpoint", name="container", value="c-1"),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert not pair.in_doubt and pair.marks == {"container": "c-1"}
    pair = records.fold(
        [
            ev("claimed"),
            ev("checkpoint", name="post", value="9"),
            ev("published", remote_id="9", url="https://x.com/a/status/9"),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert (pair.status, pair.published_sha256, pair.url) == (
        "published",
        "c1",
        "https://x.com/a/status/9",
    )


def test_a_deferral_never_settles_an_unknown_outcome() -> None:
    """A throttle or cap met after an ambiguous outcome puts the pair off; the next run must
    still look on the platform before sending again (never a second post)."""
    key = ("content/posts/2026/11/a/index.md", "x")
    unknown = [ev("claimed"), ev("unknown", message="timeout")]
    pair = records.fold([*unknown, ev("deferred", until="2026-11-25T17:00:00Z")])[key]
    assert pair.status == "deferred" and pair.in_doubt
    assert runner._in_flight(pair)
    refused = records.fold([*unknown, ev("deferred", refused=True)])[key]
    assert not refused.in_doubt  # a definite answer proved nothing was made


def test_a_new_content_starts_without_old_checkpoints() -> None:
    pair = records.fold(
        [
            ev("claimed"),
            ev("checkpoint", name="container", value="old"),
            ev("claimed", content_sha256="c2"),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert pair.marks == {} and pair.attempts == 0


def test_failed_keeps_marks_and_resolution_publishes() -> None:
    """What a refused attempt created stays on record: an edit then goes to a person."""
    pair = records.fold(
        [
            ev("claimed"),
            ev("checkpoint", name="container", value="c"),
            ev("failed", message="HTTP 400"),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert pair.status == "failed" and pair.marks == {"container": "c"}
    pair = records.fold(
        [
            ev("claimed"),
            ev("unknown"),
            ev("needs_human", message="?"),
            ev("resolved", decision="published", url="https://x.com/a/status/1", remote_id="1"),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert pair.status == "published" and pair.url.endswith("/1")


def test_monthly_csv_lists_publications(tmp_path: Path) -> None:
    records.append(
        tmp_path,
        [
            ev("claimed"),
            ev(
                "published",
                url="https://x.com/a/status/9",
                remote_id="9",
                commit="a" * 40,
                pr=7,
                at_local="2026-11-25T09:00:00+07:00",
                approvers=[{"login": "kepala", "commit": "b" * 40}],
            ),
        ],
    )
    written = records.write_csvs(tmp_path)
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("\ufeffwaktu_lokal,tulisan,platform,tautan")
    assert "kepala@bbbbbbbbbbbb" in text and ",7," in text
    assert records.write_csvs(tmp_path) == []  # unchanged: not rewritten


def test_unknowns_are_counted_per_content_and_a_refusal_ends_the_doubt() -> None:
    pair = records.fold(
        [
            ev("claimed"),
            ev("checkpoint", name="sending", value="publish /2/tweets"),
            ev("unknown"),
            ev("claimed"),
            ev("checkpoint", name="sending", value="publish /2/tweets"),
            ev("deferred", refused=True, status=429),
        ]
    )[("content/posts/2026/11/a/index.md", "x")]
    assert pair.attempts == 1 and not pair.in_doubt


def test_a_damaged_log_line_names_its_place(tmp_path: Path) -> None:
    folder = tmp_path / records.FOLDER
    folder.mkdir(parents=True)
    (folder / "2026-11.jsonl").write_text('{"event": "claimed"}\n{not json\n', encoding="utf-8")
    with pytest.raises(PipelineError, match=r"records/uploads/2026-11.jsonl:1: .*tanpa post"):
        records.read(tmp_path)
    (folder / "2026-11.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"2026-11.jsonl:1: baris log unggahan bukan JSON"):
        records.read(tmp_path)
