"""The table people read after a publish run: post × platform, with status and link (or,
in a trial, where each platform's exact requests were written). Markdown, so the same text
serves the terminal and the GitHub job summary."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.publish.all_platforms import PLATFORMS
from pipeline.publish.runner import Outcome

WORDS = {
    "id": {
        "post": "Tulisan",
        "published": "✅ terbit",
        "already": "✅ sudah",
        "waiting": "⏳ terjadwal",
        "paused": "⏸ dijeda",
        "failed": "❌ gagal",
        "unknown": "❓ belum pasti",
        "deferred": "🔁 ditunda",
        "needs_human": "🙋 perlu keputusan",
        "busy": "🔒 sedang diproses",
        "trial": "🧪 ujicoba",
        "skipped": "– dilewati",
        "notes": "Catatan",
        "none": "Tidak ada tulisan untuk diunggah.",
    },
    "en": {
        "post": "Post",
        "published": "✅ published",
        "already": "✅ already",
        "waiting": "⏳ scheduled",
        "paused": "⏸ paused",
        "failed": "❌ failed",
        "unknown": "❓ unknown",
        "deferred": "🔁 deferred",
        "needs_human": "🙋 needs a decision",
        "busy": "🔒 in progress",
        "trial": "🧪 trial",
        "skipped": "– skipped",
        "notes": "Notes",
        "none": "No posts to publish.",
    },
}


NAMES = {
    "website": "Website",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "instagram_story": "IG Story",
    "x": "X",
    "tiktok": "TikTok",
}


def table(outcomes: Sequence[Outcome], lang: str = "id") -> str:
    words = WORDS.get(lang, WORDS["id"])
    if not outcomes:
        return words["none"]
    columns = [p for p in PLATFORMS if any(o.platform == p for o in outcomes)]
    posts = list(dict.fromkeys(o.post for o in outcomes))
    cells = {(o.post, o.platform): o for o in outcomes}
    lines = [
        "| " + " | ".join([words["post"], *(NAMES.get(c, c) for c in columns)]) + " |",
        "|" + "---|" * (len(columns) + 1),
    ]
    notes: dict[tuple[str, str], list[str]] = {}  # (post, note) -> platforms: said once
    for post in posts:
        row = [_short(post)]
        for platform in columns:
            outcome = cells.get((post, platform))
            if outcome is None:
                row.append("–")
                continue
            label = words.get(outcome.status, outcome.status)
            row.append(f"[{label}]({outcome.url})" if outcome.url else label)
            if outcome.message and outcome.status not in ("already", "published", "trial"):
                note = outcome.message + (f" ({outcome.hint})" if outcome.hint else "")
                notes.setdefault((post, note), []).append(NAMES.get(platform, platform))
        lines.append("| " + " | ".join(row) + " |")
    if notes:
        lines += ["", f"{words['notes']}:"]
        lines += [f"- {_short(p)} [{', '.join(ps)}]: {n}" for (p, n), ps in notes.items()]
    return "\n".join(lines)


def _short(post: str) -> str:
    return post.removeprefix("content/posts/").removesuffix("/index.md")
