"""Media references in front matter: plain names inside the post folder, nothing else.

A reference must not leave the folder (`..`, absolute paths, drive letters), be a URL or
`data:`, pass through a symlink, or carry a name a shell or ffmpeg would read as an option.
The final test is on the resolved path, so no spelling gets around it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE = re.compile(r"[\s;&|$`'\"<>*?!#%{}\\]")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


@dataclass(frozen=True, slots=True)
class RefError:
    code: str  # MEDIA_REF_INVALID, PATH_INVALID, MEDIA_NOT_FOUND or MEDIA_SYMLINK
    reason: str = ""  # a key of messages.PHRASES
    suggest: str = ""


def resolve(ref: str, folder: Path) -> Path | RefError:
    """The file `ref` names inside `folder`, or why it cannot be used."""
    if not ref.strip():
        return RefError("MEDIA_REF_INVALID", "ref_empty")
    if _SCHEME.match(ref):
        return RefError("MEDIA_REF_INVALID", "ref_url")
    if ref.startswith(("/", "~")) or "\\" in ref:
        return RefError("MEDIA_REF_INVALID", "ref_absolute")
    parts = ref.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return RefError("MEDIA_REF_INVALID", "ref_dots")
    unsafe = unsafe_name(parts[-1])
    if unsafe:
        return RefError("PATH_INVALID", unsafe)
    target = folder / ref
    steps = [folder.joinpath(*parts[: i + 1]) for i in range(len(parts))]
    if any(step.is_symlink() for step in steps):  # no link anywhere on the way
        return RefError("MEDIA_SYMLINK")
    if not target.exists():
        names = [p.name for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
        near = difflib.get_close_matches(parts[-1], names, n=1, cutoff=0.6)
        return RefError("MEDIA_NOT_FOUND", suggest=near[0] if near else "")
    if not target.resolve().is_relative_to(folder.resolve()) or not target.is_file():
        return RefError("MEDIA_REF_INVALID", "ref_outside")
    return target


def unsafe_name(name: str) -> str:
    """Why a file name is unsafe to hand to tools and URLs (a PHRASES key), or '' if fine."""
    if name.startswith(("-", ".")):
        return "name_dash"
    if _UNSAFE.search(name) or any(ord(c) < 32 for c in name):
        return "name_special"
    if name.endswith((".", " ")):
        return "name_trailing"
    if name.split(".")[0].lower() in _RESERVED:
        return "name_reserved"
    if unicodedata.normalize("NFC", name) != name:
        return "name_nfc"
    if not name.isascii():  # names become URLs; Instagram wants ASCII-only media URLs
        return "name_ascii"
    return ""


def collisions(folder: Path) -> list[tuple[str, str]]:
    """Pairs of names in `folder` that differ only by case or Unicode normalisation."""
    seen: dict[str, str] = {}
    pairs = []
    for path in sorted(folder.iterdir()):
        key = unicodedata.normalize("NFC", path.name).casefold()
        if key in seen:
            pairs.append((seen[key], path.name))
        else:
            seen[key] = path.name
    return pairs
