from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.frontmatter import decode, dotted, load_markdown, load_yaml


def problems(text: str) -> list[tuple[str, int | None, str]]:
    doc = load_yaml(text, "f.yml")
    return [(p.code, p.line, p.field) for p in doc.problems]


def test_plain_values_and_marks() -> None:
    doc = load_yaml("title: Panen\ntags: [a, b]\nmedia:\n  - {file: a.jpg}\n", "f.yml")
    assert doc.data == {"title": "Panen", "tags": ["a", "b"], "media": [{"file": "a.jpg"}]}
    assert doc.line_of(("media", 0, "file")) == 4
    assert doc.line_of(("tags", 1)) == 2
    assert doc.line_of(("nothing", "here")) == 1  # falls back to the nearest known parent


def test_duplicate_key_reports_second_line_and_first() -> None:
    doc = load_yaml("title: A\ndate: 2026-11-20\ntitle: B\n", "f.yml")
    assert [(p.code, p.line, p.params["first"]) for p in doc.problems] == [
        ("YAML_DUPLICATE_KEY", 3, 1)
    ]
    assert doc.data == {"title": "A", "date": dt.date(2026, 11, 20)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("draft: yes\n", "YAML_IMPLICIT_BOOL"),
        ("country: NO\n", "YAML_IMPLICIT_BOOL"),
        ("ok: on\n", "YAML_IMPLICIT_BOOL"),
        ("time: 1:30\n", "YAML_SEXAGESIMAL"),
        ("code: 0777\n", "YAML_AMBIGUOUS_NUMBER"),
        ("code: 0x1F\n", "YAML_AMBIGUOUS_NUMBER"),
        ("n: 12_000\n", "YAML_AMBIGUOUS_NUMBER"),
        ("x: .inf\n", "YAML_AMBIGUOUS_NUMBER"),
        ("date: 2026-02-30\n", "YAML_INVALID_DATE"),
        ("publish_at: 2026-11-21 09:00:00\n", "DATETIME_NO_OFFSET"),
        ('t: !!python/object/apply:os.system ["touch /tmp/pwned"]\n', "YAML_TAG_FORBIDDEN"),
        ("t: !!binary aGVsbG8=\n", "YAML_TAG_FORBIDDEN"),
        ("s: !!set {a, b}\n", "YAML_TAG_FORBIDDEN"),
        ("base: &b {x: 1}\nother: *b\n", "YAML_ALIAS_FORBIDDEN"),
        ("base: {x: 1}\nother:\n  <<: {x: 2}\n", "YAML_ALIAS_FORBIDDEN"),
        ("a:\n\tb: 1\n", "YAML_SYNTAX"),
        ('a: "open\n', "YAML_SYNTAX"),
    ],
)
def test_refused_yaml(text: str, code: str) -> None:
    assert code in [c for c, _, _ in problems(text)]


def test_true_false_and_quoted_values_are_fine() -> None:
    doc = load_yaml('draft: true\npin: false\ncountry: "NO"\ntime: "1:30"\n', "f.yml")
    assert doc.problems == ()
    assert doc.data == {"draft": True, "pin": False, "country": "NO", "time": "1:30"}


def test_aware_datetime_is_kept() -> None:
    doc = load_yaml("publish_at: 2026-11-21T09:00:00+07:00\n", "f.yml")
    assert doc.problems == ()
    value = doc.data["publish_at"] if doc.data else None
    assert isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(hours=7)


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    load_yaml(f't: !!python/object/apply:os.system ["touch {marker}"]\n', "f.yml")
    assert not marker.exists()


def test_syntax_error_names_line_and_tab_fix() -> None:
    doc = load_yaml("title: a\nsocial:\n\tplatforms: [x]\n", "f.yml", first_line=2)
    (problem,) = doc.problems
    assert problem.code == "YAML_SYNTAX" and problem.line == 4
    assert doc.data is None


def test_markdown_split_lines() -> None:
    doc = load_markdown("---\ntitle: A\n---\n\nBody\n", "index.md")
    assert doc.data == {"title": "A"}
    assert doc.line_of(("title",)) == 2
    assert doc.body.strip() == "Body" and doc.body_line == 4


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("title: A\n", "FM_MISSING"),
        ("---\ntitle: A\n\nBody\n", "FM_UNCLOSED"),
    ],
)
def test_markdown_without_front_matter(text: str, code: str) -> None:
    assert [p.code for p in load_markdown(text, "index.md").problems] == [code]


def test_decode_bom_crlf_and_bad_bytes() -> None:
    text, problems = decode("\ufefftitle: A\r\nx: b\r\n".encode(), "f")
    assert text == "title: A\nx: b\n" and problems == []
    text, problems = decode(b"title: A\nx: \xed\xa0\x80\n", "f")
    assert text is None
    assert [(p.code, p.line) for p in problems] == [("TEXT_ENCODING", 2)]


def test_dotted() -> None:
    assert dotted(("media", 0, "file")) == "media[0].file"
    assert dotted(("social", "x", "caption")) == "social.x.caption"


def test_recursive_alias_is_refused_not_followed() -> None:
    doc = load_yaml("description: &r [*r]\n", "f.yml")
    assert [p.code for p in doc.problems] == ["YAML_ALIAS_FORBIDDEN"]


def test_billion_laughs_is_not_expanded() -> None:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
    )
    doc = load_yaml(text, "f.yml")  # 10^9 items if expanded; returns at once
    assert [p.code for p in doc.problems] == ["YAML_ALIAS_FORBIDDEN"]


def test_colon_in_value_gets_a_translated_hint() -> None:
    from pipeline.messages import line

    (problem,) = load_yaml("title: Panen: naik\n", "f.yml").problems
    assert "beri tanda kutip" in line(problem)
    assert "mapping values" not in line(problem)


def test_raw_control_character_is_reported_on_its_field() -> None:
    doc = load_yaml("date: 2026-11-20\ntitle: Panen\x1b[31m\n", "f.yml")
    assert [(p.code, p.line, p.field) for p in doc.problems] == [("TEXT_CONTROL_CHAR", 2, "title")]
