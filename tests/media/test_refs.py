from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.media.refs import RefError, collisions, resolve, unsafe_name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    post = tmp_path / "post"
    post.mkdir()
    (post / "foto.jpg").write_bytes(b"x")
    (post / "sub").mkdir()
    (post / "sub" / "b.jpg").write_bytes(b"x")
    return post


def test_plain_and_nested_names(folder: Path) -> None:
    assert resolve("foto.jpg", folder) == folder / "foto.jpg"
    assert resolve("sub/b.jpg", folder) == folder / "sub" / "b.jpg"


@pytest.mark.parametrize(
    ("ref", "code", "reason"),
    [
        ("../../.github/workflows/publish.yml", "MEDIA_REF_INVALID", "ref_dots"),
        ("/etc/passwd", "MEDIA_REF_INVALID", "ref_absolute"),
        ("https://x.example/y.jpg", "MEDIA_REF_INVALID", "ref_url"),
        ("C:\\x.jpg", "MEDIA_REF_INVALID", "ref_url"),
        ("data:image/png;base64,AAAA", "MEDIA_REF_INVALID", "ref_url"),
        ("~/foto.jpg", "MEDIA_REF_INVALID", "ref_absolute"),
        ("sub//b.jpg", "MEDIA_REF_INVALID", "ref_dots"),
        ("-i.jpg", "PATH_INVALID", "name_dash"),
        (";rm -rf ~.jpg", "PATH_INVALID", "name_special"),
        ("con.jpg", "PATH_INVALID", "name_reserved"),
        ("", "MEDIA_REF_INVALID", "ref_empty"),
    ],
)
def test_refused(folder: Path, ref: str, code: str, reason: str) -> None:
    assert resolve(ref, folder) == RefError(code, reason)


def test_missing_file_suggests_nearest(folder: Path) -> None:
    assert resolve("fotoo.jpg", folder) == RefError("MEDIA_NOT_FOUND", suggest="foto.jpg")


def test_symlinks_are_refused(folder: Path) -> None:
    (folder / "leak.jpg").symlink_to("/etc/hostname")
    (folder / "dir").symlink_to(folder.parent)
    assert resolve("leak.jpg", folder) == RefError("MEDIA_SYMLINK")
    assert resolve("dir/post/foto.jpg", folder) == RefError("MEDIA_SYMLINK")


def test_collisions(tmp_path: Path) -> None:
    for name in ("Photo.jpg", "photo.jpg", "cafe\u0301.jpg", "caf\u00e9.jpg"):
        (tmp_path / name).write_bytes(b"x")
    assert len(collisions(tmp_path)) == 2


def test_nfd_names_are_unsafe() -> None:
    assert unsafe_name("cafe\u0301.jpg") == "name_nfc"
    assert unsafe_name("panen-1.jpg") == ""
