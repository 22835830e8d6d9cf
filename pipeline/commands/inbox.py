"""`pipeline inbox fetch | inventory | digest`: the comment inbox (SOP 2; SOP 1 steps 8-9).

- `fetch` reads new comments on the posts published within each platform's window and
  appends `comment` and `gone` events and one `fetched` summary to records/inbox/ through the
  publish Ledger (committed and pushed with a
  remote; appended to the working tree with `--no-push`). It states X's read cost.
- `inventory` writes build/inbox/inventaris.md (for the team, never the site) and prints a
  summary line.
- `digest` prints the daily report for superiors and writes build/inbox/laporan-<day>.md.

`PIPELINE_NOW` pins the clock (tests, reproducible reports).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from pipeline import jsonl
from pipeline.config import Config, load_config
from pipeline.errors import PipelineError
from pipeline.inbox import digest as digest_md
from pipeline.inbox import fetch as fetcher
from pipeline.inbox import inventory as inventory_md
from pipeline.inbox import records as inbox
from pipeline.inbox.sources import X_READ_USD
from pipeline.publish import identity
from pipeline.publish import records as uploads
from pipeline.publish.api import Timing, scaled
from pipeline.publish.ledger import Ledger

FOLDER = Path("build") / "inbox"


def fetch(
    *, out: TextIO | None = None, push: bool = True, env: Mapping[str, str] | None = None
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    env = dict(env if env is not None else os.environ)
    config = _config(root)
    now = _now(env)
    ledger = Ledger(root, remote="origin" if push else None, branch=config.publishing.branch)
    timing = scaled(Timing(), float(env.get("PIPELINE_WAIT_SCALE", "1")))
    # A moved post is one post: its comments are not fetched again as new under its new path.
    upload_log, inbox_log = identity.attributed(root, *_read(ledger.folder, config, out))
    report = fetcher.fetch(
        config,
        env,
        upload_log,
        inbox_log,
        now=now,
        run=fetcher.run_id(env, now),
        timing=timing,
    )
    fetcher.write(ledger, report.events)
    for result in report.results:
        target = result.target
        where = f"{target.post} [{target.platform}]"
        if result.error:
            out.write(f"{where}: GAGAL dibaca: {result.error}\n")
        else:
            found = f"{result.new} komentar baru" if result.new else "nihil"
            gone = f", {result.gone} hilang" if result.gone else ""
            out.write(f"{where}: {found}{gone}\n")
    platforms = report.events[-1]["platforms"] if report.events else {}
    for platform, entry in platforms.items():
        if entry.get("available") is False:
            out.write(f"{platform}: tidak tersedia: {entry.get('reason', '')}\n")
        elif entry.get("older"):
            out.write(
                f"{platform}: {entry['older']} tulisan lebih tua dari {entry['window_days']} "
                "hari tidak diperiksa lagi (office.yml inbox.window_days)\n"
            )
    if not platforms:
        out.write("Belum ada tulisan terbit: tidak ada yang diperiksa.\n")
    if any(r.target.platform == "x" for r in report.results):
        cost = report.x_reads * X_READ_USD
        out.write(
            f"Biaya baca X: {report.x_reads} post dibaca × ${X_READ_USD:.3f} = ${cost:.3f} "
            "(bayar per pakai; dihitung sekali per post per hari UTC)\n"
        )
    new = sum(r.new for r in report.results)
    out.write(f"Jumlah: {new} komentar baru; {len(report.failed)} gagal dibaca.\n")
    return 1 if report.failed else 0


def inventory(*, out: TextIO | None = None, env: Mapping[str, str] | None = None) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    env = dict(env if env is not None else os.environ)
    config = _config(root)
    now = _now(env)
    upload_events, inbox_events = identity.attributed(root, *_read(root, config, out))
    title = inventory_md.title_reader(root)
    text = inventory_md.render(config, inbox_events, upload_events, now, title)
    target = root / FOLDER / "inventaris.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    items = inventory_md.build(config, inbox_events, upload_events, now)
    open_items = [i for i in items if i.status not in inventory_md.DONE]
    overdue = sum(1 for i in items if i.overdue)
    out.write(
        f"{target.relative_to(root)}: {len(items)} komentar, {len(open_items)} terbuka, "
        f"{overdue} lewat batas\n"
    )
    return 0


def digest(
    *, day: str | None, out: TextIO | None = None, env: Mapping[str, str] | None = None
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    env = dict(env if env is not None else os.environ)
    config = _config(root)
    now = _now(env)
    try:
        chosen = date.fromisoformat(day) if day else None
    except ValueError:
        raise PipelineError(f"tanggal {day!r} bukan YYYY-MM-DD") from None
    title = inventory_md.title_reader(root)
    upload_events, inbox_events = identity.attributed(root, *_read(root, config, sys.stderr))
    text = digest_md.render(config, inbox_events, upload_events, now, title, chosen)
    shown = chosen or inventory_md.local(now, config).date()
    target = root / FOLDER / f"laporan-{shown.isoformat()}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    out.write(text)
    return 0


Events = list[dict[str, Any]]


def _read(root: Path, config: Config, out: TextIO) -> tuple[Events, Events]:
    """Both logs; a damaged line is named (file:line) and left out, and the command goes on:
    at worst a comment is stored again (ids deduplicate) or shown once less."""
    uploads_log, inbox_log = uploads.load(root), inbox.load(root)
    for reading in (uploads_log, inbox_log):
        jsonl.warn(reading, lambda text: out.write(f"⚠ {text}\n"), config.office.language)
    return uploads_log.events, inbox_log.events


def _config(root: Path) -> Config:
    config, problems = load_config(root)
    if any(p.severity == "error" for p in problems):
        raise PipelineError("office.yml bermasalah: jalankan 'pipeline check'")
    return config


def _now(env: Mapping[str, str]) -> datetime:
    pinned = env.get("PIPELINE_NOW")
    if not pinned:
        return datetime.now(UTC)
    value = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)
