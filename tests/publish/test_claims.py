"""Who holds a claim and whether it is alive (pipeline/publish/claims.py): the process check on
this machine (a real child process, alive, ended, or its pid with another start time), the
workflow-run check read from GitHub's documented example, and damaged holders."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.publish import claims
from pipeline.publish.claims import Holder

DOCS = Path(__file__).parent / "data" / "docs" / "github"


@pytest.fixture
def child() -> Iterator[subprocess.Popen[bytes]]:
    """A real process on this machine, alive until the test ends."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def holder_of(process: subprocess.Popen[bytes]) -> Holder:
    me = claims.here({})
    stat = claims._stat(process.pid)
    assert stat is not None
    return dataclasses.replace(me, pid=process.pid, started=stat[1])


def test_this_process_is_described_and_reads_back() -> None:
    me = claims.here({})
    assert me.host and me.boot and me.pidns and me.pid and me.started
    assert not me.ci and me.label() == f"{me.host} pid {me.pid}"
    assert claims.parse(json.loads(json.dumps(me.fields()))) == me
    assert claims.judge(me, me, {}).state == "alive"


def test_a_workflow_run_is_named_from_the_runner_variables() -> None:
    env = {
        "GITHUB_REPOSITORY": "bpsip-jabar/situs",
        "GITHUB_RUN_ID": "30433642",
        "GITHUB_RUN_ATTEMPT": "2",
        "GITHUB_JOB": "publish",
    }
    me = claims.here(env)
    assert (me.repository, me.run_id, me.run_attempt, me.job) == (
        "bpsip-jabar/situs",
        "30433642",
        2,
        "publish",
    )
    assert me.label() == "GitHub Actions run 30433642#2"
    assert claims.here({**env, "GITHUB_RUN_ATTEMPT": ""}).run_attempt == 1
    # A repository or run id that is not GitHub's shape is not asked about (it goes in a URL).
    assert not claims.here({**env, "GITHUB_REPOSITORY": "../../x"}).ci
    assert not claims.here({**env, "GITHUB_RUN_ID": "1/../2"}).ci
    assert not claims.here({**env, "GITHUB_RUN_ID": "\u0661\u0662"}).ci  # digits, not ASCII
    assert not claims.here({**env, "GITHUB_REPOSITORY": "owner/.."}).ci
    assert claims.here({**env, "GITHUB_REPOSITORY": "owner/.github"}).ci
    assert claims.here({**env, "GITHUB_RUN_ATTEMPT": "\u00b2"}).run_attempt == 1  # no crash


def test_a_live_process_holds_and_an_ended_one_does_not(
    child: subprocess.Popen[bytes],
) -> None:
    me = claims.here({})
    holder = holder_of(child)
    assert claims.judge(holder, me, {}).state == "alive"
    child.kill()
    child.wait()
    verdict = claims.judge(holder, me, {})
    assert verdict.state == "dead" and verdict.code == "CLAIM_DEAD_PROCESS"
    assert verdict.params is not None and verdict.params["pid"] == child.pid


def test_a_killed_process_not_yet_reaped_is_dead(child: subprocess.Popen[bytes]) -> None:
    """Killed, its parent not having waited for it yet: a zombie holds nothing."""
    holder = holder_of(child)
    child.kill()
    deadline = time.monotonic() + 10
    while (claims._stat(child.pid) or ("?", 0))[0] != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert claims._stat(child.pid) is not None  # still in the process table
    assert claims.judge(holder, claims.here({}), {}).state == "dead"


def test_a_reused_pid_is_not_the_process_that_claimed(child: subprocess.Popen[bytes]) -> None:
    """The pid is alive, but it started at another time: another process has that pid now."""
    holder = dataclasses.replace(holder_of(child), started=holder_of(child).started - 1)
    assert claims.judge(holder, claims.here({}), {}).state == "dead"


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"host": "another-runner"},
        {"boot": "another-boot"},
        {"pidns": "pid:[1]"},
        {"started": 0},
        {"uid": 54321},  # another user's processes may be hidden (hidepid): no verdict
        {"uid": -1},
    ],
)
def test_a_process_elsewhere_is_unknown(
    child: subprocess.Popen[bytes], elsewhere: dict[str, object]
) -> None:
    """Another machine, another boot, another container: its pids say nothing here."""
    holder = dataclasses.replace(holder_of(child), **elsewhere)  # type: ignore[arg-type]
    child.kill()
    child.wait()
    assert claims.judge(holder, claims.here({}), {}) == claims.UNKNOWN


def test_proc_stat_is_read_after_the_last_parenthesis() -> None:
    """A process may name itself anything, parentheses and spaces included."""
    tail = b" ".join([b"S", *(str(n).encode() for n in range(4, 22)), b"123456", b"0"])
    raw = b"4242 (evil) 1 2 (x) " + tail
    assert claims.parse_stat(raw) == ("S", 123456)
    assert claims.parse_stat(b"4242 (short) S 1") is None
    assert claims.parse_stat(b"no parenthesis at all") is None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "host pid 1",
        [],
        {},
        {"host": "vm"},  # no pid
        {"host": "vm", "pid": "42"},
        {"host": "vm", "pid": -1},
        {"host": "vm", "pid": True},
        {"host": "vm", "pid": 42, "uid": "0"},
        {"host": "vm", "pid": 42, "uid": -2},
        {"host": "vm", "pid": 42, "started": -1},
        {"host": 7, "pid": 42},
        {"repository": "o/r", "run_id": 5},
        {"repository": "o/r", "run_id": "5", "run_attempt": 1.5},
    ],
)
def test_a_damaged_or_missing_holder_is_no_holder(value: object) -> None:
    """Such a claim holds for the whole lease, as claims did before they named a holder."""
    assert claims.parse(value) is None


def run_holder(attempt: int = 1) -> Holder:
    return Holder(
        repository="octo-org/octo-repo",
        run_id="30433642",
        run_attempt=attempt,
        host="fv-az1",
        boot="b",
        pidns="pid:[1]",
        pid=7,
        started=9,
    )


def test_the_documented_run_reads_as_alive_then_ended() -> None:
    """GitHub's own example ("Get a workflow run", status queued, attempt 1), then the same
    object completed, and re-run (a newer attempt of the same run id)."""
    example = json.loads((DOCS / "workflow-run.json").read_text(encoding="utf-8"))
    assert claims.read_run(example, run_holder()).state == "alive"
    done = claims.read_run(
        {**example, "status": "completed", "conclusion": "cancelled"}, run_holder()
    )
    assert (done.state, done.code) == ("dead", "CLAIM_DEAD_RUN")
    assert done.params is not None and done.params["conclusion"] == "cancelled"
    rerun = claims.read_run({**example, "status": "in_progress", "run_attempt": 2}, run_holder())
    assert (rerun.state, rerun.code) == ("dead", "CLAIM_DEAD_ATTEMPT")
    assert claims.read_run({**example, "run_attempt": 2}, run_holder(2)).state == "alive"
    odd = claims.read_run({**example, "status": None}, run_holder())
    assert (odd.state, odd.code) == ("unknown", "CLAIM_UNCHECKED")


def test_without_a_token_github_is_not_asked() -> None:
    verdict = claims.judge(run_holder(), claims.here({}), {"PIPELINE_GITHUB_URL": "http://x"})
    assert verdict.state == "unknown" and verdict.params == {"why": "GITHUB_TOKEN"}
