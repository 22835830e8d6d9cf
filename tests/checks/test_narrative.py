from __future__ import annotations

import pytest

from pipeline.checks.narrative import check_narrative


def found(body: str) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in check_narrative(body, 10, "index.md")]


def test_clean_markdown() -> None:
    body = (
        "Paragraf dengan [tautan](https://pertanian.go.id) dan [surel](mailto:a@b.id).\n\n"
        "## Judul {: #panen .penting }\n\n![Foto](foto.jpg)\n\n```\n<script>kode</script>\n```\n"
    )
    assert found(body) == []


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [
        ("", "BODY_EMPTY", 9),
        ("  \n\n", "BODY_EMPTY", 9),
        ("Teks\n\n<script>alert(1)</script>\n", "MD_RAW_HTML", 12),
        ("Teks <img src=x onerror=alert(1)> lagi\n", "MD_RAW_HTML", 10),
        ('<iframe src="https://x.example"></iframe>\n', "MD_RAW_HTML", 10),
        ("a\n<!-- tersembunyi -->\n", "MD_RAW_HTML", 11),
        ('## Judul {: onmouseover="alert(1)" }\n', "MD_ATTR_FORBIDDEN", 10),
        ("[x](javascript:alert(1))\n", "MD_URL_SCHEME", 10),
        ("baris\nlain [x](JaVaScRiPt:alert(1))\n", "MD_URL_SCHEME", 11),
        ("[x](jav&#x61;script:alert(1))\n", "MD_URL_SCHEME", 10),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)\n", "MD_URL_SCHEME", 10),
        ("[x](vbscript:msgbox)\n", "MD_URL_SCHEME", 10),
        ("[x](//evil.example/a)\n", "MD_URL_SCHEME", 10),
        ("![x](file:///etc/passwd)\n", "MD_URL_SCHEME", 10),
    ],
)
def test_refused(body: str, code: str, line: int) -> None:
    assert found(body) == [(code, line)]


def test_open_and_close_tag_on_one_line_is_one_problem() -> None:
    assert found("Teks <b>tebal</b> biasa\n") == [("MD_RAW_HTML", 10)]


def test_story_images_are_post_files_with_alt(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "peta.jpg").write_bytes(b"x")
    body = "![Peta lokasi](peta.jpg)\n\n![](peta.jpg)\n\n![x](tidak-ada.jpg)\n\n![x](https://x.id/a.jpg)\n"
    found = [(p.code, p.line) for p in check_narrative(body, 1, "index.md", folder)]
    assert found == [("ALT_MISSING", 3), ("MEDIA_NOT_FOUND", 5), ("MEDIA_REF_INVALID", 7)]


def test_only_a_rule_is_not_a_story() -> None:
    assert found("---\n") == [("BODY_EMPTY", 9)]
