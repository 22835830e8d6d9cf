"""One `fetched` line per `pipeline inbox fetch` run, instead of a `checked` line per pair.

The *nihil* record of SOP 2 (a check that found nothing is still recorded) is this line with
`new: 0` and `nihil: true`. It holds, per platform: how many published posts were read, how
many new and gone comments, how many failed, how many were left out as older than the
platform's window, or why the platform cannot be read at all; and the high-water marks
(`cursors`, X's newest reply id per post) that changed in this run.

Readers (`cursors`, `checks`) understand both this form and the `checked` lines of older logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class _Looked(Protocol):
    @property
    def target(self) -> Any: ...

    new: int
    gone: int
    error: str


@dataclass(slots=True)
class Summary:
    platforms: dict[str, dict[str, Any]] = field(default_factory=dict)
    cursors: dict[str, dict[str, str]] = field(default_factory=dict)

    def _entry(self, platform: str) -> dict[str, Any]:
        return self.platforms.setdefault(platform, {"posts": 0, "new": 0, "gone": 0})

    def looked(self, result: _Looked, days: int, old: str = "", cursor: str = "") -> None:
        entry = self._entry(result.target.platform)
        entry["posts"] += 1
        entry["window_days"] = days
        entry["new"] += result.new
        entry["gone"] += result.gone
        if result.error:
            entry["failed"] = entry.get("failed", 0) + 1
        if cursor and cursor != old:
            self.cursors.setdefault(result.target.platform, {})[result.target.post] = cursor

    def outside(self, platform: str, days: int) -> None:
        entry = self._entry(platform)
        entry["window_days"] = days
        entry["older"] = entry.get("older", 0) + 1

    def unavailable(self, platform: str, reason: str) -> None:
        self.platforms[platform] = {"posts": 0, "new": 0, "available": False, "reason": reason}

    def event(self, stamp: Mapping[str, str]) -> dict[str, Any]:
        looked = [p for p in self.platforms.values() if p.get("available", True)]
        new = sum(p["new"] for p in looked)
        event: dict[str, Any] = {
            "event": "fetched",
            "posts": sum(p["posts"] for p in looked),
            "new": new,
            "gone": sum(p.get("gone", 0) for p in looked),
            "nihil": new == 0,
            "platforms": dict(sorted(self.platforms.items())),
            **stamp,
        }
        if self.cursors:
            event["cursors"] = self.cursors
        return event


def cursors(events: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """The last high-water mark per (post, platform), from `checked` and `fetched` lines."""
    found: dict[tuple[str, str], str] = {}
    for event in events:
        if event.get("event") == "checked" and event.get("cursor"):
            key = (str(event.get("post", "")), str(event.get("platform", "")))
            found[key] = str(event["cursor"])
        elif event.get("event") == "fetched" and isinstance(event.get("cursors"), dict):
            for platform, posts in event["cursors"].items():
                for post, cursor in (posts if isinstance(posts, dict) else {}).items():
                    if cursor:
                        found[(str(post), str(platform))] = str(cursor)
    return found


def checks(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each run's check per platform, oldest first: {platform, run, at, posts, new, available,
    reason}. A `fetched` line gives its platforms; older logs' `checked` lines of one run (and
    platform) are added up into one."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        kind = event.get("event")
        at = str(event.get("at_utc", ""))
        run = str(event.get("run", "")) or at
        if kind == "fetched" and isinstance(event.get("platforms"), dict):
            for platform, entry in event["platforms"].items():
                if not isinstance(entry, dict):
                    continue
                rows[(run, str(platform))] = {
                    "platform": str(platform),
                    "run": run,
                    "at": at,
                    "posts": _int(entry.get("posts")),
                    "new": _int(entry.get("new")),
                    "available": entry.get("available") is not False,
                    "reason": str(entry.get("reason", "")),
                }
        elif kind == "checked":
            platform = str(event.get("platform", ""))
            row = rows.setdefault(
                (run, platform),
                {"platform": platform, "run": run, "at": at, "posts": 0, "new": 0},
            )
            row["posts"] += 1
            row["new"] += _int(event.get("new"))
            row["available"] = event.get("available") is not False
            row["reason"] = str(event.get("reason", ""))
    return list(rows.values())


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
