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


def table(outcomes: Sequence[Outcome], lang: str = "id") -> str:
    words = WORDS.get(lang, WORDS["id"])
    if not outcomes:
        return words["none"]
    columns = [p for p in PLATFORMS if any(o.platform == p for o in outcomes)]
    posts = list(dict.fromkeys(o.post for o in outcomes))
    cells = {(o.post, o.platform): o for o in outcomes}
    lines = [
        "| " + " | ".join([words["post"], *columns]) + " |",
        "|" + "---|" * (len(columns) + 1),
    ]
    notes: list[str] = []
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
                notes.append(
                    f"- {_short(post)} [{platform}]: {outcome.message}"
                    + (f" ({outcome.hint})" if outcome.hint else "")
                )
        lines.append("| " + " | ".join(row) + " |")
    if notes:
        lines += ["", f"{words['notes']}:", *notes]
    return "\n".join(lines)


def _short(post: str) -> str:
    return post.removeprefix("content/posts/").removesuffix("/index.md")
