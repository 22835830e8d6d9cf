"""`pipeline report YYYY-MM`: the monthly report (*laporan berkala*) from `records/` alone.

Writes the site page `content/laporan/<month>.md` with its two charts
(`content/laporan/<month>-*.svg`) and the office's CSV `build/report/<month>.csv`. The same
month and the same log always give byte-identical files: nothing in them depends on when or
where the report was made. Prints which files were written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.inbox import records as inbox_records
from pipeline.publish import records as upload_records
from pipeline.report import charts, data, markdown, table

PAGES = Path("content") / "laporan"
TABLES = Path("build") / "report"


def run(month: str, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    data.period(month)  # a clear error for a malformed month before anything is read
    config, problems = load_config(root)
    if any(p.severity == "error" for p in problems):
        raise PipelineError("office.yml bermasalah: jalankan 'pipeline check'")
    report = data.collect(config, upload_records.read(root), inbox_records.read(root), month)
    files = {
        PAGES / f"{month}.md": markdown.render(report),
        PAGES / markdown.chart_name(month, "unggahan-mingguan"): charts.weekly_posts(report),
        PAGES / markdown.chart_name(month, "waktu-sop"): charts.step_times(report),
        TABLES / f"{month}.csv": table.render(report),
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            path.write_bytes(text.encode("utf-8"))
        out.write(f"{rel.as_posix()}\n")
    out.write(
        f"{report.title}: {len(report.publications)} unggahan, {report.received} komentar, "
        f"{report.answered} dijawab\n"
    )
    return 0
