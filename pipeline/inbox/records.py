"""The comment log: `records/inbox/<yyyy-mm>.jsonl`, one JSON object per event, like the
upload-link log (sorted keys, `at_utc` and `at_local`, appended, never rewritten).

Only what the SOP needs, and no more personal data than that (docs/publishing-model.md §3.8):
a comment is its platform, post, comment id, the author's handle, its text, time and link.

Events:
- `fetched`: one per `pipeline inbox fetch` run (pipeline.inbox.summary): posts read, new
  and gone comments per platform, *nihil* when nothing was new, the moved high-water marks.
- `checked` (older logs, still read): a fetch looked at one (post, platform):
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

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pipeline import jsonl

FOLDER = Path("records") / "inbox"
EVENTS = ("checked", "fetched", "comment", "draft", "approved", "sent", "gone", "refused")
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
    return jsonl.dumps(event)


def append(root: Path, events: Iterable[Mapping[str, Any]]) -> list[Path]:
    touched: list[Path] = []
    for event in events:
        line(event)  # an unknown event or a field outside the allowlist is a writer's bug
        path = root / FOLDER / f"{str(event['at_utc'])[:7]}.jsonl"
        jsonl.append(path, [event])
        if path not in touched:
            touched.append(path)
    return touched


_COMMENT = {"platform": jsonl.TEXT, "comment_id": jsonl.ID}
SCHEMA = jsonl.Schema(
    name="log komentar",
    events=EVENTS,
    common={"event": jsonl.TEXT, "at_utc": jsonl.TIME},
    required={
        "checked": {"platform": jsonl.TEXT, "post": jsonl.TEXT},
        "comment": {**_COMMENT, "post": jsonl.TEXT, "text": jsonl.TEXT},
        "draft": _COMMENT,
        "approved": _COMMENT,
        "sent": _COMMENT,
        "gone": _COMMENT,
        "refused": _COMMENT,
        "fetched": {"posts": jsonl.INTEGER, "new": jsonl.INTEGER, "platforms": jsonl.MAPPING},
    },
    typed={
        "platform": jsonl.TEXT,
        "post": jsonl.TEXT,
        "at_local": jsonl.TEXT,
        "run": jsonl.TEXT,
        "new": jsonl.INTEGER,
        "cursor": jsonl.TEXT,
        "available": jsonl.BOOLEAN,
        "reason": jsonl.TEXT,
        "author": jsonl.TEXT,
        "created_at": jsonl.TIME_OR_EMPTY,
        "link": jsonl.TEXT,
        "parent_id": jsonl.ID,
        "text_sha256": jsonl.TEXT,
        "policy": jsonl.BOOLEAN,
        "reply_id": jsonl.ID,
        "gone": jsonl.INTEGER,
        "cursors": jsonl.MAPPING,
    },
)


def load(root: Path) -> jsonl.Reading:
    """Every event that reads as one, and each damaged line by file and number."""
    return jsonl.read_folder(root, FOLDER, SCHEMA)


def read(root: Path) -> list[dict[str, Any]]:
    """Every event; a damaged line is a PipelineError naming it."""
    return jsonl.strict(load(root))
