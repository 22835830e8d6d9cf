"""Website comments through Giscus (GitHub Discussions) against the loopback GitHub stand-in's
GraphQL: every page of discussions and comments, replies, deleted and hidden comments, and an
answer sent once into the comment's thread (issue 7)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config, Giscus, Website
from pipeline.inbox import answers, fetch, records, website
from pipeline.publish.api import Api
from pipeline.publish.standins.github import GQL_CATEGORY, GQL_REPO, GitHubStandIn
from tests.publish.conftest import FAST

POST = "content/posts/2026/11/panen-raya-padi-inpari-32/index.md"
OTHER = "content/posts/2026/11/demplot/index.md"
SITE = "https://bpsip-jabar.example"
CONFIG = Config(
    website=Website(
        giscus=Giscus(
            repo=GQL_REPO, repo_id="R_kgDOsitus", category="Komentar", category_id=GQL_CATEGORY
        )
    )
)


@pytest.fixture(scope="module")
def github() -> Iterator[GitHubStandIn]:
    with GitHubStandIn() as served:
        yield served


@pytest.fixture
def hub(github: GitHubStandIn) -> GitHubStandIn:
    github.discussions.clear()
    github.discussion_comments.clear()
    github.seen.clear()
    github.read_only = False
    return github


def env(hub: GitHubStandIn) -> dict[str, str]:
    return {"GITHUB_TOKEN": hub.token, "PIPELINE_GITHUB_URL": hub.url}


def uploads() -> list[dict[str, Any]]:
    return [
        {
            "event": "published",
            "post": post,
            "platform": "website",
            "remote_id": f"/2026/11/{slug}/",
            "url": f"{SITE}/2026/11/{slug}/",
            "at_utc": "2026-11-25T03:00:00Z",
        }
        for post, slug in ((POST, "panen-raya-padi-inpari-32"), (OTHER, "demplot"))
    ]


def _api(platform: str, settings: Any) -> Api:
    return Api(platform, token=settings.token, timing=FAST, sleep=lambda s: None)


def run(hub: GitHubStandIn, log: list[dict[str, Any]], config: Config = CONFIG) -> fetch.Report:
    report = fetch.fetch(
        config,
        env(hub),
        uploads(),
        log,
        now=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
        run=f"run-{len(log)}",
        make_api=_api,
    )
    log.extend(report.events)
    return report


def kinds(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in events if e["event"] == kind]


def graphql_calls(hub: GitHubStandIn, operation: str) -> int:
    return sum(
        1
        for r in hub.seen
        if r.path == "/graphql" and f" {operation}(" in str((r.json or {}).get("query", ""))
    )


def test_every_page_of_discussions_and_comments_is_read(
    hub: GitHubStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(website, "DISCUSSIONS_PAGE", 2)
    monkeypatch.setattr(website, "COMMENTS_PAGE", 3)
    hub.add_discussion("2026/01/lama/")  # a page that is not a published post
    panen = hub.add_discussion("2026/11/panen-raya-padi-inpari-32/")
    hub.add_discussion("2026/11/demplot/", category="DIC_lain")  # another category: not read
    hub.add_discussion("tentang/")
    top = [hub.add_discussion_comment(panen, f"komentar {i}", f"warga{i}") for i in range(7)]
    reply = hub.add_discussion_comment(panen, "balasan warga", "tetangga", reply_to=top[0])
    hub.add_discussion_comment(panen, "jawaban kami", hub.bot, reply_to=top[0])

    log: list[dict[str, Any]] = []
    report = run(hub, log)

    comments = kinds(report.events, "comment")
    assert [c["comment_id"] for c in comments] == [*top, reply]
    assert all(set(c) <= records.FIELDS and c["platform"] == "website" for c in comments)
    first = comments[0]
    assert first["post"] == POST and first["author"] == "warga0" and first["text"] == "komentar 0"
    assert first["link"].startswith(f"https://github.com/{GQL_REPO}/discussions/")
    assert first["created_at"] == "2026-11-26T00:00:00Z" and first["parent_id"] == ""
    assert comments[-1]["parent_id"] == top[0] and comments[-1]["author"] == "tetangga"
    assert graphql_calls(hub, "Discussions") == 2  # 3 discussions of the category, 2 a page
    assert graphql_calls(hub, "DiscussionComments") == 2  # 7 comments, 3 a page
    checked = {r.target.post: r for r in report.results}
    assert checked[POST].new == 8
    assert checked[OTHER].new == 0  # no discussion
    assert all(not r.error for r in report.results)
    (summary,) = kinds(report.events, "fetched")
    assert summary["platforms"]["website"] == {"posts": 2, "new": 8, "gone": 0, "window_days": 30}

    again = run(hub, log)  # nothing new: *nihil*, recorded
    assert kinds(again.events, "comment") == []
    assert [(e["event"], e["nihil"]) for e in again.events] == [("fetched", True)]


def test_deleted_and_hidden_comments(hub: GitHubStandIn) -> None:
    panen = hub.add_discussion("2026/11/panen-raya-padi-inpari-32/")
    keep = hub.add_discussion_comment(panen, "tetap")
    early = hub.add_discussion_comment(panen, "langsung dihapus")
    hub.delete_discussion_comment(early)
    later = hub.add_discussion_comment(panen, "dihapus nanti")
    parent = hub.add_discussion_comment(panen, "dihapus, balasannya tetap")
    child = hub.add_discussion_comment(panen, "balasan", reply_to=parent)
    log: list[dict[str, Any]] = []
    first = run(hub, log)
    assert {c["comment_id"] for c in kinds(first.events, "comment")} == {
        keep,
        later,
        parent,
        child,
    }

    hub.delete_discussion_comment(later)
    hub.delete_discussion_comment(parent)  # a placeholder with deletedAt stays for its reply
    hub.discussion_comments[keep]["minimized"] = True  # hidden by a moderator
    second = run(hub, log)

    assert sorted(g["comment_id"] for g in kinds(second.events, "gone")) == sorted(
        [keep, later, parent]
    )
    assert kinds(run(hub, log).events, "gone") == []  # recorded once


def test_without_giscus_the_website_is_not_available(hub: GitHubStandIn) -> None:
    report = run(hub, [], Config())
    (summary,) = kinds(report.events, "fetched")
    website = summary["platforms"]["website"]
    assert website["available"] is False and "Giscus" in website["reason"]
    assert not hub.seen


def test_a_missing_token_is_an_error_for_the_run(hub: GitHubStandIn) -> None:
    report = fetch.fetch(CONFIG, {}, uploads(), [], now=datetime.now(UTC), run="r", make_api=_api)
    assert report.failed and "GITHUB_TOKEN" in report.failed[0].error


# --- answers ---------------------------------------------------------------------------------
def fetched(hub: GitHubStandIn, root: Path) -> None:
    records.append(root, kinds(run(hub, []).events, "comment"))


def answer(root: Path, comment_id: str, text: str) -> None:
    rel = answers.answer_path("website", comment_id, policy=False)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    front = {"platform": "website", "comment_id": comment_id, "post": POST, "text": "?"}
    (root / rel).write_text(answers.render_file(front, text, policy=False), encoding="utf-8")


def send(hub: GitHubStandIn, root: Path) -> answers.Outcome:
    out = io.StringIO()
    return answers.send(root, env(hub), CONFIG, timing=FAST, say=lambda s: out.write(s + "\n"))


def test_a_reply_is_sent_once_into_the_comments_thread(hub: GitHubStandIn, tmp_path: Path) -> None:
    panen = hub.add_discussion("2026/11/panen-raya-padi-inpari-32/")
    top = hub.add_discussion_comment(panen, "Kapan panen berikutnya?")
    nested = hub.add_discussion_comment(panen, "Saya juga ingin tahu", reply_to=top)
    fetched(hub, tmp_path)
    answer(tmp_path, top, "Panen berikutnya pada bulan Maret.")
    answer(tmp_path, nested, "Silakan pantau situs ini.")

    outcome = send(hub, tmp_path)

    assert len(outcome.sent) == 2 and not outcome.failed
    made = [r for r in hub.discussion_replies(top) if r["author"] == hub.bot]
    assert [r["body"] for r in made] == [
        "Panen berikutnya pada bulan Maret.",
        "Silakan pantau situs ini.",  # a reply to a reply goes into its parent's thread
    ]
    assert {r["discussion"] for r in made} == {panen}
    sent = {e["comment_id"]: e for e in records.read(tmp_path) if e["event"] == "sent"}
    assert sent[top]["reply_id"] == made[0]["id"] and "discussioncomment" in sent[top]["url"]
    assert graphql_calls(hub, "addDiscussionComment") == 2

    again = send(hub, tmp_path)  # a rerun: no second answer
    assert again.sent == [] and not again.failed
    assert graphql_calls(hub, "addDiscussionComment") == 2
    # the next fetch does not take our own answers for new comments
    assert kinds(run(hub, list(records.read(tmp_path))).events, "comment") == []


def test_a_deleted_comment_is_gone_and_not_answered(hub: GitHubStandIn, tmp_path: Path) -> None:
    panen = hub.add_discussion("2026/11/panen-raya-padi-inpari-32/")
    cid = hub.add_discussion_comment(panen, "Komentar yang nanti dihapus")
    fetched(hub, tmp_path)
    answer(tmp_path, cid, "Terima kasih.")
    hub.delete_discussion_comment(cid)

    outcome = send(hub, tmp_path)

    assert len(outcome.gone) == 1 and outcome.sent == []
    assert [e["comment_id"] for e in records.read(tmp_path) if e["event"] == "gone"] == [cid]
    assert graphql_calls(hub, "addDiscussionComment") == 0


def test_a_reply_whose_outcome_is_unknown_is_matched_not_resent(
    hub: GitHubStandIn, tmp_path: Path
) -> None:
    panen = hub.add_discussion("2026/11/panen-raya-padi-inpari-32/")
    cid = hub.add_discussion_comment(panen, "Di mana membeli benih?")
    fetched(hub, tmp_path)
    answer(tmp_path, cid, "Di kios resmi BPSIP.")
    hub.fault("POST", r"/graphql", "drop_after", skip=2)  # the mutation (after 2 lookups)

    first = send(hub, tmp_path)
    assert first.deferred and first.sent == []
    second = send(hub, tmp_path)

    assert len(second.sent) == 1 and "dicocokkan" in second.sent[0]
    assert [r["body"] for r in hub.discussion_replies(cid)] == ["Di kios resmi BPSIP."]


def test_a_forbidden_reply_is_refused(hub: GitHubStandIn, tmp_path: Path) -> None:
    panen = hub.add_discussion("2026/11/panen-raya-padi-inpari-32/")
    cid = hub.add_discussion_comment(panen, "Halo")
    fetched(hub, tmp_path)
    answer(tmp_path, cid, "Halo juga.")
    hub.read_only = True

    outcome = send(hub, tmp_path)

    assert len(outcome.refused) == 1 and "Resource not accessible" in outcome.refused[0]
    assert hub.discussion_replies(cid) == []
