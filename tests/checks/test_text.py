from __future__ import annotations

from pathlib import Path

from tests.conftest import BASE_FRONT, codes, run_check, write_post


def front(social: str) -> str:
    return BASE_FRONT.replace(
        'social:\n  platforms: [facebook]\n  caption: "Keterangan singkat untuk media sosial."\n',
        social,
    )


def test_x_at_280_passes_and_281_fails(repo: Path) -> None:
    write_post(repo, "pas", front=front(f'social:\n  platforms: [x]\n  caption: "{"a" * 280}"\n'))
    write_post(repo, "lebih", front=front(f'social:\n  platforms: [x]\n  caption: "{"a" * 281}"\n'))
    code, report = run_check()
    by_path = {p["path"].split("/")[-2]: p["problems"] for p in report["posts"]}
    assert by_path["pas"] == []
    (problem,) = by_path["lebih"]
    assert problem["code"] == "TEXT_TOO_LONG" and problem["line"] == 8
    assert problem["field"] == "social.caption"
    assert "281" in problem["message"] and "lebih 1" in problem["message"]
    assert code == 1


def test_override_is_counted_and_pointed_at(repo: Path) -> None:
    social = (
        'social:\n  platforms: [x, instagram]\n  caption: "Panjang"\n'
        "  hashtags: [a, b, c, d, e, f]\n"
        f'  x: {{caption: "{"b" * 300}", hashtags: []}}\n'
    )
    write_post(repo, front=front(social))
    _, report = run_check()
    problems = {(p["code"], p["field"], p["line"]) for p in report["posts"][0]["problems"]}
    assert problems == {
        ("TEXT_TOO_LONG", "social.x.caption", 10),
        ("TEXT_TOO_MANY_HASHTAGS", "social.hashtags", 9),
    }


def test_hidden_characters_have_line_and_column(repo: Path) -> None:
    write_post(
        repo,
        front=BASE_FRONT.replace("title: Contoh tulisan", 'title: "Contoh \\u202etulisan"'),
        body="Baris satu\nBaris\u200b dua\n",
    )
    _, report = run_check()
    found = [(p["code"], p["line"], p["message"]) for p in report["posts"][0]["problems"]]
    assert found[0][:2] == ("TEXT_BIDI_CONTROL", 1 + 1)
    assert "karakter ke-8 dalam nilainya" in found[0][2]
    assert found[1][:2] == ("TEXT_INVISIBLE_CHAR", 14)


def test_missing_caption(repo: Path) -> None:
    write_post(repo, front=front("social:\n  platforms: [facebook]\n"))
    assert codes(run_check()[1]) == ["CAPTION_MISSING"]


def test_hashtags_are_words_and_platforms_listed_once(repo: Path) -> None:
    social = (
        'social:\n  platforms: [x, x]\n  caption: "Keterangan."\n'
        '  hashtags: ["Pertanian Maju", "", PertanianMaju, pertanianmaju]\n'
    )
    write_post(repo, front=front(social))
    _, report = run_check()
    found = sorted((p["code"], p["field"]) for p in report["posts"][0]["problems"])
    assert found == [
        ("LIST_DUPLICATE", "social.hashtags[3]"),
        ("LIST_DUPLICATE", "social.platforms[1]"),
        ("TEXT_HASHTAG_INVALID", "social.hashtags[0]"),
        ("TEXT_HASHTAG_INVALID", "social.hashtags[1]"),
    ]


def test_tiktok_photo_title_limit(repo: Path) -> None:
    long_title = "Judul " * 20
    social = 'social:\n  platforms: [tiktok]\n  caption: "Keterangan."\n'
    write_post(repo, front=front(social).replace("title: Contoh tulisan", f"title: {long_title}"))
    _, report = run_check()
    (problem,) = report["posts"][0]["problems"]
    assert (problem["code"], problem["field"]) == ("TEXT_TOO_LONG", "title")
    assert "social.tiktok.title" in problem["fix"]


def test_escaped_character_position_is_in_the_value(repo: Path) -> None:
    write_post(repo, front=BASE_FRONT.replace('alt: "Petani di sawah"', 'alt: "Petani\\u200b"'))
    _, report = run_check()
    (problem,) = report["posts"][0]["problems"]
    assert (
        problem["field"] == "media[0].alt"
        and "karakter ke-7 dalam nilainya" in (problem["message"])
    )


def test_line_break_only_allowed_in_captions(repo: Path) -> None:
    write_post(repo, front=BASE_FRONT.replace("title: Contoh tulisan", 'title: "Satu\\nDua"'))
    _, report = run_check()
    assert [(p["code"], p["field"]) for p in report["posts"][0]["problems"]] == [
        ("TEXT_CONTROL_CHAR", "title")
    ]
