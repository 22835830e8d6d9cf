"""`pipeline report YYYY-MM`: the monthly report (*laporan berkala*) from `records/` alone.

Writes the site page `content/laporan/<month>.md` with its two charts
(`content/laporan/<month>-*.svg`), the office's CSV `build/report/<month>.csv`, the printable
page `build/report/<month>.html` and its PDF `build/report/<month>.pdf` (with the signature
block for the head; skipped with a message when chromium is not installed), then rewrites the
list of months in `content/laporan/index.md`. The same month and the same log always give
byte-identical files (the PDF aside): nothing in them depends on when or where the report was
made. Prints which files were written.

`records` reads the logs from another root (the trial's `build/trial`) and `output` puts every
file in one other folder and leaves `content/laporan/` alone: `pipeline run` uses both for the
sample content.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from pipeline import jsonl
from pipeline.config import load_config
from pipeline.errors import PipelineError
from pipeline.inbox import records as inbox_records
from pipeline.publish import identity
from pipeline.publish import records as upload_records
from pipeline.report import charts, data, markdown, pdf, sheet, table

PAGES = Path("content") / "laporan"
TABLES = Path("build") / "report"
INDEX = PAGES / "index.md"
START, END = "<!-- pipeline:laporan -->", "<!-- /pipeline:laporan -->"
MONTH_PAGE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])\.md")
NONE = "Belum ada laporan."


def run(
    month: str,
    *,
    out: TextIO | None = None,
    records: Path | None = None,
    output: Path | None = None,
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    data.period(month)  # a clear error for a malformed month before anything is read
    config, problems = load_config(root)
    if any(p.severity == "error" for p in problems):
        raise PipelineError("office.yml bermasalah: jalankan 'pipeline check'")
    source = records if records is not None else root
    uploads, comments = upload_records.load(source), inbox_records.load(source)
    for reading in (uploads, comments):  # named, left out of the figures; the report goes on
        jsonl.warn(reading, lambda text: out.write(f"⚠ {text}\n"), config.office.language)
    upload_events, comment_events = identity.attributed(
        root, uploads.events, comments.events
    )  # a moved post is one post
    report = data.collect(config, upload_events, comment_events, month)
    pages, tables = (output, output) if output is not None else (PAGES, TABLES)
    page = markdown.render(report)
    svgs = {
        markdown.chart_name(month, "unggahan-mingguan"): charts.weekly_posts(report),
        markdown.chart_name(month, "waktu-sop"): charts.step_times(report),
    }
    printable = pdf.render(
        page,
        svgs,
        title=report.title,
        office=config.office.name,
        address=config.office.address,
    )
    files = {
        pages / f"{month}.md": page,
        **{pages / name: svg for name, svg in svgs.items()},
        tables / f"{month}.csv": table.render(report),
        tables / f"{month}.html": printable,
    }
    changed = False
    for rel, text in files.items():
        changed = _write(root / rel, text) or changed
        out.write(f"{_shown(rel, root)}\n")
        if rel.suffix == ".csv" and output is None:  # the office's spreadsheet, next to the CSV
            sheet.write(root / tables / f"{month}.xlsx", report)
            out.write(f"{_shown(tables / f'{month}.xlsx', root)}\n")
    target = tables / f"{month}.pdf"
    if changed or not (root / target).is_file():
        skipped = pdf.print_pdf(printable, root / target)
    else:
        skipped = None
    out.write(f"{skipped or _shown(target, root)}\n")
    if output is None and _write(root / INDEX, index(_read(root / INDEX), root / PAGES)):
        out.write(f"{INDEX.as_posix()}\n")
    out.write(
        f"{report.title}: {len(report.publications)} unggahan, {report.received} komentar, "
        f"{report.answered} dijawab\n"
    )
    return 0


def months(folder: Path) -> list[str]:
    """Every month with a page in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = (MONTH_PAGE.fullmatch(p.name) for p in folder.iterdir() if p.is_file())
    return sorted((m[0].removesuffix(".md") for m in found if m), reverse=True)


def index(text: str, folder: Path) -> str:
    """`text` (content/laporan/index.md) with its marked block listing the months' pages."""
    listed = [f"- [{data.period(m)}]({m}.md)" for m in months(folder)] or [NONE]
    block = "\n".join([START, *listed, END])
    start, end = text.find(START), text.find(END)
    if start != -1 and end > start:
        return text[:start] + block + text[end + len(END) :]
    intro = text.rstrip() or "# Laporan"
    return f"{intro}\n\n{block}\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _write(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds it; True when it was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):
        return False
    path.write_bytes(text.encode("utf-8"))
    return True


def _shown(rel: Path, root: Path) -> str:
    if rel.is_absolute():
        try:
            return rel.relative_to(root).as_posix()
        except ValueError:
            return str(rel)
    return rel.as_posix()
