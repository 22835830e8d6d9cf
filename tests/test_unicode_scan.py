from __future__ import annotations

import pytest

from pipeline.unicode_scan import scan


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc\u202edef", "TEXT_BIDI_CONTROL"),
        ("abc\u2066def", "TEXT_BIDI_CONTROL"),  # isolate never closed
        ("abc\u2069", "TEXT_BIDI_CONTROL"),  # close without open
        ("#Panen\u200bRaya", "TEXT_INVISIBLE_CHAR"),
        ("a\ufeffb", "TEXT_INVISIBLE_CHAR"),
        ("tag\U000e0041", "TEXT_INVISIBLE_CHAR"),
        ("soft\u00adhyphen", "TEXT_INVISIBLE_CHAR"),
        ("esc\x1b[31m", "TEXT_CONTROL_CHAR"),
        ("nul\x00", "TEXT_CONTROL_CHAR"),
    ],
)
def test_findings(text: str, code: str) -> None:
    assert [f.code for f in scan(text)] == [code]


@pytest.mark.parametrize(
    "text",
    [
        "Panen raya padi\nbaris kedua",
        "مرحبا \u200f بالعالم",  # RLM is allowed
        "x \u2067مرحبا\u2069 y",  # balanced isolate
        "👨\u200d🌾 petani",  # ZWJ inside an emoji sequence
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # flag of England
    ],
)
def test_legitimate_text(text: str) -> None:
    assert list(scan(text)) == []


def test_label_names_the_code_point() -> None:
    (finding,) = scan("a\u202eb")
    assert finding.index == 1
    assert finding.label == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
