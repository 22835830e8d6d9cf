"""The log's compare-and-swap under real concurrency: the publish, inbox and report workflows
each have their own concurrency group (so GitHub never drops one's pending run for
another's), which means their jobs can push to `main` at the same moment. Here separate OS
processes, each with its own clone (as each job has its own runner), push to one bare remote
at once: two publishers claiming the same post and writing events, the inbox fetch (Ledger)
and the inbox send (the answer writer, in the checkout) appending to the same month's inbox
log, and the monthly report committed and pushed as report.yml does. Nothing may be lost,
nothing written twice, and exactly one publisher may win the claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.inbox import records as inbox
from pipeline.publish import records
from tests.publish.conftest import clone, git

ROOT = Path(__file__).resolve().parent.parent.parent
WRITES = 6
POST = "content/posts/2026/11/a/index.md"

WORKER = r"""
import json, subprocess, sys, time
from pathlib import Path

role, checkout, name, count, go = sys.argv[1:6]
checkout, count, go = Path(checkout), int(count), Path(go)
while not go.exists():
    time.sleep(0.005)

def upload(i):
    return {"event": "checkpoint", "post": "content/posts/2026/11/b/index.md", "platform": "x",
            "content_sha256": "c", "at_utc": "2026-11-25T02:00:00Z", "run": name,
            "name": "step", "value": f"{name}-{i}"}

def comment(i):
    return {"event": "checked", "platform": "facebook", "post": "content/posts/2026/11/a/index.md",
            "at_utc": "2026-11-26T02:00:00Z", "run": f"{name}-{i}"}

won = False
if role == "publish":
    from pipeline.publish.ledger import Ledger
    ledger = Ledger(checkout)
    key = ("content/posts/2026/11/a/index.md", "x")
    while True:  # what the runner does with a claim: decide, swap, re-read on a lost race
        pair = ledger.state().get(key)
        if pair is not None and pair.claimed_by:
            break
        claim = {"event": "claimed", "post": key[0], "platform": "x", "content_sha256": "c",
                 "at_utc": "2026-11-25T02:00:00Z", "run": name}
        if ledger.write([claim], cas=True):
            won = True
            break
    for i in range(count):
        ledger.write([upload(i)])
elif role == "fetch":
    from pipeline.inbox import fetch
    from pipeline.publish.ledger import Ledger
    ledger = Ledger(checkout)
    for i in range(count):
        fetch.write(ledger, [comment(i)])
elif role == "send":
    from pipeline.commands.answer import git_writer
    write = git_writer(checkout)
    for i in range(count):
        write([comment(i)], [])
elif role == "report":
    from pipeline.github import gitauth
    def git(*args):
        return gitauth.main(["-C", str(checkout), *args])
    folder = checkout / "content" / "laporan"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{name}-{i}.md").write_text("laporan\n", encoding="utf-8")
        git("add", "content/laporan")
        git("commit", "--quiet", "-m", f"Laporan {i}")
        for attempt in range(8):  # report.yml's loop
            if git("push", "--quiet", "origin", "HEAD:main") == 0:
                break
            time.sleep(0.05 * attempt)
            git("pull", "--quiet", "--rebase", "origin", "main")
        else:
            sys.exit(3)
print(json.dumps({"won": won}))
"""


def run_all(remote: Path, tmp_path: Path, roles: list[tuple[str, str]]) -> list[dict[str, bool]]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    go = tmp_path / "go"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
    }
    env.pop("PIPELINE_PUSH_TOKEN", None)
    workers = []
    for role, name in roles:
        checkout = clone(remote, tmp_path / name)
        command = [sys.executable, str(script), role, str(checkout), name, str(WRITES), str(go)]
        started = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        workers.append((name, started))
    time.sleep(0.5)  # every process is up and waiting
    go.touch()
    done = [(name, worker, *worker.communicate(timeout=240)) for name, worker in workers]
    failed = {
        name: err.strip().splitlines()[-1:] for name, worker, _, err in done if worker.returncode
    }
    assert failed == {}
    return [json.loads(out.strip().splitlines()[-1]) for _, _, out, _ in done]


def test_concurrent_publish_inbox_and_report_pushes_lose_nothing(
    remote: Path, tmp_path: Path
) -> None:
    roles = [
        ("publish", "publish-a"),
        ("publish", "publish-b"),
        ("fetch", "inbox-fetch"),
        ("send", "inbox-send"),
        ("report", "report"),
    ]
    results = run_all(remote, tmp_path, roles)
    assert sum(r["won"] for r in results) == 1, "exactly one publisher wins the claim"

    final = clone(remote, tmp_path / "final")
    uploads = records.read(final)
    claims = [e for e in uploads if e["event"] == "claimed"]
    assert len(claims) == 1
    steps = sorted(e["value"] for e in uploads if e["event"] == "checkpoint")
    assert steps == sorted(f"publish-{x}-{i}" for x in "ab" for i in range(WRITES))
    runs = sorted(e["run"] for e in inbox.read(final))
    assert runs == sorted(f"inbox-{r}-{i}" for r in ("fetch", "send") for i in range(WRITES))
    reports = sorted(p.name for p in (final / "content" / "laporan").glob("*.md"))
    assert reports == sorted(f"report-{i}.md" for i in range(WRITES))
    # One line of history, every push a fast-forward of the one before (no force, no merge).
    assert git(final, "rev-list", "--merges", "HEAD") == ""
