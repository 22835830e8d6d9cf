"""build/publish-inputs.json: what the build job checked and rendered, for the publish job.

The build job (no secrets) runs `pipeline check` and `pipeline render`, which decode writers'
files; render then writes this file: each post's check verdict, the sha256 of its sources
(index.md, media, captions) and every variant planned for it, with the sha256 of each rendered
file and the facts publishing needs (dimensions, duration, the MIME type sniffed from the
file's bytes, whether a GIF is animated). The publish job (every token) decodes and parses
nothing: it hashes bytes and compares, so a recorded fact stays true of the file it uploads.
A post whose sources or rendered files do not match, or that is not listed, is refused with a
message; nothing is sent for it.

This module imports no media decoder (Pillow, pyvips, PyAV, FFmpeg): a test runs publishing
with those imports made to fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import PipelineError
from pipeline.post import Post

FILE = Path("build") / "publish-inputs.json"
VERSION = 2  # 2: `mime` sniffed from the bytes (was: from the name) and `animated`
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """One rendered file: its path from the repository root, sha256 and size."""

    path: str
    sha256: str
    bytes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    """One planned variant; `files` is empty when render did not make it."""

    platform: str
    target: str
    file: str  # the media item it comes from
    kind: str  # "image" or "video" (a slideshow is a video)
    files: tuple[Output, ...]
    width: int = 0
    height: int = 0
    seconds: float | None = None
    mime: str = ""  # pipeline.publish.mediatype.sniff of the file, in the build job
    animated: bool = False  # a GIF of more than one frame


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    post: str
    verdict: str  # "ok", or "errors" (pipeline check found errors: never published)
    sources: Mapping[str, str]  # path from the repository root -> sha256
    variants: tuple[Rendered, ...]


def sha256(path: Path) -> str:
    """The file's sha256, or "" when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def source_files(index: Path, post: Post | None) -> list[Path]:
    """index.md and every file its front matter names (media, captions)."""
    files = [index]
    for item in post.meta.media if post is not None else ():
        files.append(index.parent / item.file)
        if item.captions:
            files.append(index.parent / item.captions)
    return files


def sources(root: Path, index: Path, post: Post | None) -> dict[str, str]:
    return {_rel(root, f): sha256(f) for f in source_files(index, post)}


def output(root: Path, path: Path) -> Output:
    return Output(path=_rel(root, path), sha256=sha256(path), bytes=_size(path))


def write(root: Path, entries: Iterable[Entry]) -> Path:
    """Add or replace these posts' entries, atomically; other posts' entries stay (a render of
    one folder does not forget the rest; their hashes still guard them)."""
    file = root / FILE
    old = _read(file) if file.is_file() else {}
    kept = old.get("posts", {}) if old.get("version") == VERSION else {}  # never relabelled
    if not isinstance(kept, dict):
        kept = {}
    for entry in entries:
        kept[entry.post] = _dump(entry)
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"version": VERSION, "posts": kept}, handle, sort_keys=True, indent=1)
    Path(tmp).replace(file)
    return file


def load(root: Path) -> dict[str, Entry]:
    """Every entry; {} when the file is missing. A damaged file is an error, never a guess."""
    file = root / FILE
    if not file.is_file():
        return {}
    data = _read(file)
    if data.get("version") != VERSION or not isinstance(data.get("posts"), dict):
        raise PipelineError(
            f"{FILE.as_posix()}: versi atau isi tidak dikenal; jalankan 'pipeline render' lagi"
        )
    try:
        return {str(k): _entry(str(k), v) for k, v in data["posts"].items()}
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise PipelineError(
            f"{FILE.as_posix()}: isi rusak ({type(exc).__name__}); jalankan 'pipeline render' lagi"
        ) from None


def changed(root: Path, entry: Entry, index: Path, post: Post | None) -> list[str]:
    """Source files that differ from what the build job checked (added, removed, changed)."""
    now = sources(root, index, post)
    names = sorted(set(now) | set(entry.sources))
    return [n for n in names if not now.get(n) or now.get(n) != entry.sources.get(n)]


def mismatch(root: Path, rendered: Rendered) -> str:
    """ "" when every rendered file is there with the recorded bytes; else the first that is
    not (its path)."""
    for item in rendered.files:
        path = root / item.path
        if _linked(root, path) or _size(path) != item.bytes or sha256(path) != item.sha256:
            return item.path
    return ""


def _linked(root: Path, path: Path) -> bool:
    """A symlink anywhere from build/ down to the file: never followed (it could lead to the
    checkout's .git/config or a secret file, and the hash alone would not tell)."""
    parts = path.relative_to(root).parts
    return any((root.joinpath(*parts[: i + 1])).is_symlink() for i in range(len(parts)))


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _read(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nesting too deep
        raise PipelineError(
            f"{FILE.as_posix()}: tidak terbaca; jalankan 'pipeline render' lagi"
        ) from None
    return data if isinstance(data, dict) else {}


def _dump(entry: Entry) -> dict[str, Any]:
    return {
        "verdict": entry.verdict,
        "sources": dict(sorted(entry.sources.items())),
        "variants": [
            {
                "platform": v.platform,
                "target": v.target,
                "file": v.file,
                "kind": v.kind,
                "files": [{"path": o.path, "sha256": o.sha256, "bytes": o.bytes} for o in v.files],
                "width": v.width,
                "height": v.height,
                "seconds": v.seconds,
                "mime": v.mime,
                "animated": v.animated,
            }
            for v in entry.variants
        ],
    }


def _entry(post: str, raw: dict[str, Any]) -> Entry:
    verdict = str(raw["verdict"])
    if verdict not in ("ok", "errors"):
        raise ValueError(verdict)
    return Entry(
        post=post,
        verdict=verdict,
        sources={str(k): str(v) for k, v in raw["sources"].items()},
        variants=tuple(
            Rendered(
                platform=str(v["platform"]),
                target=str(v["target"]),
                file=str(v["file"]),
                kind="video" if v["kind"] == "video" else "image",
                files=tuple(
                    Output(
                        path=_under_media(o["path"]), sha256=str(o["sha256"]), bytes=int(o["bytes"])
                    )
                    for o in v["files"]
                ),
                width=int(v.get("width") or 0),
                height=int(v.get("height") or 0),
                seconds=float(v["seconds"]) if v.get("seconds") is not None else None,
                mime=str(v.get("mime") or ""),
                animated=v.get("animated") is True,
            )
            for v in raw["variants"]
        ),
    )


def _under_media(path: object) -> str:
    """A rendered file's path: under build/media/, relative, no '..' (the publish job uploads
    what this names, so it can never name the checkout's .git/config or a source file)."""
    text = str(path)
    parts = PurePosixPath(text).parts
    if text.startswith("/") or "\\" in text or ".." in parts or parts[:2] != ("build", "media"):
        raise ValueError(text)
    return text
