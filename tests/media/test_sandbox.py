from __future__ import annotations

import os
from pathlib import Path

from pipeline.media.sandbox import ProbePool
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
