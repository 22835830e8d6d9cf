"""build/media/manifest.json: which variant keys are made, their files and measurements.

A variant whose key is recorded and whose files all exist is not made again. The manifest is
written atomically at the end of a run; a lost manifest only costs a re-render.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pipeline.render.paths import BUILD
from pipeline.render.plan import RENDER_VERSION


class Manifest:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.file = root / BUILD / "manifest.json"
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if data.get("version") == RENDER_VERSION:
            self.entries = data.get("entries", {})

    def fresh(self, key: str) -> bool:
        entry = self.entries.get(key)
        return entry is not None and all((self.root / f).is_file() for f in entry["files"])

    def get(self, key: str) -> dict[str, Any] | None:
        return self.entries.get(key) if self.fresh(key) else None

    def record(self, key: str, files: list[Path], **measured: object) -> None:
        rel = [str(f.resolve().relative_to(self.root.resolve())) for f in files]
        self.entries[key] = {"files": rel, **measured}

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(
                {"version": RENDER_VERSION, "entries": self.entries},
                handle,
                sort_keys=True,
                indent=1,
            )
        Path(tmp).replace(self.file)
