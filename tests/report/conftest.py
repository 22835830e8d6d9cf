"""A realistic month of activity in `records/`, written the way CI writes it (no Git needed:
the report reads the logs alone). All times are fixed, so the report is the same on every run.

November 2026 (UTC; WIB = UTC+7):

- panen-raya (PR 1, week 45): reviewed in 15 minutes, on four platforms within the standards,
  X costs US$0.015;
- bantuan-benih (PR 2, week 46): a hostile title; Facebook rate-limited (`deferred`) and
  published on the retry; X published (US$0.015); a private trial upload before it;
- pelatihan (PR 3, week 47): X sent, the outcome `unknown`, `reconciled` as present and
  logged; TikTok refused (`failed`) and left for a person (`needs_human`);
- jadwal (PR 4, week 48): the first review two hours after the PR opened, scheduled for
  the afternoon (`publish_at`), Instagram's link logged 20 minutes after it went live.

Comments: one answered on time; one written on Friday afternoon and answered on Monday past
the standard; a policy question escalated to the head (late); one deleted before the answer
(`gone`); one refused by X; one still open; and one from October answered in November (not
counted as received in November).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.inbox import records as inbox
from pipeline.publish import records

MONTH = "2026-11"
SITE = "https://bpsip-jabar.example"
OFFICE = """\
office:
  name: Balai Contoh
  site_url: https://bpsip-jabar.example/
  timezone: Asia/Jakarta
  language: id
"""
TITLE = "Bantuan benih | *gratis* <img src=x onerror=alert(1)> untuk [petani](https://evil.example)"
HOSTILE_URL = "https://facebook.example/p?a=1&b=(2)<x>"


def post(slug: str) -> str:
    return f"content/posts/2026/11/{slug}/index.md"


def at(utc: str) -> datetime:
    return datetime.fromisoformat(f"{utc}+00:00")


class Log:
    def __init__(self) -> None:
        self.uploads: list[dict[str, Any]] = []
        self.inbox: list[dict[str, Any]] = []

    def up(self, kind: str, slug: str, platform: str, when: str, **fields: Any) -> None:
        event = {"event": kind, "post": post(slug), "platform": platform, "run": "8001"}
        self.uploads.append({**event, **records.stamp(at(when), "+07:00"), **fields})

    def pr(self, slug: str, number: int, opened: str, reviews: list[str], merged: str) -> None:
        for index, reviewed in enumerate(reviews, 1):
            self.up(
                "disposition",
                slug,
                "review",
                merged,
                pr=number,
                review_id=number * 100 + index,
                reviewer="kepala-balai-contoh",
                jabatan=["kepala_balai"],
                verdict="sesuai",
                reason="",
                reviewed_at=f"{reviewed}Z",
                commit=f"{number:040d}",
                pr_opened_at=f"{opened}Z",
                pr_merged_at=f"{merged}Z",
                merge_commit=f"{number + 50:040d}",
            )

    def publish(
        self, slug: str, platform: str, live: str, logged: str, pr: int, **extra: Any
    ) -> None:
        self.up("claimed", slug, platform, live, content_sha256=f"c-{slug}")
        fields: dict[str, Any] = {
            "content_sha256": f"c-{slug}",
            "commit": f"{pr:040d}",
            "pr": pr,
            "remote_id": f"{platform}-{slug}",
            "remote_published_at": f"{live}Z",
            "title": f"Judul {slug}",
            "link": f"{SITE}/2026/11/{slug}/",
            "url": f"https://{platform}.example/{slug}",
            "planned_at": None,
            "cost_usd": None,
        }
        if platform == "website":
            fields["url"] = f"{SITE}/2026/11/{slug}/"
        self.up("published", slug, platform, logged, **{**fields, **extra})

    def comment(self, platform: str, cid: str, slug: str, created: str) -> None:
        self.inbox.append(
            {
                "event": "comment",
                "platform": platform,
                "post": post(slug),
                "remote_id": f"{platform}-{slug}",
                "comment_id": cid,
                "author": "warga_" + cid,
                "text": "Kapan <b>pendaftaran</b> dibuka? @admin [x](https://evil.example)",
                "created_at": f"{created}Z",
                "link": f"https://{platform}.example/{slug}?c={cid}",
                "parent_id": "",
                "run": "8101",
                **records.stamp(at(created), "+07:00"),
            }
        )

    def step(self, kind: str, platform: str, cid: str, when: str, **fields: Any) -> None:
        event = {"event": kind, "platform": platform, "comment_id": cid, "run": "8102"}
        self.inbox.append({**event, **records.stamp(at(when), "+07:00"), **fields})

    def answer(
        self, platform: str, cid: str, draft: str, approved: str, sent: str, **kw: Any
    ) -> None:
        policy = bool(kw.get("policy", False))
        self.step("draft", platform, cid, draft, branch=f"jawab/{cid}", path="", policy=policy)
        self.step("approved", platform, cid, approved, text_sha256="t", by="kepala", policy=policy)
        if sent:
            self.step("sent", platform, cid, sent, text_sha256="t", reply_id=f"r{cid}", url="")


def month_log() -> Log:
    log = Log()
    # 1. panen-raya, Tuesday 3 November: everything within the standards.
    log.pr("panen-raya", 1, "2026-11-03T01:00:00", ["2026-11-03T01:15:00"], "2026-11-03T01:30:00")
    for platform, minute in (("website", 35), ("facebook", 40), ("instagram", 45), ("x", 50)):
        extra = {"cost_usd": 0.015} if platform == "x" else {}
        live = f"2026-11-03T01:{minute}:00"
        log.publish("panen-raya", platform, live, f"2026-11-03T01:{minute + 1}:00", 1, **extra)

    # 2. bantuan-benih, Tuesday 10 November: a trial, a rate limit and its retry.
    log.up("trial", "bantuan-benih", "facebook", "2026-11-09T09:00:00", remote_id="t-1")
    log.pr(
        "bantuan-benih", 2, "2026-11-10T02:00:00", ["2026-11-10T02:20:00"], "2026-11-10T02:30:00"
    )
    log.up("claimed", "bantuan-benih", "facebook", "2026-11-10T02:35:00", content_sha256="c-b")
    log.up(
        "deferred", "bantuan-benih", "facebook", "2026-11-10T02:35:30", message="batas laju (429)"
    )
    log.publish(
        "bantuan-benih",
        "facebook",
        "2026-11-10T02:50:00",
        "2026-11-10T02:51:00",
        2,
        title=TITLE,
        url=HOSTILE_URL,
    )
    log.publish(
        "bantuan-benih",
        "x",
        "2026-11-10T02:40:00",
        "2026-11-10T02:41:00",
        2,
        title=TITLE,
        cost_usd=0.015,
    )

    # 3. pelatihan, Wednesday 18 November: X unknown then reconciled; TikTok refused.
    log.pr("pelatihan", 3, "2026-11-18T01:00:00", ["2026-11-18T01:10:00"], "2026-11-18T01:20:00")
    log.publish("pelatihan", "website", "2026-11-18T01:25:00", "2026-11-18T01:26:00", 3)
    log.up("claimed", "pelatihan", "x", "2026-11-18T01:30:00", content_sha256="c-pelatihan")
    log.up("checkpoint", "pelatihan", "x", "2026-11-18T01:30:01", name="sending", value="tweet")
    log.up("unknown", "pelatihan", "x", "2026-11-18T01:31:00", message="batas waktu")
    log.up("reconciled", "pelatihan", "x", "2026-11-18T01:40:00", result="present")
    log.publish(
        "pelatihan",
        "x",
        "2026-11-18T01:30:30",
        "2026-11-18T01:40:00",
        3,
        reconciled=True,
        cost_usd=0.015,
    )
    log.up("claimed", "pelatihan", "tiktok", "2026-11-18T01:45:00", content_sha256="c-pelatihan")
    log.up("failed", "pelatihan", "tiktok", "2026-11-18T01:46:00", message="video terlalu pendek")
    log.up("needs_human", "pelatihan", "tiktok", "2026-11-18T01:46:01", reason="gagal")

    # 4. jadwal, Tuesday 24 November: a slow review, scheduled, a late link on Instagram.
    log.pr("jadwal", 4, "2026-11-24T00:30:00", ["2026-11-24T02:30:00"], "2026-11-24T02:45:00")
    for platform, live, logged in (
        ("website", "2026-11-24T07:00:00", "2026-11-24T07:01:00"),
        ("instagram", "2026-11-24T07:10:00", "2026-11-24T07:30:00"),
    ):
        log.publish("jadwal", platform, live, logged, 4, planned_at="2026-11-24T14:00:00+07:00")

    # Comments.
    log.comment("facebook", "c1", "panen-raya", "2026-11-03T03:00:00")  # Tue 10:00 WIB
    log.answer(
        "facebook", "c1", "2026-11-03T03:20:00", "2026-11-03T03:30:00", "2026-11-03T03:33:00"
    )
    log.comment("instagram", "c2", "panen-raya", "2026-11-13T08:40:00")  # Fri 15:40 WIB
    log.answer(
        "instagram", "c2", "2026-11-16T00:50:00", "2026-11-16T01:30:00", "2026-11-16T01:32:00"
    )
    log.comment("x", "c3", "bantuan-benih", "2026-11-18T02:00:00")  # a policy question
    log.answer(
        "x", "c3", "2026-11-18T02:10:00", "2026-11-18T05:00:00", "2026-11-18T05:02:00", policy=True
    )
    log.comment("facebook", "c4", "bantuan-benih", "2026-11-20T02:00:00")
    log.step("draft", "facebook", "c4", "2026-11-20T02:15:00", branch="jawab/c4", path="")
    log.step("gone", "facebook", "c4", "2026-11-20T03:00:00")
    log.comment("x", "c5", "pelatihan", "2026-11-24T03:00:00")
    log.answer("x", "c5", "2026-11-24T03:10:00", "2026-11-24T03:20:00", "")
    log.step("refused", "x", "c5", "2026-11-24T03:21:00", message="not summoned")
    log.comment("facebook", "c6", "jadwal", "2026-11-26T04:00:00")  # still open
    log.comment("facebook", "c0", "panen-raya", "2026-10-30T03:00:00")  # October's
    log.answer(
        "facebook", "c0", "2026-11-02T01:00:00", "2026-11-02T01:10:00", "2026-11-02T01:12:00"
    )
    return log


def write_month(root: Path) -> Log:
    """office.yml and the month's logs under `root` (which must exist)."""
    log = month_log()
    (root / "office.yml").write_text(OFFICE, encoding="utf-8")
    records.append(root, log.uploads)
    inbox.append(root, log.inbox)
    return log
