"""The printable report: its HTML (golden, deterministic, the signature block, the charts
inlined, nothing from the log turned into markup) and the PDF printed by Debian's chromium."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.commands import report
from pipeline.report import pdf
from tests.report.conftest import MONTH, write_month

CHROMIUM = shutil.which("chromium")


def make(root: Path, monkeypatch: pytest.MonkeyPatch, *, printer: bool) -> str:
    root.mkdir(parents=True, exist_ok=True)
    write_month(root)
    monkeypatch.chdir(root)
    if not printer:
        monkeypatch.setattr(pdf, "chromium", lambda: None)
    out = io.StringIO()
    assert report.run(MONTH, out=out) == 0
    return out.getvalue()


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    make(tmp_path, monkeypatch, printer=False)
    return (tmp_path / "build/report/2026-11.html").read_text(encoding="utf-8")


def test_golden_html(page: str, golden: Callable[[str, str], None]) -> None:
    golden("report_2026-11.html", page)


def test_html_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path / "a", monkeypatch, printer=False)
    make(tmp_path / "b", monkeypatch, printer=False)
    first, second = (tmp_path / d / "build/report/2026-11.html" for d in "ab")
    assert first.read_bytes() == second.read_bytes()


def test_signature_block_and_print_style(page: str) -> None:
    sign = page.split('<section class="tanda-tangan"', 1)[1]
    for words in ("Mengetahui,", "Kepala Balai Contoh", "(tanda tangan", "NIP. ..."):
        assert words in sign
    assert sign.index("Mengetahui,") < sign.index("Kepala") < sign.index("NIP.")
    assert "@page { size: A4;" in page
    assert '<html lang="id">' in page and "<title>Laporan bulanan November 2026</title>" in page
    assert '<div class="nama">Balai Contoh</div>' in page


def test_charts_inlined_and_log_escaped(page: str) -> None:
    assert page.count('<figure class="grafik"><svg ') == 2
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "evil.example" in page and 'href="https://evil.example' not in page
    assert "title: Laporan" not in page  # the front matter is not printed


def test_pdf_skipped_without_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = make(tmp_path, monkeypatch, printer=False)
    assert "PDF dilewati: chromium tidak terpasang" in shown
    assert not (tmp_path / "build/report/2026-11.pdf").exists()
    assert (tmp_path / "content/laporan/2026-11.md").is_file()
    assert (tmp_path / "build/report/2026-11.csv").is_file()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_pdf_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = make(tmp_path, monkeypatch, printer=True)
    path = tmp_path / "build/report/2026-11.pdf"
    assert "build/report/2026-11.pdf" in shown.splitlines()
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1024
