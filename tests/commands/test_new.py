from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.commands import new
from pipeline.errors import PipelineError
from pipeline.frontmatter import load_markdown
from tests.conftest import codes, run_check


def test_slugify() -> None:
    assert new.slugify("Panen Raya Padi: Inpari 32!") == "panen-raya-padi-inpari-32"
    assert new.slugify("Bimtek Pengolahan Kopi di Sumedang") == "bimtek-pengolahan-kopi-di-sumedang"
    assert new.slugify("???") == "tulisan"


def test_scaffold_parses_and_asks_for_what_is_missing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new.run('Panen "Raya" Padi', today=dt.date(2026, 11, 20)) == 0
    index = repo / "content" / "posts" / "2026" / "11" / "panen-raya-padi" / "index.md"
    doc = load_markdown(index.read_text(), "index.md")
    assert doc.problems == () and doc.data is not None
    assert doc.data["title"] == 'Panen "Raya" Padi'
    assert "pipeline check" in capsys.readouterr().out
    # The template is valid YAML and only lacks what the writer must add.
    assert sorted(set(codes(run_check()[1]))) == ["CAPTION_MISSING", "MEDIA_REQUIRED"]


def test_refuses_existing_and_bad_date(repo: Path) -> None:
    new.run("Sama", today=dt.date(2026, 11, 20))
    with pytest.raises(PipelineError, match="sudah ada"):
        new.run("Sama", today=dt.date(2026, 11, 20))
    with pytest.raises(PipelineError, match="tidak sah"):
        new.run("Lain", date="2026-13-01")


def test_every_new_post_gets_its_own_id(repo: Path) -> None:
    new.run("Satu", today=dt.date(2026, 11, 20))
    new.run("Dua", today=dt.date(2026, 11, 20))
    ids = []
    for slug in ("satu", "dua"):
        doc = load_markdown((repo / f"content/posts/2026/11/{slug}/index.md").read_text(), "x")
        assert doc.data is not None and isinstance(doc.data["id"], str)
        ids.append(doc.data["id"])
    assert ids[0] != ids[1]
    assert "POST_ID_MISSING" not in codes(run_check()[1])
