"""The trial upload (SOP step 1.5): `--trial` sends nothing and writes each platform's exact
requests with real hosts and no token; `--trial private` makes posts only the account sees
and records them as `trial` events, which never count as publications."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.commands import publish, render
from pipeline.errors import PipelineError
from pipeline.publish import records
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from pipeline.publish.trial import TOKENS, TRIAL
from pipeline.samples import SAMPLE_ACCOUNT_IDS
from tests.conftest import BUILD_ENV


def office_repo(sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample content and build in a repository whose office.yml names real-looking
    accounts (never the sample office's ids), as the current directory."""
    root = tmp_path / "repo"
    shutil.copytree(sample_site.parent / "content", root / "content")
    office = (sample_site.parent / "office.yml").read_text(encoding="utf-8")
    for sample_id in SAMPLE_ACCOUNT_IDS:
        office = office.replace(f'"{sample_id}"', f'"{sample_id[:-2]}77"')
    (root / "office.yml").write_text(office, encoding="utf-8")
    shutil.copytree(sample_site.parent / "build", root / "build", copy_function=os.link)
    monkeypatch.chdir(root)
    return root


def test_trial_writes_exact_requests_and_sends_nothing(
    sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample_site.parent
    monkeypatch.chdir(root)
    monkeypatch.setenv("PIPELINE_NOW", BUILD_ENV["PIPELINE_NOW"])
    render.run([], preview=True, out=io.StringIO())  # cached: writes the preview only
    out = io.StringIO()
    assert publish.run([], trial_mode="requests", out=out) == 0, out.getvalue()
    files = sorted((root / TRIAL).rglob("*.json"))
    platforms = {f.parent.name for f in files}
    assert platforms == {"website", "facebook", "instagram", "instagram_story", "x", "tiktok"}
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert not any(token in text for token in TOKENS.values())
    assert "127.0.0.1" not in text
    for host in (
        "https://graph.facebook.com/v25.0/",
        "https://api.x.com/2/tweets",
        "https://open.tiktokapis.com/v2/post/publish/",
        "https://bpsip-jabar.example/",
    ):
        assert host in text, host
    x = json.loads((root / TRIAL / "x" / "2026-11-panen-raya-padi-inpari-32.json").read_text())
    assert x["requests"][-2]["json"]["text"] == x["text"]  # the post as it would be sent
    assert "| 2026/11/tips-simpan-benih-padi | ⏳ terjadwal" in out.getvalue()
    assert '<section id="trial">' in (root / "build" / "preview" / "index.html").read_text()
    assert not (root / "records").exists()  # the real log is never touched


def test_trial_private_posts_only_where_the_platform_allows(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = office_repo(sample_site, tmp_path, monkeypatch)
    post = "content/posts/2026/11/video-demplot-jajar-legowo"
    with (
        GraphStandIn() as graph,
        TikTokStandIn(audited=False) as tiktok,
        XStandIn() as x,
    ):
        env = {
            **BUILD_ENV,
            **graph.env(),
            "FACEBOOK_PAGE_ID": graph.page_id,
            "FACEBOOK_PAGE_TOKEN": "page-token",
            "TIKTOK_ACCESS_TOKEN": "tt-access",
            "PIPELINE_TIKTOK_URL": tiktok.url,
            "X_ACCESS_TOKEN": "x-access-token",
            "PIPELINE_X_URL": x.url,
            "PIPELINE_WAIT_SCALE": "0.001",
        }
        out = io.StringIO()
        code = publish.run([post], trial_mode="private", push=False, out=out, env=env)
        assert code == 0, out.getvalue()
        assert [p["privacy"] for p in tiktok.posts] == ["SELF_ONLY"]
        reels = [v for v in graph.videos.values() if v.get("video_state") == "DRAFT"]
        assert len(reels) == 1 and graph.published_posts() == []
        # X has no private post, but its token and account were checked; nothing was posted
        assert x.count("GET", r"/2/users/me") == 1 and not x.posts
        # a wrong account stops the trial before anything is posted, naming the account
        tiktok.posts.clear()
        wrong = io.StringIO()
        x.user["username"] = "someone_else"  # the token is another account's
        with pytest.raises(PipelineError, match="someone_else"):
            publish.run([post], trial_mode="private", push=False, out=wrong, env=env)
        assert not tiktok.posts
    events = records.read(root)
    assert {e["event"] for e in events} == {"trial"}
    assert {e["platform"] for e in events} == {"facebook", "tiktok"}
    assert all(e["private"] for e in events)
    assert records.fold(events) == {}  # a trial is never a publication
    said = out.getvalue()
    assert "x: token dan akun lulus pemeriksaan" in said
    assert "instagram belum tersambung (" in said and "INSTAGRAM" in said
    assert "instagram tidak punya unggahan privat" in said


def test_a_title_with_line_separators_goes_through_the_trial(
    sample_site: Path, tmp_path: Path
) -> None:
    """`pipeline publish --trial` as a process: a title holding U+2028 and U+2029 (which
    `pipeline check` lets through) is written to the trial's log and read back in the same
    run: nothing in the log is split, nothing stops."""
    import subprocess
    import sys

    root = tmp_path / "repo"
    shutil.copytree(sample_site.parent, root)
    post = root / "content/posts/2026/11/panen-raya-padi-inpari-32/index.md"
    text = post.read_text(encoding="utf-8")
    title = "title: Panen raya padi Inpari 32 di lahan demonstrasi Sukamandi"
    assert title in text
    escaped = 'title: "Panen\\u2028raya\\u2029 padi Inpari 32 di lahan demonstrasi Sukamandi"'
    post.write_text(text.replace(title, escaped, 1), encoding="utf-8")
    env = {**os.environ, **BUILD_ENV, "PYTHONPATH": str(Path(__file__).parents[2])}
    # The edited post is checked and handed off again, as the build job does after an edit.
    subprocess.run(
        [sys.executable, "-m", "pipeline", "render"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "publish", "--trial"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed and "bukan JSON" not in printed, printed
    reading = records.load(root / TRIAL)
    assert reading.damage == () and reading.events
    titles = [e.get("title", "") for e in reading.events if e["event"] == "published"]
    assert any("\u2028" in t for t in titles), titles


def test_a_private_trial_makes_no_call_to_a_platform_on_hold(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TikTok's daily cap is on record (a `deferred` event with `until`, from a publish run):
    the trial neither checks TikTok's creator nor posts there until then, and says until when;
    Facebook's private post still goes."""
    from pipeline.publish.ledger import Ledger

    root = office_repo(sample_site, tmp_path, monkeypatch)
    post = "content/posts/2026/11/video-demplot-jajar-legowo"
    capped = {"post": f"{post}/index.md", "platform": "tiktok", "run": "run-0"}
    capped |= {"event": "deferred", "until": "2026-11-25T17:00:00Z", "code": "cap"}
    capped |= {"at_utc": "2026-11-25T04:00:00Z", "at_local": "2026-11-25T11:00:00+07:00"}
    Ledger(root, remote=None).write([capped])  # PIPELINE_NOW is 05:00 UTC that day
    with GraphStandIn() as graph, TikTokStandIn(audited=False) as tiktok:
        env = {
            **BUILD_ENV,
            **graph.env(),
            "FACEBOOK_PAGE_ID": graph.page_id,
            "FACEBOOK_PAGE_TOKEN": "page-token",
            "TIKTOK_ACCESS_TOKEN": "tt-access",
            "PIPELINE_TIKTOK_URL": tiktok.url,
            "PIPELINE_WAIT_SCALE": "0.001",
        }
        out = io.StringIO()
        publish.run([post], trial_mode="private", push=False, out=out, env=env)
        assert tiktok.seen == [] and not tiktok.posts
        assert [v.get("video_state") for v in graph.videos.values()] == ["DRAFT"]
    assert "ditunda sampai 2026-11-26 00:00" in out.getvalue()


def test_a_cap_met_during_a_private_trial_holds_the_platform_for_the_rest_of_it(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TikTok answers its daily cap to the first private post: the trial sends nothing more to
    TikTok (the other post is put off too, saying until when); Facebook still goes."""
    office_repo(sample_site, tmp_path, monkeypatch)
    posts = [
        "content/posts/2026/11/video-demplot-jajar-legowo",
        "content/posts/2026/11/tips-simpan-benih-padi",
    ]
    with GraphStandIn() as graph, TikTokStandIn(audited=False) as tiktok:
        tiktok.daily_cap = 0  # the creator has posted TikTok's daily number already
        env = {
            **BUILD_ENV,
            **graph.env(),
            "FACEBOOK_PAGE_ID": graph.page_id,
            "FACEBOOK_PAGE_TOKEN": "page-token",
            "TIKTOK_ACCESS_TOKEN": "tt-access",
            "PIPELINE_TIKTOK_URL": tiktok.url,
            "PIPELINE_WAIT_SCALE": "0.001",
        }
        out = io.StringIO()
        publish.run(posts, trial_mode="private", push=False, out=out, env=env)
        assert tiktok.count("POST", r"/v2/post/publish/(video|content)/init") == 1
        assert not tiktok.posts
    said = out.getvalue()
    assert said.count("ditunda sampai") >= 2, said
