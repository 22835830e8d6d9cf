from __future__ import annotations

from pathlib import Path

from pipeline.commands import schema

ROOT = Path(__file__).parent.parent.parent


def test_committed_schema_files_are_current() -> None:
    for name, text in schema.rendered().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `make schema`"
        )


def test_schema_names_the_fixed_fields() -> None:
    post = schema.FILES["post.schema.json"]()
    props = post["properties"]
    assert {"title", "date", "publish_at", "social", "media"} <= set(props)
    defs = post["$defs"]
    assert set(defs["MediaItem"]["properties"]["kind"]["enum"]) == {"photo", "infographic", "video"}
    assert {"platforms", "caption", "facebook", "instagram", "x", "tiktok"} <= set(
        defs["SocialPost"]["properties"]
    )
