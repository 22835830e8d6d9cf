"""Where the log is written: a Git worktree of the log's branch, every write a commit that must
fast-forward the remote (compare-and-swap, docs/publishing-model.md §4.6).

- A *claim* is written with `cas=True`: if the push is rejected, someone else moved the branch;
  the worktree is reset to the remote, `write` returns False and the caller re-reads the state
  and decides again (another run may have published already).
- Any other event (an id the platform returned, a publication) must not be lost: on rejection
  it is re-appended on top of the new remote head and pushed again, at most `ATTEMPTS` times
  with jittered backoff. If it still cannot be pushed, the events go to
  `build/publish/unpushed.jsonl` and the job summary (the remote id is then in two places) and
  `LedgerError` stops the run; the next run reconciles from the platform.

The remote is reached with the token in `PIPELINE_PUSH_TOKEN` (pipeline/github/gitauth.py): the
workflows' checkouts keep no credentials. Without a remote (`--no-push`, local use) events are
appended to `records/` in the working tree, to be committed by hand.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline import jsonl
from pipeline.errors import PipelineError
from pipeline.github import gitauth
from pipeline.publish import records

WORKTREE = Path("build") / "publish" / "ledger"
UNPUSHED = Path("build") / "publish" / "unpushed.jsonl"
# The publish, inbox and report workflows have a concurrency group each (a shared one would
# let GitHub drop a pending run), so their jobs can push to the branch at the same moment, as
# can a merge. A write that keeps losing the race backs off with jitter up to BACKOFF_CAP_S
# and tries again, up to ATTEMPTS times (about a minute in all): tests/publish/
# test_ledger_race.py runs five writers in separate processes against one remote.
ATTEMPTS = 20
BACKOFF_CAP_S = 4.0


class LedgerError(PipelineError):
    """The log could not be pushed; what it held is in build/publish/unpushed.jsonl."""


class Ledger:
    def __init__(
        self,
        root: Path,
        *,
        remote: str | None = "origin",
        branch: str = "main",
        sleep: Any = time.sleep,
    ) -> None:
        self.root = root
        self.remote = remote
        self.branch = branch
        self.sleep = sleep
        self.pushes = 0
        self.aliases: dict[str, str] = {}  # {path: post id} for events from before ids
        self.rejections = 0
        self.folder = root / WORKTREE if remote else root
        if remote:
            self._open()

    # --- reading ------------------------------------------------------------------------
    def reading(self) -> jsonl.Reading:
        """The events and the damaged lines (each named by file and line)."""
        return records.load(self.folder)

    def events(self) -> list[dict[str, Any]]:
        """The events that read as events; see `reading` for the damaged lines."""
        return self.reading().events

    def state(self) -> dict[tuple[str, str], records.Pair]:
        return records.fold(self.events(), self.aliases)

    def refresh(self) -> None:
        if self.remote:
            self._git("fetch", "--quiet", self.remote, self.branch)
            self._git("reset", "--quiet", "--hard", "FETCH_HEAD")

    # --- writing ------------------------------------------------------------------------
    def write(
        self,
        events: Sequence[Mapping[str, Any]],
        *,
        cas: bool = False,
        before_push: Callable[[], None] | None = None,
    ) -> bool:
        if not self.remote:
            records.append(self.folder, events)
            return True
        try:
            return self._write(events, cas, before_push)
        except LedgerError:
            if not cas:  # a claim that did not land needs no keeping; anything else does
                self._spill(events)
            raise

    def _write(
        self,
        events: Sequence[Mapping[str, Any]],
        cas: bool,
        before_push: Callable[[], None] | None,
    ) -> bool:
        return self.commit(
            lambda folder: records.append(folder, events),
            _message(events),
            cas=cas,
            before_push=before_push,
            failure=(
                f"log tidak dapat di-push ke {self.remote}/{self.branch} setelah {ATTEMPTS} "
                f"kali; kejadian disimpan di {UNPUSHED} dan ringkasan job (jalan berikutnya "
                "mencocokkan ulang dari platform)"
            ),
        )

    def commit(
        self,
        change: Callable[[Path], list[Path]],
        message: str,
        *,
        cas: bool = False,
        before_push: Callable[[], None] | None = None,
        failure: str = "",
    ) -> bool:
        """Make `change` in the log's worktree (it returns the files it touched), commit and
        push. On a rejected push: reset to the remote, then with `cas` return False (the
        caller decides again), else make the change again on the new head, at most ATTEMPTS
        times. Without a remote the change is made in place."""
        if not self.remote:
            change(self.folder)
            return True
        for attempt in range(ATTEMPTS):
            touched = change(self.folder)
            if not touched:
                return True
            self._git("add", "--", *(str(p.relative_to(self.folder)) for p in touched))
            self._git("commit", "--quiet", "--no-verify", "-m", message)
            if before_push is not None:
                before_push()  # fault injection: the commit exists, the push does not
            if self._push():
                return True
            self.rejections += 1
            self.refresh()
            if cas:
                return False
            pause = min(BACKOFF_CAP_S, 0.25 * 2**attempt)
            self.sleep(random.uniform(0, pause))  # noqa: S311 - jitter
        raise LedgerError(failure or f"{message}: push gagal setelah {ATTEMPTS} kali")

    def write_csvs(self) -> None:
        """records/uploads/<yyyy-mm>.csv from the log, committed like the log itself."""
        self.commit(
            records.write_csvs,
            "records: CSV bulanan [skip ci]",
            failure="CSV bulanan tidak dapat di-push; log JSONL tetap lengkap",
        )

    # --- git ------------------------------------------------------------------------------
    def _open(self) -> None:
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        if not (self.folder / ".git").exists():
            subprocess.run(
                ["git", "-C", str(self.root), "worktree", "prune"], check=False, capture_output=True
            )
            self._run(self.root, "fetch", "--quiet", self.remote or "origin", self.branch)
            self._run(
                self.root, "worktree", "add", "--quiet", "--detach", str(self.folder), "FETCH_HEAD"
            )
        self.refresh()

    def _push(self) -> bool:
        self.pushes += 1
        result = subprocess.run(
            [
                "git",
                "-C",
                str(self.folder),
                "push",
                "--quiet",
                str(self.remote),
                f"HEAD:refs/heads/{self.branch}",
            ],
            capture_output=True,
            text=True,
            check=False,
            env=_env(),
        )
        if result.returncode == 0:
            return True
        if (
            "rejected" in result.stderr
            or "fetch first" in result.stderr
            or "non-fast" in (result.stderr)
        ):
            return False
        raise LedgerError(f"git push gagal: {result.stderr.strip()}")

    def _git(self, *args: str) -> str:
        return self._run(self.folder, *args)

    @staticmethod
    def _run(where: Path, *args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(where), *args],
            capture_output=True,
            text=True,
            check=False,
            env=_env(),
        )
        if result.returncode != 0:
            raise LedgerError(f"git {args[0]} gagal: {result.stderr.strip()}")
        return result.stdout

    def _spill(self, events: Sequence[Mapping[str, Any]]) -> None:
        path = self.root / UNPUSHED
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            for event in events:
                handle.write(records.line(event) + "\n")
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with Path(summary).open("a", encoding="utf-8") as handle:
                handle.write("\n### Log unggah belum ter-push\n\n```json\n")
                handle.writelines(records.line(e) + "\n" for e in events)
                handle.write("```\n")


def _message(events: Sequence[Mapping[str, Any]]) -> str:
    first = events[0]
    post = str(first.get("post", "")).removeprefix("content/posts/").removesuffix("/index.md")
    kinds = ",".join(dict.fromkeys(str(e.get("event")) for e in events))
    return f"records: {first.get('platform')} {kinds} {post} [skip ci]"


def _env() -> dict[str, str]:
    """Committer settings, and the push token from the environment, never from .git/config
    (pipeline/github/gitauth.py)."""
    return gitauth.git_env()
