"""The sample posts never go live, and one command removes them (`pipeline samples remove`).

End to end in a real Git repository with the publish stand-ins: with the samples present a
production `pipeline publish` sends nothing and the production site build refuses them; after
`pipeline samples remove` and a post of the office's own, only that post is published."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.commands import samples as samples_command
from pipeline.publish import records
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.site import Site
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from pipeline.samples import SAMPLE_POSTS
from tests.conftest import BUILD_ENV, PROJECT
from tests.publish.conftest import clone, git, platform_env

OWN = "content/posts/2026/11/rapat-koordinasi-penyuluh/index.md"
OWN_TEXT = """---
id: rapat-koordinasi-penyuluh-2026
title: Rapat koordinasi penyuluh pertanian se-Jawa Barat
date: 2026-11-24
authors: [humas]
categories: [Kegiatan]
description: Rapat koordinasi penyuluh membahas jadwal tanam musim hujan.
social:
  platforms: [facebook, x]
  caption: Rapat koordinasi penyuluh pertanian membahas jadwal tanam musim hujan.
---

Penyuluh pertanian se-Jawa Barat berkumpul membahas jadwal tanam musim hujan.
"""


def office_yml(to: Path) -> None:
    """The sample office.yml with an office's own site address and account ids."""
    text = (PROJECT / "office.yml").read_text(encoding="utf-8")
    for old, new in (
        ("https://bpsip-jabar.example/", "https://bpsip-jabar.go.id/"),
        ('"100000000000001"', '"100000000000077"'),
        ('"17841400000000001"', '"17841400000000077"'),
    ):
        text = text.replace(old, new)
    to.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(sample_site: Path, tmp_path: Path) -> Path:
    """The repository as an office receives it: the marked samples (the tests' copy has its
    media already made), mkdocs, .gitignore; office.yml filled in; committed to a bare remote."""
    sample_content = sample_site.parent  # rendered already
    root = tmp_path / "repo"
    shutil.copytree(sample_content / "content", root / "content", copy_function=os.link)
    for rel in SAMPLE_POSTS:  # the repository's own index.md, `sample: true` and all
        target = root / rel
        target.unlink()
        shutil.copy(PROJECT / rel, target)
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = str(PROJECT / "pipeline" / "website" / "hooks.py")
    (root / "mkdocs.yml").write_text(config.replace("pipeline/website/hooks.py", hooks))
    shutil.copy(PROJECT / ".gitignore", root / ".gitignore")
    office_yml(root / "office.yml")
    # The renders of the same media (keys hash the media, not the text): render reuses them.
    shutil.copytree(sample_content / "build" / "media", root / "build" / "media")
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the repository as adopted")
    git(root, "remote", "add", "origin", str(bare))
    git(root, "push", "-q", "origin", "main")
    return root


@pytest.fixture
def standins(repo: Path) -> Iterator[dict[str, object]]:
    graph, x, tiktok = GraphStandIn(), XStandIn(processing_polls=0), TikTokStandIn()
    site = Site(repo / "site")
    for standin in (graph, x, tiktok, site):
        standin.start()
    env = {
        **os.environ,
        **BUILD_ENV,
        "PYTHONPATH": str(PROJECT),
        **platform_env(graph, x, tiktok, site.url),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    for name in (
        "GITHUB_STEP_SUMMARY",
        "PIPELINE_KILL_AT",
        "PIPELINE_SECRETS_TOKEN",
        "GITHUB_REPOSITORY",
        "GITHUB_TOKEN",
        "PIPELINE_PRODUCTION",
    ):
        env.pop(name, None)
    yield {"env": env, "graph": graph, "x": x, "tiktok": tiktok}
    for standin in (graph, x, tiktok, site):
        standin.stop()


def cli(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def build(root: Path, env: dict[str, str], *, production: bool) -> subprocess.CompletedProcess[str]:
    """What the build job does: render (writing the hand-off), then the site."""
    rendered = cli(root, env, "pipeline", "render")
    assert (root / "build" / "publish-inputs.json").is_file(), rendered.stdout + rendered.stderr
    site_env = {**env, "PIPELINE_PRODUCTION": "1"} if production else env
    return cli(root, site_env, "mkdocs", "build", "--strict")


def pushed(repo: Path) -> list[dict[str, object]]:
    """The upload log as pushed to the remote (what the next run and the audit read)."""
    where = repo.parent / f"log-{len(list(repo.parent.glob('log-*')))}"
    return records.read(clone(repo.parent / "origin.git", where))


def sent(world: dict[str, object]) -> int:
    graph: GraphStandIn = world["graph"]  # type: ignore[assignment]
    x: XStandIn = world["x"]  # type: ignore[assignment]
    tiktok: TikTokStandIn = world["tiktok"]  # type: ignore[assignment]
    return (
        len(graph.published_posts())
        + len(graph.videos)
        + len(graph.media)
        + len(x.created)
        + len(tiktok.published)
    )


def test_samples_never_go_live_and_one_command_removes_them(
    repo: Path, standins: dict[str, object]
) -> None:
    env: dict[str, str] = standins["env"]  # type: ignore[assignment]
    production = build(repo, env, production=True)
    assert production.returncode != 0
    assert "sample: true" in production.stderr and SAMPLE_POSTS[0] in production.stderr
    assert build(repo, env, production=False).returncode == 0  # the trial's site: samples in

    first = cli(repo, env, "pipeline", "publish")
    assert first.returncode == 1
    assert sent(standins) == 0
    for rel in SAMPLE_POSTS:
        assert f"{rel}: tulisan contoh (sample: true)" in first.stdout, first.stdout
    assert not any(e["event"] == "published" for e in pushed(repo))

    removed = cli(repo, env, "pipeline", "samples", "remove")
    assert removed.returncode == 0, removed.stderr
    for rel in SAMPLE_POSTS:
        assert f"dihapus: {rel.removesuffix('index.md')}" in removed.stdout
        assert not (repo / rel).parent.exists()
    assert "dihapus: blok media contoh di .gitignore" in removed.stdout
    assert "sample media" not in (repo / ".gitignore").read_text(encoding="utf-8")
    assert (repo / "content" / ".authors.yml").is_file()  # the office's own files stay

    (repo / OWN).parent.mkdir(parents=True)
    (repo / OWN).write_text(OWN_TEXT, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "samples removed; the office's first post")
    git(repo, "push", "-q", "origin", "main")
    site = build(repo, env, production=True)
    assert site.returncode == 0, site.stderr

    second = cli(repo, env, "pipeline", "publish")
    assert second.returncode == 0, second.stdout + second.stderr
    published = {(e["post"], e["platform"]) for e in pushed(repo) if e["event"] == "published"}
    assert published == {(OWN, "website"), (OWN, "facebook"), (OWN, "x")}
    graph: GraphStandIn = standins["graph"]  # type: ignore[assignment]
    x: XStandIn = standins["x"]  # type: ignore[assignment]
    assert len(graph.published_posts()) == 1 and len(x.created) == 1 and sent(standins) == 2


def test_production_refuses_the_sample_office_accounts(
    repo: Path, standins: dict[str, object]
) -> None:
    shutil.copy(PROJECT / "office.yml", repo / "office.yml")  # the sample's account ids
    env: dict[str, str] = standins["env"]  # type: ignore[assignment]
    production = cli(repo, {**env, "PIPELINE_PRODUCTION": "1"}, "mkdocs", "build", "--strict")
    assert production.returncode != 0
    assert "office.site_url https://bpsip-jabar.example/ adalah alamat contoh" in production.stderr
    assert build(repo, env, production=False).returncode == 0
    done = cli(repo, env, "pipeline", "publish", "--no-push")
    assert done.returncode == 1 and sent(standins) == 0
    assert "office.yml masih berisi identitas kantor contoh" in done.stderr
    assert "platforms.facebook.account_id 100000000000001" in done.stderr
    trial = cli(repo, env, "pipeline", "publish", "--trial")  # the trial runs the samples
    assert trial.returncode == 0, trial.stdout + trial.stderr


def test_remove_leaves_the_office_posts_and_names_a_copied_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    shutil.copy(PROJECT / "office.yml", tmp_path / "office.yml")
    edited = tmp_path / SAMPLE_POSTS[2]  # a sample edited into the office's own post
    edited.write_text(edited.read_text(encoding="utf-8").replace("sample: true", "pin: false"))
    copy = tmp_path / "content/posts/2026/12/salinan/index.md"
    shutil.copytree((tmp_path / SAMPLE_POSTS[3]).parent, copy.parent)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert samples_command.remove(out=out) == 0
    text = out.getvalue()
    assert edited.is_file() and copy.is_file()
    assert f"dibiarkan: {SAMPLE_POSTS[2]}" in text
    assert "perlu keputusan: content/posts/2026/12/salinan/index.md" in text
    assert "masih contoh di office.yml: office.site_url" in text
    assert sum(line.startswith("dihapus: content/") for line in text.splitlines()) == 5
    again = io.StringIO()
    samples_command.remove(out=again, lang="en")
    assert "no sample posts left; nothing removed" in again.getvalue()
