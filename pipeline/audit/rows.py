"""The audit as CSV: one row per post × platform (one row for a post with no platform yet),
with the facts of the Markdown report and the finding codes. UTF-8 with a BOM, like the
monthly upload CSV, so a spreadsheet opens it as it is; a cell that a spreadsheet would read
as a formula is prefixed with an apostrophe."""

from __future__ import annotations

import csv
import io

from pipeline.audit.scope import Audit, Entry
from pipeline.audit.timeline import Step, local
from pipeline.audit.trail import Channel, Pull

COLUMNS = {
    "id": (
        "tulisan",
        "judul",
        "penulis",
        "email_penulis",
        "commit_penulis",
        "pr",
        "disposisi",
        "persetujuan_kepala",
        "commit_disetujui",
        "merge_commit",
        "waktu_merge",
        "platform",
        "status",
        "tautan",
        "id_unggahan",
        "terbit_di_platform",
        "dicatat",
        "menit_disposisi",
        "menit_unggah",
        "menit_lapor_tautan",
        "temuan",
    ),
    "en": (
        "post",
        "title",
        "writer",
        "writer_email",
        "writer_commit",
        "pr",
        "dispositions",
        "head_approval",
        "approved_commit",
        "merge_commit",
        "merged_at",
        "platform",
        "status",
        "url",
        "remote_id",
        "live_at",
        "logged_at",
        "disposition_minutes",
        "posting_minutes",
        "link_report_minutes",
        "findings",
    ),
}
YES_NO = {"id": ("ya", "tidak"), "en": ("yes", "no")}


def render(audit: Audit, lang: str = "id") -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS.get(lang, COLUMNS["id"]))
    for entry in audit.entries:
        channels: list[Channel | None] = [*entry.trail.channels] or [None]
        for channel in channels:
            writer.writerow([_safe(cell) for cell in _row(entry, channel, audit, lang)])
    return out.getvalue()


def _row(entry: Entry, channel: Channel | None, audit: Audit, lang: str) -> list[str]:
    trail = entry.trail
    first = channel.first if channel is not None else None
    pull = trail.pull(first.pr) if first is not None else None
    pulls = [pull] if pull is not None else list(trail.pulls)
    approved = [entry.approved.get(p.number, "") for p in pulls]
    platform = channel.platform if channel is not None else ""
    pubs = channel.publications if channel is not None else ()
    writer = trail.writer
    return [
        trail.post,
        trail.title,
        writer.name if writer else "",
        writer.email if writer else "",
        writer.sha if writer else "",
        "; ".join(f"#{p.number}" for p in pulls if p.number is not None),
        "; ".join(_dispositions(p) for p in pulls if p.dispositions),
        YES_NO.get(lang, YES_NO["id"])[0 if any(approved) else 1],
        "; ".join(a for a in approved if a),
        "; ".join(p.merge_commit for p in pulls if p.merge_commit),
        "; ".join(_iso(p.merged_at, audit) for p in pulls if p.merged_at),
        platform,
        channel.status if channel is not None else "",
        first.url if first is not None else "",
        "; ".join(p.remote_id for p in pubs if p.remote_id),
        _iso(first.live_at, audit) if first is not None else "",
        _iso(first.logged_at, audit) if first is not None else "",
        _minutes(entry.steps, "disposition", "", pulls[0].number if pulls else None),
        _minutes(entry.steps, "post", platform),
        _minutes(entry.steps, "report_links", platform),
        ";".join(entry.codes(platform)),
    ]


def _dispositions(pull: Pull) -> str:
    return "; ".join(f"{d.reviewer}:{d.verdict}@{d.commit[:12]}" for d in pull.dispositions)


def _minutes(steps: tuple[Step, ...], name: str, platform: str, pr: int | None = None) -> str:
    for s in steps:
        if s.name == name and s.platform == platform and (name != "disposition" or s.pr == pr):
            seconds = s.seconds
            return "" if seconds is None else f"{seconds / 60:.1f}"
    return ""


def _iso(text: str, audit: Audit) -> str:
    value = local(text, audit.offset)
    return text if value is None else value.isoformat()


def _safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula starts with an apostrophe."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(cell):
        return "'" + cell
    return cell


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
