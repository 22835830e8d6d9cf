"""The "Tautan unggahan" page: the log's publications as a table (golden), every value
escaped, resolutions by a person included, nothing else."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.website.links import table


def ev(event: str, **kw: object) -> dict[str, object]:
    return {"event": event, "post": "content/posts/2026/11/panen/index.md", "platform": "x", **kw}


EVENTS = [
    ev("claimed", at_utc="2026-11-25T02:00:00Z"),
    ev(
        "published",
        at_utc="2026-11-25T02:00:05Z",
        at_local="2026-11-25T09:00:05+07:00",
        title="Panen raya padi",
        link="https://bpsip-jabar.example/2026/11/18/panen/",
        url="https://x.com/bpsipjabar/status/186",
    ),
    ev(
        "published",
        platform="instagram",
        at_utc="2026-11-26T01:00:00Z",
        at_local="2026-11-26T08:00:00+07:00",
        title="Judul | dengan [kurung] <b>tebal</b>",
        link="javascript:alert(1)",
        url="https://www.instagram.com/p/C1/",
    ),
    ev(
        "resolved",
        platform="tiktok",
        decision="published",
        at_utc="2026-11-27T03:00:00Z",
        at_local="2026-11-27T10:00:00+07:00",
        url="https://www.tiktok.com/@bpsipjabar/video/7",
    ),
    ev("resolved", platform="facebook", decision="retry", at_utc="2026-11-27T04:00:00Z"),
    ev("trial", platform="tiktok", at_utc="2026-11-27T05:00:00Z", url="https://tiktok/x"),
]


def test_links_table(golden: Callable[[str, str], None]) -> None:
    text = table(EVENTS)
    assert "javascript:" not in text and "<b>" not in text
    golden("tautan_unggahan.md", text + "\n")


def test_empty_log() -> None:
    assert table([]) == "Belum ada unggahan yang tercatat."


def test_a_moved_post_links_to_where_it_is_now() -> None:
    """Rows of a post moved since (its page address changed with the date) link to the
    post's source, which the site build turns into its address in that very build."""
    old = ev(
        "published",
        at_utc="2026-11-25T02:00:05Z",
        title="Panen raya padi",
        link="https://bpsip-jabar.example/2026/11/18/panen/",
        url="https://x.com/bpsipjabar/status/186",
    )
    page = dict(old, platform="website", url="https://bpsip-jabar.example/2026/11/18/panen/")
    sources = {"content/posts/2026/11/panen/index.md": "posts/2026/12/panen/index.md"}
    text = table([old, page], sources)
    assert "(posts/2026/12/panen/index.md)" in text and "2026/11/18" not in text
