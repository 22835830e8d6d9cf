"""The CSV: one row per post × platform, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from pipeline.audit import rows
from pipeline.audit.scope import Audit


def parsed(audit: Audit, lang: str = "id") -> list[dict[str, str]]:
    text = rows.render(audit, lang)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_one_row_per_post_and_platform(month_audit: Audit) -> None:
    table = parsed(month_audit)
    assert len(table) == sum(len(e.trail.channels) for e in month_audit.entries) == 12
    x = next(
        r for r in table if r["tulisan"].endswith("tautan-hilang/index.md") and r["platform"] == "x"
    )
    assert (x["status"], x["tautan"], x["temuan"]) == ("unknown", "", "LINK_MISSING")
    late = next(r for r in table if "terlambat" in r["tulisan"])
    assert (late["menit_disposisi"], late["menit_unggah"], late["menit_lapor_tautan"]) == (
        "120.0",
        "180.0",
        "20.0",
    )
    assert late["temuan"] == "OVER_TIME"


def test_post_wide_findings_are_on_every_row(month_audit: Audit) -> None:
    entry = next(e for e in month_audit.entries if "tautan-hilang" in e.trail.post)
    assert entry.codes("facebook") == ("LINK_MISSING",)
    assert entry.codes("website") == ()
    entry = next(e for e in month_audit.entries if "terlambat" in e.trail.post)
    assert entry.codes("facebook") == ("OVER_TIME",)
    assert entry.codes("x") == ("OVER_TIME",)  # the disposition step concerns the whole post


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("https://evil")', '\'=HYPERLINK("https://evil")'),
        ("+62 22", "'+62 22"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1.5", "-1.5"),
        ("Panen raya", "Panen raya"),
        ("", ""),
    ],
)
def test_formulas_are_defused(cell: str, safe: str) -> None:
    assert rows._safe(cell) == safe
