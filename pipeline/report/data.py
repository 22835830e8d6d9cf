"""The month's figures, from the upload log and the comment log alone (no Git, no network).

A month is UTC, as the log files are split. SOP 1 step times are wall-clock minutes, as the
audit measures them (pipeline/audit/timeline.py); SOP 2 times and comment response times are
working minutes (pipeline/inbox/hours.py). A step whose start or end is not on record is left
out of its figures, never guessed; `count` says how many were measured.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.audit import timeline
from pipeline.config import Config, minutes
from pipeline.errors import PipelineError
from pipeline.inbox import hours
from pipeline.messages import MONTHS_ID
from pipeline.publish.all_platforms import PLATFORMS

Event = Mapping[str, Any]
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
NAMES = {
    "website": "Website",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "tiktok": "TikTok",
}
SOP1_LABELS = {
    "disposition": "Disposisi (1.2–1.3)",
    "post": "Unggah (1.6)",
    "report_links": "Lapor tautan (1.7)",
}
SOP2_STEPS = (
    ("draft", "Inventaris dan draf (2.1–2.2)"),
    ("correct", "Koreksi dan persetujuan (2.3)"),
    ("send", "Kirim tanggapan (2.4)"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication:
    platform: str
    post: str
    title: str
    page: str  # the post's page on the site
    url: str  # the publication on the platform
    at_local: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Week:
    label: str  # "2026-W45"
    counts: tuple[int, ...]  # per platform, in Report.platforms order


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """One step's measured times against its standard (minutes)."""

    key: str
    label: str
    standard: int
    count: int
    median: float | None
    p90: float | None
    within: int  # how many took no longer than the standard

    @property
    def share(self) -> float | None:
        return None if not self.count else self.within / self.count


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    month: str
    title: str  # "Laporan bulanan November 2026"
    period: str  # "November 2026"
    zone: str  # "WIB"
    platforms: tuple[str, ...]  # platforms with a publication, in the usual order
    publications: tuple[Publication, ...]
    weeks: tuple[Week, ...]
    failed: int
    deferred: int
    unknown: int
    reconciled: int
    needs_human: int
    trials: int
    received: int
    answered: int
    escalated: int
    gone: int
    refused: int
    response: Timing
    sop1: tuple[Timing, ...]
    sop2: tuple[Timing, ...]
    x_cost_usd: float


def period(month: str) -> str:
    match = MONTH.fullmatch(month)
    if match is None:
        raise PipelineError(f"{month!r}: tulis bulan sebagai YYYY-MM, mis. 2026-11")
    return f"{MONTHS_ID[int(match[2]) - 1]} {match[1]}"


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile (an observed value, so no interpolation to explain)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def timing(key: str, label: str, standard: int, values: Sequence[float]) -> Timing:
    return Timing(
        key=key,
        label=label,
        standard=standard,
        count=len(values),
        median=percentile(values, 0.5),
        p90=percentile(values, 0.9),
        within=sum(1 for v in values if v <= standard),
    )


def collect(config: Config, uploads: Sequence[Event], inbox: Sequence[Event], month: str) -> Report:
    label = period(month)
    mine = [e for e in uploads if _in(e, month)]
    kinds = [str(e.get("event")) for e in mine]
    pubs = sorted(
        (_publication(e) for e in mine if _is_publication(e)),
        key=lambda p: (_order(p.platform), p.at_local, p.post, p.url),
    )
    platforms = tuple(sorted({p.platform for p in pubs}, key=_order))
    return Report(
        month=month,
        title=f"Laporan bulanan {label}",
        period=label,
        zone=config.zone_name,
        platforms=platforms,
        publications=tuple(pubs),
        weeks=_weeks(pubs, platforms, month),
        failed=kinds.count("failed"),
        deferred=kinds.count("deferred"),
        unknown=kinds.count("unknown"),
        reconciled=kinds.count("reconciled"),
        needs_human=kinds.count("needs_human"),
        trials=kinds.count("trial"),
        **_comments(config, inbox, month),
        sop1=_sop1(config, uploads, month),
        x_cost_usd=round(
            sum(
                _money(e.get("cost_usd"))
                for e in mine
                if e.get("platform") == "x" and e.get("event") == "published"
            ),
            4,
        ),
    )


# --- uploads ------------------------------------------------------------------------------
def _in(event: Event, month: str) -> bool:
    return str(event.get("at_utc", "")).startswith(month)


def _order(platform: str) -> tuple[int, str]:
    order = list(PLATFORMS)
    return (order.index(platform) if platform in order else len(order), platform)


def _is_publication(event: Event) -> bool:
    kind = event.get("event")
    return kind == "published" or (kind == "resolved" and event.get("decision") == "published")


def _publication(event: Event) -> Publication:
    post = _str(event.get("post"))
    return Publication(
        platform=_str(event.get("platform")),
        post=post,
        title=_str(event.get("title")) or post,
        page=_str(event.get("link")),
        url=_str(event.get("url")),
        at_local=_str(event.get("at_local")),
    )


def _weeks(pubs: Sequence[Publication], platforms: tuple[str, ...], month: str) -> tuple[Week, ...]:
    """Every ISO week that has a day in the month (empty weeks too), counted by local date."""
    year, number = int(month[:4]), int(month[5:])
    first = date(year, number, 1)
    last = date(year + number // 12, number % 12 + 1, 1)
    labels: list[str] = []
    day = first
    while day < last:
        iso = day.isocalendar()
        text = f"{iso.year}-W{iso.week:02d}"
        if text not in labels:
            labels.append(text)
        day = date.fromordinal(day.toordinal() + 1)
    counts = {w: [0] * len(platforms) for w in labels}
    for pub in pubs:
        try:
            iso = date.fromisoformat(pub.at_local[:10]).isocalendar()
        except ValueError:
            continue
        week = f"{iso.year}-W{iso.week:02d}"
        if week in counts:
            counts[week][platforms.index(pub.platform)] += 1
    return tuple(Week(label=w, counts=tuple(counts[w])) for w in labels)


def _sop1(config: Config, uploads: Sequence[Event], month: str) -> tuple[Timing, ...]:
    limit = timeline.standards(config)
    pulls: dict[int, dict[str, str]] = {}
    reviews: dict[object, str] = {}
    for event in uploads:
        if event.get("event") != "disposition" or not isinstance(event.get("pr"), int):
            continue
        if not event.get("jabatan"):  # an older log's review by an outsider: no disposition
            continue
        pr = int(event["pr"])
        facts = pulls.setdefault(pr, {"post": _str(event.get("post")), "first": ""})
        for name in ("pr_opened_at", "pr_merged_at"):
            if event.get(name) and not facts.get(name):
                facts[name] = _str(event.get(name))
        key = event.get("review_id") or (pr, event.get("reviewer"), event.get("reviewed_at"))
        if key not in reviews:
            reviews[key] = _str(event.get("reviewed_at"))
            at = _str(event.get("reviewed_at"))
            if at and (not facts["first"] or at < facts["first"]):
                facts["first"] = at
    values: dict[str, list[float]] = {k: [] for k in SOP1_LABELS}
    for facts in pulls.values():
        if facts["first"].startswith(month):
            _add(values["disposition"], facts.get("pr_opened_at", ""), facts["first"])
    firsts: dict[tuple[str, str], Event] = {}
    for event in uploads:
        if _is_publication(event):
            key = (_str(event.get("post")), _str(event.get("platform")))
            if key not in firsts or _str(event.get("at_utc")) < _str(firsts[key].get("at_utc")):
                firsts[key] = event
    for (post, _), event in sorted(firsts.items()):
        if not _in(event, month):
            continue
        logged, live = _str(event.get("at_utc")), _str(event.get("remote_published_at"))
        own = [n for n, f in pulls.items() if f["post"] == post]
        logged_pr = event.get("pr")
        number = logged_pr if isinstance(logged_pr, int) else (own[0] if len(own) == 1 else None)
        merged = pulls.get(number, {}).get("pr_merged_at", "") if number is not None else ""
        start = _later(merged, _str(event.get("planned_at")))
        _add(values["post"], start, live or logged)
        _add(values["report_links"], live, logged)
    return tuple(timing(k, SOP1_LABELS[k], limit[k], values[k]) for k in SOP1_LABELS)


def _later(first: str, second: str) -> str:
    """The later of two times (a scheduled post starts its clock at publish_at)."""
    a, b = timeline.parse(first), timeline.parse(second)
    if a is None or b is None:
        return first if b is None else second
    return second if b > a else first


def _add(into: list[float], start: str, end: str) -> None:
    a, b = timeline.parse(start), timeline.parse(end)
    if a is not None and b is not None and b >= a:
        into.append(round((b - a).total_seconds() / 60, 1))


# --- comments -----------------------------------------------------------------------------
def _comments(config: Config, inbox: Sequence[Event], month: str) -> dict[str, Any]:
    """Comments received in the month and what became of them (events up to now)."""
    standards = config.time_standards
    day = timeline.working_day(config)
    sop2 = standards.sop2
    limit = {
        "draft": minutes(sop2.inventory, day) + minutes(sop2.draft, day),
        "correct": minutes(sop2.correct, day),
        "send": minutes(sop2.send, day),
    }
    comments: dict[tuple[str, str], dict[str, Any]] = {}
    for event in inbox:
        key = (_str(event.get("platform")), _str(event.get("comment_id")))
        kind = event.get("event")
        if kind == "comment":
            created = _str(event.get("created_at") or event.get("at_utc"))
            if key not in comments and created.startswith(month):
                comments[key] = {"comment": created}
        elif key in comments and kind in ("draft", "approved", "sent", "gone", "refused"):
            seen = comments[key]
            seen.setdefault(str(kind), _str(event.get("at_utc")))
            if kind in ("draft", "approved") and event.get("policy") is True:
                seen["policy"] = True

    def span(start: str, end: str) -> float | None:
        if not start or not end:
            return None
        worked = hours.working_minutes(
            hours.parse(start), hours.parse(end), standards.working_hours, config.office.timezone
        )
        return float(worked)

    values: dict[str, list[float]] = {"draft": [], "correct": [], "send": [], "response": []}
    for seen in comments.values():
        for step, start, end in (
            ("draft", "comment", "draft"),
            ("correct", "draft", "approved"),
            ("send", "approved", "sent"),
            ("response", "comment", "sent"),
        ):
            value = span(seen.get(start, ""), seen.get(end, ""))
            if value is not None:
                values[step].append(value)
    total = sum(limit.values())
    return {
        "received": len(comments),
        "answered": sum(1 for s in comments.values() if "sent" in s),
        "escalated": sum(1 for s in comments.values() if s.get("policy")),
        "gone": sum(1 for s in comments.values() if "gone" in s and "sent" not in s),
        "refused": sum(1 for s in comments.values() if "refused" in s and "sent" not in s),
        "response": timing("response", "Waktu tanggapan (2.1–2.4)", total, values["response"]),
        "sop2": tuple(timing(k, text, limit[k], values[k]) for k, text in SOP2_STEPS),
    }


def _str(value: object) -> str:
    return "" if value is None else str(value)


def _money(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0.0
    try:
        return float(value)
    except ValueError:
        return 0.0
