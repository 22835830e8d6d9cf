"""X's monthly spending and the cap; Instagram's quota is exercised in test_runner.py."""

from __future__ import annotations

from pipeline.publish.budget import within_cap, x_spent
from tests.publish.conftest import make_job


def test_x_spent_counts_this_months_publications_only() -> None:
    events: list[dict[str, object]] = [
        {"event": "published", "platform": "x", "at_utc": "2026-11-02T00:00:00Z", "cost_usd": 0.2},
        {
            "event": "published",
            "platform": "x",
            "at_utc": "2026-11-30T23:00:00Z",
            "cost_usd": 0.015,
        },
        {"event": "published", "platform": "x", "at_utc": "2026-10-31T23:59:59Z", "cost_usd": 9},
        {"event": "claimed", "platform": "x", "at_utc": "2026-11-03T00:00:00Z", "cost_usd": 9},
        {"event": "published", "platform": "facebook", "at_utc": "2026-11-03T00:00:00Z"},
    ]
    assert round(x_spent(events, "2026-11"), 3) == 0.215


def test_within_cap_keeps_order_and_holds_what_exceeds() -> None:
    jobs = [make_job("x", post=f"p{i}") for i in range(4)]
    kept, held = within_cap(jobs, lambda j: 0.2, spent=0.5, cap=1.0)
    assert [j.post for j in kept] == ["p0", "p1"] and [j.post for j in held] == ["p2", "p3"]
