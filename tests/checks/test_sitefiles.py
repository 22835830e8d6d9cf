"""content/ beyond the posts (issue 12, classes 2 and 3): stray files, symlinks (on disk and as
Git mode 120000), the authors file and the pages' front matter are refused by `pipeline check`
with exit 1, naming the file, the line and the field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_check, write_post

PROJECT = Path(__file__).parent.parent.parent

AUTHORS = """\
authors:
  humas:
    name: Tim Humas
    description: Pranata Hubungan Masyarakat
    avatar: assets/avatars/humas.svg
"""


@pytest.fixture
def site_repo(repo: Path) -> Path:
    shutil.copy(PROJECT / "office.yml", repo / "office.yml")
    shutil.copytree(PROJECT / "overrides", repo / "overrides")
    (repo / "content" / ".authors.yml").write_text(AUTHORS, encoding="utf-8")
    (repo / "content" / "index.md").write_text("---\ntitle: Beranda\n---\n\n# Beranda\n")
    return repo


def problems(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for post in report["posts"] for p in post["problems"]]


def errors_for(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [p for p in problems(report) if p["code"] == code and p["severity"] == "error"]


def test_the_repository_content_passes(site_repo: Path) -> None:
    write_post(site_repo)
    code, report = run_check()
    assert code == 0, problems(report)


@pytest.mark.parametrize(
    "name",
    [
        "peta.svg",
        "PETA.SVG",
        "halaman.htm",
        "halaman.html",
        "x.xhtml",
        "foto.jpg.htm",
        "foto.svg.gz",
        "app.js",
        "gaya.css",
        "app.js.map",
        "site.webmanifest",
        "LISENSI",
        ".htaccess",
        ".well-known",
        "lain.md",
        "x.xml",
    ],
)
def test_a_stray_file_in_a_post_folder_is_refused(site_repo: Path, name: str) -> None:
    folder = write_post(site_repo)
    (folder / name).write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    code, report = run_check()
    assert code == 1
    found = errors_for(report, "CONTENT_FILE_TYPE")
    assert [p["path"] for p in found] == [f"content/posts/2026/11/contoh/{name}"]
    assert name in str(found[0]["message"]) and found[0]["fix"]


@pytest.mark.parametrize(
    "rel",
    ["peta.svg", "assets/logo.svg", "stylesheets/x.css", "js/app.js", "foto.jpg", "x.html"],
)
def test_stray_files_elsewhere_in_content_are_refused(site_repo: Path, rel: str) -> None:
    path = site_repo / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff" if rel.endswith(".jpg") else b"<script>alert(1)</script>")
    code, report = run_check()
    assert code == 1
    assert [p["path"] for p in errors_for(report, "CONTENT_FILE_TYPE")] == [f"content/{rel}"]


@pytest.mark.parametrize(
    "target", ["/etc/passwd", "/etc", "..", "../../..", "../../../../../.git", "missing"]
)
def test_a_symlink_anywhere_in_content_is_refused(site_repo: Path, target: str) -> None:
    folder = write_post(site_repo)
    (folder / "lampiran").symlink_to(target)
    (site_repo / "content" / "tautan.md").symlink_to(target)
    code, report = run_check()
    assert code == 1
    paths = sorted(p["path"] for p in errors_for(report, "CONTENT_SYMLINK"))
    assert paths == ["content/posts/2026/11/contoh/lampiran", "content/tautan.md"]


def test_a_hard_link_is_a_file_like_any_other(site_repo: Path) -> None:
    folder = write_post(site_repo)
    os.link(folder / "foto.jpg", folder / "foto-2.jpg")
    code, report = run_check()
    assert code == 0, problems(report)


def test_a_symlink_committed_on_another_os_is_refused_by_its_git_mode(site_repo: Path) -> None:
    """With core.symlinks=false (Windows) Git checks a link out as a small text file; the index
    still says mode 120000."""
    folder = write_post(site_repo)
    (folder / "catatan.jpg").write_text("/etc/passwd", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=site_repo, check=True)
    blob = (
        subprocess.run(
            [*git, "hash-object", "-w", "--stdin"],
            input=b"/etc/passwd",
            cwd=site_repo,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    rel = "content/posts/2026/11/contoh/catatan.jpg"
    subprocess.run(
        [*git, "update-index", "--add", "--cacheinfo", f"120000,{blob},{rel}"],
        cwd=site_repo,
        check=True,
    )
    code, report = run_check()
    assert code == 1
    assert [p["path"] for p in errors_for(report, "CONTENT_SYMLINK")] == [rel]


@pytest.mark.parametrize(
    ("line", "field", "code"),
    [
        ('    name: "Tim <img src=x onerror=alert(1)>"', "authors.humas.name", "TEXT_MARKUP"),
        ("    name: Tim &lt;script&gt;", "authors.humas.name", "TEXT_MARKUP"),
        (
            '    description: "\\uff1csvg onload=alert(1)"',
            "authors.humas.description",
            "TEXT_MARKUP",
        ),
        ("    description: x expression(alert(1))", "authors.humas.description", "TEXT_MARKUP"),
        ('    url: "javascript:alert(1)"', "authors.humas.url", "AUTHOR_LINK_INVALID"),
        ("    url: http://pertanian.go.id", "authors.humas.url", "AUTHOR_LINK_INVALID"),
        ('    url: "https://x.example/\\"><script>"', "authors.humas.url", "AUTHOR_LINK_INVALID"),
        ("    avatar: https://evil.example/a.png", "authors.humas.avatar", "AUTHOR_LINK_INVALID"),
        ("    avatar: ../../etc/passwd", "authors.humas.avatar", "AUTHOR_LINK_INVALID"),
        (
            "    avatar: 'data:image/svg+xml,<svg onload=x>'",
            "authors.humas.avatar",
            "AUTHOR_LINK_INVALID",
        ),
        ("    avatar: assets/avatars/tidak-ada.svg", "authors.humas.avatar", "AUTHOR_LINK_INVALID"),
        ("    style: color:red", "authors.humas.style", "AUTHORS_INVALID"),
    ],
)
def test_the_authors_file_is_named_with_its_line_and_field(
    site_repo: Path, line: str, field: str, code: str
) -> None:
    write_post(site_repo)
    lines = AUTHORS.splitlines()
    key = line.split(":")[0]
    lines = [row for row in lines if row.split(":")[0] != key] + [line]
    (site_repo / "content" / ".authors.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, report = run_check(lang="en")
    assert status == 1
    found = [p for p in problems(report) if p["code"] == code]
    assert len(found) == 1, problems(report)
    assert found[0]["path"] == "content/.authors.yml"
    assert found[0]["field"] == field and found[0]["line"] == len(lines)
    assert found[0]["fix"]


def test_a_page_title_with_markup_is_refused(site_repo: Path) -> None:
    write_post(site_repo)
    page = site_repo / "content" / "tentang.md"
    page.write_text("---\ntitle: Tentang <b>kami</b>\n---\n\nIsi.\n", encoding="utf-8")
    code, report = run_check()
    assert code == 1
    [found] = errors_for(report, "TEXT_MARKUP")
    assert (found["path"], found["line"], found["field"]) == ("content/tentang.md", 2, "title")


def test_the_cli_exits_1_and_names_the_file(site_repo: Path) -> None:
    folder = write_post(site_repo)
    (folder / "peta.svg").write_text("<svg><script>alert(1)</script></svg>", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check"],
        cwd=site_repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        check=False,
    )
    assert done.returncode == 1
    assert "content/posts/2026/11/contoh/peta.svg: file 'peta.svg'" in done.stdout
    assert "Traceback" not in done.stderr


def test_content_itself_as_a_symlink_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "elsewhere"
    (real / "posts").mkdir(parents=True)
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(PROJECT / "office.yml", root / "office.yml")
    (root / "content").symlink_to(real)
    monkeypatch.chdir(root)
    code, report = run_check()
    assert code == 1
    assert [p["path"] for p in errors_for(report, "CONTENT_SYMLINK")] == ["content"]


def test_a_linked_index_md_is_named_and_never_read(site_repo: Path) -> None:
    folder = site_repo / "content" / "posts" / "2026" / "11" / "tautan"
    folder.mkdir(parents=True)
    secret = site_repo / "rahasia.txt"
    secret.write_text("---\ntitle: RAHASIA-7f3a\n---\n\nIsi rahasia.\n", encoding="utf-8")
    (folder / "index.md").symlink_to(secret)
    code, report = run_check()
    assert code == 1
    paths = [p["path"] for p in errors_for(report, "CONTENT_SYMLINK")]
    assert paths == ["content/posts/2026/11/tautan/index.md"]
    assert "RAHASIA-7f3a" not in str(report)


def test_a_stray_svg_shown_in_the_story_is_still_refused(site_repo: Path) -> None:
    folder = write_post(site_repo, body="Peta lokasi.\n\n![Peta lokasi](peta.svg)\n")
    (folder / "peta.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    code, report = run_check()
    assert code == 1
    found = errors_for(report, "CONTENT_FILE_TYPE")
    assert [p["path"] for p in found] == ["content/posts/2026/11/contoh/peta.svg"]
