"""The upload log keyed by the post's identity: a move keeps the pair, old path-only events
join their post, two posts never share a pair, readers see a moved post as one post."""

from __future__ import annotations

from typing import Any

from pipeline.publish import records

OLD = "content/posts/2026/11/panen/index.md"
NEW = "content/posts/2026/12/panen/index.md"


def event(kind: str, post: str, at: str, **fields: Any) -> dict[str, Any]:
    return {"event": kind, "post": post, "platform": "x", "at_utc": at, **fields}


def test_a_move_keeps_one_pair_under_the_id() -> None:
    log = [
        event("published", OLD, "2026-11-20T01:00:00Z", post_id="abcd-1", content_sha256="c"),
        event("moved", NEW, "2026-12-01T01:00:00Z", post_id="abcd-1", **{"from": OLD}),
    ]
    state = records.fold(log)
    assert list(state) == [("abcd-1", "x")]
    pair = state[("abcd-1", "x")]
    assert pair.status == "published" and pair.post == NEW and pair.paths == {OLD, NEW}


def test_path_only_events_join_their_post() -> None:
    legacy = event("published", OLD, "2026-11-20T01:00:00Z", content_sha256="c", url="u")
    # by what the repository says (the post is still there, or Git saw it renamed)
    assert list(records.fold([legacy], {OLD: "abcd-1"})) == [("abcd-1", "x")]
    # by the log itself: a later event carried the same path and an id
    later = event("moved", NEW, "2026-12-01T01:00:00Z", post_id="abcd-1", **{"from": OLD})
    state = records.fold([legacy, later])
    assert list(state) == [("abcd-1", "x")] and state[("abcd-1", "x")].url == "u"
    # nothing known: the path stays its own identity, as before ids
    assert list(records.fold([legacy])) == [(OLD, "x")]


def test_two_posts_at_one_path_stay_two() -> None:
    log = [
        event("published", OLD, "2026-11-20T01:00:00Z", post_id="post-a1"),
        event("published", OLD, "2026-11-21T01:00:00Z", post_id="post-b2"),
    ]
    assert set(records.fold(log)) == {("post-a1", "x"), ("post-b2", "x")}


def test_readers_see_a_moved_post_where_it_is_now() -> None:
    log = [
        event("published", OLD, "2026-11-20T01:00:00Z"),  # from before ids
        event("moved", NEW, "2026-12-01T01:00:00Z", post_id="abcd-1", **{"from": OLD}),
    ]
    seen = records.attribute(log)
    assert [e["post"] for e in seen] == [NEW, NEW]
    assert seen[0]["post_then"] == OLD and seen[0]["post_id"] == "abcd-1"
    later = "content/posts/2027/01/panen/index.md"
    assert records.attribute(log, current={"abcd-1": later})[0]["post"] == later
    assert records.where_now(log)[OLD] == NEW


def test_a_person_clearing_a_lookalike_clears_that_content_only() -> None:
    log = [
        event("needs_human", NEW, "2026-12-01T01:00:00Z", post_id="new-1", content_sha256="c1"),
        event(
            "resolved",
            NEW,
            "2026-12-01T02:00:00Z",
            post_id="new-1",
            decision="retry",
            content_sha256="c1",
        ),
    ]
    pair = records.fold(log)[("new-1", "x")]
    assert pair.status == "planned" and pair.cleared == "c1"


def test_the_log_knows_better_than_the_repository_whose_old_path_it_was() -> None:
    """A new post now sits where a moved post used to be: the old post's events from before
    ids stay the old post's, the new post does not inherit its publications."""
    legacy = event("published", OLD, "2026-11-20T01:00:00Z", content_sha256="c")
    moved = event("moved", NEW, "2026-12-01T01:00:00Z", post_id="old-post", **{"from": OLD})
    state = records.fold([legacy, moved], {OLD: "new-post"})
    assert list(state) == [("old-post", "x")]
