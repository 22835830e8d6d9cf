from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.media.sandbox import ALLOWED_ENV, ProbePool
from tests.conftest import photo


def test_answers_in_order(tmp_path: Path) -> None:
    files = [photo(tmp_path / f"{i}.jpg", (100 + i, 100)) for i in range(5)]
    with ProbePool(2) as pool:
        widths = [r["info"]["width"] for r in pool.run([(f, "image") for f in files])]
    assert widths == [100, 101, 102, 103, 104]


def test_a_hanging_file_times_out_and_the_pool_goes_on(tmp_path: Path) -> None:
    fifo = tmp_path / "hang.jpg"
    os.mkfifo(fifo)  # opening it for reading blocks forever: a stand-in for a decoder hang
    good = photo(tmp_path / "ok.jpg")
    with ProbePool(1, timeout=1.0) as pool:
        hung, fine = list(pool.run([(fifo, "image"), (good, "image")]))
    assert hung["problems"][0]["code"] == "MEDIA_TIMEOUT"
    assert fine["problems"] == []


def test_a_worker_sees_no_token_of_its_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decoder exploited by a writer's file reads its own /proc/self/environ: no secret."""
    monkeypatch.setenv("FACEBOOK_PAGE_TOKEN", "EAAB-page-token-7f3a9")
    monkeypatch.setenv("PIPELINE_SECRETS_TOKEN", "ghs_app-token-7f3a9")
    monkeypatch.setenv("SOMETHING_ELSE", "x")
    with ProbePool(1) as pool:
        list(pool.run([(photo(tmp_path / "a.jpg"), "image")]))
        worker = pool.workers[0]
        assert worker.alive()
        raw = Path(f"/proc/{worker.process.pid}/environ").read_bytes()
    names = {item.split(b"=", 1)[0].decode() for item in raw.split(b"\0") if item}
    assert b"7f3a9" not in raw
    assert names <= {*ALLOWED_ENV, "PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}
    assert "PATH" in names
