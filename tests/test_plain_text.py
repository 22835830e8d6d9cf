"""The plain-text rule for front-matter strings (issue 12, class 2)."""

from __future__ import annotations

import pytest

from pipeline.plain_text import find_markup


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Panen <b>raya</b>", "markup_tag"),
        ("<svg><set attributeName=href to=javascript:alert(1) /></svg>", "markup_tag"),
        ("<math><maction actiontype=statusline>", "markup_tag"),
        ("<!-- komentar -->", "markup_tag"),
        ("x </title><script>", "markup_tag"),
        ("\uff1cscript\uff1e", "markup_tag"),  # fullwidth, NFKC makes it '<'
        ("\ufe64img src=x\ufe65", "markup_tag"),  # small form
        ("\u2039svg onload=x\u203a", "markup_tag"),  # single angle quotation mark
        ("\u3008iframe\u3009", "markup_tag"),  # CJK angle bracket
        ("\u27e8base href=x\u27e9", "markup_tag"),  # mathematical angle bracket
        ("&lt;script&gt;", "markup_entity"),
        ("&#60;script", "markup_entity"),
        ("&#x3C;script", "markup_entity"),
        ("Tom &amp; Jerry", "markup_entity"),
        ("javascript:alert(1)", "markup_script_url"),
        ("JAVA\tSCRIPT:alert(1)", "markup_script_url"),
        ("java\u200bscript:alert(1)", "markup_script_url"),
        ("vbscript:msgbox", "markup_script_url"),
        ("data:text/html;base64,PHNjcmlwdD4=", "markup_script_url"),
        ("\U0001d5c3avascript:", "markup_script_url"),  # mathematical sans-serif j
        ("x{width:expression(alert(1))}", "markup_css"),
        ("background:url(https://evil.example/)", "markup_css"),
        ("@import 'x'", "markup_css"),
        ("Kategori [klik](https://evil.example)", "markup_markdown"),
        ("![x](https://evil.example/a.png)", "markup_markdown"),
    ],
)
def test_markup_is_found(value: str, reason: str) -> None:
    assert find_markup(value)[0] == reason


@pytest.mark.parametrize(
    "value",
    [
        "Panen raya padi Inpari 32",
        'Kata "kepala": hasil < 5 ton & naik > 3%',
        "R&D, AT&T, a&b",
        "{{ config.extra }} {% raw %}",
        "Jajar legowo 2:1 (https://pertanian.go.id/x)",
        "Harga 1 < 2",
        "it's",
        "Hasil [revisi] (baru)",
    ],
)
def test_plain_text_passes(value: str) -> None:
    assert find_markup(value) == ("", "")
