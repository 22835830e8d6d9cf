"""`pipeline inbox draft ID` and `pipeline inbox send`: answers to comments (SOP 2).

`draft` starts `inbox/answers/<platform>-<id>.md` (under `kebijakan/` with `--policy`, so the
head must approve it) and prints the git commands for its pull request. `send` runs on main
after the merge (CI): each approved answer is posted once; with `push` every event and
write-ahead marker is committed and pushed before the next step, so a stopped run never
forgets that a reply may have gone out.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from pipeline.config import ZONE_OFFSETS, load_config
from pipeline.errors import PipelineError
from pipeline.inbox import answers, records
from pipeline.publish.ledger import ATTEMPTS, Ledger


def draft(
    comment_id: str, *, policy: bool, platform: str | None = None, out: TextIO | None = None
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    config, _ = load_config(root)
    offset = ZONE_OFFSETS.get(config.office.timezone, "+07:00")
    answers.draft(
        root,
        comment_id,
        policy=policy,
        platform=platform,
        offset=offset,
        say=_say(out),
    )
    return 0


def send(*, push: bool, out: TextIO | None = None, env: Mapping[str, str] | None = None) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    config, problems = load_config(root)
    if any(p.severity == "error" for p in problems):
        raise PipelineError("office.yml bermasalah: jalankan 'pipeline check'")
    writer = git_writer(root) if push else answers.local_writer(root)
    outcome = answers.send(
        root,
        dict(env if env is not None else os.environ),
        config,
        write=writer,
        say=_say(out),
    )
    counts = (
        f"terkirim {len(outcome.sent)}, komentar hilang {len(outcome.gone)}, "
        f"ditolak {len(outcome.refused)}, perlu orang {len(outcome.person)}, "
        f"ditunda {len(outcome.deferred)}"
    )
    out.write(f"jawaban: {counts}\n")
    return 1 if outcome.failed or outcome.refused else 0


def _say(out: TextIO) -> Callable[[str], None]:
    def say(text: str) -> None:
        out.write(text + "\n")

    return say


def git_writer(root: Path, remote: str = "origin", branch: str = "main") -> answers.Writer:
    """Make each write durable on the remote before returning, through the log's own
    compare-and-swap (pipeline/publish/ledger.py): the events are appended and the marker
    files mirrored in the Ledger's worktree of the remote branch, committed and pushed; on a
    moved branch (the inbox fetch, a publish run or the report pushed meanwhile) the worktree
    is reset to the remote and the same change made again on top. Never a merge or a rebase,
    which two appends to one month's log would turn into a conflict."""
    # The Ledger is opened at the first write: a run with nothing to send fetches nothing.
    ledgers: list[Ledger] = []

    def write(events: Sequence[Mapping[str, Any]], files: Sequence[Path]) -> None:
        if not ledgers:
            ledgers.append(Ledger(root, remote=remote, branch=branch))
        ledger = ledgers[0]

        def change(folder: Path) -> list[Path]:
            touched = records.append(folder, events) if events else []
            for source in files:
                target = folder / source.relative_to(root)
                if source.is_file():
                    data = source.read_bytes()
                    if target.is_file() and target.read_bytes() == data:
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                elif target.is_file():
                    target.unlink()
                else:
                    continue
                touched.append(target)
            return touched

        kinds = ",".join(dict.fromkeys(str(e.get("event")) for e in events)) or "sending"
        ledger.commit(
            change,
            f"inbox: {kinds} [skip ci]",
            failure=(
                f"log komentar tidak dapat di-push ke {remote}/{branch} setelah {ATTEMPTS} kali; "
                "penanda pengiriman yang sudah ter-push tetap ada, jadi jalan berikutnya "
                "memeriksa platform dan tidak mengirim ulang"
            ),
        )

    return write
