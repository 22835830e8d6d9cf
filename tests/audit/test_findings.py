"""Each finding an auditor must see, from the month's real repository, and how approvals are
matched to the head of office."""

from __future__ import annotations

from pathlib import Path

from pipeline.audit import findings, timeline, trail
from pipeline.audit.findings import find, head_approval
from pipeline.audit.scope import Audit
from pipeline.audit.trail import Disposition, Publication, Pull
from pipeline.config import Roles, load_config
from pipeline.publish import records
from tests.audit.conftest import Built, findings_of, post


def params(audit: Audit, slug: str) -> list[dict[str, str]]:
    return [dict(f.params) for f in audit.findings if f.post == post(slug)]


def again(root: Path, slug: str, events: list[dict[str, object]]) -> list[tuple[str, str]]:
    """The findings for one post from an edited copy of the log."""
    config, _ = load_config(root)
    found = trail.load(root, post(slug), events)
    steps = timeline.steps(found, config)
    return [(f.code, f.platform) for f in find(root, found, steps, config.roles)]


def test_the_clean_post_has_no_finding(month_audit: Audit) -> None:
    assert findings_of(month_audit, "panen-raya") == []


def test_published_without_the_heads_approval(month_audit: Audit) -> None:
    assert findings_of(month_audit, "tanpa-persetujuan") == [("NO_HEAD_APPROVAL", "")]
    assert params(month_audit, "tanpa-persetujuan") == [{"pr": "#2"}]


def test_content_changed_after_approval(month_audit: Audit, month_repo: Built) -> None:
    assert findings_of(month_audit, "diubah-setelah-setuju") == [("CHANGED_AFTER_APPROVAL", "")]
    assert params(month_audit, "diubah-setelah-setuju") == [
        {
            "approved": month_repo.sha["diubah-setelah-setuju"],
            "merged": month_repo.sha["M3"],
            "files": "index.md",
        }
    ]


def test_link_missing(month_audit: Audit) -> None:
    assert findings_of(month_audit, "tautan-hilang") == [
        ("LINK_MISSING", "facebook"),
        ("LINK_MISSING", "x"),
    ]
    assert params(month_audit, "tautan-hilang") == [
        {"state": "published", "id": "1234_5678"},
        {"state": "unknown"},
    ]


def test_published_twice(month_audit: Audit) -> None:
    assert findings_of(month_audit, "terbit-dua-kali") == [
        ("PUBLISHED_TWICE", "facebook"),
        ("PUBLISHED_TWICE", "x"),  # the job's and a person's record
    ]
    assert [p["ids"] for p in params(month_audit, "terbit-dua-kali")] == [
        "111_1, 111_2",
        "186001, 186002",
    ]


def test_steps_over_their_time_standard(month_audit: Audit) -> None:
    assert findings_of(month_audit, "terlambat") == [
        ("OVER_TIME", ""),
        ("OVER_TIME", "facebook"),
        ("OVER_TIME", "facebook"),
    ]
    assert [(p["step"], p["minutes"], p["standard"]) for p in params(month_audit, "terlambat")] == [
        ("disposition", "120.0", "40"),
        ("post", "180.0", "25"),
        ("report_links", "20.0", "5"),
    ]


def test_the_heads_approval_in_the_published_event_counts(month_repo: Built) -> None:
    """Without disposition events (a log from before they existed), the approvers that the
    publication names are matched to office.yml roles."""
    root = month_repo.root
    events = [e for e in records.read(root) if e["event"] != "disposition"]
    assert again(root, "panen-raya", events) == []
    assert again(root, "tanpa-persetujuan", events) == [("NO_HEAD_APPROVAL", "")]


def test_an_approved_commit_missing_from_history_is_a_finding(month_repo: Built) -> None:
    root, gone = month_repo.root, "0" * 40
    events = [
        {**e, "commit": gone} if e["event"] == "disposition" else e for e in records.read(root)
    ]
    assert again(root, "panen-raya", events) == [("CHANGED_AFTER_APPROVAL", "")]
    config, _ = load_config(root)
    found = trail.load(root, post("panen-raya"), events)
    (finding,) = find(root, found, (), config.roles)
    assert finding.params["missing"] == gone


def test_a_post_left_claimed_has_no_link(month_repo: Built) -> None:
    root = month_repo.root
    events = [
        e
        for e in records.read(root)
        if not (e["post"] == post("terlambat") and e["event"] == "published")
    ]
    found = again(root, "terlambat", events)
    assert ("LINK_MISSING", "facebook") in found


def review(login: str, verdict: str, at: str, jabatan: tuple[str, ...] = ("kepala_balai",)):
    return Disposition(
        pr=1, reviewer=login, jabatan=jabatan, verdict=verdict, reason="", at=at, commit=at[-2:]
    )


def pull(*given: Disposition) -> Pull:
    return Pull(number=1, opened_at="", merged_at="", merge_commit="", dispositions=given)


def test_a_later_verdict_replaces_an_earlier_one() -> None:
    roles = Roles()
    withdrawn = pull(
        review("kb", "sesuai", "2026-11-23T01:00:01"),
        review("kb", "tidak sesuai", "2026-11-23T02:00:02"),
    )
    assert head_approval(withdrawn, [], roles) is None
    given = pull(
        review("kb", "tidak sesuai", "2026-11-23T01:00:01"),
        review("kb", "sesuai", "2026-11-23T02:00:02"),
    )
    assert head_approval(given, [], roles) == "02"


def test_only_the_head_counts() -> None:
    other = pull(review("kasubtu", "sesuai", "2026-11-23T01:00:01", ("kepala_sub_tu",)))
    assert head_approval(other, [], Roles()) is None
    assert [d.reviewer for d in findings.verdicts(other)] == ["kasubtu"]


def test_the_same_id_or_link_is_the_same_post() -> None:
    def pub(remote_id: str, url: str) -> Publication:
        return Publication(platform="x", remote_id=remote_id, url=url, logged_at="", live_at="",
                           commit="", pr=1, approvers=(), planned_at="", by="")  # fmt: skip

    assert findings.distinct((pub("1", "https://x/1"), pub("1", ""))) == ["1"]  # reconciled
    assert findings.distinct((pub("1", "https://x/1"), pub("", "https://x/1"))) == ["1"]
    assert findings.distinct((pub("1", ""), pub("2", ""))) == ["1", "2"]
    assert findings.distinct((pub("", ""),)) == []
