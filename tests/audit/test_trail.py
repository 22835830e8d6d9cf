"""Reading one post's trail from the log: reviews once each, a person's record under the PR,
no 'review' platform, and odd values that do not crash the audit."""

from __future__ import annotations

from typing import Any

from pipeline.audit import findings, trail
from pipeline.config import Config
from pipeline.publish import records
from tests.audit.conftest import Built, post


def test_a_review_logged_twice_counts_once(month_repo: Built) -> None:
    events = records.read(month_repo.root)
    twice = events + [e for e in events if e["event"] == "disposition"]
    found = trail.load(month_repo.root, post("panen-raya"), twice)
    assert [d.reviewer for d in found.pulls[0].dispositions] == [
        "admin-medsos-contoh",
        "kepala-balai-contoh",
    ]


def test_a_persons_record_belongs_to_the_posts_pull_request(month_repo: Built) -> None:
    found = trail.load(month_repo.root, post("terbit-dua-kali"), records.read(month_repo.root))
    (x,) = [c for c in found.channels if c.platform == "x"]
    assert [(p.pr, p.by) for p in x.publications] == [(5, ""), (5, "admin-medsos-contoh")]
    assert [p.number for p in found.pulls] == [5]


def test_reviews_are_not_a_platform(month_repo: Built) -> None:
    found = trail.load(month_repo.root, post("panen-raya"), records.read(month_repo.root))
    assert [c.platform for c in found.channels] == [
        "website",
        "facebook",
        "instagram",
        "x",
        "tiktok",
    ]
    assert found.writer is not None and found.writer.name == "Siti Aminah"
    assert found.title == "Judul panen-raya"


def test_odd_values_do_not_crash(month_repo: Built) -> None:
    odd: list[dict[str, Any]] = [
        {"event": "disposition", "post": "p/index.md", "platform": "review", "at_utc": "x",
         "pr": "abc", "jabatan": "kepala_balai", "verdict": None, "review_id": 1},
        {"event": "published", "post": "p/index.md", "platform": "x", "at_utc": "x",
         "pr": True, "approvers": "kepala-balai-contoh", "url": None},
        {"event": "trial", "post": "p/index.md", "platform": "tiktok", "at_utc": "x"},
    ]  # fmt: skip
    found = trail.load(month_repo.root, "p/index.md", odd)
    assert found.writer is None
    # jabatan is not a list: no role on record, so an outsider's review, not a disposition
    assert [(p.number, len(p.dispositions), len(p.outsiders)) for p in found.pulls] == [
        (None, 0, 1)
    ]
    (x,) = found.channels
    assert (x.platform, x.status, x.publications[0].url, x.publications[0].approvers) == (
        "x",
        "published",
        "",
        (),
    )


def test_an_outsiders_review_is_shown_apart_not_as_a_disposition(month_repo: Built) -> None:
    base = {"post": "p/index.md", "platform": "review", "pr": 4, "commit": "c" * 40}
    events: list[dict[str, Any]] = [
        {**base, "event": "outsider_review", "review_id": 1, "reviewer": "orang-luar",
         "jabatan": ["kepala_balai"], "verdict": "sesuai", "reviewed_at": "2026-11-24T01:00:00Z"},
        {**base, "event": "disposition", "review_id": 2, "reviewer": "lama-luar", "jabatan": [],
         "verdict": "sesuai", "reviewed_at": "2026-11-24T02:00:00Z"},
    ]  # fmt: skip
    (pull,) = trail.load(month_repo.root, "p/index.md", events).pulls
    assert pull.dispositions == ()
    assert [d.reviewer for d in pull.outsiders] == ["orang-luar", "lama-luar"]
    assert findings.head_approval(pull, [], Config().roles) is None


def test_a_log_whose_lines_carry_the_posts_id_is_read(month_repo: Built) -> None:
    """Every line `pipeline publish` writes carries `post_id`, and the log's fold keys pairs by
    it: the audit finds each platform's state by the post's id, not only by its path."""
    events = [
        {**e, "post_id": "277bb842-7648-4571-bf1e-4496e28a3cdd"}
        for e in records.read(month_repo.root)
    ]
    found = trail.load(month_repo.root, post("panen-raya"), events)
    assert [c.platform for c in found.channels] == [
        "website",
        "facebook",
        "instagram",
        "x",
        "tiktok",
    ]
    assert {c.status for c in found.channels} == {"published"}
