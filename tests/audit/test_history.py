"""Reading Git: the writer, the merge that landed a commit, byte changes in a post's folder,
and ids from the log never reaching Git as options."""

from __future__ import annotations

import pytest

from pipeline.audit import history
from tests.audit.conftest import BUDI, Built, git, post

FOLDER = "content/posts/2026/11/diubah-setelah-setuju"


def test_writer_is_the_author_of_the_commit_that_added_the_post(month_repo: Built) -> None:
    found = history.writer(month_repo.root, post("panen-raya"))
    assert found == history.Commit(
        sha=month_repo.sha["panen-raya"],
        name="Siti Aminah",
        email="siti@bpsip-jabar.example",
        at="2026-11-20T14:00:00+07:00",
    )
    assert history.writer(month_repo.root, post("tidak-ada")) is None


def test_a_later_editor_is_not_the_writer(month_repo: Built) -> None:
    found = history.writer(month_repo.root, f"{FOLDER}/index.md")
    assert found is not None and found.sha == month_repo.sha["diubah-setelah-setuju"]


def test_a_moved_post_keeps_its_writer(repo_copy: Built) -> None:
    """A date fix moves the folder; the person who moved it did not write the post."""
    root = repo_copy.root
    moved = post("panen-raya").replace("/2026/11/", "/2026/12/")
    (root / moved).parent.parent.mkdir(parents=True, exist_ok=True)
    folder = post("panen-raya").removesuffix("/index.md")
    git(root, "mv", folder, moved.removesuffix("/index.md"))
    git(root, "commit", "--quiet", "-m", "Tanggal", who=BUDI, at="2026-12-01T08:00:00+07:00")
    found = history.writer(root, moved)
    assert found is not None and found.name == "Siti Aminah"


def test_landed_finds_the_merge_of_the_pull_request(month_repo: Built) -> None:
    root, sha = month_repo.root, month_repo.sha
    merge = history.landed(root, sha["diubah-setelah-setuju"])
    assert merge is not None
    assert (merge.sha, merge.name, merge.at) == (sha["M3"], "GitHub", "2026-11-24T08:30:00+07:00")
    assert history.landed(root, sha["diubah-setelah-setuju+"]) == merge
    main_line = history.landed(root, sha["M6"])  # on the main line itself
    assert main_line is not None and main_line.sha == sha["M6"]
    assert history.landed(root, "0" * 40) is None
    short = history.landed(root, sha["diubah-setelah-setuju"][:10])
    assert short == merge


def test_a_commit_never_merged_has_not_landed(repo_copy: Built) -> None:
    root = repo_copy.root
    git(root, "checkout", "--quiet", "-b", "post/draf")
    (root / "draf.md").write_text("draf\n")
    git(root, "add", "draf.md")
    git(root, "commit", "--quiet", "-m", "Draf", who=BUDI, at="2026-11-26T08:00:00+07:00")
    draft = history.head(root)
    git(root, "checkout", "--quiet", "main")
    assert history.known(root, draft)
    assert history.landed(root, draft) is None


def test_changed_files_between_two_commits(month_repo: Built) -> None:
    root, sha = month_repo.root, month_repo.sha
    before, after = sha["diubah-setelah-setuju"], sha["diubah-setelah-setuju+"]
    assert history.changed(root, before, after, FOLDER) == ("index.md",)
    assert history.changed(root, after, sha["M3"], FOLDER) == ()
    assert history.changed(root, before, "0" * 40, FOLDER) is None


def test_a_changed_photo_counts_too(repo_copy: Built) -> None:
    root = repo_copy.root
    folder = "content/posts/2026/11/terlambat"
    (root / folder / "foto.jpg").write_bytes(b"\xff\xd8other\xff\xd9")
    git(root, "commit", "--quiet", "-am", "Ganti foto", who=BUDI, at="2026-11-26T08:00:00+07:00")
    head = history.head(root)
    assert history.changed(root, repo_copy.sha["terlambat"], head, folder) == ("foto.jpg",)


@pytest.mark.parametrize("text", ["--output=/tmp/x", "HEAD", "abc", "main", "-1", "a" * 65])
def test_ids_from_the_log_must_be_hex(month_repo: Built, text: str) -> None:
    assert not history.is_sha(text)
    assert not history.known(month_repo.root, text)
    assert history.committed(month_repo.root, text) is None
    assert history.changed(month_repo.root, text, history.head(month_repo.root), ".") is None


def test_dirty_sees_uncommitted_log_lines(repo_copy: Built, month_repo: Built) -> None:
    assert not history.dirty(month_repo.root, "records")
    (repo_copy.root / "records" / "uploads" / "2026-12.jsonl").write_text("{}\n")
    assert history.dirty(repo_copy.root, "records")
