"""The report as a spreadsheet for the office (`build/report/<yyyy>-<mm>.xlsx`), in Bahasa
Indonesia: "Ringkasan" (the CSV's figures, one per row, with units), "Unggahan" (one row per
publication, its link as a hyperlink) and "Waktu SOP" (each step's times against its standard).

Deterministic: the same month gives byte-identical bytes. The workbook's created/modified dates
are the first day of the month at 00:00 UTC, and the zip is rewritten with every entry in sorted
order with one fixed date. Text from the log (titles, links) never runs as a formula: text that
starts with = + - @ is stored as text with Excel's quote prefix.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pipeline.report import table
from pipeline.report.data import NAMES, Report, Timing

SUMMARY = ("Bulan", "Bagian", "Butir", "Platform", "Nilai", "Satuan")
UPLOADS = ("Waktu lokal", "Tulisan", "Platform", "Tautan", "ID")
TIMES = (
    "SOP",
    "Langkah",
    "Diukur",
    "Median",
    "P90",
    "Porsi dalam mutu baku",
    "Mutu baku",
    "Satuan",
)
FORMULA_START = ("=", "+", "-", "@")
WEB = ("https://", "http://")
MAX_WIDTH = 60
BOLD = Font(bold=True)
Value = str | int | float | None


def write(path: Path, report: Report) -> bool:
    """Write the workbook unless the file already holds it; True when it was written."""
    body = render(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == body:
        return False
    path.write_bytes(body)
    return True


def render(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.active)  # the default empty sheet
    _sheet(book, "Ringkasan", SUMMARY, _summary(report))
    uploads = _sheet(book, "Unggahan", UPLOADS, _uploads(report))
    for row in uploads.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(WEB):
                cell.hyperlink = cell.value
                cell.style = "Hyperlink"
    times = _sheet(book, "Waktu SOP", TIMES, _times(report))
    for row in times.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "0%"
    stamp = datetime(int(report.month[:4]), int(report.month[5:7]), 1)
    props = book.properties
    props.creator = "pipeline"
    props.lastModifiedBy = None
    props.title = report.title
    props.created = stamp
    props.modified = stamp
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp `modified` with the current time.
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip(raw.getvalue(), (stamp.year, stamp.month, 1, 0, 0, 0))


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Value]]
) -> Worksheet:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = BOLD
    for values in rows:
        sheet.append([_clean(v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    widths = [len(h) for h in header]
    for row in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(_shown(cell.value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    return sheet


def _summary(report: Report) -> list[list[Value]]:
    """The CSV's rows, with numbers as numbers (so the same figures, by construction)."""
    lines = table.render(report).removeprefix("\ufeff").splitlines()
    rows = list(csv.reader(lines))[1:]
    return [[*row[:4], _number(row[4]), row[5]] for row in rows]


def _uploads(report: Report) -> list[list[Value]]:
    return [
        [p.at_local, p.title, NAMES.get(p.platform, p.platform), p.url, p.post]
        for p in report.publications
    ]


def _times(report: Report) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for sop, unit, timings in (
        ("SOP 1", "menit", report.sop1),
        ("SOP 2", "menit kerja", (*report.sop2, report.response)),
    ):
        rows.extend(_timing(sop, unit, t) for t in timings)
    return rows


def _timing(sop: str, unit: str, t: Timing) -> list[Value]:
    return [sop, t.label, t.count, t.median, t.p90, t.share, t.standard, unit]


def _number(text: str) -> Value:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _clean(value: Value) -> Value:
    """Text without the control characters that a workbook cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _fixed_zip(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """`data` (a zip) again, its entries in sorted order, each with the date `when`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()
