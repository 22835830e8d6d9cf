"""One post's trail through SOP 1, as the log and Git tell it: who added it, each pull request
with its dispositions, and each platform with its publications and last state.

The log's lines are data written by CI (and, for `resolved`, by a person): every field is read
defensively, so a missing or odd value shows up as missing in the report, never as a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.audit import history
from pipeline.publish import records
from pipeline.publish.all_platforms import PLATFORMS

Event = Mapping[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Disposition:
    pr: int | None
    reviewer: str
    jabatan: tuple[str, ...]
    verdict: str  # "sesuai" or "tidak sesuai"
    reason: str
    at: str  # when the review was given (GitHub's time, UTC)
    commit: str  # the commit the review was given on


@dataclass(frozen=True, slots=True, kw_only=True)
class Approver:
    login: str
    commit: str
    at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication:
    platform: str
    remote_id: str
    url: str
    logged_at: str  # when the link was written to the log
    live_at: str  # the platform's own publication time, when it reported one
    commit: str  # the commit the publish job published from
    pr: int | None
    approvers: tuple[Approver, ...]
    planned_at: str  # publish_at, for a scheduled post
    by: str  # a person who recorded it by hand (`pipeline resolve`), else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """One (post, platform): its publications and the fold's last state."""

    platform: str
    status: str
    message: str
    publications: tuple[Publication, ...]

    @property
    def first(self) -> Publication | None:
        return min(self.publications, key=lambda p: p.logged_at, default=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pull:
    number: int | None
    opened_at: str
    merged_at: str
    merge_commit: str
    dispositions: tuple[Disposition, ...]
    # Reviews by people the office did not name in `roles` (anyone may review a public
    # repository): shown to the auditor, never a disposition, never an approval.
    outsiders: tuple[Disposition, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Trail:
    post: str
    title: str
    writer: history.Commit | None
    pulls: tuple[Pull, ...]
    channels: tuple[Channel, ...]

    @property
    def folder(self) -> str:
        return self.post.rsplit("/", 1)[0] if "/" in self.post else "."

    def pull(self, number: int | None) -> Pull | None:
        return next((p for p in self.pulls if p.number == number), None)


def load(root: Path, post: str, events: Iterable[Event]) -> Trail:
    mine = [e for e in events if e.get("post") == post and e.get("event") != "trial"]
    reviews = _unique(mine)
    dispositions = [d for d in reviews if d.jabatan]
    outsiders = [d for d in reviews if not d.jabatan]
    publications = [_publication(e) for e in mine if _is_publication(e)]
    numbers = dict.fromkeys([d.pr for d in reviews] + [p.pr for p in publications if not p.by])
    if len(numbers) == 1:  # a person's record carries no PR: it belongs to the post's only one
        only = next(iter(numbers))
        publications = [replace(p, pr=only) if p.by else p for p in publications]
    # The fold keys a pair by the post's identity (its id when the lines carry one): this
    # post's lines are all one post, so its pairs are found by platform.
    states = {pair.platform: pair for pair in records.fold(mine).values()}
    order = list(PLATFORMS)
    platforms = sorted(
        states,
        key=lambda p: (order.index(p) if p in order else len(order), p),
    )
    channels = tuple(
        Channel(
            platform=platform,
            status=states[platform].status,
            message=states[platform].message,
            publications=tuple(p for p in publications if p.platform == platform),
        )
        for platform in platforms
    )
    pulls = tuple(
        replace(
            _pull(root, n, mine, dispositions, publications),
            outsiders=tuple(d for d in outsiders if d.pr == n),
        )
        for n in numbers
    )
    titles = [str(e["title"]) for e in mine if _is_publication(e) and e.get("title")]
    return Trail(
        post=post,
        title=titles[-1] if titles else "",
        writer=history.writer(root, post),
        pulls=pulls,
        channels=channels,
    )


def _unique(events: list[Event]) -> list[Disposition]:
    """Each review once (two runs may both have logged it), in the order they were given.
    An outsider's review (`outsider_review`, or an older `disposition` with no jabatan) has
    an empty `jabatan`."""
    seen: dict[object, Disposition] = {}
    for event in events:
        if event.get("event") not in ("disposition", "outsider_review"):
            continue
        outsider = event.get("event") == "outsider_review"
        made = Disposition(
            pr=_int(event.get("pr")),
            reviewer=_str(event.get("reviewer")),
            jabatan=()
            if outsider
            else tuple(j for j in _list(event.get("jabatan")) if isinstance(j, str) and j),
            verdict=_str(event.get("verdict")),
            reason=_str(event.get("reason")),
            at=_str(event.get("reviewed_at")),
            commit=_str(event.get("commit")),
        )
        seen.setdefault(event.get("review_id") or made, made)
    return sorted(seen.values(), key=lambda d: d.at)


def _pull(
    root: Path,
    number: int | None,
    events: list[Event],
    dispositions: list[Disposition],
    publications: list[Publication],
) -> Pull:
    """GitHub's facts about the PR (copied into the dispositions); the merge and its time from
    Git when the log has none (a PR merged without any review)."""
    own = [e for e in events if e.get("event") == "disposition" and _int(e.get("pr")) == number]

    def fact(name: str) -> str:
        return next((_str(e.get(name)) for e in own if e.get(name)), "")

    merge_commit, merged_at = fact("merge_commit"), fact("pr_merged_at")
    if not (merge_commit and merged_at):
        sources = [p.commit for p in publications if p.pr == number]
        sources += [d.commit for d in dispositions if d.pr == number]
        landed = next((c for s in sources if s and (c := history.landed(root, s))), None)
        if landed is not None:
            merge_commit, merged_at = merge_commit or landed.sha, merged_at or landed.at
    return Pull(
        number=number,
        opened_at=fact("pr_opened_at"),
        merged_at=merged_at,
        merge_commit=merge_commit,
        dispositions=tuple(d for d in dispositions if d.pr == number),
    )


def _is_publication(event: Event) -> bool:
    kind = event.get("event")
    return kind == "published" or (kind == "resolved" and event.get("decision") == "published")


def _publication(event: Event) -> Publication:
    approvers = tuple(
        Approver(login=_str(a.get("login")), commit=_str(a.get("commit")), at=_str(a.get("at")))
        for a in _list(event.get("approvers"))
        if isinstance(a, dict)
    )
    return Publication(
        platform=_str(event.get("platform")),
        remote_id=_str(event.get("remote_id")),
        url=_str(event.get("url")),
        logged_at=_str(event.get("at_utc")),
        live_at=_str(event.get("remote_published_at")),
        commit=_str(event.get("commit")),
        pr=_int(event.get("pr")),
        approvers=approvers,
        planned_at=_str(event.get("planned_at")),
        by=_str(event.get("by")) if event.get("event") == "resolved" else "",
    )


def _str(value: object) -> str:
    return "" if value is None else str(value)


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None
