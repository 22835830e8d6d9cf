"""build/media/manifest.json: which variants are made, where, their files and measurements.

An entry is keyed by the variant's key (a hash of its source bytes and options) *and* the
place its output belongs (`build/media/<platform>/<yyyy>/<mm>/<slug>/...`): the same photo in a
moved or copied post folder is the same key in a new place. The cache answers "made" only for
a file that is there and is what was recorded (its size, and its SHA-256 when its size or time
changed); a variant made for another place is copied when its files are intact and named the
same, otherwise it is rendered again. The manifest is written atomically at the end of a run;
a lost manifest only costs a re-render.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pipeline.render.paths import BUILD
from pipeline.render.plan import RENDER_VERSION, Variant

FORMAT = 2  # entries keyed by "<key>:<main output>", each file with [size, mtime_ns, sha256]


class Manifest:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.file = root / BUILD / "manifest.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self._places: dict[str, list[str]] | None = None
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if data.get("version") == RENDER_VERSION and data.get("format") == FORMAT:
            self.entries = data.get("entries", {})

    def slot(self, variant: Variant) -> str:
        job = variant.image or variant.video
        assert job is not None  # noqa: S101 - a variant has one of the two
        return f"{variant.key}:{self._rel(job.out)}"

    def fresh(self, variant: Variant) -> bool:
        entry = self.entries.get(self.slot(variant))
        return entry is not None and self._intact(entry)

    def get(self, variant: Variant) -> dict[str, Any] | None:
        entry = self.entries.get(self.slot(variant))
        return entry if entry is not None and self._intact(entry) else None

    def reuse(self, variant: Variant) -> bool:
        """Copy the same variant made for another place (a post folder that was moved or
        copied) when its files are intact and carry the names this place needs."""
        job = variant.image or variant.video
        assert job is not None  # noqa: S101
        want = job.out.parent
        if self._places is None:  # {key: its slots}, so a thousand posts stay one lookup each
            self._places = {}
            for known in self.entries:
                self._places.setdefault(known.split(":", 1)[0], []).append(known)
        for slot in list(self._places.get(variant.key, [])):
            entry = self.entries[slot]
            if not self._intact(entry):
                continue
            files = [self.root / f for f in entry["files"]]
            if files[0].name != job.out.name:
                continue
            want.mkdir(parents=True, exist_ok=True)
            copies = [want / f.name for f in files]
            for source, target in zip(files, copies, strict=True):
                shutil.copyfile(source, target)
            measured = {k: v for k, v in entry.items() if k not in ("files", "sums")}
            self.record(variant, copies, **measured)
            return self._intact(self.entries[self.slot(variant)])
        return False

    def record(self, variant: Variant, files: list[Path], **measured: object) -> None:
        rel = [self._rel(f) for f in files]
        sums = {r: _sum(self.root / r) for r in rel}
        slot = self.slot(variant)
        if self._places is not None and slot not in self.entries:
            self._places.setdefault(variant.key, []).append(slot)
        self.entries[slot] = {"files": rel, "sums": sums, **measured}

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(
                {"version": RENDER_VERSION, "format": FORMAT, "entries": self.entries},
                handle,
                sort_keys=True,
                indent=1,
            )
        Path(tmp).replace(self.file)

    def _rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def _intact(self, entry: dict[str, Any]) -> bool:
        """Every file is there and is what was recorded: the size always; the SHA-256 when
        the time changed (a copy, a restore from an artifact, or a file written over)."""
        sums = entry.get("sums")
        if not isinstance(sums, dict):
            return False
        for rel in entry.get("files", []):
            path = self.root / rel
            known = sums.get(rel)
            try:
                stat = path.stat()
            except OSError:
                return False
            if not path.is_file() or not isinstance(known, list) or stat.st_size != known[0]:
                return False
            if stat.st_mtime_ns != known[1]:
                if _digest(path) != known[2]:
                    return False
                known[1] = stat.st_mtime_ns
        return True


def _sum(path: Path) -> list[Any]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, _digest(path)]


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
