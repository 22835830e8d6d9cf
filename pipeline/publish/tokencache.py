"""The run's token cache: the current access + refresh pair of each rotating platform, so a
second `pipeline` process in the same job (`inbox fetch` then `inbox send`, or `publish` then
`inbox`) uses what the first one got instead of presenting the refresh token the job started
with, which the first process spent.

One JSON file, mode 600, written atomically, outside the repository (never committed, never
printed): `PIPELINE_TOKEN_CACHE`, else `$RUNNER_TEMP/pipeline-token-cache.json` in GitHub
Actions (RUNNER_TEMP is emptied at the end of every job: GitHub Docs, "Store information in
variables", "Default environment variables", read 2026-12-03), else next to the local token
file. Readers and writers hold an exclusive lock (`fcntl.flock`) for the whole
read-refresh-write, so two processes of one job never refresh the same token twice.

An entry keeps the sha256 of every refresh token of its chain: it applies only when the
environment's refresh token is one of them (the job's starting secret, or one this cache
issued). A refresh token from a new authorisation is not in the chain, and the entry is
dropped rather than used.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CHAIN_MAX = 50


def fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    access: str
    refresh: str
    expires_at: float | None  # Unix time; None: the platform did not say
    scope: list[str] | None
    stored: bool  # the durable store (GitHub secret) has this refresh token
    stored_at: float  # when this process wrote it there (or got it), Unix time
    chain: list[str] = field(default_factory=list)


def path_for(env: Mapping[str, str]) -> Path:
    if env.get("PIPELINE_TOKEN_CACHE"):
        return Path(env["PIPELINE_TOKEN_CACHE"])
    if env.get("RUNNER_TEMP"):
        return Path(env["RUNNER_TEMP"]) / "pipeline-token-cache.json"
    local = Path(env.get("PIPELINE_TOKEN_FILE", str(Path.home() / ".pipeline-tokens")))
    return local.with_name(local.name + ".run.json")


def job_scoped(env: Mapping[str, str]) -> bool:
    """The cache is this job's own ($RUNNER_TEMP, emptied at the end of every job): whatever it
    holds was written by an earlier step of this job."""
    return not env.get("PIPELINE_TOKEN_CACHE") and bool(env.get("RUNNER_TEMP"))


class RunCache:
    def __init__(self, path: Path) -> None:
        self.path = path

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def get(self, platform: str, refresh: str) -> Entry | None:
        """The entry whose chain holds `refresh`, else None."""
        row = self._read().get(platform)
        if not isinstance(row, dict) or not _valid(row):
            return None  # damaged or from another version: as if absent (a refresh follows)
        entry = Entry(**row)
        return entry if fingerprint(refresh) in entry.chain else None

    def latest(self, platform: str) -> Entry | None:
        """The platform's entry whatever its chain (only for a job-scoped cache)."""
        row = self._read().get(platform)
        return Entry(**row) if isinstance(row, dict) and _valid(row) else None

    def put(self, platform: str, entry: Entry) -> None:
        rows = self._read()
        chain = [*entry.chain, fingerprint(entry.refresh)]
        rows[platform] = asdict(entry) | {"chain": list(dict.fromkeys(chain))[-CHAIN_MAX:]}
        self._write(rows)

    def seal(self) -> None:
        """Forget every refresh token: what the later steps of the job read (the access
        token, its expiry, the chain) stays, the token that could take over the account does
        not (those steps handle writers' media and commenters' text). A job-scoped cache only:
        an unstored refresh token there dies with the job anyway (no later step may store it),
        and its entry is dropped as invalid."""
        with self.locked():
            rows = self._read()
            for row in rows.values():
                if isinstance(row, dict):
                    row["refresh"] = ""
            if rows:
                self._write(rows)

    def _write(self, rows: dict[str, Any]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(rows, handle)
        tmp.replace(self.path)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def _valid(row: dict[str, Any]) -> bool:
    number = (int, float)
    return (
        set(row) == set(Entry.__dataclass_fields__)
        and isinstance(row["access"], str)
        and bool(row["access"])
        and isinstance(row["refresh"], str)
        and (bool(row["refresh"]) or row["stored"] is True)  # sealed once stored
        and (row["expires_at"] is None or isinstance(row["expires_at"], number))
        and (row["scope"] is None or all(isinstance(s, str) for s in row["scope"]))
        and isinstance(row["scope"], list | type(None))
        and isinstance(row["stored"], bool)
        and isinstance(row["stored_at"], number)
        and isinstance(row["chain"], list)
        and all(isinstance(c, str) for c in row["chain"])
    )
