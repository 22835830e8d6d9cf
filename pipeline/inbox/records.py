"""The comment log: `records/inbox/<yyyy-mm>.jsonl`, one JSON object per event, like the
upload-link log (sorted keys, `at_utc` and `at_local`, appended, never rewritten).

Only what the SOP needs, and no more personal data than that (docs/publishing-model.md §3.8):
a comment is its platform, post, comment id, the author's handle, its text, time and link.

Events:
- `checked`: a fetch looked at one (post, platform), also when nothing was new (*nihil*):
  {platform, post, remote_id (the post on the platform), new (count), cursor (high-water
  mark: the newest comment time or id seen), available (false where the platform or account
  type has no comment API, with `reason`)}.
- `comment`: {platform, post, remote_id, comment_id, author (handle only), text, created_at
  (the platform's time, UTC), link, parent_id (for a reply, else "")}.
- `draft`: an answer was started {comment_id, platform, branch, path} (the answer file).
- `approved`: {comment_id, platform, text_sha256, by, policy (bool)} from the merged PR.
- `sent`: {comment_id, platform, text_sha256, reply_id, url}; the key (platform, comment_id,
  text_sha256) is sent at most once.
- `gone`: the comment was deleted or hidden before the answer was sent (COMMENT_GONE).
- `refused`: the platform refused the reply {message} (X: "not summoned"), for a person.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

FOLDER = Path("records") / "inbox"
EVENTS = ("checked", "comment", "draft", "approved", "sent", "gone", "refused")
FIELDS = {  # the only fields a `comment` event may carry (no more personal data)
    "event",
    "platform",
    "post",
    "remote_id",
    "comment_id",
    "author",
    "text",
    "created_at",
    "link",
    "parent_id",
    "at_utc",
    "at_local",
    "run",
}


def line(event: Mapping[str, Any]) -> str:
    kind = event.get("event")
    if kind not in EVENTS:
        raise ValueError(f"unknown inbox event {kind!r}")
    if kind == "comment" and set(event) - FIELDS:
        raise ValueError(f"comment event with fields outside the allowlist: {set(event) - FIELDS}")
    return json.dumps(dict(event), sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def append(root: Path, events: Iterable[Mapping[str, Any]]) -> list[Path]:
    touched: list[Path] = []
    for event in events:
        path = root / FOLDER / f"{str(event['at_utc'])[:7]}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line(event) + "\n")
        if path not in touched:
            touched.append(path)
    return touched


def read(root: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for path in sorted((root / FOLDER).glob("*.jsonl")):
        where = path.relative_to(root).as_posix()
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not text.strip():
                continue
            try:
                events.append(json.loads(text))
            except ValueError:
                raise PipelineError(
                    f"{where}:{number}: baris log komentar bukan JSON; pulihkan dari riwayat Git"
                ) from None
    return events
