"""content/laporan/index.md: its intro kept, the marked list of months rewritten."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.commands import report
from pipeline.report import pdf

PROJECT = Path(__file__).parent.parent.parent
INTRO = "# Laporan\n\nLaporan berkala.\n\n"
EMPTY = "<!-- pipeline:laporan -->\nBelum ada laporan.\n<!-- /pipeline:laporan -->\n"


def test_no_reports(tmp_path: Path) -> None:
    assert report.index(INTRO + EMPTY, tmp_path / "none") == INTRO + EMPTY


def test_months_newest_first_only_month_pages(tmp_path: Path) -> None:
    for name in ("2026-01.md", "2025-12.md", "2026-11.md", "2026-11-waktu-sop.svg", "index.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "2026-13.md").write_text("x", encoding="utf-8")
    text = report.index(INTRO + EMPTY + "\nAkhir.\n", tmp_path)
    assert text == INTRO + (
        "<!-- pipeline:laporan -->\n"
        "- [November 2026](2026-11.md)\n"
        "- [Januari 2026](2026-01.md)\n"
        "- [Desember 2025](2025-12.md)\n"
        "<!-- /pipeline:laporan -->\n"
        "\nAkhir.\n"
    )
    assert report.index(text, tmp_path) == text


def test_block_added_when_missing(tmp_path: Path) -> None:
    assert report.index("# Laporan\n\nIsi.\n", tmp_path) == "# Laporan\n\nIsi.\n\n" + EMPTY
    assert report.index("", tmp_path) == "# Laporan\n\n" + EMPTY


def test_report_rewrites_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    folder = tmp_path / "content/laporan"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(INTRO + EMPTY, encoding="utf-8")
    (folder / "2026-01.md").write_text("x", encoding="utf-8")
    out = io.StringIO()
    assert report.run("2026-02", out=out) == 0
    assert "content/laporan/index.md" in out.getvalue().splitlines()
    assert (folder / "index.md").read_text(encoding="utf-8") == INTRO + (
        "<!-- pipeline:laporan -->\n"
        "- [Februari 2026](2026-02.md)\n"
        "- [Januari 2026](2026-01.md)\n"
        "<!-- /pipeline:laporan -->\n"
    )


def test_real_index_has_the_block() -> None:
    text = (PROJECT / "content/laporan/index.md").read_text(encoding="utf-8")
    assert text.startswith("# Laporan\n") and "Laporan berkala" in text
    assert report.index(text, PROJECT / "content/laporan") == text
