"""The daily digest for superiors (SOP 1 step 1.9, *melaporkan respon netizen kepada atasan*):
per platform how many comments came in on the day, how many answers were sent, how many are
still open and how many are past SOP 2's standards; the policy questions waiting for the head;
and the overdue items. Markdown, built from the comment log alone."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pipeline.config import Config
from pipeline.inbox import summary
from pipeline.inbox.hours import parse
from pipeline.inbox.inventory import (
    DONE,
    PLATFORM_NAMES,
    Item,
    age_text,
    build,
    local,
    long_date,
    ordered,
    safe,
)


def render(
    config: Config,
    inbox_events: Sequence[Mapping[str, Any]],
    upload_events: Sequence[Mapping[str, Any]],
    now: datetime,
    title: Callable[[str], str],
    day: date | None = None,
) -> str:
    day = day or local(now, config).date()
    items = build(config, inbox_events, upload_events, now)
    on_day = [i for i in items if local(i.created, config).date() == day]
    sent = _sent_on(config, inbox_events, day)
    open_items = [i for i in items if i.status not in DONE]
    platforms = ordered(
        {i.platform for i in on_day}
        | {i.platform for i in open_items}
        | set(sent)
        | _checked(config, inbox_events, day)
    )
    zone = config.zone_name
    lines = [
        f"# Laporan respon netizen: {long_date(datetime(day.year, day.month, day.day))}",
        "",
        f"{safe(config.office.name)} · per {local(now, config):%Y-%m-%d %H:%M} {zone} · "
        "SOP 1 langkah 9 (melaporkan respon netizen kepada atasan)",
        "",
        "| Platform | Komentar masuk | Jawaban terkirim | Masih terbuka | Lewat batas |",
        "|---|---:|---:|---:|---:|",
    ]
    totals = [0, 0, 0, 0]
    for platform in platforms:
        row = [
            sum(1 for i in on_day if i.platform == platform),
            sent.get(platform, 0),
            sum(1 for i in open_items if i.platform == platform),
            sum(1 for i in open_items if i.platform == platform and i.overdue),
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        name = PLATFORM_NAMES.get(platform, platform)
        lines.append(f"| {name} | " + " | ".join(str(n) for n in row) + " |")
    lines.append("| **Jumlah** | " + " | ".join(f"**{n}**" for n in totals) + " |")
    lines.append("")
    unavailable = _unavailable(inbox_events)
    if unavailable:
        lines += [
            "Tidak dapat diperiksa otomatis: "
            + "; ".join(f"{PLATFORM_NAMES.get(p, p)} ({safe(r)})" for p, r in unavailable)
            + ".",
            "",
        ]
    policy = [i for i in open_items if i.policy]
    lines += ["## Pertanyaan kebijakan menunggu keputusan Kepala Balai", ""]
    lines += _list(policy, config, title) or ["Tidak ada.", ""]
    overdue = [i for i in open_items if i.overdue]
    lines += ["## Lewat batas waktu SOP 2", ""]
    lines += _list(overdue, config, title) or ["Tidak ada.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _list(items: list[Item], config: Config, title: Callable[[str], str]) -> list[str]:
    if not items:
        return []
    lines = []
    for item in items:
        when = f"{local(item.created, config):%Y-%m-%d %H:%M} {config.zone_name}"
        name = PLATFORM_NAMES.get(item.platform, item.platform)
        author = safe(item.author, 60) if item.author else "(tanpa nama)"
        lines.append(
            f"- {when} · {name} · {safe(title(item.post), 80)} · {author}: "
            f"{safe(item.text, 140)} · {item.status}, {age_text(item)}"
        )
    return [*lines, ""]


def _sent_on(config: Config, events: Sequence[Mapping[str, Any]], day: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for event in events:
        at = str(event.get("at_utc", ""))
        if event.get("event") == "sent" and at and local(parse(at), config).date() == day:
            platform = str(event.get("platform", ""))
            counts[platform] = counts.get(platform, 0) + 1
    return counts


def _checked(config: Config, events: Sequence[Mapping[str, Any]], day: date) -> set[str]:
    return {
        row["platform"]
        for row in summary.checks(events)
        if row["available"] and local(parse(row["at"]), config).date() == day
    }


def _unavailable(events: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for row in summary.checks(events):
        if not row["available"]:
            found[row["platform"]] = row["reason"]
    return [(p, found[p]) for p in ordered(set(found))]
