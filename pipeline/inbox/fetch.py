"""`pipeline inbox fetch`: new comments on every published post (SOP 2 step 1, SOP 1 step 8).

For each (post, platform) published in the upload log within the platform's window (office.yml
`inbox.window_days`: X 7 days, the others 30 by default), the comments are read in full from
the platform (read-only, retried by `Api`), compared with the comment log, and the new ones
are appended as `comment` events. Every run appends ONE `fetched` line (pipeline.inbox.summary)
with the counts per platform, also when nothing was new (*nihil*): the SOP asks for the
periodic check, and the log proves it happened, without a line per post per run.

- The high-water mark (`cursor`, kept in the `fetched` line when it moves): for X the newest
  reply id, sent
  as `since_id` (X charges per post read); for Facebook and Instagram the newest comment time
  (their listing is free and read in full, so a comment shown late is still found). Comments
  are also deduplicated by id: nothing is stored twice.
- Facebook and Instagram list every comment, so a stored comment that no longer appears (and
  was not answered) was deleted or hidden: a `gone` event, shown as *hilang*.
- The website: with office.yml `website.giscus`, the Giscus discussions (GitHub Discussions,
  `pipeline.inbox.website`) are read like the others, in full; without it, the summary says
  `available: false` and the reason, like TikTok (comments only through the Business
  Accounts API) and stories.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.config import ZONE_OFFSETS, Account, Config
from pipeline.inbox import records as inbox
from pipeline.inbox import sources, summary, website
from pipeline.inbox.summary import Summary
from pipeline.publish import records as uploads
from pipeline.publish.api import Api, Timing
from pipeline.publish.base import PublishError
from pipeline.publish.ledger import Ledger
from pipeline.publish.platforms import facebook, instagram, x

MakeApi = Callable[[str, Any], Api]
GONE = "komentar tidak ada lagi di platform (dihapus atau disembunyikan)"


@dataclass(frozen=True, slots=True)
class Target:
    """One published (post, platform) pair."""

    post: str
    platform: str
    remote_id: str
    url: str
    published_at: str = ""  # when the log recorded its (latest) publication, UTC


@dataclass(slots=True)
class Result:
    target: Target
    new: int = 0
    gone: int = 0
    reads: int = 0
    available: bool = True
    reason: str = ""
    error: str = ""


@dataclass(slots=True)
class Report:
    results: list[Result] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x_reads(self) -> int:
        return sum(r.reads for r in self.results if r.target.platform == "x")

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.error]


def targets(upload_events: Sequence[Mapping[str, Any]]) -> list[Target]:
    """Published pairs from the upload log's fold, in a stable order."""
    when: dict[tuple[str, str], str] = {}
    for event in upload_events:
        kind = event.get("event")
        if kind == "published" or (kind == "resolved" and event.get("decision") == "published"):
            when[(str(event.get("post")), str(event.get("platform")))] = str(event.get("at_utc"))
    # The fold keys a pair by the post's identity; a publication line names the path the post
    # had then, so the pair's time is the latest under any of its paths.
    found = [
        Target(
            pair.post,
            pair.platform,
            pair.remote_id,
            pair.url,
            max((when.get((p, pair.platform), "") for p in pair.paths | {pair.post}), default=""),
        )
        for pair in uploads.fold(upload_events).values()
        if pair.status == "published" and pair.remote_id
    ]
    return sorted(found, key=lambda t: (t.post, t.platform))


@dataclass(slots=True)
class Seen:
    """What the comment log already knows about one (post, platform)."""

    cursor: str = ""
    ids: set[str] = field(default_factory=set)
    open: set[str] = field(default_factory=set)  # stored, not answered, not gone


def seen(events: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str], Seen]:
    state: dict[tuple[str, str], Seen] = {}
    where: dict[tuple[str, str], tuple[str, str]] = {}  # (platform, comment) -> (post, platform)
    for event in events:
        kind = event.get("event")
        platform = str(event.get("platform", ""))
        if kind == "comment":
            key = (str(event.get("post", "")), platform)
            comment = str(event.get("comment_id", ""))
            entry = state.setdefault(key, Seen())
            entry.ids.add(comment)
            entry.open.add(comment)
            where[(platform, comment)] = key
        elif kind in ("sent", "gone"):
            ref = where.get((platform, str(event.get("comment_id", ""))))
            if ref is not None:
                state[ref].open.discard(str(event.get("comment_id", "")))
    for key, cursor in summary.cursors(events).items():
        state.setdefault(key, Seen()).cursor = cursor
    return state


READABLE = ("facebook", "instagram", "x", "website")  # platforms with a comment API here


def _within(target: Target, now: datetime, days: int) -> bool:
    """Published at most `days` ago (a pair with no time on record is read: never skipped
    by a gap in the log)."""
    try:
        at = datetime.fromisoformat(target.published_at.replace("Z", "+00:00"))
    except ValueError:
        return True
    return at.tzinfo is None or now - at <= timedelta(days=days)


def fetch(
    config: Config,
    env: Mapping[str, str],
    upload_events: Sequence[Mapping[str, Any]],
    inbox_events: Sequence[Mapping[str, Any]],
    *,
    now: datetime,
    run: str,
    make_api: MakeApi | None = None,
    timing: Timing | None = None,
) -> Report:
    """Read every published pair; return the events to append (nothing is written here)."""
    offset = ZONE_OFFSETS[config.office.timezone]
    stamp = uploads.stamp(now, offset) | {"run": run}
    known = seen(inbox_events)
    report = Report()
    apis: dict[str, Api] = {}
    settings: dict[str, Any] = {}

    def api_for(platform: str) -> tuple[Api, Any]:
        if platform not in apis:
            account = getattr(config.platforms, platform, None)
            account = account if isinstance(account, Account) else Account()
            module = {"facebook": facebook, "instagram": instagram, "x": x}[platform]
            settings[platform] = module.settings(env, account)
            apis[platform] = (make_api or _default_api(timing))(platform, settings[platform])
        return apis[platform], settings[platform]

    readers: list[website.Reader] = []

    def giscus() -> website.Reader | None:
        if config.website.giscus is None:
            return None
        if not readers:
            given = website.settings(env, config.website.giscus)
            apis["website"] = (make_api or _default_api(timing))("website", given)
            readers.append(website.Reader(apis["website"], given))
        return readers[0]

    run_summary = Summary()
    held: dict[str, str] = {}  # platform -> why it takes no more calls this run (a throttle)
    try:
        for target in targets(upload_events):
            if target.platform not in READABLE or (
                target.platform == "website" and config.website.giscus is None
            ):
                run_summary.unavailable(target.platform, _unavailable(target.platform))
                continue
            days = getattr(config.inbox.window_days, target.platform)
            if not _within(target, now, days):
                run_summary.outside(target.platform, days)
                continue
            state = known.get((target.post, target.platform), Seen())
            result = Result(target)
            report.results.append(result)
            if target.platform in held:
                result.error = held[target.platform]
                run_summary.looked(result, days)
                continue
            try:
                found = _read(target, state, api_for, giscus)
            except PublishError as exc:
                result.error = exc.message + (f" ({exc.hint})" if exc.hint else "")
                if exc.retry_after:  # the platform asked for no calls until then
                    moment = datetime.now(UTC) + timedelta(seconds=exc.retry_after)
                    held_note = uploads.held_note(
                        target.platform, moment, offset, config.zone_name, config.office.language
                    )
                    result.error = f"{exc.message} ({held_note})"
                    held[target.platform] = result.error
                run_summary.looked(result, days)
                continue
            if found is None:  # pragma: no cover - READABLE platforms always answer
                continue
            result.reads = found.reads
            listed = {c.comment_id for c in found.comments}
            fresh = [c for c in found.comments if c.comment_id not in state.ids]
            fresh.sort(key=lambda c: (c.created_at, c.comment_id))
            for comment in fresh:
                report.events.append(_comment(target, comment, stamp))
            result.new = len(fresh)
            if found.complete:
                for comment_id in sorted(state.open - listed):
                    result.gone += 1
                    report.events.append(
                        {
                            "event": "gone",
                            "platform": target.platform,
                            "post": target.post,
                            "comment_id": comment_id,
                            "message": GONE,
                            **stamp,
                        }
                    )
            run_summary.looked(
                result, days, state.cursor, _cursor(target.platform, state.cursor, found.comments)
            )
    finally:
        for api in apis.values():
            api.close()
    report.events.append(run_summary.event(stamp))
    return report


def _read(
    target: Target,
    state: Seen,
    api_for: Callable[[str], tuple[Api, Any]],
    giscus: Callable[[], website.Reader | None],
) -> sources.Listing | None:
    if target.platform == "facebook":
        api, settings = api_for("facebook")
        return sources.facebook_comments(api, settings, target.remote_id)
    if target.platform == "instagram":
        api, settings = api_for("instagram")
        return sources.instagram_comments(api, settings, target.remote_id, target.url)
    if target.platform == "x":
        api, settings = api_for("x")
        return sources.x_replies(api, settings, target.remote_id, state.cursor)
    if target.platform == "website":
        reader = giscus()
        return reader.listing(target.url) if reader is not None else None
    return None


def _unavailable(platform: str) -> str:
    if platform == "tiktok":
        return sources.TIKTOK_REASON
    if platform == "website":
        return sources.WEBSITE_REASON
    if platform.endswith("_story"):
        return sources.STORY_REASON
    return f"{platform}: tidak ada API komentar"


def _cursor(platform: str, old: str, comments: Sequence[sources.Found]) -> str:
    """X: the newest reply id (numeric); others: the newest comment time."""
    if platform == "x":
        ids = [int(c.comment_id) for c in comments if c.comment_id.isdigit()]
        if old.isdigit():
            ids.append(int(old))
        return str(max(ids)) if ids else ""
    times = [c.created_at for c in comments if c.created_at]
    return max([*times, old]) if times or old else ""


def _comment(target: Target, comment: sources.Found, stamp: Mapping[str, str]) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event": "comment",
        "platform": target.platform,
        "post": target.post,
        "remote_id": target.remote_id,
        "comment_id": comment.comment_id,
        "author": comment.author,
        "text": comment.text,
        "created_at": comment.created_at,
        "link": comment.link,
        "parent_id": comment.parent_id,
        **stamp,
    }
    assert set(event) <= inbox.FIELDS  # noqa: S101 - the allowlist is the contract
    return event


def _default_api(timing: Timing | None) -> MakeApi:
    from pipeline.publish.all_platforms import PLATFORMS

    def make(platform: str, settings: Any) -> Api:
        token = getattr(settings, "token", None) or getattr(settings, "access", None)
        module = PLATFORMS[platform]
        return Api(platform, token=token, classify=module.classify, timing=timing)

    return make


# --- writing ------------------------------------------------------------------------------
def write(ledger: Ledger, events: Sequence[Mapping[str, Any]]) -> None:
    """Append to records/inbox/ through the Ledger: committed and pushed like the upload log
    (made again on top of a moved branch). Nothing here is a claim: no compare-and-swap."""
    if events:
        ledger.commit(
            lambda folder: inbox.append(folder, events),
            f"records: inbox {len(events)} kejadian [skip ci]",
            failure=(
                f"log komentar tidak dapat di-push ke {ledger.remote}/{ledger.branch}; "
                "jalan berikutnya mengambil ulang (tidak ada yang hilang di platform)"
            ),
        )


def run_id(env: Mapping[str, str], now: datetime) -> str:
    github = env.get("GITHUB_RUN_ID")
    return f"gh-{github}" if github else f"local-{now.strftime('%Y%m%dT%H%M%SZ')}"
