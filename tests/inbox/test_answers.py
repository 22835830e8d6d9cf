"""Answers to comments: drafted as files in Git, sent once after the merge (issue 7, item 3)."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.commands import answer as command
from pipeline.config import Account, Config, Platforms
from pipeline.errors import PipelineError
from pipeline.github import codeowners
from pipeline.inbox import answers, records
from pipeline.publish.api import Timing
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.replies import GraphReplies, XReplies, add_replies, add_x_replies
from pipeline.publish.standins.x import XStandIn

ROOT = Path(__file__).parent.parent.parent
FAST = Timing(connect_s=2.0, read_s=2.0, attempts=3, backoff_s=0.001, backoff_cap_s=0.01)
CONFIG = Config(
    platforms=Platforms(
        facebook=Account(enabled=True, account_id="100200300", username="bpsipjabar"),
        instagram=Account(enabled=True, account_id="17841400000000001", username="bpsipjabar"),
        x=Account(enabled=True, username="bpsipjabar"),
    )
)
POST = "content/posts/2026/11/panen/index.md"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[GraphReplies, XReplies]]:
    with GraphStandIn(fetch=False) as graph, XStandIn() as x:
        yield add_replies(graph), add_x_replies(x)


@pytest.fixture
def world(
    servers: tuple[GraphReplies, XReplies], tmp_path: Path
) -> tuple[Path, dict[str, str], GraphReplies, XReplies]:
    g, xr = servers
    g.graph.reset()
    g.comments.clear()
    xr.comments.clear()
    xr.replies_made.clear()
    xr.summoned = True
    xr.x.faults.clear()
    xr.x.seen.clear()
    env = g.graph.env() | {
        "PIPELINE_X_URL": xr.x.url,
        "FACEBOOK_PAGE_TOKEN": "page-token",
        "INSTAGRAM_TOKEN": "ig-token",
        "X_ACCESS_TOKEN": "x-access-token",
    }
    return tmp_path, env, g, xr


def comment(root: Path, platform: str, cid: str, text: str, remote_id: str = "") -> None:
    event = {
        "event": "comment",
        "platform": platform,
        "post": POST,
        "remote_id": remote_id,
        "comment_id": cid,
        "author": "warga_desa",
        "text": text,
        "created_at": "2026-11-23T01:00:00Z",
        "link": f"https://example.invalid/{cid}",
        "parent_id": "",
        "at_utc": "2026-11-23T01:05:00Z",
        "at_local": "2026-11-23T08:05:00+07:00",
    }
    records.append(root, [event])


def write_answer(root: Path, platform: str, cid: str, text: str, *, policy: bool = False) -> Path:
    rel = answers.answer_path(platform, cid, policy=policy)
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    front = {"platform": platform, "comment_id": cid, "post": POST, "text": "?"}
    path.write_text(answers.render_file(front, text, policy=policy), encoding="utf-8")
    return path


def send(root: Path, env: dict[str, str]) -> tuple[answers.Outcome, str]:
    out = io.StringIO()
    outcome = answers.send(root, env, CONFIG, timing=FAST, say=lambda s: out.write(s + "\n"))
    return outcome, out.getvalue()


def events(root: Path, kind: str) -> list[dict[str, Any]]:
    return [e for e in records.read(root) if e.get("event") == kind]


def test_a_reply_is_sent_once_and_a_rerun_sends_nothing(world: Any) -> None:
    root, env, g, _ = world
    cid = g.add_comment("facebook", "Kapan panen raya?", post_id="100200300_1")
    comment(root, "facebook", cid, "Kapan panen raya?")
    write_answer(root, "facebook", cid, "Panen raya pada bulan Desember.")
    outcome, said = send(root, env)
    assert len(outcome.sent) == 1 and not outcome.failed, said
    assert [r["text"] for r in g.replies(cid)] == ["Panen raya pada bulan Desember."]
    (approved,) = events(root, "approved")
    assert approved["by"] == [] and approved["policy"] is False
    (sent,) = events(root, "sent")
    assert sent["reply_id"] == g.replies(cid)[0]["id"] and sent["url"].endswith(sent["reply_id"])
    assert sent["text_sha256"] == approved["text_sha256"]
    assert not list((root / answers.SENDING).glob("*.json"))  # the marker is settled
    outcome, _ = send(root, env)
    assert outcome.sent == [] and not outcome.failed
    assert len(g.replies(cid)) == 1
    assert len(events(root, "approved")) == 1


def test_an_answer_edited_after_it_was_sent_is_not_sent_again(world: Any) -> None:
    root, env, g, _ = world
    cid = g.add_comment("instagram", "Benihnya dijual?")
    comment(root, "instagram", cid, "Benihnya dijual?")
    path = write_answer(root, "instagram", cid, "Benih dibagikan gratis.")
    assert len(send(root, env)[0].sent) == 1
    write_answer(root, "instagram", cid, "Benih dibagikan gratis di kantor balai.")
    outcome, said = send(root, env)
    assert outcome.sent == [] and len(outcome.person) == 1
    assert "diubah setelah balasan terkirim" in said and path.name in said
    assert len(g.replies(cid)) == 1
    assert len(events(root, "approved")) == 1  # the new text has no approval recorded


def test_a_deleted_or_hidden_comment_is_gone_and_not_answered(world: Any) -> None:
    root, env, g, _ = world
    deleted = g.add_comment("facebook", "spam", post_id="100200300_1")
    hidden = g.add_comment("instagram", "kasar")
    g.delete(deleted)
    g.hide(hidden)
    for platform, cid in (("facebook", deleted), ("instagram", hidden)):
        comment(root, platform, cid, "x")
        write_answer(root, platform, cid, "Terima kasih.")
    outcome, _ = send(root, env)
    assert sorted(outcome.gone) == sorted(
        f"{p} {c} (inbox/answers/{p}-{c}.md)"
        for p, c in (("facebook", deleted), ("instagram", hidden))
    )
    assert len(events(root, "gone")) == 2
    assert g.graph.count("POST", r".*/(comments|replies)") == 0
    assert send(root, env)[0].gone == []  # settled: not fetched again


def test_x_refusal_is_recorded_with_a_clear_message(world: Any) -> None:
    root, env, _, xr = world
    xr.summoned = False
    ours = xr.x.add_post("Panen raya di Subang")
    cid = xr.add_comment("@bpsipjabar kapan?", conversation_id=ours.id)
    comment(root, "x", cid, "@bpsipjabar kapan?", remote_id=ours.id)
    write_answer(root, "x", cid, "Desember, Pak.")
    outcome, said = send(root, env)
    (refused,) = events(root, "refused")
    assert "X menolak balasan lewat API" in refused["message"]
    assert "mentioned or otherwise engaged" in refused["message"]
    assert len(outcome.refused) == 1 and "ditolak" in said
    assert xr.replies_made == []
    assert not list((root / answers.SENDING).glob("*.json"))  # proven not sent
    xr.summoned = True
    assert send(root, env)[0].sent == []  # refused is an outcome: a person decides


def test_x_reply_when_summoned(world: Any) -> None:
    root, env, _, xr = world
    ours = xr.x.add_post("Pelatihan pupuk organik")
    cid = xr.add_comment("@bpsipjabar daftar di mana?", conversation_id=ours.id)
    comment(root, "x", cid, "@bpsipjabar daftar di mana?", remote_id=ours.id)
    write_answer(root, "x", cid, "Daftar di kantor & lewat https://bpsip.id/daftar")
    outcome, said = send(root, env)
    assert len(outcome.sent) == 1, said
    (sent,) = events(root, "sent")
    assert sent["url"] == f"https://x.com/bpsipjabar/status/{xr.replies_made[0]}"


@pytest.mark.parametrize("platform", ["facebook", "instagram", "x"])
def test_a_timeout_after_the_reply_then_a_rerun_sends_no_second_reply(
    world: Any, platform: str
) -> None:
    root, env, g, xr = world
    text = "Pendaftaran dibuka 1 Desember."
    if platform == "x":
        ours = xr.x.add_post("Pengumuman pendaftaran")
        cid = xr.add_comment("@bpsipjabar kapan?", conversation_id=ours.id)
        comment(root, "x", cid, "kapan?", remote_id=ours.id)
        xr.x.fault("POST", r"^/2/tweets$", "drop_after")
    else:
        cid = g.add_comment(platform, "kapan?", post_id="100200300_1")
        comment(root, platform, cid, "kapan?")
        g.graph.fault("POST", r"/(comments|replies)$", "drop_after")
    write_answer(root, platform, cid, text)
    outcome, said = send(root, env)
    assert outcome.sent == [] and len(outcome.deferred) == 1 and "tidak pasti" in said
    assert len(list((root / answers.SENDING).glob("*.json"))) == 1
    made = len(xr.replies_made) if platform == "x" else len(g.replies(cid))
    assert made == 1  # the platform did make it
    outcome, said = send(root, env)
    assert len(outcome.sent) == 1 and "dicocokkan" in said, said
    made = len(xr.replies_made) if platform == "x" else len(g.replies(cid))
    assert made == 1
    assert not list((root / answers.SENDING).glob("*.json"))
    assert send(root, env)[0].sent == []


def test_a_lost_reply_that_cannot_be_found_goes_to_a_person(world: Any) -> None:
    root, env, g, _ = world
    cid = g.add_comment("facebook", "kapan?", post_id="100200300_1")
    comment(root, "facebook", cid, "kapan?")
    write_answer(root, "facebook", cid, "Besok.")
    g.graph.fault("POST", r"/comments$", "drop_before")  # never reached the platform...
    outcome, _ = send(root, env)
    assert outcome.sent == [] and outcome.deferred  # ...but the client cannot know that
    outcome, said = send(root, env)
    assert outcome.person and "hapus records/inbox/sending/" in said
    assert g.replies(cid) == []
    (marker,) = (root / answers.SENDING).glob("*.json")
    marker.unlink()  # a person checked the platform: it is not there
    assert len(send(root, env)[0].sent) == 1
    assert len(g.replies(cid)) == 1


def test_draft_writes_the_file_and_policy_answers_go_to_the_head(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, env, g, _ = world
    cid = g.add_comment("facebook", "Kenapa @semua harga [pupuk](http://x) naik?\u202e")
    comment(root, "facebook", cid, "Kenapa @semua harga [pupuk](http://x) naik?\u202e")
    monkeypatch.chdir(root)
    out = io.StringIO()
    assert command.draft(cid, policy=True, out=out) == 0
    rel = f"inbox/answers/kebijakan/facebook-{cid}.md"
    assert f"git switch -c jawaban/{cid}" in out.getvalue() and rel in out.getvalue()
    text = (root / rel).read_text(encoding="utf-8")
    assert "\u202e" not in text and "\\@semua" in text and "\\[pupuk\\]" in text
    assert "policy: true" in text
    (draft,) = events(root, "draft")
    assert draft["path"] == rel and draft["branch"] == f"jawaban/{cid}"
    with pytest.raises(PipelineError, match="jawaban sudah ada"):
        answers.draft(root, cid, policy=False, say=lambda s: None)
    with pytest.raises(PipelineError, match="jawaban masih kosong"):
        answers.parse(root, root / rel)
    (root / rel).write_text(text + "Harga pupuk bersubsidi ditetapkan pemerintah.\n", "utf-8")
    outcome, _ = send(root, env)
    assert len(outcome.sent) == 1
    assert events(root, "approved")[0]["policy"] is True
    owners = codeowners.owners((ROOT / ".github" / "CODEOWNERS").read_text("utf-8"), rel)
    assert owners == ("@kepala-balai-contoh",)
    plain = codeowners.owners(
        (ROOT / ".github" / "CODEOWNERS").read_text("utf-8"), "inbox/answers/x-1.md"
    )
    assert plain == ("@bpsip-jabar/tim-teknis",)


def test_a_policy_answer_outside_kebijakan_is_not_sent(world: Any) -> None:
    root, env, g, _ = world
    cid = g.add_comment("facebook", "kebijakan?", post_id="100200300_1")
    comment(root, "facebook", cid, "kebijakan?")
    path = write_answer(root, "facebook", cid, "Jawaban.")
    path.write_text(path.read_text("utf-8").replace("policy: false", "policy: true"), "utf-8")
    outcome, said = send(root, env)
    assert outcome.sent == [] and "wajib disetujui Kepala Balai" in said
    assert g.replies(cid) == []


def test_send_with_push_commits_and_pushes_every_step(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, env, g, _ = world
    remote = tmp_path.parent / f"{tmp_path.name}-remote.git"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run([*git, "init", "-q", "-b", "main", str(root)], check=True)
    cid = g.add_comment("facebook", "kapan?", post_id="100200300_1")
    comment(root, "facebook", cid, "kapan?")
    write_answer(root, "facebook", cid, "Besok pagi.")
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "jawaban"], check=True)
    subprocess.run([*git, "-C", str(root), "remote", "add", "origin", str(remote)], check=True)
    subprocess.run([*git, "-C", str(root), "push", "-q", "origin", "main"], check=True)
    monkeypatch.chdir(root)
    out = io.StringIO()
    outcome = answers.send(
        root, env, CONFIG, write=command.git_writer(root), timing=FAST, say=out.write
    )
    assert len(outcome.sent) == 1
    log = subprocess.run(
        ["git", "-C", str(remote), "log", "--format=%s", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert log[:3] == [
        "inbox: sent [skip ci]",
        "inbox: sending [skip ci]",
        "inbox: approved [skip ci]",
    ]


def test_a_graph_throttle_defers_every_reply_on_that_platform_until_when(world: Any) -> None:
    """A reply refused by Graph's throttling (400, code 32, the wait in the usage header) is
    deferred with until when; the platform's other answers make no call in that run."""
    root, env, g, _ = world
    cids = [g.add_comment("facebook", f"tanya {i}?", post_id="100200300_1") for i in (1, 2)]
    for cid in cids:
        comment(root, "facebook", cid, "tanya?")
        write_answer(root, "facebook", cid, "Jawaban kami.")
    g.graph.throttle("POST", r".*/comments", 15, code=32, times=99)
    outcome, said = send(root, env)
    assert outcome.sent == [] and len(outcome.deferred) == 2, said
    assert all("ditunda sampai" in d and "WIB" in d for d in outcome.deferred)
    assert g.graph.count("POST", r".*/comments") == 1
    assert not list((root / answers.SENDING).glob("*.json"))  # proven: nothing was sent
    g.graph.faults.clear()
    outcome, said = send(root, env)
    assert len(outcome.sent) == 2, said
