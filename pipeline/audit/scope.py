"""Which posts an audit covers (one post, or every post the log mentions in a month), and what
it found about each: the trail, the timed steps and the findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.audit import history, timeline, trail
from pipeline.audit.findings import Finding, approvals, find
from pipeline.config import ZONE_OFFSETS, Config
from pipeline.errors import PipelineError
from pipeline.publish import records

MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    trail: trail.Trail
    steps: tuple[timeline.Step, ...]
    findings: tuple[Finding, ...]
    approved: Mapping[int | None, str]  # PR number -> the commit the head approved, or ""

    def codes(self, platform: str) -> tuple[str, ...]:
        """Codes that concern one platform's row: its own and the whole post's."""
        return tuple(dict.fromkeys(f.code for f in self.findings if f.platform in ("", platform)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Audit:
    scope: str  # "2026-11", or a post's path
    head: str  # the commit the history was read at
    unsaved: bool  # records/ has changes not committed: the audit read them anyway
    day_minutes: int  # what '1d' stands for
    offset: str  # the office's UTC offset, '+07:00'
    zone: str  # its name, 'WIB'
    entries: tuple[Entry, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for e in self.entries for f in e.findings)


def month_posts(events: Iterable[Mapping[str, Any]], month: str) -> list[str]:
    """Every post with an event logged in the month (UTC, as the log's files are split)."""
    if not MONTH.fullmatch(month):
        raise PipelineError(f"--month {month!r}: tulis bulan sebagai YYYY-MM, mis. 2026-11")
    return sorted(
        {
            str(e["post"])
            for e in events
            if e.get("event") != "trial" and str(e.get("at_utc", "")).startswith(month)
        }
    )


def post_path(root: Path, target: str, events: Iterable[Mapping[str, Any]]) -> str:
    """`target` (a post's folder or index.md) as the log names it: relative, with '/'."""
    path = Path(target)
    path = path if path.is_absolute() else root / path
    if path.name != "index.md":
        path = path / "index.md"
    try:
        post = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise PipelineError(f"{target}: di luar repositori {root}") from None
    if not any(e.get("post") == post for e in events) and history.writer(root, post) is None:
        raise PipelineError(f"{post}: tidak ada di log records/ maupun di riwayat Git")
    return post


def collect(
    root: Path, config: Config, events: list[dict[str, Any]], posts: list[str], scope: str
) -> Audit:
    entries = []
    for post in posts:
        found = trail.load(root, post, events)
        steps = timeline.steps(found, config)
        entries.append(
            Entry(
                trail=found,
                steps=steps,
                findings=tuple(find(root, found, steps, config.roles)),
                approved=approvals(found, config.roles),
            )
        )
    return Audit(
        scope=scope,
        head=history.head(root),
        unsaved=history.dirty(root, records.FOLDER.as_posix()),
        day_minutes=timeline.working_day(config),
        offset=ZONE_OFFSETS[config.office.timezone],
        zone=config.zone_name,
        entries=tuple(entries),
    )
