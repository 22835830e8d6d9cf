from __future__ import annotations

import pytest

from pipeline import captions
from pipeline.schema import POST_ADAPTER, PostMeta


def meta(social: dict[str, object]) -> PostMeta:
    return POST_ADAPTER.validate_python(
        {"title": "T", "date": __import__("datetime").date(2026, 11, 20), "social": social}
    )


def test_x_weighted_counting() -> None:
    assert captions.length("a" * 280, "weighted") == 280
    assert captions.length("https://bpsip.pertanian.go.id/berita/panen-raya-padi", "weighted") == 23
    assert captions.length("Panen 🌾", "weighted") == 8  # emoji weighs 2
    assert captions.length("👨‍🌾", "weighted") == 2  # a ZWJ sequence counts once
    assert captions.length("日本", "weighted") == 4


def test_utf16_and_chars() -> None:
    assert captions.length("🌾", "utf16") == 2
    assert captions.length("e\u0301", "chars") == 1  # NFC: é


def test_platform_text_override_and_hashtags() -> None:
    m = meta(
        {
            "platforms": ["x", "instagram"],
            "caption": "Panen raya",
            "hashtags": ["PertanianMaju", "#BSIP"],
            "x": {"caption": "Pendek", "hashtags": []},
        }
    )
    assert captions.platform_text(m, "instagram") == "Panen raya\n\n#PertanianMaju #BSIP"
    assert captions.platform_text(m, "x") == "Pendek"


@pytest.mark.parametrize(
    ("text", "tags", "mentions"),
    [
        ("#a #b c#d @e f@g.id", 2, 1),
        ("&#x61; #padi_unggul", 1, 0),
    ],
)
def test_counts(text: str, tags: int, mentions: int) -> None:
    assert captions.count_hashtags(text) == tags
    assert captions.count_mentions(text) == mentions
