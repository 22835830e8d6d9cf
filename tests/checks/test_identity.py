"""Every post has an id, and no two posts share one (`pipeline check`)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pipeline.commands import check
from tests.conftest import BASE_FRONT, codes, run_check, write_post


def text(*paths: str, lang: str = "id") -> tuple[int, str]:
    out = io.StringIO()
    code = check.run(list(paths), fmt="text", lang=lang, jobs=1, out=out)
    return code, out.getvalue()


def test_a_post_without_an_id_is_refused_with_its_fix(repo: Path) -> None:
    write_post(repo, "tanpa-id", front="id: sementara\n" + BASE_FRONT)
    index = repo / "content/posts/2026/11/tanpa-id/index.md"
    index.write_text(index.read_text().replace("id: sementara\n", ""), encoding="utf-8")
    code, report = run_check()
    assert code == 1 and codes(report) == ["POST_ID_MISSING"]
    code, shown = text()
    assert "content/posts/2026/11/tanpa-id/index.md:2: id:" in shown
    assert "pipeline id content/posts/2026/11/tanpa-id/index.md" in shown
    assert "run 'pipeline id" in text(lang="en")[1]


def test_a_copied_post_keeping_the_id_is_refused_naming_both_files(repo: Path) -> None:
    first = write_post(repo, "asli")
    copy = first.parent / "salinan"
    shutil.copytree(first, copy)
    code, shown = text(str(copy))  # only the copy is checked: the original is still found
    assert code == 1
    assert "POST_ID_DUPLICATE" not in shown  # people read words, not codes
    assert "content/posts/2026/11/salinan/index.md" in shown
    assert "juga dipakai content/posts/2026/11/asli/index.md" in shown
    code, report = run_check()
    assert code == 1 and codes(report) == ["POST_ID_DUPLICATE", "POST_ID_DUPLICATE"]


def test_different_ids_pass_and_a_bad_id_is_named(repo: Path) -> None:
    write_post(repo, "satu")
    write_post(repo, "dua")
    assert run_check()[0] == 0
    write_post(repo, "tiga", front=BASE_FRONT + "id: Bukan Id!\n")
    code, report = run_check()
    assert code == 1 and "POST_ID_MISSING" not in codes(report)
    assert any(p["field"] == "id" for post in report["posts"] for p in post["problems"])


def test_a_renamed_markdown_file_is_still_checked_and_refused_for_its_name(repo: Path) -> None:
    """The site would publish `panen.md` as a post: check sees it, with its id, and names it."""
    folder = write_post(repo, "panen")
    (folder / "index.md").rename(folder / "panen.md")
    code, shown = text()
    assert code == 1 and "content/posts/2026/11/panen/panen.md" in shown
    assert "index.md" in shown  # the fix: where a post belongs
