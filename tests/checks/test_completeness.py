from __future__ import annotations

from pathlib import Path

from tests.conftest import BASE_FRONT, codes, photo, run_check, video, write_post


def media_front(platforms: str, items: list[str], extra: str = "") -> str:
    lines = "".join(f"\n  - {item}" for item in items) or " []"
    return (
        f'title: Uji\ndate: 2026-11-20\ncredit: "Foto: Humas"\nsocial:\n'
        f'  platforms: {platforms}\n  caption: "Keterangan."\n{extra}media:{lines}\n'
    )


def photos(folder: Path, count: int) -> list[str]:
    for i in range(count):
        photo(folder / f"f{i}.jpg", (320, 240))
    return [f'{{file: f{i}.jpg, kind: photo, alt: "Foto {i}"}}' for i in range(count)]


def post_with(
    repo: Path, platforms: str, n_photos: int, with_video: bool = False, extra: str = ""
) -> Path:
    folder = write_post(repo, front="", with_photo=False)
    items = photos(folder, n_photos)
    if with_video:
        video(folder / "v.mp4", seconds=3.2)
        (folder / "v.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nHalo\n")
        items.append('{file: v.mp4, kind: video, alt: "Video", captions: v.srt}')
    (folder / "index.md").write_text(
        f"---\n{media_front(platforms, items, extra)}id: test-media\n---\nNarasi.\n",
        encoding="utf-8",
    )
    return folder


VIDEO_ITEM = '  - {file: v.mp4, kind: video, alt: "Video"}\n'


def test_alt_credit_and_captions(repo: Path) -> None:
    folder = write_post(
        repo,
        front=BASE_FRONT.replace('alt: "Petani di sawah"', 'alt: ""').replace(
            'credit: "Foto: Tim Humas"\n', ""
        ),
    )
    video(folder / "v.mp4", seconds=1.2)
    text = (
        (folder / "index.md")
        .read_text()
        .replace("id: test-contoh\n", VIDEO_ITEM + "id: test-contoh\n", 1)
    )
    (folder / "index.md").write_text(text)
    code, report = run_check()
    problems = {(p["code"], p["severity"], p["line"]) for p in report["posts"][0]["problems"]}
    assert problems == {
        ("ALT_MISSING", "error", 9),
        ("CREDIT_MISSING", "error", 8),
        ("CAPTIONS_MISSING", "warning", 10),
        ("PLATFORM_MEDIA", "error", 8),
    }  # Facebook cannot mix photo and video
    assert code == 1


def test_warnings_only_exit_zero(repo: Path) -> None:
    folder = write_post(repo)
    photo(folder / "cadangan.jpg")  # an unused photo: a warning (a .txt is refused, issue 12)
    code, report = run_check()
    assert codes(report) == ["MEDIA_ORPHAN"] and code == 0


def test_x_takes_four_images(repo: Path) -> None:
    post_with(repo, "[x]", 5)
    assert codes(run_check()[1]) == ["PLATFORM_MEDIA"]


def test_x_media_override_chooses_four(repo: Path) -> None:
    post_with(repo, "[x]", 5, extra="  x: {media: [f0.jpg, f1.jpg, f2.jpg, f3.jpg]}\n")
    assert codes(run_check()[1]) == []


def test_instagram_needs_media(repo: Path) -> None:
    post_with(repo, "[instagram]", 0)
    assert codes(run_check()[1]) == ["MEDIA_REQUIRED"]


def test_instagram_carousel_of_eleven(repo: Path) -> None:
    post_with(repo, "[instagram]", 11)
    _, report = run_check()
    (problem,) = report["posts"][0]["problems"]
    assert problem["code"] == "PLATFORM_MEDIA" and "11 gambar, maksimal 10" in problem["message"]


def test_tiktok_cannot_mix(repo: Path) -> None:
    post_with(repo, "[tiktok]", 1, with_video=True)
    assert codes(run_check()[1]) == ["PLATFORM_MEDIA"]


def test_override_naming_unknown_file(repo: Path) -> None:
    post_with(repo, "[facebook]", 1, extra="  facebook: {media: [tidak-ada.jpg]}\n")
    _, report = run_check()
    (problem,) = report["posts"][0]["problems"]
    assert problem["field"] == "social.facebook.media" and "tidak-ada.jpg" in problem["message"]


def test_video_durations_per_platform(repo: Path) -> None:
    folder = post_with(repo, "[facebook, x]", 0, with_video=True)
    video(folder / "v.mp4", seconds=1.2)  # under Facebook Reels' 3 s, fine for X (0.5 s)
    _, report = run_check()
    (problem,) = report["posts"][0]["problems"]
    assert problem["message"].startswith(
        "Facebook: video 'v.mp4' berdurasi 1,2 detik, minimal 3 detik"
    )


def test_png_named_jpg_is_a_warning(repo: Path) -> None:
    folder = write_post(repo)
    photo(folder / "foto.jpg", format="PNG")
    code, report = run_check()
    assert codes(report) == ["MEDIA_EXTENSION_MISMATCH"] and code == 0


def test_listed_files_are_not_orphans_when_the_schema_fails(repo: Path) -> None:
    write_post(repo, front=BASE_FRONT.replace("kind: photo", "kind: foto"))
    assert codes(run_check()[1]) == ["SCHEMA_CHOICE"]


def test_date_outside_the_folder_month_is_a_warning(repo: Path) -> None:
    write_post(repo, front=BASE_FRONT.replace("date: 2026-11-20", "date: 2025-03-01"))
    code, report = run_check()
    (problem,) = report["posts"][0]["problems"]
    assert problem["code"] == "POST_DATE_MISMATCH" and problem["line"] == 3 and code == 0
