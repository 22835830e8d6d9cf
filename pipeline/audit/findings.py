"""What an auditor must see (*temuan*), each with a stable code:

- NO_HEAD_APPROVAL: published while no head of office approved: no reviewer whose latest verdict
  on the PR is *sesuai* has `kepala_balai` among their jabatan, and no approver named in the
  publication is listed under `roles.kepala_balai` in office.yml;
- CHANGED_AFTER_APPROVAL: a file of the post's folder differs between the approved commit and
  the merged (or published-from) commit, or the approved commit is not in the history;
- LINK_MISSING: a publication logged without its link, or a platform left claimed / unknown /
  waiting for a person with no publication at all;
- PUBLISHED_TWICE: two publications on one platform with different ids (or links);
- OVER_TIME: a step took longer than its time standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.audit import history
from pipeline.audit.timeline import Step
from pipeline.audit.trail import Disposition, Publication, Pull, Trail
from pipeline.config import Roles

CODES = (
    "NO_HEAD_APPROVAL",
    "CHANGED_AFTER_APPROVAL",
    "LINK_MISSING",
    "PUBLISHED_TWICE",
    "OVER_TIME",
)
HEAD = "kepala_balai"
APPROVED = "sesuai"
IN_FLIGHT = ("claimed", "checkpoint", "unknown", "needs_human")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    code: str
    post: str
    platform: str = ""  # "" when it concerns the whole post
    params: Mapping[str, str] = field(default_factory=dict)


def find(root: Path, trail: Trail, steps: tuple[Step, ...], roles: Roles) -> list[Finding]:
    found: list[Finding] = []
    for pull in trail.pulls:
        published = _published(trail, pull)
        if published and head_approval(pull, published, roles) is None:
            found.append(_finding("NO_HEAD_APPROVAL", trail, pr=_pr(pull.number)))
        change = _changed(root, trail, pull, published, roles)
        if change is not None:
            found.append(change)
    for channel in trail.channels:
        pubs = channel.publications
        unlinked = [p for p in pubs if not p.url]
        if unlinked:
            what = ", ".join(p.remote_id or "-" for p in unlinked)
            found.append(
                _finding("LINK_MISSING", trail, channel.platform, state="published", id=what)
            )
        elif not pubs and channel.status in IN_FLIGHT:
            found.append(_finding("LINK_MISSING", trail, channel.platform, state=channel.status))
        ids = distinct(pubs)
        if len(ids) > 1:
            found.append(_finding("PUBLISHED_TWICE", trail, channel.platform, ids=", ".join(ids)))
    for step in steps:
        if step.over:
            minutes = f"{(step.seconds or 0) / 60:.1f}"
            found.append(
                _finding(
                    "OVER_TIME",
                    trail,
                    step.platform,
                    step=step.name,
                    minutes=minutes,
                    standard=str(step.standard),
                )
            )
    return found


def distinct(publications: tuple[Publication, ...]) -> list[str]:
    """Different posts on the platform: the same id, or the same link, is the same post."""
    seen: list[Publication] = []
    for p in publications:
        same = any(
            (p.remote_id and p.remote_id == q.remote_id) or (p.url and p.url == q.url) for q in seen
        )
        if (p.remote_id or p.url) and not same:
            seen.append(p)
    return [p.remote_id or p.url for p in seen]


def approvals(trail: Trail, roles: Roles) -> dict[int | None, str]:
    """For each PR of the post, the commit its head of office approved ("" if none)."""
    return {p.number: head_approval(p, _published(trail, p), roles) or "" for p in trail.pulls}


def _published(trail: Trail, pull: Pull) -> list[Publication]:
    """The publish job's publications from this PR (a person's record names no approvers)."""
    return [p for c in trail.channels for p in c.publications if p.pr == pull.number and not p.by]


def head_approval(pull: Pull, published: list[Publication], roles: Roles) -> str | None:
    """The commit the head of office approved (the latest such approval), or None."""
    heads = [d for d in verdicts(pull) if d.verdict == APPROVED and HEAD in d.jabatan]
    if heads:
        return heads[-1].commit
    listed = set(getattr(roles, HEAD))
    for publication in published:
        for approver in publication.approvers:
            if f"@{approver.login}" in listed:
                return approver.commit
    return None


def verdicts(pull: Pull) -> list[Disposition]:
    """Each reviewer's latest verdict (a later review replaces an earlier one), oldest first."""
    latest: dict[str, Disposition] = {}
    for disposition in pull.dispositions:
        latest.pop(disposition.reviewer, None)
        latest[disposition.reviewer] = disposition
    return list(latest.values())


def _changed(
    root: Path, trail: Trail, pull: Pull, published: list[Publication], roles: Roles
) -> Finding | None:
    """The approved version against what was merged and published: the head's approval, or
    else the latest approval of anyone (no approval at all is NO_HEAD_APPROVAL's business)."""
    approved = head_approval(pull, published, roles)
    if approved is None:
        anyone = [d for d in verdicts(pull) if d.verdict == APPROVED]
        approved = anyone[-1].commit if anyone else None
    if not approved:
        return None
    targets = dict.fromkeys([pull.merge_commit, *(p.commit for p in published)])
    for target in [t for t in targets if t and t != approved]:
        files = history.changed(root, approved, target, trail.folder)
        if files is None:
            missing = approved if not history.known(root, approved) else target
            return _finding(
                "CHANGED_AFTER_APPROVAL", trail, approved=approved, merged=target, missing=missing
            )
        if files:
            return _finding(
                "CHANGED_AFTER_APPROVAL",
                trail,
                approved=approved,
                merged=target,
                files=", ".join(files),
            )
    return None


def _finding(code: str, trail: Trail, platform: str = "", **params: str) -> Finding:
    return Finding(code=code, post=trail.post, platform=platform, params=params)


def _pr(number: int | None) -> str:
    return f"#{number}" if number is not None else "-"
