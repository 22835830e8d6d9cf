"""The inventory: golden Markdown, hostile comment text made inert, statuses from the log, and
ageing in working hours (a Friday 15:50 comment is not overdue at 07:40 on Monday)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from pipeline.commands import inbox as command
from pipeline.config import Config
from pipeline.inbox import inventory
from pipeline.inbox import records as inbox
from pipeline.publish import records as uploads
from tests.inbox import sample

CONFIG = Config()


def _items(minutes_later: int = 0) -> dict[str, inventory.Item]:
    now = sample.MONDAY_0740 + timedelta(minutes=minutes_later)
    items = inventory.build(CONFIG, sample.events(), sample.uploads(), now)
    return {i.comment_id: i for i in items}


def test_golden_inventory(golden: Callable[[str, str], None]) -> None:
    text = inventory.render(
        CONFIG, sample.events(), sample.uploads(), sample.MONDAY_0740, sample.title
    )
    golden("inbox_inventaris.md", text)


def test_statuses_come_from_the_log() -> None:
    items = _items()
    assert {k: i.status for k, i in items.items()} == {
        "1861": "terkirim",
        "1_11": "hilang",
        "1862": "ditolak",
        "17900": "draf",
        "1_12": "draf",
        "1_13": "baru",
        "1863": "baru",
    }
    assert items["1_12"].policy and not items["17900"].policy


def test_each_comment_links_its_post_when_the_log_carries_the_posts_id() -> None:
    """`pipeline publish` writes `post_id` on every line and the fold keys pairs by it; the
    inventory still finds each comment's post link (by the post's path, before or after a
    move)."""
    with_id = [{**e, "post_id": "277bb842-7648-4571-bf1e-4496e28a3cdd"} for e in sample.uploads()]
    plain = inventory.build(CONFIG, sample.events(), sample.uploads(), sample.MONDAY_0740)
    items = inventory.build(CONFIG, sample.events(), with_id, sample.MONDAY_0740)
    assert [i.post_url for i in items] == [i.post_url for i in plain]
    assert all(i.post_url.startswith("https://") for i in items)


def test_a_friday_1550_comment_is_not_overdue_at_0740_monday() -> None:
    friday = _items()["1_13"]  # written 15:50 WIB Friday
    assert (friday.age, friday.limit, friday.overdue) == (20, 40, False)
    assert _items(20)["1_13"].overdue is False  # 08:00: exactly 40 minutes
    assert _items(21)["1_13"].overdue is True
    saturday = _items()["1863"]  # the weekend does not count
    assert (saturday.age, saturday.overdue) == (10, False)
    assert _items()["17900"].overdue  # a draft waiting since Friday 10:20 for its correction


def test_an_answer_edited_after_approval_needs_approval_again() -> None:
    events = sample.events()
    events.append(
        {
            "event": "approved",
            "platform": "instagram",
            "comment_id": "17900",
            "policy": False,
            "at_utc": "2026-11-27T03:30:00Z",
        }
    )
    now = sample.MONDAY_0740
    approved = {i.comment_id: i for i in inventory.build(CONFIG, events, [], now)}["17900"]
    assert (approved.status, approved.limit) == ("disetujui", 5)
    events.append(
        {
            "event": "draft",
            "platform": "instagram",
            "comment_id": "17900",
            "at_utc": "2026-11-27T03:40:00Z",
        }
    )
    redrafted = {i.comment_id: i for i in inventory.build(CONFIG, events, [], now)}["17900"]
    assert redrafted.status == "draf"


@pytest.mark.parametrize(
    "bad",
    ["<img", "<script", "**tebal**", "](http", "@admin", "\u202e", "\u202c", "http://", "www."],
)
def test_hostile_text_is_inert(bad: str) -> None:
    text = inventory.render(
        CONFIG, sample.events(), sample.uploads(), sample.MONDAY_0740, sample.title
    )
    (row,) = [line for line in text.splitlines() if "petani\\_ig" in line]
    shown = row.split(" | ")[3]  # the comment cell
    assert bad not in shown
    assert "[klik\\]" in shown and "@\u200badmin" in shown and "\\| pipa baris" in shown


def test_safe_escapes_and_keeps_emoji() -> None:
    assert inventory.safe("a|b\nc") == "a\\|b c"
    assert inventory.safe("halo @semua") == "halo @\u200bsemua"
    assert inventory.safe("<b>") == "&lt;b&gt;"
    assert inventory.safe("x\u200by\u2066z\u0007") == "xyz"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert inventory.safe(family) == family
    assert inventory.safe("a" * 600).endswith("…")
    assert inventory.href("javascript:alert(1)") == ""
    assert inventory.href("https://x.com/a (b)") == "https://x.com/a%20%28b%29"


def test_the_command_writes_build_inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    post = tmp_path / sample.POST
    post.parent.mkdir(parents=True)
    post.write_text(f'---\ntitle: "{sample.TITLE}"\n---\n\nIsi.\n', encoding="utf-8")
    inbox.append(tmp_path, sample.events())
    uploads.append(tmp_path, sample.uploads())
    out = io.StringIO()
    env = {"PIPELINE_NOW": "2026-11-30T00:40:00Z"}

    assert command.inventory(out=out, env=env) == 0

    assert out.getvalue() == "build/inbox/inventaris.md: 7 komentar, 4 terbuka, 2 lewat batas\n"
    written = (tmp_path / "build" / "inbox" / "inventaris.md").read_text(encoding="utf-8")
    assert sample.TITLE in written and "⚠" in written
