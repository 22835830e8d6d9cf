"""`pipeline report 2026-11` on a generated month: golden files, determinism, the figures,
escaping and the charts' accessibility."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.commands import report
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.report import data, pdf
from tests.report.conftest import MONTH, TITLE, month_log, write_month

FILES = (
    "content/laporan/2026-11.md",
    "content/laporan/2026-11-unggahan-mingguan.svg",
    "content/laporan/2026-11-waktu-sop.svg",
    "build/report/2026-11.csv",
)
SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    """Our own generated chart (trusted: made by the code under test from fixed input)."""
    return ET.fromstring(text)  # noqa: S314


def made(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "office.yml").is_file():
        write_month(root)
    monkeypatch.chdir(root)
    monkeypatch.setattr(pdf, "chromium", lambda: None)  # the PDF has its own test
    out = io.StringIO()
    assert report.run(MONTH, out=out) == 0
    assert out.getvalue().splitlines()[:4] == list(FILES)
    return {name: (root / name).read_bytes() for name in FILES}


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return {k: v.decode("utf-8") for k, v in made(tmp_path / "a", monkeypatch).items()}


def test_golden_page(files: dict[str, str], golden: Callable[[str, str], None]) -> None:
    golden("report_2026-11.md", files["content/laporan/2026-11.md"])


def test_golden_csv(files: dict[str, str], golden: Callable[[str, str], None]) -> None:
    golden("report_2026-11.csv", files["build/report/2026-11.csv"])


def test_golden_chart(files: dict[str, str], golden: Callable[[str, str], None]) -> None:
    golden("report_2026-11-waktu-sop.svg", files["content/laporan/2026-11-waktu-sop.svg"])


def test_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = made(tmp_path / "a", monkeypatch)
    second = made(tmp_path / "b", monkeypatch)
    again = made(tmp_path / "a", monkeypatch)  # a second run over its own output
    assert first == second == again


def test_figures() -> None:
    log = month_log()
    found = data.collect(Config(), log.uploads, log.inbox, MONTH)
    assert found.title == "Laporan bulanan November 2026"
    assert found.platforms == ("website", "facebook", "instagram", "x")
    assert len(found.publications) == 10
    assert (found.failed, found.deferred, found.unknown, found.reconciled) == (1, 1, 1, 1)
    assert (found.needs_human, found.trials) == (1, 1)
    assert (found.received, found.answered, found.escalated, found.gone, found.refused) == (
        6,
        3,
        1,
        1,
        1,
    )
    # c1 33 working minutes; c2 Friday 15:40 -> Monday 08:32 = 82; c3 (policy) 182.
    assert (found.response.median, found.response.p90, found.response.within) == (82, 182, 1)
    assert found.response.standard == 60
    disposition = found.sop1[0]
    assert (disposition.count, disposition.median, disposition.p90, disposition.within) == (
        4,
        15,
        120,
        3,
    )
    assert found.sop1[2].within == 8  # the reconciled X link and Instagram's late link
    assert found.x_cost_usd == pytest.approx(0.045)
    assert [w.label for w in found.weeks] == [f"2026-W{n}" for n in range(44, 50)]
    assert sum(sum(w.counts) for w in found.weeks) == 10


def test_user_data_escaped(files: dict[str, str]) -> None:
    page = files["content/laporan/2026-11.md"]
    assert TITLE not in page
    assert "<img" not in page and "&lt;img" in page
    assert "\\[petani\\]\\(https://evil.example\\)" in page
    assert "%3Cx%3E" in page  # the platform URL cannot end the link or open a tag
    assert "<" not in page.split("---", 2)[2].replace("<!--", "")


def test_charts_accessible_and_well_formed(files: dict[str, str]) -> None:
    for name in FILES[1:3]:
        svg = parse_svg(files[name])
        assert svg.get("width") and svg.get("height") and svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and "November 2026" in title.text
        assert desc is not None and desc.text
    weekly = parse_svg(files["content/laporan/2026-11-unggahan-mingguan.svg"])
    bars = [r for r in weekly.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 6 * 4  # six ISO weeks × four platforms
    page = files["content/laporan/2026-11.md"]
    assert "![Grafik batang: jumlah unggahan" in page
    assert "](2026-11-unggahan-mingguan.svg)" in page and "](2026-11-waktu-sop.svg)" in page


def test_empty_month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert report.run("2026-02", out=io.StringIO()) == 0
    page = (tmp_path / "content/laporan/2026-02.md").read_text(encoding="utf-8")
    assert "title: Laporan bulanan Februari 2026" in page
    assert "Tidak ada unggahan pada bulan ini." in page
    parse_svg((tmp_path / "content/laporan/2026-02-waktu-sop.svg").read_text("utf-8"))


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "November", "2026-11-01"])
def test_bad_month(month: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PipelineError, match="YYYY-MM"):
        report.run(month, out=io.StringIO())
    assert not (tmp_path / "content").exists()


def test_percentile_nearest_rank() -> None:
    assert data.percentile([], 0.5) is None
    assert data.percentile([5.0], 0.9) == 5.0
    assert data.percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.0
    assert data.percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
