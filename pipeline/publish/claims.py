"""Who holds a claim, and whether that holder is still alive (docs/publishing-model.md §4.9).

Every `claimed` event carries its writer's identity (`holder`): in GitHub Actions the repository,
the workflow run id, the run attempt and the job; everywhere the host, the machine's boot, the
process-id namespace, the process id and that process's start time. The next run decides at once:

- Same host, same boot, same pid namespace: the process with that pid *and* that start time is
  gone (or a zombie) → dead; it is there → alive. A pid that was reused by a later process has
  another start time, so it counts as dead.
- A workflow run: GitHub's "Get a workflow run" answers `status: completed`, or a `run_attempt`
  newer than the claim's (a re-run reuses the run id) → dead; any other status → alive.
- Anything else (another machine, no token, GitHub unreachable or refusing, a claim written
  before claims had a holder) → unknown: the lease decides, as before.

Linux's /proc is read directly (proc(5): /proc/<pid>/stat field 22 `starttime`, in clock ticks
after boot; /proc/sys/kernel/random/boot_id; /proc/<pid>/ns/pid): the standard library has no
process table and psutil is not a dependency. Elsewhere there is no /proc: the lease decides.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import httpx

from pipeline.publish.base import base_url

# GitHub's shapes, since both go into a URL: an owner is letters, digits and hyphens; a
# repository also takes '.' and '_' (but is never '.' or '..'); a run id and attempt are digits.
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?!\.\.?$)[A-Za-z0-9_.-]{1,100}")
_NUMBER = re.compile(r"[0-9]{1,20}")
PROC = Path("/proc")


@dataclass(frozen=True, slots=True, kw_only=True)
class Holder:
    """The run and the process that wrote a claim."""

    repository: str = ""  # GitHub Actions: owner/name
    run_id: str = ""
    run_attempt: int = 0
    job: str = ""
    host: str = ""
    boot: str = ""  # /proc/sys/kernel/random/boot_id: pids and start times are per boot
    pidns: str = ""  # the pid namespace (a container has its own pids)
    uid: int = -1  # whose process: another user's may be hidden from us (mount option hidepid)
    pid: int = 0
    started: int = 0  # clock ticks after boot (/proc/<pid>/stat field 22)

    @property
    def ci(self) -> bool:
        return bool(_REPO.fullmatch(self.repository) and _NUMBER.fullmatch(self.run_id))

    def fields(self) -> dict[str, Any]:
        """What the `claimed` event keeps (values left at their default left out)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != f.default
        }

    def label(self) -> str:
        """How people read it: the workflow run, or the process on its host."""
        if self.ci:
            return f"GitHub Actions run {self.run_id}#{self.run_attempt or 1}"
        return f"{self.host or '?'} pid {self.pid or '?'}"


def here(env: Mapping[str, str]) -> Holder:
    """This process, and in GitHub Actions its workflow run (the runner's default variables
    GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_JOB)."""
    repo, run = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_RUN_ID", "")
    ci = bool(_REPO.fullmatch(repo) and _NUMBER.fullmatch(run))
    attempt = env.get("GITHUB_RUN_ATTEMPT", "")
    pid = os.getpid()
    stat = _stat(pid)
    return Holder(
        repository=repo if ci else "",
        run_id=run if ci else "",
        run_attempt=(int(attempt) if _NUMBER.fullmatch(attempt) else 1) if ci else 0,
        job=env.get("GITHUB_JOB", "")[:100] if ci else "",
        host=socket.gethostname()[:255],
        boot=_read(PROC / "sys" / "kernel" / "random" / "boot_id"),
        pidns=_pidns(),
        uid=os.getuid() if hasattr(os, "getuid") else -1,
        pid=pid,
        started=stat[1] if stat else 0,
    )


def parse(value: object) -> Holder | None:
    """The holder a `claimed` event names; None for a claim without one (or a damaged one):
    such a claim holds for the whole lease, as claims always did."""
    if not isinstance(value, dict):
        return None
    text = {k: value.get(k) for k in ("repository", "run_id", "job", "host", "boot", "pidns")}
    numbers = {k: value.get(k, 0) for k in ("run_attempt", "pid", "started")}
    uid = value.get("uid", -1)
    if any(v is not None and not isinstance(v, str) for v in text.values()):
        return None
    if any(not isinstance(v, int) or isinstance(v, bool) for v in (*numbers.values(), uid)):
        return None
    if uid < -1 or min(numbers.values()) < 0:
        return None
    holder = Holder(**{k: v or "" for k, v in text.items()}, **numbers, uid=uid)  # type: ignore[arg-type]
    return holder if holder.ci or (holder.host and holder.pid) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Liveness:
    """`dead` (take the claim over now), `alive`, or `unknown` (the lease decides). `code` and
    `params` name the catalogue message (pipeline/messages.py) that says why."""

    state: str
    code: str = ""
    params: Mapping[str, object] | None = None


UNKNOWN = Liveness(state="unknown")


def judge(
    holder: Holder | None,
    me: Holder,
    env: Mapping[str, str],
    transport: httpx.BaseTransport | None = None,
) -> Liveness:
    if holder is None:
        return UNKNOWN
    local = process(holder, me)
    if local is not None:
        return local
    if holder.ci:
        return workflow_run(holder, env, transport)
    return UNKNOWN


def process(holder: Holder, me: Holder) -> Liveness | None:
    """On this machine, in this boot and pid namespace, as the same user: is that process still
    running? None when the holder ran elsewhere (or /proc is not there to say)."""
    comparable = holder.boot and holder.pidns and holder.pid > 0 and holder.started > 0
    where = (holder.host, holder.boot, holder.pidns, holder.uid)
    if not (comparable and holder.uid >= 0 and where == (me.host, me.boot, me.pidns, me.uid)):
        return None
    stat = _stat(holder.pid)
    if stat is None or stat[0] in ("Z", "X") or stat[1] != holder.started:
        params = {"holder": holder.label(), "pid": holder.pid, "host": holder.host}
        return Liveness(state="dead", code="CLAIM_DEAD_PROCESS", params=params)
    return Liveness(state="alive")


def workflow_run(
    holder: Holder, env: Mapping[str, str], transport: httpx.BaseTransport | None = None
) -> Liveness:
    """Ask GitHub whether the holder's workflow run has ended: REST API, "REST API endpoints for
    workflow runs" > "Get a workflow run", `GET /repos/{owner}/{repo}/actions/runs/{run_id}`
    (read 2026-12-03); the token needs "Actions" repository permission (read), hence
    `actions: read` on the publish job. Any answer but 200 says nothing about the run: 404 is
    also what GitHub answers a token that may not see the repository ("Troubleshooting the REST
    API" > "404 Not Found for an existing resource"), 403 a token without the permission."""
    token = env.get("GITHUB_TOKEN", "")
    if not token:
        return _unchecked(holder, "GITHUB_TOKEN")
    api = base_url(env, "github", "https://api.github.com")
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }
    url = f"{api}/repos/{holder.repository}/actions/runs/{holder.run_id}"
    try:
        with httpx.Client(
            timeout=httpx.Timeout(10.0, connect=5.0), headers=headers, transport=transport
        ) as client:
            response = client.get(url, params={"exclude_pull_requests": "true"})
        body = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError) as exc:
        return _unchecked(holder, type(exc).__name__)
    if not isinstance(body, dict):
        return _unchecked(holder, f"HTTP {response.status_code}")
    return read_run(body, holder)


def read_run(body: Mapping[str, Any], holder: Holder) -> Liveness:
    """The verdict from a workflow run object: `status` is queued, in_progress, waiting,
    requested, pending or completed; `run_attempt` counts re-runs of the same run id (1 for the
    first). A newer attempt than the claim's is read as the end of the claim's attempt
    (derived: docs/platform-facts.md §11)."""
    status, attempt = body.get("status"), body.get("run_attempt")
    params: dict[str, object] = {"holder": holder.label(), "run": holder.run_id}
    if isinstance(attempt, int) and not isinstance(attempt, bool) and attempt > holder.run_attempt:
        return Liveness(state="dead", code="CLAIM_DEAD_ATTEMPT", params=params | {"n": attempt})
    if status == "completed":
        conclusion = body.get("conclusion")
        done = params | {"conclusion": conclusion if isinstance(conclusion, str) else "-"}
        return Liveness(state="dead", code="CLAIM_DEAD_RUN", params=done)
    if isinstance(status, str) and status:
        return Liveness(state="alive")
    return _unchecked(holder, "status ?")


def _unchecked(holder: Holder, why: str) -> Liveness:
    return Liveness(state="unknown", code="CLAIM_UNCHECKED", params={"why": why})


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, start time) of a process, from /proc/<pid>/stat; None when there is none."""
    try:
        raw = (PROC / str(pid) / "stat").read_bytes()
    except OSError:
        return None
    return parse_stat(raw)


def parse_stat(raw: bytes) -> tuple[str, int] | None:
    """The name (field 2) is in parentheses and may hold spaces and parentheses itself: the
    fields after it start after the *last* ')'. State is field 3, starttime field 22."""
    rest = raw[raw.rfind(b")") + 1 :].split()
    if b")" not in raw or len(rest) < 20 or not rest[19].isdigit():
        return None
    return rest[0].decode("ascii", "replace"), int(rest[19])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()[:100]
    except (OSError, UnicodeDecodeError):
        return ""


def _pidns() -> str:
    try:
        return str((PROC / "self" / "ns" / "pid").readlink())[:100]
    except OSError:
        return ""
