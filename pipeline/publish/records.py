"""The upload-link log: `records/uploads/<yyyy-mm>.jsonl`, one JSON object per event.

Publishing is event-sourced (docs/publishing-model.md §4.6): the state of a (post, platform) is the
fold of its events, so the log in Git *is* the state, and an auditor reads the same lines the
publisher decided from. Lines have sorted keys and carry UTC and the office's local time. The
log is append-only: nothing here rewrites or deletes a line.

Events: `claimed` (about to act), `checkpoint` (an id the platform returned, or `sending`, the
intent written before every request that may create something), `published` (id and link read
back), `failed` (the platform refused: its message and our hint), `unknown` (ambiguous),
`deferred` (retry later: rate limit, outage), `needs_human` (with the reason), `reconciled`
(the lookup's verdict), `resolved` (a person's decision), `trial` (a private test post),
`disposition` (a review on the post's pull request: *sesuai* or *tidak sesuai*, by whom, in
which *jabatan*, on which commit), `outsider_review` (the same from someone not named in
office.yml `roles`: kept for the auditor, never a disposition or an approval), `moved` (the
post's folder or file was moved or renamed: `from` the old path, `post` the new one).

A pair is keyed by the post's identity, not its path: `post_id` (the front matter `id`) on
every event written since ids exist. Older events carry only `post` (a path); they are matched
to an id by the paths later events of that id were seen at, and by the aliases the caller knows
(the repository's posts and their Git rename history). See docs/security/identity.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pipeline import jsonl, messages
from pipeline.errors import Problem

FOLDER = Path("records") / "uploads"
EVENTS = (
    "claimed",
    "checkpoint",
    "published",
    "failed",
    "unknown",
    "deferred",
    "needs_human",
    "reconciled",
    "resolved",
    "trial",
    "disposition",
    "outsider_review",
    "moved",
)
SENDING = "sending"  # checkpoint name: a create/publish request is about to go out


def zone(offset: str) -> timezone:
    """The fixed zone of an offset like '+07:00' (or '+0700')."""
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def minute(moment: datetime, offset: str) -> str:
    """'2026-12-04 00:00': the office's local time, to the minute, as people read it."""
    return stamp(moment, offset)["at_local"][:16].replace("T", " ")


def held_note(platform: str, moment: datetime, offset: str, zone_name: str, lang: str) -> str:
    """'batas tiktok tercapai: ditunda sampai 2026-12-04 00:00 WIB' (PAIR_HELD_UNTIL): the
    one note for a platform that asked for no calls until then, in publish and the inbox."""
    params = {"platform": platform, "until": f"{minute(moment, offset)} {zone_name}"}
    return messages.text(Problem(code="PAIR_HELD_UNTIL", path="", params=params), lang)[0]


def stamp(now: datetime, offset: str) -> dict[str, str]:
    """UTC and the office's local time (offset like '+07:00'), to the second."""
    zone_ = zone(offset)
    utc = now.astimezone(UTC).replace(microsecond=0)
    return {
        "at_utc": utc.isoformat().replace("+00:00", "Z"),
        "at_local": utc.astimezone(zone_).isoformat(),
    }


def line(event: Mapping[str, Any]) -> str:
    if event.get("event") not in EVENTS:
        raise ValueError(f"unknown event {event.get('event')!r}")
    return jsonl.dumps(event)


def month_file(root: Path, event: Mapping[str, Any]) -> Path:
    return root / FOLDER / f"{str(event['at_utc'])[:7]}.jsonl"


SCHEMA = jsonl.Schema(
    name="log unggahan",
    events=EVENTS,
    common={"event": jsonl.TEXT, "post": jsonl.TEXT, "platform": jsonl.TEXT, "at_utc": jsonl.TIME},
    required={
        "checkpoint": {"name": jsonl.TEXT, "value": jsonl.TEXT},
        "moved": {"from": jsonl.TEXT},
    },
    typed={  # what the fold, the site, the report and the audit take from a line
        "at_local": jsonl.TEXT,
        "post_id": jsonl.TEXT,
        "run": jsonl.TEXT,
        "content_sha256": jsonl.TEXT,
        "remote_id": jsonl.ID,
        "url": jsonl.TEXT,
        "title": jsonl.TEXT,
        "message": jsonl.TEXT,
        "result": jsonl.TEXT,
        "decision": jsonl.TEXT,
        "refused": jsonl.BOOLEAN,
        "clear_marks": jsonl.BOOLEAN,
        "pr": jsonl.nullable(jsonl.INTEGER),
        "approvers": jsonl.LIST,
        "jabatan": jsonl.LIST,
        "review_id": jsonl.ID,
        "reviewer": jsonl.TEXT,
        "verdict": jsonl.TEXT,
    },
)


def load(root: Path) -> jsonl.Reading:
    """Every event that reads as one, oldest first (files by month, lines in order), and each
    damaged line by file and number: the caller decides what a damaged line holds back."""
    return jsonl.read_folder(root, FOLDER, SCHEMA)


def read(root: Path) -> list[dict[str, Any]]:
    """Every event; a damaged line is a PipelineError naming it (for callers that must not
    act on a partial log)."""
    return jsonl.strict(load(root))


def append(root: Path, events: Iterable[Mapping[str, Any]]) -> list[Path]:
    touched: list[Path] = []
    for event in events:
        line(event)  # an unknown event is a bug of the writer
        path = month_file(root, event)
        jsonl.append(path, [event])
        if path not in touched:
            touched.append(path)
    return touched


def identities(
    events: Iterable[Mapping[str, Any]], aliases: Mapping[str, str] | None = None
) -> dict[str, str]:
    """{path: identity} for every path in the log. An event's `post_id` is its identity; a
    path seen only without one (written before ids existed) takes the id from `aliases` (the
    caller's knowledge: the repository, Git history) unless the log itself says whose it was
    (the first event that carried both that path and an id, or moved from it), else it stays
    its own identity (the path)."""
    events = list(events)
    learned: dict[str, str] = {}
    for event in events:
        ident = event.get("post_id")
        if isinstance(ident, str) and ident:
            learned.setdefault(str(event.get("post", "")), ident)
            if event.get("event") == "moved":
                learned.setdefault(str(event.get("from", "")), ident)
    known = {**(aliases or {}), **learned}  # what the log itself says wins
    return {
        str(e.get("post", "")): known.get(str(e.get("post", "")), str(e.get("post", "")))
        for e in events
    }


def identity(event: Mapping[str, Any], paths: Mapping[str, str]) -> str:
    ident = event.get("post_id")
    if isinstance(ident, str) and ident:
        return ident
    post = str(event.get("post", ""))
    return paths.get(post, post)


def _latest(
    events: list[dict[str, Any]] | list[Mapping[str, Any]],
    paths: Mapping[str, str],
    current: Mapping[str, str] | None,
) -> dict[str, str]:
    """{identity: its path now}: the repository's, else its latest event's."""
    latest: dict[str, str] = {}
    for event in events:
        latest[identity(event, paths)] = str(event.get("post", ""))
    latest.update(current or {})
    return latest


def where_now(
    events: Iterable[Mapping[str, Any]],
    aliases: Mapping[str, str] | None = None,
    current: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """{every path in the log: where its post is now} (`current`: {identity: path} of the
    repository's posts; else the path of the post's latest event)."""
    events = list(events)
    paths = identities(events, aliases)
    latest = _latest(events, paths, current)
    found = {path: latest.get(ident, path) for path, ident in paths.items()}
    for event in events:
        if event.get("event") == "moved":
            found.setdefault(str(event.get("from", "")), found.get(str(event["post"]), ""))
    for path, ident in (aliases or {}).items():
        if ident in latest:
            found.setdefault(path, latest[ident])
    return found


def attribute(
    events: Iterable[Mapping[str, Any]],
    aliases: Mapping[str, str] | None = None,
    current: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The events with `post` set to where their post is now (the path an event was written
    with stays in `post_then`) and `post_id` filled in: what the audit, the report, the inbox
    and the site's link page read, so a moved post is one post everywhere."""
    events = list(events)
    paths = identities(events, aliases)
    latest = _latest(events, paths, current)
    out = []
    for event in events:
        ident = identity(event, paths)
        copy = dict(event)
        post = str(event.get("post", ""))
        if latest.get(ident, post) != post:
            copy["post_then"] = post
            copy["post"] = latest[ident]
        if "/" not in ident:
            copy["post_id"] = ident
        out.append(copy)
    return out


@dataclass(slots=True)
class Pair:
    """The folded state of one (post, platform); `post` is the latest path it was seen at."""

    post: str
    platform: str
    ident: str = ""  # the post's id (or, for a post from before ids, its path)
    paths: set[str] = field(default_factory=set)  # every path it was logged under
    text_sha256: str = ""  # of what is live: the second line of defence compares these
    media_sha256: tuple[str, ...] = ()
    cleared: str = ""  # content a person said is a new post, not a copy of a published one
    status: str = "planned"
    content_sha256: str = ""  # of the last claim
    published_sha256: str = ""  # content that is live (or accepted by a person)
    marks: dict[str, str] = field(default_factory=dict)  # checkpoints of the current content
    in_doubt: bool = False  # a `sending` checkpoint with no id after it
    claimed_at: str = ""
    claimed_by: str = ""  # the run id that claimed it
    holder: Any = None  # who claimed it (pipeline/publish/claims.py), as the event has it
    remote_id: str = ""
    url: str = ""
    message: str = ""
    attempts: int = 0  # ambiguous outcomes (`unknown`) of the current content
    until: str = ""  # `deferred` by a throttle or a cap: no call before this UTC time


def fold(
    events: Iterable[Mapping[str, Any]], aliases: Mapping[str, str] | None = None
) -> dict[tuple[str, str], Pair]:
    """{(identity, platform): Pair}; see `identities` for how an identity is found."""
    events = list(events)
    paths = identities(events, aliases)
    pairs: dict[tuple[str, str], Pair] = {}
    for event in events:
        kind = event.get("event")
        if kind in ("trial", "disposition", "outsider_review"):
            continue
        key = (identity(event, paths), str(event.get("platform", "")))
        pair = pairs.setdefault(
            key, Pair(post=str(event.get("post", "")), platform=key[1], ident=key[0])
        )
        pair.post = str(event.get("post", ""))
        pair.paths.add(pair.post)
        if kind == "moved":
            pair.paths.add(str(event.get("from", "")))
            continue
        _apply(pair, kind, event)
    return pairs


def _apply(pair: Pair, kind: object, event: Mapping[str, Any]) -> None:
    content = str(event.get("content_sha256", ""))
    if kind == "claimed":
        if content != pair.content_sha256:
            pair.marks = {}  # a new content: earlier containers belong to the old one
            pair.in_doubt = False
        if content != pair.content_sha256:
            pair.attempts = 0
        pair.content_sha256 = content
        pair.claimed_at = str(event.get("at_utc", ""))
        pair.claimed_by = str(event.get("run", ""))
        pair.holder = event.get("holder")
        pair.status = "claimed"
    elif kind == "checkpoint":
        name, value = str(event.get("name", "")), str(event.get("value", ""))
        pair.in_doubt = name == SENDING
        if name != SENDING:
            pair.marks[name] = value
        pair.status = "checkpoint"
    elif kind == "published":
        pair.status = "published"
        pair.published_sha256 = content
        pair.remote_id = str(event.get("remote_id", ""))
        pair.url = str(event.get("url", ""))
        pair.in_doubt = False
        pair.text_sha256 = str(event.get("text_sha256", ""))
        media = event.get("media")
        pair.media_sha256 = (
            tuple(str(m.get("sha256", "")) for m in media if isinstance(m, dict))
            if isinstance(media, list)
            else ()
        )
    elif kind == "reconciled":
        if event.get("result") == "absent":
            pair.in_doubt = False
            pair.status = "planned"
            if event.get("clear_marks"):
                pair.marks = {}
    elif kind == "resolved":
        _resolve(pair, event)
    elif kind in ("failed", "unknown", "deferred", "needs_human"):
        if kind == "needs_human" and content:
            pair.content_sha256 = content  # the content the person decides about
        if kind == "unknown":
            pair.attempts += 1
        if event.get("refused"):  # a definite answer: the request in doubt created nothing
            pair.in_doubt = False
        elif kind == "deferred" and pair.status == "unknown":
            pair.in_doubt = True  # put off, not settled: the next run still reconciles first
        pair.status = str(kind)
        pair.message = str(event.get("message", ""))
        pair.until = str(event.get("until", "")) if kind == "deferred" else ""
        # Marks stay, even after `failed`: whatever was created is still on record, and a
        # later edit of the post goes to a person instead of starting over blindly.


def _resolve(pair: Pair, event: Mapping[str, Any]) -> None:
    decision = event.get("decision")
    pair.in_doubt = False
    pair.message = ""
    if decision == "published":
        pair.status = "published"
        pair.published_sha256 = str(event.get("content_sha256", pair.content_sha256))
        pair.remote_id = str(event.get("remote_id", ""))
        pair.url = str(event.get("url", ""))
    elif decision == "keep":  # the live post stays as it is; the edit is accepted unpublished
        pair.status = "published"
        pair.published_sha256 = str(event.get("content_sha256", ""))
    elif decision == "retry":  # provably absent, per a person: publish afresh
        pair.status = "planned"
        pair.marks = {}
        pair.cleared = str(event.get("content_sha256", ""))


CSV_COLUMNS = (
    "waktu_lokal",
    "tulisan",
    "platform",
    "tautan",
    "id",
    "commit",
    "pr",
    "penyetuju",
    "jadwal",
)


def monthly_csv(events: Iterable[Mapping[str, Any]], month: str) -> str:
    """The people's view of one month: a row per publication (Excel-friendly, UTF-8 BOM)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        if event.get("event") not in ("published", "resolved") or not str(
            event.get("at_utc", "")
        ).startswith(month):
            continue
        if event.get("event") == "resolved" and event.get("decision") != "published":
            continue
        approvers = "; ".join(
            f"{a.get('login')}@{str(a.get('commit', ''))[:12]}"
            for a in event.get("approvers") or []
            if isinstance(a, dict)
        )
        writer.writerow(
            (
                event.get("at_local", ""),
                event.get("post", ""),
                event.get("platform", ""),
                event.get("url", ""),
                event.get("remote_id", ""),
                str(event.get("commit", ""))[:12],
                event.get("pr", "") or "",
                approvers,
                event.get("planned_at", "") or "",
            )
        )
    return out.getvalue()


def write_csvs(root: Path) -> list[Path]:
    """records/uploads/<yyyy-mm>.csv for every month that has a log file."""
    events = load(root).events  # damaged lines are named by the run that reads the log
    written: list[Path] = []
    for path in sorted((root / FOLDER).glob("*.jsonl")):
        month = path.stem
        target = path.with_suffix(".csv")
        text = monthly_csv(events, month)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def utcnow() -> datetime:
    return datetime.now(UTC)
