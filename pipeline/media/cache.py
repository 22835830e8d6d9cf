"""Probe results cached by content hash, with a stat index so unchanged files are not re-read.

Like Git's index: a file whose size, mtime and inode are unchanged keeps its recorded SHA-256,
so a warm `pipeline check` over a thousand posts reads no media bytes at all. Results are keyed
by (probe version, mode, hash): renaming or moving a file does not probe it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.media.probe import PROBE_VERSION

CACHE_FILE = Path(".cache") / "pipeline" / "probe.json"


class ProbeCache:
    def __init__(self, root: Path) -> None:
        self.file = root / CACHE_FILE
        self.stats: dict[str, list[Any]] = {}
        self.results: dict[str, Any] = {}
        self.dirty = False
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if data.get("version") == PROBE_VERSION:
            self.stats = data.get("stats", {})
            self.results = data.get("results", {})

    def digest(self, path: Path) -> str:
        """SHA-256 of the file, from the stat index when the file is unchanged."""
        stat = path.stat()
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        key = str(path.resolve())
        known = self.stats.get(key)
        if known and known[:3] == signature:
            return str(known[3])
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        self.stats[key] = [*signature, sha.hexdigest()]
        self.dirty = True
        return sha.hexdigest()

    def get(self, digest: str, mode: str) -> dict[str, Any] | None:
        result = self.results.get(f"{mode}:{digest}")
        return result if isinstance(result, dict) else None

    def put(self, digest: str, mode: str, result: dict[str, Any]) -> None:
        self.results[f"{mode}:{digest}"] = result
        self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written only costs speed next time."""
        if not self.dirty:
            return
        payload = {"version": PROBE_VERSION, "stats": self.stats, "results": self.results}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, separators=(",", ":"), sort_keys=True)
            Path(tmp).replace(self.file)
        except OSError:
            return
        self.dirty = False
