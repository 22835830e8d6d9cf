from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.commands import check
from pipeline.main import main
from tests.conftest import BASE_FRONT, run_check, write_post


def two_posts(repo: Path) -> None:
    write_post(repo, "panen-raya")
    write_post(
        repo,
        "bermasalah",
        front=BASE_FRONT.replace("title: Contoh tulisan\n", "titel: Contoh\n").replace(
            "  - {file: foto.jpg", "  - {file: ../foto.jpg"
        ),
        body="Teks <b>tebal</b>\n",
    )


def text_output(lang: str) -> str:
    out = io.StringIO()
    check.run([], lang=lang, jobs=1, out=out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_text_report_golden(repo: Path, golden: object, lang: str) -> None:
    two_posts(repo)
    golden(f"check_{lang}.txt", text_output(lang))  # type: ignore[operator]


def test_json_report_golden(repo: Path, golden: object) -> None:
    two_posts(repo)
    code, report = run_check()
    assert code == 1
    golden("check.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")  # type: ignore[operator]


def test_second_run_uses_the_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_post(repo)
    assert run_check()[0] == 0

    def no_probing(*args: object, **kwargs: object) -> None:
        raise AssertionError("probed again")

    monkeypatch.setattr("pipeline.checks.media.ProbePool", no_probing)
    assert run_check()[0] == 0


def test_paths_file_and_missing(repo: Path) -> None:
    folder = write_post(repo)
    code, report = run_check(str(folder / "foto.jpg"), "content/tidak-ada")
    assert [p["path"] for p in report["posts"]] == [
        "content/posts/2026/11/contoh/index.md",
        "content/tidak-ada",
    ]
    assert report["posts"][1]["problems"][0]["code"] == "PATH_NOT_FOUND"
    assert code == 1


def test_pages_are_not_posts(repo: Path) -> None:
    (repo / "content" / "index.md").write_text("# Beranda\n")
    code, report = run_check()
    assert report["summary"]["posts"] == 0 and code == 0


def test_bad_office_config_is_reported(repo: Path) -> None:
    write_post(repo)
    (repo / "office.yml").write_text("office:\n  timezone: Asia/Bali\n  nama: x\n")
    code, report = run_check()
    config = report["posts"][0]
    assert config["path"] == "office.yml"
    assert {(p["code"], p["line"]) for p in config["problems"]} == {
        ("SCHEMA_CHOICE", 2),
        ("UNKNOWN_KEY", 3),
    }
    assert code == 1


def test_cli_exit_codes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_post(repo)
    assert main(["check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["ok"] == 1


def test_naive_datetime_fix_uses_the_office_zone(repo: Path) -> None:
    (repo / "office.yml").write_text("office:\n  timezone: Asia/Makassar\n")
    write_post(repo, front=BASE_FRONT + "publish_at: 2026-11-21 09:00:00\n")
    _, report = run_check()
    (problem,) = [
        p for post in report["posts"] for p in post["problems"] if p["severity"] == "error"
    ]
    assert problem["code"] == "DATETIME_NO_OFFSET" and problem["line"] == 11
    assert "2026-11-21T09:00:00+08:00 (WITA)" in problem["fix"]


def test_no_posts_found_says_so(repo: Path) -> None:
    (repo / "content" / "posts" / "2026" / "12").mkdir(parents=True)
    out = io.StringIO()
    assert check.run(["content/posts/2026/12"], out=out) == 0
    assert "Tidak ada tulisan ditemukan di content/posts/2026/12." in out.getvalue()


def test_titles_are_printed_safely(repo: Path) -> None:
    write_post(repo, front=BASE_FRONT.replace("title: Contoh tulisan", 'title: "A\\e[2JB"'))
    out = io.StringIO()
    check.run([], out=out)
    assert "\x1b" not in out.getvalue() and "— A�[2JB" in out.getvalue()


def test_same_post_given_twice_is_checked_once(repo: Path) -> None:
    folder = write_post(repo)
    _, report = run_check(str(folder), str((folder / "index.md").resolve()))
    assert report["summary"]["posts"] == 1


def test_broken_config_does_not_turn_platforms_off(repo: Path) -> None:
    write_post(repo)
    (repo / "office.yml").write_text("platforms:\n  x: {enabled: yes}\n")
    _, report = run_check()
    assert [p["code"] for p in report["posts"][1]["problems"]] == []
