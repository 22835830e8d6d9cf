"""What a batch may spend: X's pay-per-use cost against the monthly cap, and Instagram's
rolling 24-hour publishing quota (docs/platform-facts.md §2.3, §3.3). Jobs that do not fit wait a
later run; nothing here sends anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pipeline.publish.base import Job


def x_spent(events: Iterable[Mapping[str, Any]], month: str) -> float:
    """USD spent on X in `month` (YYYY-MM, UTC), from the log's publications."""
    return sum(
        float(e.get("cost_usd") or 0)
        for e in events
        if e.get("platform") == "x"
        and e.get("event") == "published"
        and str(e.get("at_utc", "")).startswith(month)
    )


def within_cap(
    jobs: list[Job], cost: Callable[[Job], float], spent: float, cap: float
) -> tuple[list[Job], list[Job]]:
    """(jobs that fit under the cap, in order; jobs that would exceed it)."""
    kept: list[Job] = []
    held: list[Job] = []
    for job in jobs:
        if spent + cost(job) > cap:
            held.append(job)
        else:
            spent += cost(job)
            kept.append(job)
    return kept, held
