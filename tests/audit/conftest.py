"""A real repository with a month of pull-request merges and the log CI wrote for them.

Authors, committers and times are fixed, so every commit id (and the audit's output) is the
same on every run. Six posts, each merged with `git merge --no-ff` like a GitHub PR:

- panen-raya: clean (the head approves, published once per platform, within standards);
- tanpa-persetujuan: the head says *tidak sesuai* (a hostile review text), only the Kepala
  Sub TU approves, merged and published anyway (NO_HEAD_APPROVAL);
- diubah-setelah-setuju: a commit pushed after the head's approval (CHANGED_AFTER_APPROVAL);
- tautan-hilang: Facebook logged without a link, X left unknown (LINK_MISSING twice);
- terbit-dua-kali: Facebook published by two runs, X by the job and by a person
  (PUBLISHED_TWICE twice);
- terlambat: the first review after two hours, Facebook three hours after the merge and its
  link twenty minutes after that (OVER_TIME three times).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.audit import scope
from pipeline.audit.scope import Audit
from pipeline.config import load_config
from pipeline.publish import records

MONTH = "2026-11"
SITE = "https://bpsip-jabar.example"
OFFICE = """\
office:
  name: Balai Contoh
  site_url: https://bpsip-jabar.example/
  timezone: Asia/Jakarta
  language: id
roles:
  kepala_balai: ["@kepala-balai-contoh"]
  kepala_sub_tu: ["@kasubtu-contoh"]
  admin_medsos: ["@admin-medsos-contoh"]
  pelaksana: ["@bpsip-jabar/penyedia-informasi"]
"""
SITI = ("Siti Aminah", "siti@bpsip-jabar.example")
BUDI = ("Budi Santoso", "budi@bpsip-jabar.example")
GITHUB = ("GitHub", "noreply@github.com")
BOT = ("pipeline-bot", "bot@bpsip-jabar.example")
HEAD = ("kepala-balai-contoh", ["kepala_balai"])
KASUBTU = ("kasubtu-contoh", ["kepala_sub_tu"])
ADMIN = ("admin-medsos-contoh", ["admin_medsos"])
TITLE = "Bantuan benih | *gratis* <img src=x onerror=alert(1)> untuk [petani](https://evil.example)"
HOSTILE = (
    "Foto **buram** | ganti ![x](https://tracker.example/p.png) @bpsip-jabar/kelompok-kerja "
    "<script>alert(1)</script>\nbaris kedua"
)


@dataclass
class Built:
    root: Path
    sha: dict[str, str] = field(default_factory=dict)  # "<slug>" / "<slug>+" / "M<pr>"
    events: list[dict[str, Any]] = field(default_factory=list)


def git(root: Path, *args: str, who: tuple[str, str] = GITHUB, at: str = "") -> str:
    when = at or "2026-11-16T08:00:00+07:00"
    env = {
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def post(slug: str) -> str:
    return f"content/posts/2026/11/{slug}/index.md"


def wib(utc: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-{utc}+00:00")


class Month:
    """Writes the history and the log, one pull request at a time."""

    def __init__(self, root: Path) -> None:
        self.built = Built(root=root)
        self.pr = 0

    def write(self, slug: str, caption: str, *, photo: bytes = b"\xff\xd8foto\xff\xd9") -> None:
        folder = self.built.root / "content" / "posts" / "2026" / "11" / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(
            f"---\ntitle: {slug}\ndate: 2026-11-20\nsocial:\n  caption: {caption}\n---\n\n"
            "Narasi kegiatan.\n",
            encoding="utf-8",
        )
        (folder / "foto.jpg").write_bytes(photo)

    def branch(self, slug: str, writer: tuple[str, str], at: str) -> str:
        """The writer's commit adding the post, on its own branch: its id."""
        root = self.built.root
        git(root, "checkout", "--quiet", "-b", f"post/{slug}", "main")
        self.write(slug, "Keterangan singkat.")
        git(root, "add", "content")
        git(root, "commit", "--quiet", "-m", f"Tulisan {slug}", who=writer, at=at)
        self.built.sha[slug] = git(root, "rev-parse", "HEAD")
        return self.built.sha[slug]

    def amend(self, slug: str, writer: tuple[str, str], at: str) -> str:
        """Another commit on the branch (after the review)."""
        root = self.built.root
        self.write(slug, "Keterangan diubah setelah disetujui.")
        git(root, "commit", "--quiet", "-am", f"Ubah {slug}", who=writer, at=at)
        self.built.sha[f"{slug}+"] = git(root, "rev-parse", "HEAD")
        return self.built.sha[f"{slug}+"]

    def merge(self, slug: str, at: str) -> str:
        self.pr += 1
        root = self.built.root
        git(root, "checkout", "--quiet", "main")
        message = f"Merge pull request #{self.pr} from bpsip-jabar/post/{slug}"
        git(root, "merge", "--quiet", "--no-ff", "-m", message, f"post/{slug}", at=at)
        self.built.sha[f"M{self.pr}"] = git(root, "rev-parse", "HEAD")
        return self.built.sha[f"M{self.pr}"]

    def log(self, kind: str, slug: str, platform: str, at: str, **fields: Any) -> None:
        event = {"event": kind, "post": post(slug), "platform": platform, "run": "7001"}
        event.update(records.stamp(wib(at), "+07:00"))
        self.built.events.append({**event, **fields})

    def reviews(
        self,
        slug: str,
        at: str,
        opened: str,
        merged: str,
        given: list[tuple[tuple[str, list[str]], str, str, str]],
    ) -> None:
        """One disposition event per review: ((login, jabatan), verdict, time, commit)."""
        for number, ((login, jabatan), verdict, when, commit) in enumerate(given, 1):
            self.log(
                "disposition",
                slug,
                "review",
                at,
                pr=self.pr,
                review_id=self.pr * 100 + number,
                reviewer=login,
                jabatan=jabatan,
                verdict=verdict,
                reason=HOSTILE if verdict == "tidak sesuai" else "",
                reviewed_at=f"2026-11-{when}Z",
                commit=commit,
                pr_opened_at=f"2026-11-{opened}Z",
                pr_merged_at=f"2026-11-{merged}Z",
                merge_commit=self.built.sha[f"M{self.pr}"],
            )

    def published(
        self,
        slug: str,
        platform: str,
        live: str,
        logged: str,
        approvers: list[tuple[str, str]],
        *,
        commit: str = "",
        remote_id: str = "",
        url: str | None = None,
        title: str = "",
    ) -> None:
        rid = remote_id or f"{platform}-{slug}"
        self.log("claimed", slug, platform, live, content_sha256=f"c-{slug}")
        fields: dict[str, Any] = {
            "content_sha256": f"c-{slug}",
            "commit": commit or self.built.sha[slug],
            "pr": self.pr,
            "approvers": [
                {"login": login, "state": "APPROVED", "commit": sha, "at": "2026-11-23T00:00:00Z"}
                for login, sha in approvers
            ],
            "workflow_run": "https://github.com/bpsip-jabar/situs/actions/runs/7001",
            "remote_id": rid,
            "remote_published_at": f"2026-11-{live}Z",
            "title": title or f"Judul {slug}",
            "link": f"{SITE}/2026/11/{slug}/",
        }
        if url is None:
            url = f"https://{platform}.example/{rid}"
        if url:
            fields["url"] = url
        self.log("published", slug, platform, logged, **fields)


def build(root: Path) -> Built:
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    (root / "office.yml").write_text(OFFICE, encoding="utf-8")
    (root / "README.md").write_text("Situs Balai Contoh\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Awal", who=("Admin Teknis", "it@bpsip-jabar.example"))
    m = Month(root)
    sha = m.built.sha

    # 1. Clean: approved by the head, published once everywhere, within every standard.
    c = m.branch("panen-raya", SITI, "2026-11-20T14:00:00+07:00")
    m.merge("panen-raya", "2026-11-23T08:30:00+07:00")
    m.reviews(
        "panen-raya",
        "23T01:36:00",
        "23T01:00:00",
        "23T01:30:00",
        [(ADMIN, "sesuai", "23T01:10:00", c), (HEAD, "sesuai", "23T01:25:00", c)],
    )
    ok = [("kepala-balai-contoh", c), ("admin-medsos-contoh", c)]
    for platform, live, logged in (
        ("website", "23T01:35:00", "23T01:36:00"),
        ("facebook", "23T01:40:00", "23T01:41:00"),
        ("instagram", "23T01:45:00", "23T01:46:00"),
        ("x", "23T01:48:00", "23T01:49:00"),
        ("tiktok", "23T01:50:00", "23T01:52:00"),
    ):
        url = f"{SITE}/2026/11/panen-raya/" if platform == "website" else None
        m.published("panen-raya", platform, live, logged, ok, url=url)

    # 2. The head said "tidak sesuai"; only the Kepala Sub TU approved; merged anyway.
    c = m.branch("tanpa-persetujuan", BUDI, "2026-11-23T09:00:00+07:00")
    m.merge("tanpa-persetujuan", "2026-11-23T09:30:00+07:00")
    m.reviews(
        "tanpa-persetujuan",
        "23T02:41:00",
        "23T02:05:00",
        "23T02:30:00",
        [(HEAD, "tidak sesuai", "23T02:15:00", c), (KASUBTU, "sesuai", "23T02:20:00", c)],
    )
    m.published(
        "tanpa-persetujuan",
        "facebook",
        "23T02:40:00",
        "23T02:41:00",
        [("kasubtu-contoh", c)],
        title=TITLE,
    )

    # 3. A commit after the head's approval.
    c = m.branch("diubah-setelah-setuju", SITI, "2026-11-24T08:00:00+07:00")
    later = m.amend("diubah-setelah-setuju", SITI, "2026-11-24T08:25:00+07:00")
    m.merge("diubah-setelah-setuju", "2026-11-24T08:30:00+07:00")
    m.reviews(
        "diubah-setelah-setuju",
        "24T01:41:00",
        "24T01:05:00",
        "24T01:30:00",
        [(HEAD, "sesuai", "24T01:20:00", c)],
    )
    m.published(
        "diubah-setelah-setuju",
        "facebook",
        "24T01:40:00",
        "24T01:41:00",
        [("kepala-balai-contoh", c)],
        commit=later,
    )

    # 4. Facebook logged without its link; X sent, then nothing certain.
    c = m.branch("tautan-hilang", BUDI, "2026-11-24T08:40:00+07:00")
    m.merge("tautan-hilang", "2026-11-24T09:20:00+07:00")
    m.reviews(
        "tautan-hilang",
        "24T02:30:00",
        "24T02:00:00",
        "24T02:20:00",
        [(HEAD, "sesuai", "24T02:10:00", c)],
    )
    m.published(
        "tautan-hilang",
        "facebook",
        "24T02:29:00",
        "24T02:30:00",
        [("kepala-balai-contoh", c)],
        remote_id="1234_5678",
        url="",
    )
    m.log("claimed", "tautan-hilang", "x", "24T02:31:00", content_sha256="c-tautan-hilang")
    m.log(
        "checkpoint", "tautan-hilang", "x", "24T02:31:01", name="sending", value="create /2/tweets"
    )
    m.log("unknown", "tautan-hilang", "x", "24T02:32:00", message="batas waktu setelah terkirim")

    # 5. Facebook twice by two runs; X by the job and again by a person.
    c = m.branch("terbit-dua-kali", SITI, "2026-11-25T07:30:00+07:00")
    m.merge("terbit-dua-kali", "2026-11-25T08:20:00+07:00")
    m.reviews(
        "terbit-dua-kali",
        "25T01:30:00",
        "25T01:00:00",
        "25T01:20:00",
        [(HEAD, "sesuai", "25T01:15:00", c)],
    )
    app = [("kepala-balai-contoh", c)]
    m.published("terbit-dua-kali", "facebook", "25T01:29:00", "25T01:30:00", app, remote_id="111_1")
    m.published("terbit-dua-kali", "facebook", "25T01:39:00", "25T01:40:00", app, remote_id="111_2")
    m.published("terbit-dua-kali", "x", "25T01:30:00", "25T01:31:00", app, remote_id="186001")
    m.log(
        "resolved",
        "terbit-dua-kali",
        "x",
        "25T02:00:00",
        decision="published",
        by="admin-medsos-contoh",
        remote_id="186002",
        url="https://x.example/186002",
    )

    # 6. Every step late.
    c = m.branch("terlambat", BUDI, "2026-11-25T08:50:00+07:00")
    m.merge("terlambat", "2026-11-25T11:40:00+07:00")
    m.reviews(
        "terlambat",
        "25T08:00:00",
        "25T02:00:00",
        "25T04:40:00",
        [(ADMIN, "sesuai", "25T04:00:00", c), (HEAD, "sesuai", "25T04:30:00", c)],
    )
    m.published("terlambat", "facebook", "25T07:40:00", "25T08:00:00", [("kepala-balai-contoh", c)])

    records.append(root, m.built.events)
    git(root, "add", "records")
    git(
        root, "commit", "--quiet", "-m", "Catatan unggahan", who=BOT, at="2026-11-25T16:00:00+07:00"
    )
    assert sha  # every id is in m.built.sha
    return m.built


@pytest.fixture(scope="session")
def month_repo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Built once per session; tests only read it (copy it first to change anything)."""
    return build(tmp_path_factory.mktemp("audit") / "repo")


@pytest.fixture
def in_repo(month_repo: Built, monkeypatch: pytest.MonkeyPatch) -> Iterator[Built]:
    monkeypatch.chdir(month_repo.root)
    yield month_repo


@pytest.fixture
def repo_copy(month_repo: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Built:
    """A private copy of the month's repository, as the current directory."""
    root = tmp_path / "repo"
    shutil.copytree(month_repo.root, root)
    monkeypatch.chdir(root)
    return Built(root=root, sha=dict(month_repo.sha), events=list(month_repo.events))


@pytest.fixture(scope="session")
def month_audit(month_repo: Built) -> Audit:
    """The month's audit, collected once."""
    root = month_repo.root
    config, _ = load_config(root)
    events = records.read(root)
    return scope.collect(root, config, events, scope.month_posts(events, MONTH), MONTH)


def findings_of(audit: Audit, slug: str) -> list[tuple[str, str]]:
    return [(f.code, f.platform) for f in audit.findings if f.post == post(slug)]
