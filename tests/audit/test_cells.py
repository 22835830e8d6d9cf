"""User data in the report cannot add Markdown, HTML, images, mentions, links or cells."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from pipeline.audit import markdown
from pipeline.audit.cells import escape, link, sha, when
from pipeline.audit.scope import Audit
from tests.audit.conftest import HOSTILE


def html_of(text: str) -> str:
    """CommonMark with GFM tables (what GitHub renders, bar its autolinks: checked apart)."""
    return MarkdownIt("commonmark").enable("table").render(text)


def test_hostile_review_text_is_inert() -> None:
    text = escape(HOSTILE)
    html = html_of(f"| a |\n|---|\n| {text} |")
    assert "<img" not in html and "<script" not in html and "<a " not in html
    assert "<strong>" not in html
    assert html.count("<td>") == 1  # the pipe stayed inside its cell
    assert "\n" not in text
    assert "\\@bpsip-jabar" in text  # no team is pinged


@pytest.mark.parametrize(
    ("raw", "absent"),
    [
        ("[klik](https://evil.example)", "<a "),
        ("<b>tebal</b>", "<b>"),
        ("www.evil.example", "<a "),
        ("<https://evil.example/x>", "<a "),
        ("`kode`", "<code>"),
        ("_miring_", "<em>"),
    ],
)
def test_escape(raw: str, absent: str) -> None:
    text = escape(raw)
    assert absent not in html_of(text)
    assert "://" not in text and "www." not in text  # no GFM autolink either


def test_bidi_and_control_characters_are_removed() -> None:
    assert escape("abc\u202edef\x07") == "abcdef"
    assert escape("   ") == "–"


def test_links_only_to_https() -> None:
    assert link("javascript:alert(1)") == "javascript:alert\\(1\\)"
    assert link("http://x.example/") == "http:\\/\\/x.example/"
    assert link("") == "–"
    made = link("https://x.example/a_(b)")
    assert made == "[x.example/a\\_\\(b\\)](https://x.example/a_%28b%29)"
    assert link("https://x.example/a b") == "https:\\/\\/x.example/a b"


def test_commits_and_times() -> None:
    assert sha("a" * 40) == f"`{'a' * 12}`"
    assert sha("`; rm -rf") == "\\`; rm -rf"
    zone = Audit(scope="", head="", unsaved=False, day_minutes=510, offset="+07:00", zone="WIB",
                 entries=())  # fmt: skip
    assert when("2026-11-23T01:00:00Z", zone) == "2026-11-23 08:00 WIB"
    assert when("", zone) == "–"
    assert when("<b>", zone) == "&lt;b&gt;"


def test_the_whole_report_links_only_to_logged_publications(month_audit: Audit) -> None:
    html = html_of(markdown.render(month_audit))
    assert "<img" not in html and "<script" not in html
    hosts = {h.split("/")[2] for h in re.findall(r'href="([^"]*)"', html)}
    assert hosts == {
        "bpsip-jabar.example",
        "facebook.example",
        "instagram.example",
        "x.example",
        "tiktok.example",
    }
