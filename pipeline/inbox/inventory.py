"""The *daftar inventaris komentar masuk* (SOP 2 step 1): a Markdown list for the team, not part
of the public site (written to build/inbox/).

Per day and platform, each comment: its time in the office's time zone, the post, the author's
handle, the text, a link, its status from the comment log (baru, draf, disetujui, terkirim,
hilang, ditolak) and its age in working minutes against SOP 2's standard for the step it waits
for; overdue items get ⚠.

Comment text is hostile (docs/publishing-model.md §4.8): control and bidi characters are
stripped, HTML and Markdown are escaped, and mentions, links and references are broken with a
zero-width space so nothing pings anyone or turns into a link or an image.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from pipeline.config import Config, minutes
from pipeline.inbox import summary
from pipeline.inbox.hours import parse, working_minutes
from pipeline.messages import DAYS_ID, MONTHS_ID
from pipeline.publish import records as uploads

ZW = "\u200b"
PLATFORM_ORDER = ("facebook", "instagram", "x", "tiktok", "website")
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "tiktok": "TikTok",
    "website": "Website",
}
STATUS = {
    "draft": "draf",
    "approved": "disetujui",
    "sent": "terkirim",
    "gone": "hilang",
    "refused": "ditolak",
}
DONE = ("terkirim", "hilang", "ditolak")
_MD = re.compile(r"([\\`*_{}\[\]()#!|~])")
_LINKISH = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data)(:)")


# --- hostile text -------------------------------------------------------------------------
def clean(text: str) -> str:
    """Strip control, format (bidi, zero-width) and separator characters; ZWJ stays (emoji).
    Line breaks and tabs become spaces; runs of spaces collapse."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\n\r\t\u2028\u2029\x0b\x0c\x85":
            out.append(" ")
        elif category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and char != "\u200d"):
            continue
        else:
            out.append(char)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def safe(text: str, limit: int = 500) -> str:
    """Text shown in a Markdown table cell: nothing in it renders, links or pings."""
    value = clean(text)
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    value = html.escape(value, quote=True)  # & < > " ' as entities: no HTML, no autolinks
    value = _MD.sub(r"\\\1", value)
    value = value.replace("@", "@" + ZW)  # no @mention, no e-mail autolink
    value = _LINKISH.sub(lambda m: m.group(1) + ZW + m.group(2), value)
    value = re.sub(r"(?i)\bwww\.", lambda m: m.group(0)[:3] + ZW + ".", value)
    return value or "—"


def href(url: str) -> str:
    """A link target we made or the platform gave: http(s) only, nothing that ends the link."""
    if not re.match(r"(?i)^https?://", url):
        return ""
    return quote(url, safe=":/?#@!$&'*+,;=%~.-_").replace("(", "%28").replace(")", "%29")


# --- the model ----------------------------------------------------------------------------
@dataclass(slots=True)
class Item:
    platform: str
    post: str
    comment_id: str
    author: str
    text: str
    created: datetime
    fetched: datetime
    link: str
    parent_id: str
    post_url: str
    status: str = "baru"
    since: datetime | None = None  # when the current step began
    done_at: datetime | None = None
    policy: bool = False
    age: int = 0  # working minutes in the current step (or to the end, when done)
    limit: int | None = None
    overdue: bool = False


def build(
    config: Config,
    inbox_events: Sequence[Mapping[str, Any]],
    upload_events: Sequence[Mapping[str, Any]],
    now: datetime,
) -> list[Item]:
    """Every stored comment with its status and age at `now`."""
    # The fold keys a pair by the post's identity; a comment names the post by its path (the
    # one it had when fetched, before or after a move), so every path of the pair is a key.
    urls = {
        (path, pair.platform): pair.url
        for pair in uploads.fold(upload_events).values()
        if pair.remote_id
        for path in sorted(pair.paths | {pair.post})
    }
    items: dict[tuple[str, str], Item] = {}
    for event in inbox_events:
        kind = event.get("event")
        key = (str(event.get("platform", "")), str(event.get("comment_id", "")))
        at = parse(str(event.get("at_utc", "")))
        if kind == "comment" and key not in items:
            created = str(event.get("created_at") or event.get("at_utc"))
            items[key] = Item(
                platform=key[0],
                post=str(event.get("post", "")),
                comment_id=key[1],
                author=str(event.get("author", "")),
                text=str(event.get("text", "")),
                created=parse(created),
                fetched=at,
                link=str(event.get("link", "")),
                parent_id=str(event.get("parent_id", "")),
                post_url=urls.get((str(event.get("post", "")), key[0]), ""),
            )
        elif kind in STATUS and key in items:
            item = items[key]
            if item.status == "terkirim":
                continue  # sent is final: a later event does not unsend it
            item.status, item.since = STATUS[str(kind)], at
            item.done_at = at if item.status in DONE else None
            if kind in ("draft", "approved") and "policy" in event:
                item.policy = bool(event.get("policy"))
    standards = config.time_standards
    day = _day_minutes(config)
    step = {
        "baru": minutes(standards.sop2.inventory, day) + minutes(standards.sop2.draft, day),
        "draf": minutes(standards.sop2.correct, day),
        "disetujui": minutes(standards.sop2.send, day),
    }
    zone = config.office.timezone
    for item in items.values():
        if item.status in DONE:
            item.age = working_minutes(
                item.created, item.done_at or now, standards.working_hours, zone
            )
            continue
        start = item.created if item.status == "baru" else (item.since or item.created)
        item.age = working_minutes(start, now, standards.working_hours, zone)
        item.limit = step[item.status]
        item.overdue = item.age > item.limit
    return sorted(items.values(), key=lambda i: (i.created, i.platform, i.comment_id))


def _day_minutes(config: Config) -> int:
    hours = config.time_standards.working_hours
    start = datetime.strptime(hours.start, "%H:%M")
    end = datetime.strptime(hours.end, "%H:%M")
    return int((end - start) / timedelta(minutes=1))


def title_reader(root: Path) -> Callable[[str], str]:
    """The post's `title` from its front matter (the folder name when it cannot be read)."""
    cache: dict[str, str] = {}

    def title(post: str) -> str:
        if post not in cache:
            cache[post] = _title(root / post) or Path(post).parent.name or post
        return cache[post]

    return title


def _title(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    match = re.match(r"---\r?\n(.*?)\r?\n---", text, re.DOTALL)
    found = re.search(r"(?m)^title:\s*(.+?)\s*$", match.group(1)) if match else None
    return found.group(1).strip().strip("\"'") if found else ""


def local(moment: datetime, config: Config) -> datetime:
    return moment.astimezone(ZoneInfo(config.office.timezone))


def long_date(moment: datetime) -> str:
    return f"{DAYS_ID[moment.weekday()]}, {moment.day} {MONTHS_ID[moment.month - 1]} {moment.year}"


def age_text(item: Item) -> str:
    if item.limit is None:
        return f"{item.age} mnt"
    mark = "⚠ " if item.overdue else ""
    return f"{mark}{item.age}/{item.limit} mnt"


# --- rendering ----------------------------------------------------------------------------
def render(
    config: Config,
    inbox_events: Sequence[Mapping[str, Any]],
    upload_events: Sequence[Mapping[str, Any]],
    now: datetime,
    title: Callable[[str], str],
) -> str:
    items = build(config, inbox_events, upload_events, now)
    zone = config.zone_name
    sop2 = config.time_standards.sop2
    hours = config.time_standards.working_hours
    days = ", ".join(DAYS_ID[d - 1] for d in hours.days)
    stamp = local(now, config)
    lines = [
        "# Daftar inventaris komentar masuk",
        "",
        f"{safe(config.office.name)} · dibuat {stamp:%Y-%m-%d %H:%M} {zone} · "
        "untuk tim, bukan bagian dari situs",
        "",
        f"Mutu baku SOP 2: inventaris {sop2.inventory}, draf {sop2.draft}, "
        f"koreksi {sop2.correct}, kirim {sop2.send}; dihitung dalam jam kerja "
        f"{hours.start}-{hours.end} {zone} ({days}). "
        "Umur: menit kerja pada langkah yang sedang ditunggu / batasnya; ⚠ lewat batas.",
        "",
    ]
    counts = {s: sum(1 for i in items if i.status == s) for s in ("baru", "draf", "disetujui")}
    counts |= {s: sum(1 for i in items if i.status == s) for s in DONE}
    overdue = sum(1 for i in items if i.overdue)
    summary = " · ".join(f"{n} {s}" for s, n in counts.items() if n)
    lines += [
        f"**{len(items)} komentar**" + (f": {summary}" if summary else "") + f" · ⚠ {overdue} "
        "lewat batas",
        "",
    ]
    lines += _checks(config, inbox_events)
    if not items:
        lines += ["Belum ada komentar tersimpan (*nihil*).", ""]
    by_day: dict[str, list[Item]] = {}
    for item in items:
        by_day.setdefault(local(item.created, config).date().isoformat(), []).append(item)
    for day in sorted(by_day, reverse=True):
        first = local(by_day[day][0].created, config)
        lines += [f"## {long_date(first)}", ""]
        for platform in ordered({i.platform for i in by_day[day]}):
            lines += [f"### {PLATFORM_NAMES.get(platform, platform)}", ""]
            lines += [
                "| Waktu | Tulisan | Penulis | Komentar | Tautan | Status | Umur |",
                "|---|---|---|---|---|---|---|",
            ]
            for item in (i for i in by_day[day] if i.platform == platform):
                lines.append(_row(item, config, title))
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _row(item: Item, config: Config, title: Callable[[str], str]) -> str:
    when = f"{local(item.created, config):%H:%M} {config.zone_name}"
    name = safe(title(item.post), 80)
    post = f"[{name}]({href(item.post_url)})" if href(item.post_url) else name
    author = safe(item.author, 60) if item.author else "(tanpa nama)"
    text = safe(item.text)
    if item.parent_id:
        text = "↳ " + text
    link = f"[buka]({href(item.link)})" if href(item.link) else "—"
    status = item.status + (" (kebijakan)" if item.policy else "")
    return f"| {when} | {post} | {author} | {text} | {link} | {status} | {age_text(item)} |"


def _checks(config: Config, events: Sequence[Mapping[str, Any]]) -> list[str]:
    """The last check per platform: when, how many posts, how many new; or why not."""
    last: dict[str, dict[str, Any]] = {}
    for row in summary.checks(events):  # `fetched` lines, and older logs' `checked` lines
        last[row["platform"]] = row | {"reason": "" if row["available"] else row["reason"]}
    if not last:
        return ["Belum pernah diperiksa: jalankan `pipeline inbox fetch`.", ""]
    lines = ["Pemeriksaan terakhir:", ""]
    for platform in ordered(set(last)):
        entry = last[platform]
        when = f"{local(parse(entry['at']), config):%Y-%m-%d %H:%M} {config.zone_name}"
        name = PLATFORM_NAMES.get(platform, platform)
        if entry["reason"]:
            lines.append(f"- {name}: tidak tersedia ({safe(entry['reason'])}), {when}")
        else:
            found = f"{entry['new']} baru" if entry["new"] else "*nihil*"
            lines.append(f"- {name}: {when}, {entry['posts']} tulisan, {found}")
    return [*lines, ""]


def ordered(platforms: set[str]) -> list[str]:
    known = [p for p in PLATFORM_ORDER if p in platforms]
    return known + sorted(platforms - set(known))
