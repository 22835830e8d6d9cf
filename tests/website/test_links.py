"""The "Tautan unggahan" page: the log's publications as a table (golden), every value
escaped, resolutions by a person included, nothing else."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from pipeline.publish import records
from pipeline.website.links import table
from tests.conftest import mkdocs_build


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


def test_the_site_builds_from_a_log_with_separators_and_damaged_lines(
    sample_site: Path, tmp_path: Path
) -> None:
    """The *Tautan unggahan* page: a title holding every separator stays in its row, each
    damaged line is named in the build's output and left out, and the build goes on."""
    root = tmp_path / "repo"
    shutil.copytree(sample_site.parent, root, ignore=shutil.ignore_patterns("site"))
    title = "Panen\u2028raya\u2029padi\u0085Inpari\x0b32\x1c\x1d\x1e\x0c\r\nSukamandi"
    good = ev(
        "published",
        at_utc="2026-11-25T02:00:05Z",
        at_local="2026-11-25T09:00:05+07:00",
        title=title,
        url="https://x.com/bpsipjabar/status/186",
    )
    records.append(root, [good])
    log = root / records.FOLDER / "2026-11.jsonl"
    damaged = [
        b'{"event": "published", "platform": "x", "at_utc": null, "post": "p"}\n',
        b'{"event": "published", "post": 7, "platform": "x", "at_utc": "2026-11-25T02:00:05Z"}\n',
        b'{"event": "published", "title": "\xff"}\n',
        b'{"event": "published", "post": "content/po',
    ]
    log.write_bytes(log.read_bytes() + b"".join(damaged))
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr
    for number in range(2, 6):
        assert f"records/uploads/2026-11.jsonl:{number}:" in done.stderr
    page = (root / "site" / "tautan-unggahan" / "index.html").read_text(encoding="utf-8")
    assert "Panen raya padi Inpari 32" in page and "Sukamandi" in page
    row = next(row for row in page.split("<tr>") if "Sukamandi" in row)
    assert "x.com/bpsipjabar/status/186" in row  # the title did not break its row


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


def test_a_logged_url_or_time_cannot_break_the_table_or_carry_markup() -> None:
    """A URL a person typed (`pipeline resolve --url`) or a platform returned, and the time of
    a line, are data: no pipe, line break, quote or '<' reaches the Markdown as itself."""
    hostile = [
        "https://x.com/a|b\n\n<script>alert(1)</script>",
        'https://x.com/"onmouseover="alert(1)',
        "https://x.com/a\u2028<img src=x onerror=alert(1)>",
        "https://x.com/`code`[x](javascript:alert(1))",
    ]
    events = [
        {"event": "published", "post": f"p{n}", "platform": "x", "title": "t", "url": url}
        | {"at_utc": f"2026-12-01T00:00:0{n}Z", "at_local": "2026|<img src=x onerror=alert(1)>"}
        for n, url in enumerate(hostile)
    ]
    text = table(events)
    rows = text.split("\n")
    assert len(rows) == 2 + len(hostile)
    for row in rows[2:]:
        cells = row.replace("\\|", "").split("|")
        assert len(cells) == 6, row  # four cells between the outer pipes
        target = row.rsplit("](", 1)[-1].removesuffix(") |")
        assert "<" not in row and "\u2028" not in row and row.count("`") == row.count("\\`")
        assert not any(c in target for c in '"`<> ')
