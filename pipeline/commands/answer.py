"""`pipeline inbox draft ID` and `pipeline inbox send`: answers to comments (SOP 2).

`draft` starts `inbox/answers/<platform>-<id>.md` (under `kebijakan/` with `--policy`, so the
head must approve it) and prints the git commands for its pull request. `send` runs on main
after the merge (CI): each approved answer is posted once; with `push` every event and
write-ahead marker is committed and pushed before the next step, so a stopped run never
forgets that a reply may have gone out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from pipeline.config import ZONE_OFFSETS, load_config
from pipeline.errors import PipelineError
from pipeline.inbox import answers, records
from pipeline.publish.ledger import _env  # the same committer settings as the log

ATTEMPTS = 5


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
    """Append, commit and push (rebasing on a moved branch) before returning."""

    def write(events: Sequence[Mapping[str, Any]], files: Sequence[Path]) -> None:
        touched = records.append(root, events) if events else []
        paths = [str(p.relative_to(root)) for p in [*touched, *files]]
        _git(root, "add", "--all", "--", *paths)
        if not _git(root, "status", "--porcelain", "--", *paths).strip():
            return
        kinds = ",".join(dict.fromkeys(str(e.get("event")) for e in events)) or "sending"
        _git(root, "commit", "--quiet", "--no-verify", "-m", f"inbox: {kinds} [skip ci]")
        for _ in range(ATTEMPTS):
            pushed = subprocess.run(
                ["git", "-C", str(root), "push", "--quiet", remote, f"HEAD:refs/heads/{branch}"],
                capture_output=True,
                text=True,
                check=False,
                env=_env(),
            )
            if pushed.returncode == 0:
                return
            _git(root, "pull", "--quiet", "--rebase", remote, branch)
        raise PipelineError(
            f"log komentar tidak dapat di-push ke {remote}/{branch} setelah {ATTEMPTS} kali; "
            "commit lokal tetap ada: push dengan tangan sebelum menjalankan lagi"
        )

    return write


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, env=_env()
    )
    if result.returncode != 0:
        raise PipelineError(f"git {args[0]} gagal: {result.stderr.strip()}")
    return result.stdout
