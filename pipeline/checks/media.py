"""Media references and media content (SOP step 1.4): every file named, safe, real and sound.

Work is split in two so that a whole run probes in parallel: `references` resolves every
post's files (cheap, in the CLI), then `probe_all` asks the sandboxed workers about the ones
the cache does not know, then `content_problems` turns their answers into problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checks.narrative import image_sources
from pipeline.errors import Problem
from pipeline.media.cache import ProbeCache
from pipeline.media.refs import RefError, collisions, resolve
from pipeline.media.sandbox import ProbePool
from pipeline.messages import Phrase
from pipeline.post import Loaded
from pipeline.schema import MediaItem

_SRT_TIMING = re.compile(r"^\d{1,2}:\d{2}:\d{2}[,.]\d{3} --> \d{1,2}:\d{2}:\d{2}[,.]\d{3}")


@dataclass(frozen=True, slots=True)
class MediaFile:
    """One media item of one post, resolved to a file and ready to probe."""

    index: int
    item: MediaItem
    path: Path

    @property
    def mode(self) -> str:
        return "video" if self.item.kind == "video" else "image"


def references(loaded: Loaded) -> tuple[list[Problem], list[MediaFile]]:
    problems: list[Problem] = []
    files: list[MediaFile] = []
    listed: dict[str, int] = {}
    for index, item in loaded.media:
        where = ("media", index, "file")
        line = loaded.doc.line_of(where)
        field = f"media[{index}].file"
        if item.file in listed:
            problems.append(_problem(loaded, "MEDIA_DUPLICATE", line, field, value=item.file))
            continue
        listed[item.file] = index
        target = resolve(item.file, loaded.folder)
        if isinstance(target, RefError):
            problems.append(_ref_problem(loaded, target, line, field, item.file))
        else:
            files.append(MediaFile(index, item, target))
        if item.captions:
            problems.extend(_captions(loaded, index, item.captions))
    if loaded.folder.is_dir():
        problems.extend(_folder_problems(loaded))
    return problems, files


def _captions(loaded: Loaded, index: int, name: str) -> list[Problem]:
    line = loaded.doc.line_of(("media", index, "captions"))
    field = f"media[{index}].captions"
    target = resolve(name, loaded.folder)
    if isinstance(target, RefError):
        return [_ref_problem(loaded, target, line, field, name)]
    if target.stat().st_size == 0:
        return [_problem(loaded, "MEDIA_EMPTY", line, field, value=name)]
    try:
        text = target.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        return [_problem(loaded, "CAPTIONS_INVALID", line, field, value=name, detail=str(exc))]
    if not any(_SRT_TIMING.match(row.strip()) for row in text.splitlines()):
        return [
            _problem(
                loaded,
                "CAPTIONS_INVALID",
                line,
                field,
                value=name,
                detail="00:00:00,000 --> 00:00:00,000 ?",
            )
        ]
    return []


def _folder_problems(loaded: Loaded) -> list[Problem]:
    problems = [
        _problem(loaded, "PATH_COLLISION", None, "", value=a, other=b)
        for a, b in collisions(loaded.folder)
    ]
    used = named_files(loaded)
    for path in sorted(loaded.folder.iterdir()):
        name = path.name
        if path.is_file() and not name.startswith(".") and name != "index.md" and name not in used:
            problems.append(_problem(loaded, "MEDIA_ORPHAN", None, "", "warning", value=name))
    return problems


def named_files(loaded: Loaded, *, story: bool = True) -> set[str]:
    """Every file the post names: media and captions (read from the raw front matter, so a
    schema error elsewhere does not make listed files look unused) and images in the story."""
    data = loaded.doc.data or {}
    raw = data.get("media")
    items: list[object] = raw if isinstance(raw, list) else []
    names = {
        str(item.get(key))
        for item in items
        if isinstance(item, dict)
        for key in ("file", "captions")
        if item.get(key)
    }
    return names | image_sources(loaded.doc.body) if story else names


def probe_all(
    files: list[MediaFile], cache: ProbeCache, jobs: int, progress: Callable[[], None] | None = None
) -> dict[Path, dict[str, Any]]:
    """Probe results for every file: from the cache, else from the sandboxed workers."""
    results: dict[Path, dict[str, Any]] = {}
    todo: dict[tuple[str, str], list[Path]] = {}
    for media in files:
        digest = cache.digest(media.path)
        cached = cache.get(digest, media.mode)
        if cached is not None:
            results[media.path] = cached
        else:
            todo.setdefault((digest, media.mode), []).append(media.path)
    if todo:
        keys = list(todo)
        with ProbePool(jobs) as pool:
            requests = [(todo[key][0], key[1]) for key in keys]
            for key, result in zip(keys, pool.run(requests, progress), strict=True):
                cache.put(key[0], key[1], result)
                for path in todo[key]:
                    results[path] = result
    return results


_EXTENSIONS = {
    "jpeg": ("jpg", "jpeg"),
    "png": ("png",),
    "mp4": ("mp4", "m4v", "mov"),
    "mov": ("mov", "mp4", "m4v"),
}


def content_problems(
    loaded: Loaded, files: list[MediaFile], results: dict[Path, dict[str, Any]]
) -> list[Problem]:
    problems = []
    for media in files:
        line = loaded.doc.line_of(("media", media.index, "file"))
        field = f"media[{media.index}].file"
        result = results[media.path]
        for found in result["problems"]:
            params = {**found["params"], "value": media.item.file, "kind": media.item.kind}
            problems.append(
                Problem(
                    code=found["code"],
                    path=loaded.path,
                    line=line,
                    field=field,
                    severity=found["severity"],
                    params=params,
                )
            )
        extension = media.path.suffix.lower().lstrip(".")
        expected = _EXTENSIONS.get(result["format"])
        if expected and extension not in expected:
            problems.append(
                _problem(
                    loaded,
                    "MEDIA_EXTENSION_MISMATCH",
                    line,
                    field,
                    "warning",
                    value=media.item.file,
                    detected=result["format"].upper(),
                    extension=extension,
                    expected=expected[0],
                )
            )
    return problems


def _ref_problem(
    loaded: Loaded, error: RefError, line: int | None, field: str, value: str
) -> Problem:
    return _problem(
        loaded,
        error.code,
        line,
        field,
        value=value,
        reason=Phrase(error.reason) if error.reason else "",
        folder=loaded.folder.name,
        suggest=Phrase("suggest_file", error.suggest) if error.suggest else "",
    )


def _problem(
    loaded: Loaded,
    code: str,
    line: int | None,
    field: str,
    severity: str = "error",
    **params: object,
) -> Problem:
    return Problem(
        code=code,
        path=loaded.path,
        line=line,
        field=field,
        severity="warning" if severity == "warning" else "error",
        params=params,
    )
