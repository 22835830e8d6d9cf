"""One `fetched` line per fetch run: the inventory and the digest read it as they read the
per-pair `checked` lines older logs hold, and the fetch takes its cursors back from it."""

from __future__ import annotations

from datetime import date
from typing import Any

from pipeline.config import Config
from pipeline.inbox import digest, fetch, inventory, summary
from tests.inbox import sample

CONFIG = Config()


def as_summaries(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sample log with each run's `checked` lines made into that run's `fetched` line."""
    out: list[dict[str, Any]] = []
    runs: dict[str, dict[str, Any]] = {}
    for event in events:
        if event["event"] != "checked":
            out.append(event)
            continue
        line = runs.get(event["run"])
        if line is None:
            line = {"event": "fetched", "run": event["run"], "at_utc": event["at_utc"]}
            line |= {"posts": 0, "new": 0, "platforms": {}}
            runs[event["run"]] = line
            out.append(line)
        entry = line["platforms"].setdefault(event["platform"], {"posts": 0, "new": 0})
        if event["available"] is False:
            entry |= {"available": False, "reason": event["reason"]}
            continue
        entry["posts"] += 1
        entry["new"] += event["new"]
        line["posts"] += 1
        line["new"] += event["new"]
    return out


def test_the_summary_form_reads_like_the_old_checked_lines() -> None:
    old = sample.events()
    new = as_summaries(old)
    assert [e["event"] for e in new].count("fetched") == 2
    assert not [e for e in new if e["event"] == "checked"]
    for render in (inventory.render, digest.render):
        shown = render(CONFIG, new, sample.uploads(), sample.MONDAY_0740, sample.title)
        assert shown == render(CONFIG, old, sample.uploads(), sample.MONDAY_0740, sample.title)
        assert "TikTok" in shown
    day = date(2026, 11, 27)
    assert digest.render(
        CONFIG, new, sample.uploads(), sample.MONDAY_0740, sample.title, day
    ) == digest.render(CONFIG, old, sample.uploads(), sample.MONDAY_0740, sample.title, day)
    lines = inventory.render(CONFIG, new, sample.uploads(), sample.MONDAY_0740, sample.title)
    assert "- X: 2026-11-30 07:35 WIB, 1 tulisan, 1 baru" in lines


def test_cursors_come_back_from_both_forms() -> None:
    post = "content/posts/2026/11/a/index.md"
    events: list[dict[str, Any]] = [
        {"event": "checked", "platform": "x", "post": post, "cursor": "5", "at_utc": "t"},
        {"event": "fetched", "cursors": {"x": {post: "9"}, "facebook": {post: "2026-11-30Z"}}},
        {"event": "fetched", "platforms": {}},  # a run where no mark moved
    ]
    assert summary.cursors(events) == {(post, "x"): "9", (post, "facebook"): "2026-11-30Z"}
    assert fetch.seen(events)[(post, "x")].cursor == "9"
