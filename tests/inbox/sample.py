"""A small comment log for the inventory and digest tests: one post on four platforms, each
status once, hostile text, a Friday-afternoon comment read on Monday morning."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

POST = "content/posts/2026/11/panen-raya-padi-inpari-32/index.md"
TITLE = "Panen Raya Padi Inpari 32"
MONDAY_0740 = datetime(2026, 11, 30, 0, 40, tzinfo=UTC)  # 07:40 WIB
HOSTILE = (
    '<img src=x onerror="alert(1)"> **tebal** [klik](http://evil.example/a) @admin #12 '
    "\u202egnp.exe\u202c | pipa\nbaris www.spam.example `kode` ![gbr](http://t.example/p.gif)"
)


def _comment(platform: str, cid: str, author: str, text: str, created: str, **kw: str) -> Any:
    return {
        "event": "comment",
        "platform": platform,
        "post": POST,
        "remote_id": {"facebook": "100200300_1", "instagram": "901", "x": "1860"}[platform],
        "comment_id": cid,
        "author": author,
        "text": text,
        "created_at": created,
        "link": kw.get("link", f"https://example.invalid/{platform}/{cid}"),
        "parent_id": kw.get("parent_id", ""),
        "run": "r1",
        "at_utc": kw.get("fetched", created),
        "at_local": "",
    }


def uploads() -> list[dict[str, Any]]:
    urls = {
        "facebook": ("100200300_1", "https://www.facebook.com/100200300/posts/1"),
        "instagram": ("901", "https://www.instagram.com/p/C901/"),
        "x": ("1860", "https://x.com/bpsipjabar/status/1860"),
        "tiktok": ("7300", "https://www.tiktok.com/@bpsipjabar/video/7300"),
    }
    return [
        {
            "event": "published",
            "post": POST,
            "platform": p,
            "remote_id": rid,
            "url": url,
            "at_utc": "2026-11-25T03:00:00Z",
        }
        for p, (rid, url) in urls.items()
    ]


def events() -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = [
        # Thursday 26th: an X reply answered (sent), a Facebook comment deleted, X refused
        _comment(
            "x",
            "1861",
            "warga_bdg",
            "@bpsipjabar Kapan panen berikutnya?",
            "2026-11-26T02:00:00Z",
            fetched="2026-11-26T02:05:00Z",
        ),
        {
            "event": "draft",
            "platform": "x",
            "comment_id": "1861",
            "branch": "inbox/x-1861",
            "path": "inbox/x-1861.md",
            "at_utc": "2026-11-26T02:20:00Z",
        },
        {
            "event": "approved",
            "platform": "x",
            "comment_id": "1861",
            "text_sha256": "a" * 64,
            "by": "kasubtu",
            "policy": False,
            "at_utc": "2026-11-26T02:40:00Z",
        },
        {
            "event": "sent",
            "platform": "x",
            "comment_id": "1861",
            "text_sha256": "a" * 64,
            "reply_id": "1870",
            "url": "https://x.com/bpsipjabar/status/1870",
            "at_utc": "2026-11-26T02:44:00Z",
        },
        _comment("facebook", "1_11", "Budi Santoso", "Info harga gabah?", "2026-11-26T06:00:00Z"),
        {
            "event": "gone",
            "platform": "facebook",
            "comment_id": "1_11",
            "at_utc": "2026-11-26T08:00:00Z",
        },
        _comment(
            "x", "1862", "penanya", "@bpsipjabar Benihnya dijual di mana?", "2026-11-26T07:00:00Z"
        ),
        {
            "event": "refused",
            "platform": "x",
            "comment_id": "1862",
            "message": "Reply to this conversation is not allowed",
            "at_utc": "2026-11-26T08:30:00Z",
        },
        # Friday 27th
        _comment("instagram", "17900", "petani_ig", HOSTILE, "2026-11-27T03:00:00Z"),
        {
            "event": "draft",
            "platform": "instagram",
            "comment_id": "17900",
            "branch": "inbox/ig-17900",
            "path": "inbox/ig-17900.md",
            "at_utc": "2026-11-27T03:20:00Z",
        },
        _comment(
            "facebook",
            "1_12",
            "Siti Aminah",
            "Apakah ada pelatihan untuk kelompok tani?",
            "2026-11-27T07:00:00Z",
        ),
        {
            "event": "draft",
            "platform": "facebook",
            "comment_id": "1_12",
            "policy": True,
            "branch": "inbox/fb-1_12",
            "path": "inbox/fb-1_12.md",
            "at_utc": "2026-11-27T07:30:00Z",
        },
        _comment(
            "facebook",
            "1_13",
            "Asep",
            "Mantap, sukses terus!",
            "2026-11-27T08:50:00Z",
            parent_id="1_12",
            fetched="2026-11-27T08:55:00Z",
        ),
        # Saturday 28th
        _comment("x", "1863", "akun_x", "@bpsipjabar Lokasinya di mana?", "2026-11-28T03:00:00Z"),
    ]
    for run, at in (("r1", "2026-11-27T09:00:00Z"), ("r2", "2026-11-30T00:35:00Z")):
        for platform, new in (("facebook", 0), ("instagram", 0), ("x", 1 if run == "r2" else 0)):
            log.append(
                {
                    "event": "checked",
                    "platform": platform,
                    "post": POST,
                    "remote_id": "",
                    "new": new,
                    "cursor": "",
                    "available": True,
                    "run": run,
                    "at_utc": at,
                }
            )
        log.append(
            {
                "event": "checked",
                "platform": "tiktok",
                "post": POST,
                "remote_id": "7300",
                "new": 0,
                "cursor": "",
                "available": False,
                "run": run,
                "at_utc": at,
                "reason": "API komentar TikTok hanya untuk akun bisnis (Accounts API); "
                "belum tersedia",
            }
        )
    return log


def title(post: str) -> str:
    return TITLE if post == POST else post
