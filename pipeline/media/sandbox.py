"""A pool of probe workers in child processes, each request under a wall-clock limit.

A decoder that hangs or crashes takes down one worker, not the CLI: the request is answered
with MEDIA_TIMEOUT or MEDIA_DECODE_CRASH and a fresh worker takes the next one.
"""

from __future__ import annotations

import json
import os
import queue
import selectors
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

TIMEOUT_S = 30.0
Request = tuple[Path, str]  # (file, "image" | "video")
Result = dict[str, Any]


# What a worker may see of the parent's environment: where programs, the home folder, the
# locale and temporary files are. Nothing else: the parent may hold tokens (a publish job's
# secrets, a developer's shell), and a decoder exploited by a writer's file must find none.
ALLOWED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "IMAGEIO_FFMPEG_EXE")


def worker_env(parent: Mapping[str, str] | None = None) -> dict[str, str]:
    """The worker's whole environment: the allow-list, and the folder this `pipeline` package
    is imported from (so the worker runs the same code as its parent)."""
    source = os.environ if parent is None else parent
    env = {name: source[name] for name in ALLOWED_ENV if name in source}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent.parent)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class _Worker:
    def __init__(self) -> None:
        env = worker_env()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.media.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.timed_out = False

    def ask(self, request: Request, timeout: float) -> Result | None:
        """The answer, or None when the worker hung (it is then killed) or died."""
        assert self.process.stdin and self.process.stdout  # noqa: S101 - set by Popen
        try:
            self.process.stdin.write(
                json.dumps({"path": str(request[0]), "mode": request[1]}) + "\n"
            )
            self.process.stdin.flush()
        except BrokenPipeError:
            return None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.timed_out = True
                self.close()
                return None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


class ProbePool:
    """`with ProbePool(jobs) as pool: pool.run(requests)` answers every request, in order."""

    def __init__(self, jobs: int, timeout: float = TIMEOUT_S) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self.workers: list[_Worker] = []

    def __enter__(self) -> ProbePool:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            if worker.alive():
                worker.process.stdin.close()  # type: ignore[union-attr]
                worker.process.wait(timeout=5)

    def run(
        self, requests: Iterable[Request], progress: Callable[[], None] | None = None
    ) -> Iterator[Result]:
        with ThreadPoolExecutor(self.jobs) as executor:
            for result in executor.map(self._one, requests):
                if progress:
                    progress()
                yield result

    def _one(self, request: Request) -> Result:
        try:
            worker = self.idle.get_nowait()
        except queue.Empty:
            worker = _Worker()
            self.workers.append(worker)
        result = worker.ask(request, self.timeout)
        if worker.alive():
            self.idle.put(worker)
        if result is not None:
            return result
        code, params = (
            ("MEDIA_TIMEOUT", {"seconds": int(self.timeout)})
            if worker.timed_out
            else ("MEDIA_DECODE_CRASH", {"detail": f"exit {worker.process.returncode}"})
        )
        return {
            "format": "?",
            "info": {},
            "problems": [{"code": code, "severity": "error", "params": params}],
        }
