"""`pipeline samples remove`: delete the sample posts once, when an office adopts the repository.

Removed: each shipped sample folder (pipeline/samples.py) whose index.md still says
`sample: true`, with everything in it (media made by scripts/make_sample_media.py, subtitles),
the `.gitignore` block that hides the sample media, and their rendered variants in build/.
Left alone: every other post, including a sample folder edited into the office's own post (its
`sample: true` line deleted). A `sample: true` copied elsewhere is named, not deleted: a person
decides. What was done is printed in Bahasa Indonesia (English with --lang en); the change is
in the working tree, for the admin to commit.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TextIO

from pipeline import samples
from pipeline.config import load_config
from pipeline.post import find_posts, load_post
from pipeline.render.paths import BUILD, post_dir

GITIGNORE_START = "# >>> sample media"
GITIGNORE_END = "# <<< sample media"

WORDS = {
    "id": {
        "removed": "dihapus: {path}",
        "kept": "dibiarkan: {path} (tidak lagi bertanda 'sample: true': tulisan kantor)",
        "copy": "perlu keputusan: {path} bertanda 'sample: true' tetapi bukan contoh bawaan; "
        "hapus baris itu bila tulisan kantor, atau hapus foldernya",
        "gitignore": "dihapus: blok media contoh di .gitignore",
        "none": "tidak ada tulisan contoh lagi; tidak ada yang dihapus",
        "office": "masih contoh di office.yml: {what}; ganti dengan milik kantor sebelum terbit",
        "done": "selesai: {count} tulisan contoh dihapus. Periksa 'git status', lalu commit.",
    },
    "en": {
        "removed": "removed: {path}",
        "kept": "left alone: {path} (no longer marked 'sample: true': the office's own post)",
        "copy": "needs a decision: {path} says 'sample: true' but is not a shipped sample; "
        "delete that line if it is the office's post, or delete its folder",
        "gitignore": "removed: the sample media block in .gitignore",
        "none": "no sample posts left; nothing removed",
        "office": "still the sample's in office.yml: {what}; set the office's own first",
        "done": "done: {count} sample post(s) removed. Check 'git status', then commit.",
    },
}


def remove(*, lang: str | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    config, _ = load_config(root)
    words = WORDS.get(lang or config.office.language, WORDS["id"])

    def say(key: str, **params: object) -> None:
        out.write(words[key].format(**params) + "\n")

    removed = 0
    for rel in samples.SAMPLE_POSTS:
        index = root / rel
        if not index.is_file() or index.parent.is_symlink():
            continue
        if not samples.is_sample(load_post(index, root)):
            say("kept", path=rel)
            continue
        shutil.rmtree(index.parent)
        _prune(index.parent.parent, root / "content" / "posts")
        for folder in (root / BUILD).glob(f"*/{post_dir(rel)}"):
            shutil.rmtree(folder, ignore_errors=True)
        say("removed", path=index.parent.relative_to(root).as_posix() + "/")
        removed += 1
    for index in find_posts([root / "content"]):
        loaded = load_post(index, root)
        if samples.is_sample(loaded) and loaded.path not in samples.SAMPLE_POSTS:
            say("copy", path=loaded.path)
    if _drop_gitignore_block(root / ".gitignore"):
        say("gitignore")
    for what in (samples.sample_site(config), *samples.sample_accounts(config)):
        if what:
            say("office", what=what)
    if removed:
        say("done", count=removed)
    else:
        say("none")
    return 0


def _prune(folder: Path, stop: Path) -> None:
    """Delete now-empty month and year folders, never `stop` itself."""
    while folder != stop and stop in folder.parents and folder.is_dir():
        if any(folder.iterdir()):
            return
        folder.rmdir()
        folder = folder.parent


def _drop_gitignore_block(path: Path) -> bool:
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        return False
    starts = [i for i, line in enumerate(lines) if line.startswith(GITIGNORE_START)]
    ends = [i for i, line in enumerate(lines) if line.startswith(GITIGNORE_END)]
    if not starts or not ends or ends[0] < starts[0]:
        return False
    path.write_text("".join(lines[: starts[0]] + lines[ends[0] + 1 :]), encoding="utf-8")
    return True
