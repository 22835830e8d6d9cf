from __future__ import annotations

from pathlib import Path

from pipeline.media.cache import ProbeCache


def test_digest_is_remembered_by_stat(tmp_path: Path) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"hello")
    cache = ProbeCache(tmp_path)
    first = cache.digest(file)
    cache.put(first, "image", {"problems": []})
    cache.save()
    again = ProbeCache(tmp_path)
    assert again.digest(file) == first and not again.dirty
    assert again.get(first, "image") == {"problems": []}
    assert again.get(first, "video") is None


def test_changed_file_is_hashed_again(tmp_path: Path) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"hello")
    cache = ProbeCache(tmp_path)
    first = cache.digest(file)
    file.write_bytes(b"hello, world")
    assert cache.digest(file) != first


def test_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".cache" / "pipeline").mkdir(parents=True)
    (tmp_path / ".cache" / "pipeline" / "probe.json").write_text("{broken")
    assert ProbeCache(tmp_path).results == {}
