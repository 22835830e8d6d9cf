"""`pipeline id`: a fresh id, or ids written into posts that have none (the migration)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pipeline.commands import ident
from tests.conftest import BASE_FRONT, codes, run_check, write_post


def test_prints_a_fresh_id_each_time() -> None:
    outs = []
    for _ in range(2):
        out = io.StringIO()
        assert ident.run([], out=out) == 0
        outs.append(out.getvalue().strip())
    assert outs[0] != outs[1] and all(re.fullmatch(r"[a-z0-9-]{36}", o) for o in outs)


def test_fills_only_missing_ids_and_twice_changes_nothing(repo: Path) -> None:
    kept = write_post(repo, "punya-id") / "index.md"
    bare = write_post(repo, "tanpa-id", front="id: hapus-saya\n" + BASE_FRONT) / "index.md"
    bare.write_text(bare.read_text().replace("id: hapus-saya\n", ""), encoding="utf-8")
    before = kept.read_text()
    assert codes(run_check()[1]) == ["POST_ID_MISSING"]
    out = io.StringIO()
    assert ident.run(["content"], out=out) == 0
    assert "tanpa-id" in out.getvalue() and "punya-id" not in out.getvalue()
    assert kept.read_text() == before
    assert run_check()[0] == 0
    once = bare.read_text()
    ident.run(["content"], out=io.StringIO())
    assert bare.read_text() == once
