"""`pipeline audit`: a month and a single post, golden Markdown and CSV, files written, exit
codes, and the mistakes a user can make on the command line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.commands import audit
from pipeline.errors import PipelineError
from tests.audit.conftest import Built, post

Golden = Callable[[str, str], None]


def run(target: str | None = None, month: str | None = None, lang: str | None = None):
    out = io.StringIO()
    code = audit.run(target, month=month, lang=lang, out=out)
    return code, out.getvalue()


def test_month_matches_golden_markdown_and_csv(in_repo: Built, golden: Golden) -> None:
    code, printed = run(month="2026-11")
    assert code == 1  # there are findings
    folder = in_repo.root / "build" / "audit"
    markdown = (folder / "2026-11.md").read_text(encoding="utf-8")
    assert printed == markdown
    golden("audit_2026-11.md", markdown)
    golden("audit_2026-11.csv", (folder / "2026-11.csv").read_text(encoding="utf-8"))


def test_month_in_english(in_repo: Built, golden: Golden) -> None:
    code, printed = run(month="2026-11", lang="en")
    assert code == 1
    golden("audit_2026-11_en.md", printed)
    csv = (in_repo.root / "build" / "audit" / "2026-11.csv").read_text(encoding="utf-8")
    assert csv.startswith("\ufeffpost,title,writer,")


def test_one_clean_post_exits_0(in_repo: Built) -> None:
    code, printed = run(post("panen-raya"))
    assert code == 0
    assert printed.startswith("# Audit jejak unggahan: content/posts/2026/11/panen-raya/index.md")
    assert "Tidak ada temuan." in printed
    written = in_repo.root / "build" / "audit" / "2026-11-panen-raya.md"
    assert written.read_text(encoding="utf-8") == printed
    rows = (written.with_suffix(".csv")).read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 5  # header + one row per platform


def test_post_given_as_its_folder(in_repo: Built) -> None:
    code, printed = run("content/posts/2026/11/tanpa-persetujuan/")
    assert code == 1
    assert "NO_HEAD_APPROVAL" in printed
    assert "panen-raya" not in printed


def test_month_without_posts_exits_0(in_repo: Built) -> None:
    code, printed = run(month="2026-10")
    assert code == 0
    assert "Tidak ada tulisan di log untuk cakupan ini." in printed


@pytest.mark.parametrize(
    ("target", "month", "words"),
    [
        (None, None, "sebutkan satu tulisan"),
        ("content/posts/2026/11/panen-raya/index.md", "2026-11", "sebutkan satu tulisan"),
        (None, "2026-13", "YYYY-MM"),
        (None, "11-2026", "YYYY-MM"),
        ("content/posts/2026/11/tidak-ada/index.md", None, "tidak ada di log"),
        ("/", None, "di luar repositori"),
    ],
)
def test_user_mistakes_are_errors(in_repo: Built, target, month, words: str) -> None:
    with pytest.raises(PipelineError, match=words):
        run(target, month)


def test_uncommitted_log_lines_are_pointed_out(repo_copy: Built) -> None:
    log = repo_copy.root / "records" / "uploads" / "2026-11.jsonl"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(log.read_text(encoding="utf-8").splitlines()[0] + "\n")
    _, printed = run(post("panen-raya"))
    assert "records/ berubah di folder kerja dan belum di-commit" in printed


def test_a_damaged_log_line_is_named_and_the_audit_goes_on(repo_copy: Built) -> None:
    log = repo_copy.root / "records" / "uploads" / "2026-11.jsonl"
    whole = log.read_text(encoding="utf-8")
    log.write_text(whole + "{not json\n", encoding="utf-8")
    number = whole.count("\n") + 1
    code, printed = run(month="2026-11")
    assert code == 1
    assert f"records/uploads/2026-11.jsonl:{number}: baris log unggahan bukan JSON" in printed
    assert "Jejak audit" in printed or "panen" in printed  # the audit itself is still written


def test_file_name_of_an_odd_path() -> None:
    assert audit._name("content/posts/2026/11/panen raya/index.md") == "2026-11-panen-raya"
    assert audit._name("index.md") == "tulisan"
    assert Path(audit._name("content/posts/../../x/index.md")).name == audit._name(
        "content/posts/../../x/index.md"
    )
