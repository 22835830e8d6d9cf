"""The post × platform table people read after a publish run (golden)."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.publish.report import table
from pipeline.publish.runner import Outcome

P = "content/posts/2026/11/panen/index.md"
Q = "content/posts/2026/12/jadwal/index.md"
OUTCOMES = [
    Outcome(post=P, platform="website", status="already", url="https://situs.example/panen/"),
    Outcome(post=P, platform="x", status="published", url="https://x.com/a/status/1"),
    Outcome(post=P, platform="tiktok", status="needs_human", message="periksa akun"),
    Outcome(
        post=P,
        platform="instagram_story",
        status="deferred",
        message="kuota habis",
        hint="dicoba lagi",
    ),
    Outcome(post=Q, platform="website", status="waiting", message="terbit 2026-12-01 09:00 WIB"),
    Outcome(post=Q, platform="facebook", status="waiting", message="terbit 2026-12-01 09:00 WIB"),
]


def test_publish_table(golden: Callable[[str, str], None]) -> None:
    golden("publish_table_id.md", table(OUTCOMES) + "\n")
    golden("publish_table_en.md", table(OUTCOMES, "en") + "\n")


def test_nothing_to_publish() -> None:
    assert table([]) == "Tidak ada tulisan untuk diunggah."
