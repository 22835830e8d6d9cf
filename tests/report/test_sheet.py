"""The office's spreadsheet `build/report/<month>.xlsx`: byte-identical on every run, the
sheets and headers read back, and a title that looks like a formula stays text."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from pipeline.commands import report
from pipeline.config import Config
from pipeline.report import data, pdf, sheet, table
from tests.report.conftest import MONTH, month_log, write_month

XLSX = "build/report/2026-11.xlsx"
FORMULA = '=HYPERLINK("https://evil.example","klik")'


def made(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, list[str]]:
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "office.yml").is_file():
        write_month(root)
    monkeypatch.chdir(root)
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    out = io.StringIO()
    assert report.run(MONTH, out=out) == 0
    return (root / XLSX).read_bytes(), out.getvalue().splitlines()


def month() -> data.Report:
    log = month_log()
    return data.collect(Config(), log.uploads, log.inbox, MONTH)


def test_written_next_to_the_csv_and_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, shown = made(tmp_path / "a", monkeypatch)
    second, _ = made(tmp_path / "b", monkeypatch)
    again, _ = made(tmp_path / "a", monkeypatch)  # over its own output
    assert first == second == again
    assert shown[shown.index("build/report/2026-11.csv") + 1] == XLSX
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2026, 11, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2026-11-01T00:00:00Z" in core and core.count("2026-11-01T00:00:00Z") == 2


def test_sheets_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body, _ = made(tmp_path, monkeypatch)
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Ringkasan", "Unggahan", "Waktu SOP"]
    summary, uploads, times = (book[n] for n in book.sheetnames)
    assert [c.value for c in summary[1]] == list(sheet.SUMMARY)
    assert [c.value for c in uploads[1]] == list(sheet.UPLOADS)
    assert [c.value for c in times[1]] == list(sheet.TIMES)
    for ws in (summary, uploads, times):
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
        assert ws.column_dimensions["B"].width > 8
    found = month()
    csv_rows = table.render(found).removeprefix("\ufeff").splitlines()[1:]
    assert summary.max_row - 1 == len(csv_rows)
    assert [c.value for c in summary[2]] == ["2026-11", "unggahan", "jumlah", None, 10, "unggahan"]
    assert uploads.max_row - 1 == len(found.publications) == 10
    links = [r[3] for r in uploads.iter_rows(min_row=2)]
    assert all(c.hyperlink is not None and c.hyperlink.target == c.value for c in links)
    assert times.max_row - 1 == len(found.sop1) + len(found.sop2) + 1
    response = [c.value for c in times[times.max_row]]
    assert response[1:5] == ["Waktu tanggapan (2.1–2.4)", 3, 82, 182]
    assert response[5] == pytest.approx(1 / 3) and response[6] == 60


@pytest.mark.parametrize("title", [FORMULA, "+62 812", "-1", "@SUM(A1)"])
def test_formula_looking_text_stays_text(title: str, tmp_path: Path) -> None:
    found = month()
    pubs = (replace(found.publications[0], title=title, url="javascript:alert(1)"),)
    path = tmp_path / "x.xlsx"
    assert sheet.write(path, replace(found, publications=pubs)) is True
    assert sheet.write(path, replace(found, publications=pubs)) is False  # already holds it
    book = openpyxl.load_workbook(path)
    cell = book["Unggahan"]["B2"]
    assert cell.value == title and cell.data_type == "s" and cell.quotePrefix
    assert book["Unggahan"]["D2"].hyperlink is None  # only web links become hyperlinks
    with zipfile.ZipFile(path) as archive:
        assert not any("<f>" in archive.read(n).decode("utf-8") for n in archive.namelist())


def test_empty_month(tmp_path: Path) -> None:
    empty = data.collect(Config(), [], [], "2026-02")
    path = tmp_path / "e.xlsx"
    sheet.write(path, empty)
    book = openpyxl.load_workbook(path)
    assert book["Unggahan"].max_row == 1
    assert book["Waktu SOP"]["D2"].value is None  # nothing measured, nothing guessed
