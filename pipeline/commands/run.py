"""`pipeline run`: the whole pipeline on the content, as far as it is built.

`check` over `content/` with a per-post summary, `render --preview` (every platform's variants
and the offline trial upload page), the website (`mkdocs build --strict`, whose hooks place the
rendered media, sanitise and scan the pages), then the trial publish (`publish --trial`): the
real publishing code against loopback stand-ins, sending nothing, with a table of post ×
platform and where each payload is. No account or secret is needed. Last, the monthly report
for the sample content, made from the trial's log (`build/trial/records/`) into
`build/report/trial/`: never into `content/laporan/`, which holds the office's real reports.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from pipeline.commands import check, publish, render, report
from pipeline.publish import records
from pipeline.publish.trial import TRIAL

SAMPLE_REPORT = Path("build") / "report" / "trial"

WORDS = {
    "id": "Situs dibuat: site/index.html (lihat dengan 'make serve')",
    "en": "Site built: site/index.html (view it with 'make serve')",
}
REPORT_WORDS = {
    "id": "Laporan bulanan contoh (dari log ujicoba): {where}",
    "en": "Sample monthly report (from the trial's log): {where}",
}


def run(*, lang: str | None = None) -> int:
    checked = check.run([], lang=lang)
    rendered = render.run([], preview=True, lang=lang)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], env=env, check=False
    ).returncode
    if site != 0:
        return max(checked, rendered, site)
    print(WORDS.get(lang or "id", WORDS["id"]))
    trial = publish.run([], trial_mode="requests", lang=lang)
    return max(checked, rendered, site, trial, sample_report(lang=lang))


def trial_months(root: Path) -> list[str]:
    """The months in the trial's upload log, oldest first."""
    folder = root / TRIAL / records.FOLDER
    names = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    return [p.stem for p in names if re.fullmatch(r"\d{4}-\d{2}", p.stem)]


def sample_report(*, lang: str | None = None) -> int:
    """The report over the trial's log, written under build/report/trial/ only."""
    root = Path.cwd()
    status = 0
    for month in trial_months(root):
        status = max(status, report.run(month, records=root / TRIAL, output=SAMPLE_REPORT))
        where = (SAMPLE_REPORT / f"{month}.pdf").as_posix()
        if not (root / where).is_file():
            where = (SAMPLE_REPORT / f"{month}.html").as_posix()
        print(REPORT_WORDS.get(lang or "id", REPORT_WORDS["id"]).format(where=where))
    return status
