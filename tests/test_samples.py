"""The sample posts: marked twice (their folder and `sample: true`), a copy named by check, and
the sample office identity recognised."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.commands import check
from pipeline.config import load_config
from pipeline.post import load_post
from pipeline.samples import SAMPLE_POSTS, sample_accounts, sample_site
from tests.conftest import BASE_FRONT, PROJECT, codes, run_check, write_post


def test_every_shipped_sample_is_registered_and_marked() -> None:
    shipped = sorted(
        p.relative_to(PROJECT).as_posix() for p in (PROJECT / "content").rglob("index.md")
    )
    posts = [p for p in shipped if "/posts/" in p]
    assert sorted(SAMPLE_POSTS) == posts
    for rel in SAMPLE_POSTS:
        loaded = load_post(PROJECT / rel, PROJECT)
        assert loaded.post is not None and loaded.post.meta.sample, rel


def test_a_copied_sample_is_an_error_naming_the_line(repo: Path) -> None:
    write_post(repo, "salinan", BASE_FRONT + "sample: true\n")
    code, report = run_check()
    assert code == 1 and "SAMPLE_COPIED" in codes(report)
    problem = next(p for post in report["posts"] for p in post["problems"])
    assert problem["path"].endswith("salinan/index.md")
    assert (
        problem["line"] == BASE_FRONT.count("\n") + 2
    )  # after the "---" line and problem["field"] == "sample"
    out = io.StringIO()
    check.run([], out=out, jobs=1)
    assert "hapus baris 'sample: true'" in out.getvalue()


def test_a_shipped_sample_passes_check_and_false_is_no_mark(repo: Path) -> None:
    write_post(repo, SAMPLE_POSTS[3].split("/")[-2], BASE_FRONT + "sample: true\n")
    write_post(repo, "milik-kantor", BASE_FRONT + "sample: false\n")
    _, report = run_check()
    assert "SAMPLE_COPIED" not in codes(report), report


def test_the_sample_office_identity_is_recognised(tmp_path: Path) -> None:
    (tmp_path / "office.yml").write_text(
        (PROJECT / "office.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    config, _ = load_config(tmp_path)
    assert sample_site(config) == "office.site_url https://bpsip-jabar.example/"
    assert [f.split()[0] for f in sample_accounts(config)] == [
        "platforms.facebook.account_id",
        "platforms.instagram.account_id",
    ]
    for url in ("https://x.example.com/", "https://situs.invalid/", "https://a.test/"):
        text = (tmp_path / "office.yml").read_text(encoding="utf-8")
        (tmp_path / "office.yml").write_text(
            text.replace("https://bpsip-jabar.example/", url), encoding="utf-8"
        )
        assert sample_site(load_config(tmp_path)[0]), url
        (tmp_path / "office.yml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("url", ["https://bpsip-jabar.go.id/", "https://example.co.id/"])
def test_an_office_site_is_not_a_sample(tmp_path: Path, url: str) -> None:
    text = (PROJECT / "office.yml").read_text(encoding="utf-8")
    (tmp_path / "office.yml").write_text(
        text.replace("https://bpsip-jabar.example/", url), encoding="utf-8"
    )
    assert sample_site(load_config(tmp_path)[0]) == ""


def test_the_pipeline_command_lists_samples_remove() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "samples", "--help"],
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "remove" in done.stdout
