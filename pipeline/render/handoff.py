"""The build job's hand-off to the publish job: build/publish-inputs.json (see
pipeline/publish/inputs.py), written by `pipeline render` once its variants are made.

Here, in the job without secrets, a rendered video's duration is measured (PyAV) and each
rendered file's type is sniffed from its bytes (and a GIF's frames counted) so that the publish
job never opens a media file to learn them: it only checks the file's sha256 against this record
and uploads the bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import av

from pipeline.post import Loaded
from pipeline.publish import inputs, mediatype
from pipeline.render.manifest import Manifest
from pipeline.render.plan import Variant


def write(
    root: Path,
    loaded: Iterable[Loaded],
    blocked: set[str],
    variants: list[Variant],
    state: Manifest,
) -> Path:
    entries = []
    for item in loaded:
        index = item.folder / "index.md"
        ok = item.post is not None and item.path not in blocked
        own = [v for v in variants if v.post is item.post] if ok else []
        entries.append(
            inputs.Entry(
                post=item.path,
                verdict="ok" if ok else "errors",
                sources=inputs.sources(root, index, item.post),
                variants=tuple(_rendered(root, v, state) for v in own),
            )
        )
    return inputs.write(root, entries)


def _rendered(root: Path, variant: Variant, state: Manifest) -> inputs.Rendered:
    entry = state.get(variant)
    kind = "video" if variant.video is not None else "image"
    if entry is None:
        files: tuple[inputs.Output, ...] = ()
    else:
        files = tuple(inputs.output(root, root / f) for f in entry["files"])
    seconds = None
    if entry is not None and kind == "video":
        if entry.get("seconds") is None:
            entry["seconds"] = _seconds(root / entry["files"][0])
        seconds = entry["seconds"]
    return inputs.Rendered(
        platform=variant.platform,
        target=variant.target.name,
        file=variant.file,
        kind=kind,
        files=files,
        width=int(entry.get("width") or 0) if entry else 0,
        height=int(entry.get("height") or 0) if entry else 0,
        seconds=seconds,
        **sniffed(root / files[0].path if files else None),
    )


def sniffed(path: Path | None) -> dict[str, Any]:
    """`mime` from the file's own bytes ("" when unknown or unreadable) and `animated` (a GIF
    of more than one frame): the facts X and TikTok are told, recorded here, in the job
    without secrets."""
    if path is None:
        return {"mime": "", "animated": False}
    try:
        mime = mediatype.sniff(path)
        animated = mime == "image/gif" and mediatype.gif_frames(path) > 1
    except OSError:
        return {"mime": "", "animated": False}
    return {"mime": mime, "animated": animated}


def _seconds(path: Path) -> float | None:
    """A rendered video's duration (it passed verify.video, so it opens)."""
    try:
        with av.open(str(path), format="mov") as container:
            return round((container.duration or 0) / 1_000_000, 3) or None
    except (av.FFmpegError, OSError):
        return None
