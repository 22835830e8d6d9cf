"""The report's figures as a CSV for the office (`build/report/<yyyy>-<mm>.csv`): one row per
figure, long format (section, item, platform, value, unit), UTF-8 with a BOM for Excel. Only
numbers and our own labels: no title or link from the log, so nothing in it can be a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from pipeline.report.data import Report, Timing

COLUMNS = ("bulan", "bagian", "butir", "platform", "nilai", "satuan")


def render(report: Report) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    m = report.month

    def row(section: str, item: str, platform: str, value: object, unit: str) -> None:
        writer.writerow((m, section, item, platform, _value(value), unit))

    row("unggahan", "jumlah", "", len(report.publications), "unggahan")
    for index, platform in enumerate(report.platforms):
        count = sum(1 for p in report.publications if p.platform == platform)
        row("unggahan", "jumlah", platform, count, "unggahan")
        for week in report.weeks:
            row("unggahan_mingguan", week.label, platform, week.counts[index], "unggahan")
    for item, value in (
        ("gagal", report.failed),
        ("ditunda", report.deferred),
        ("tidak_pasti", report.unknown),
        ("dicocokkan", report.reconciled),
        ("perlu_petugas", report.needs_human),
        ("uji_coba", report.trials),
    ):
        row("masalah_unggahan", item, "", value, "kejadian")
    for item, value in (
        ("diterima", report.received),
        ("dijawab", report.answered),
        ("dieskalasi", report.escalated),
        ("hilang", report.gone),
        ("ditolak", report.refused),
    ):
        row("komentar", item, "", value, "komentar")
    for section, timings in (
        ("sop1", report.sop1),
        ("sop2", (*report.sop2, report.response)),
    ):
        for t in timings:
            _timing(row, section, t)
    row("biaya", "x", "x", report.x_cost_usd, "USD")
    return out.getvalue()


Row = Callable[[str, str, str, object, str], None]


def _timing(row: Row, section: str, t: Timing) -> None:
    unit = "menit" if section == "sop1" else "menit_kerja"
    row(section, f"{t.key}_mutu_baku", "", t.standard, unit)
    row(section, f"{t.key}_diukur", "", t.count, "langkah")
    row(section, f"{t.key}_median", "", t.median, unit)
    row(section, f"{t.key}_p90", "", t.p90, unit)
    row(section, f"{t.key}_dalam_mutu_baku", "", t.within, "langkah")


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value)
