"""`pipeline schema`: export the post and office.yml schemas as JSON Schema for editors."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.config import config_json_schema
from pipeline.errors import PipelineError
from pipeline.schema import post_json_schema

FILES = {"post.schema.json": post_json_schema, "office.schema.json": config_json_schema}


def rendered() -> dict[str, str]:
    return {
        name: json.dumps(make(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, make in FILES.items()
    }


def run(*, out: str = "schema", check_only: bool = False) -> int:
    folder = Path(out)
    stale = []
    for name, text in rendered().items():
        path = folder / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if check_only:
            stale.append(str(path))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"ditulis: {path}")
    if stale:
        raise PipelineError(f"schema usang: {', '.join(stale)} (jalankan 'pipeline schema')")
    return 0
