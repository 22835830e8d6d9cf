"""The JSON Lines of records/: every line-break character stays on its line, a line is what
ends in b"\\n", and every damaged line is named by file and line instead of stopping a reader."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from pipeline import jsonl
from pipeline.errors import PipelineError
from pipeline.inbox import records as inbox
from pipeline.publish import records

POST = "content/posts/2026/11/a/index.md"
# Every character some common reader takes for a line break, and the other controls.
BREAKS = [chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]]


def published(title: str, post: str = POST, platform: str = "facebook") -> dict[str, object]:
    return {
        "event": "published",
        "post": post,
        "platform": platform,
        "remote_id": "1",
        "url": "https://facebook.example/1",
        "title": title,
        "at_utc": "2026-11-25T03:00:00Z",
    }


@pytest.mark.parametrize("char", BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_line_break_character_in_a_title_stays_on_its_line(tmp_path: Path, char: str) -> None:
    title = f"Panen{char}raya"
    records.append(tmp_path, [published(title), published("kedua", platform="x")])
    data = (tmp_path / "records/uploads/2026-11.jsonl").read_bytes()
    text = data.decode("utf-8")
    assert text.count("\n") == 2 and len(text.splitlines()) == 2  # any reader sees 2 lines
    assert all(unicodedata.category(c) not in ("Cc", "Zl", "Zp") for c in text.replace("\n", ""))
    events = records.read(tmp_path)
    assert [e["title"] for e in events] == [title, "kedua"]


def test_a_lone_surrogate_is_no_character_and_no_crash(tmp_path: Path) -> None:
    records.append(tmp_path, [published("a\udc80b")])
    assert records.read(tmp_path)[0]["title"] == "a\ufffdb"
    path = tmp_path / records.FOLDER / "2026-11.jsonl"
    path.write_bytes(path.read_bytes() + _line(published("c\ud800d")))  # by hand: escaped
    (damage,) = records.load(tmp_path).damage
    assert (damage.problem.code, damage.problem.field) == ("LOG_FIELD_TYPE", "title")


def _write(root: Path, text: bytes, folder: Path = records.FOLDER) -> Path:
    path = root / folder / "2026-11.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return path


def _line(event: dict[str, object]) -> bytes:
    return (json.dumps(event) + "\n").encode()


GOOD = _line(published("baik"))
AT = "2026-11-25T03:00:00Z"
DAMAGED = {
    "missing field": (_line({"event": "published", "platform": "x", "at_utc": AT}), "LOG_FIELD_MISSING"),  # noqa: E501
    "null time": (_line({**published("t"), "at_utc": None}), "LOG_FIELD_TYPE"),
    "wrong type": (_line({**published("t"), "post": 7}), "LOG_FIELD_TYPE"),
    "not a time": (_line({**published("t"), "at_utc": "kemarin"}), "LOG_FIELD_TYPE"),
    "list": (b"[1, 2]\n", "LOG_NOT_OBJECT"),
    "not json": (b"{not json\n", "LOG_JSON"),
    "NaN": (b'{"event": "published", "x": NaN}\n', "LOG_JSON"),
    "duplicate key": (b'{"post": "a", "post": "b"}\n', "LOG_DUPLICATE_KEY"),
    "not utf-8": (b'{"event": "published", "title": "\xff\xfe"}\n', "LOG_ENCODING"),
    "unknown event": (_line({**published("t"), "event": "hapus"}), "LOG_EVENT_UNKNOWN"),
    "no checkpoint name": (_line({**published("t"), "event": "checkpoint"}), "LOG_FIELD_MISSING"),
}  # fmt: skip


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_line_is_named_and_the_others_are_read(tmp_path: Path, name: str) -> None:
    bad, code = DAMAGED[name]
    _write(tmp_path, GOOD + bad + GOOD)
    reading = records.load(tmp_path)
    assert len(reading.events) == 2
    (damage,) = reading.damage
    assert (damage.problem.code, damage.where) == (code, "records/uploads/2026-11.jsonl:2")
    with pytest.raises(PipelineError, match=r"records/uploads/2026-11.jsonl:2: "):
        records.read(tmp_path)
    with pytest.raises(PipelineError):
        records.fold(records.read(tmp_path))


def test_a_truncated_last_line_is_named_and_the_next_append_starts_a_new_line(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, GOOD + GOOD[:40])
    (damage,) = records.load(tmp_path).damage
    assert damage.problem.code == "LOG_TRUNCATED" and damage.where.endswith(":2")
    records.append(tmp_path, [published("sesudah")])
    assert path.read_bytes().count(b"\n") == 3
    reading = records.load(tmp_path)
    assert [e["title"] for e in reading.events] == ["baik", "sesudah"]
    assert [d.where for d in reading.damage] == ["records/uploads/2026-11.jsonl:2"]


def test_a_byte_order_mark_and_windows_line_ends_are_read(tmp_path: Path) -> None:
    _write(tmp_path, b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n") + b"\r\n" + GOOD)
    assert len(records.read(tmp_path)) == 2


def test_a_last_line_without_its_newline_that_is_whole_is_read(tmp_path: Path) -> None:
    _write(tmp_path, GOOD + GOOD.rstrip(b"\n"))
    assert len(records.read(tmp_path)) == 2


def test_what_a_damaged_line_may_concern() -> None:
    cut = b'{"at_utc": "2026-11-25T03:00:00Z", "event": "published", "platform": "x", "po'
    (damage,) = jsonl.read_file(_tmp_file(cut), "f", records.SCHEMA).damage
    assert damage.may_concern(post=POST, platform="x")
    assert damage.may_concern(post="content/posts/other/index.md", platform="x")
    assert not damage.may_concern(post=POST, platform="facebook")


def _tmp_file(data: bytes) -> Path:
    import tempfile

    handle = tempfile.NamedTemporaryFile(delete=False, suffix=".jsonl")  # noqa: SIM115
    handle.write(data)
    handle.close()
    return Path(handle.name)


def test_the_comment_log_reads_the_same_way(tmp_path: Path) -> None:
    comment = {
        "event": "comment",
        "platform": "facebook",
        "post": POST,
        "comment_id": "c1",
        "text": "Terima kasih\u2028\u0085\u2029Pak",
        "at_utc": "2026-11-25T03:00:00Z",
    }
    inbox.append(tmp_path, [comment])
    path = tmp_path / inbox.FOLDER / "2026-11.jsonl"
    sent = b'{"event": "sent", "platform": "x", "at_utc": "2026-11-25T04:00:00Z"}\n'
    path.write_bytes(path.read_bytes() + sent)
    reading = inbox.load(tmp_path)
    assert [e["text"] for e in reading.events] == [comment["text"]]
    (damage,) = reading.damage
    assert damage.problem.code == "LOG_FIELD_MISSING" and damage.problem.field == "comment_id"
    assert damage.may_concern(platform="x", comment_id="anything")


# --- every reader, as a real `pipeline` process ----------------------------------------------
PROJECT = Path(__file__).parent.parent
# Separators and controls that str.splitlines(), JavaScript or an editor take for a line end.
HOSTILE = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\r\n\x00\x7f\x9f"
MONTH = "2026-11"


def _hostile_repo(root: Path) -> dict[str, list[int]]:
    """A repository whose logs hold every separator in a title, a review and a comment, and
    damaged lines of each kind; returns the damaged line numbers per log file."""
    import shutil
    import subprocess

    shutil.copy(PROJECT / "office.yml", root / "office.yml")
    stamp = {"at_utc": "2026-11-25T03:00:00Z", "at_local": "2026-11-25T10:00:00+07:00"}
    review = {"event": "disposition", "post": POST, "platform": "review", "pr": 1, **stamp}
    review |= {"verdict": "tidak sesuai", "reviewed_at": "2026-11-25T01:00:00Z", "commit": "a" * 40}
    records.append(
        root,
        [
            {**published(f"Panen{HOSTILE}raya"), **stamp, "pr": 1, "commit": "a" * 40},
            review | {"review_id": 1, "reviewer": "kepala-balai-contoh"}
            | {"jabatan": ["kepala_balai"], "reason": f"foto{HOSTILE}buram"},
            review | {"review_id": 2, "reviewer": "orang-luar", "jabatan": []}
            | {"verdict": "sesuai", "reason": ""},
        ],
    )  # fmt: skip
    inbox.append(
        root,
        [
            {
                "event": "comment",
                "platform": "facebook",
                "post": POST,
                "remote_id": "1",
                "comment_id": "c1",
                "author": f"warga{HOSTILE}",
                "text": f"Kapan{HOSTILE}panen?",
                "created_at": "2026-11-26T02:00:00Z",
                "link": "https://www.facebook.com/1?comment_id=c1",
                "parent_id": "",
                **stamp,
            }
        ],
    )
    uploads_log = root / records.FOLDER / f"{MONTH}.jsonl"
    inbox_log = root / inbox.FOLDER / f"{MONTH}.jsonl"
    bad_uploads = [bad for name, (bad, _) in DAMAGED.items() if name != "list"] + [GOOD[:50]]
    bad_inbox = [
        b'{"event": "comment", "platform": "x", "at_utc": null}\n',
        b'{"event": "sent", "pl',
    ]
    damaged = {}
    for path, bad in ((uploads_log, bad_uploads), (inbox_log, bad_inbox)):
        first = path.read_bytes().count(b"\n") + 1
        path.write_bytes(path.read_bytes() + b"".join(bad))
        damaged[path.relative_to(root).as_posix()] = list(range(first, first + len(bad)))
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "log"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    return damaged


def _pipeline(root: Path, *args: str) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PIPELINE_NOW": "2026-11-27T03:00:00Z"}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


COMMANDS = {
    "report": (["report", MONTH], 0),
    "audit": (["audit", "--month", MONTH], 1),
    "inventory": (["inbox", "inventory"], 0),
    "digest": (["inbox", "digest", "--day", "2026-11-26"], 0),
    "fetch": (["inbox", "fetch", "--no-push"], 1),  # 1: no platform token here, named
}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_reader_names_each_damaged_line_and_goes_on(tmp_path: Path, name: str) -> None:
    damaged = _hostile_repo(tmp_path)
    args, expected = COMMANDS[name]
    code, printed = _pipeline(tmp_path, *args)
    assert "Traceback" not in printed and code == expected, printed
    readers = {"inventory": "inbox", "digest": "inbox"}
    for where, numbers in damaged.items():
        if name != "audit" or "uploads" in where:
            for number in numbers:
                assert f"{where}:{number}:" in printed, (where, number, printed)
    if name == "audit":
        assert "Tinjauan dari luar `roles`" in printed and "orang-luar" in printed
        assert "foto buram" in printed  # the review text, on its one line
    if readers.get(name) == "inbox":
        shown = next((tmp_path / "build" / "inbox").glob("*.md")).read_text(encoding="utf-8")
        assert all(c not in shown for c in HOSTILE if c != "\n")


def test_deep_nesting_and_a_linked_file_are_damage_not_a_crash(tmp_path: Path) -> None:
    _write(tmp_path, GOOD + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    (tmp_path / records.FOLDER / "2026-12.jsonl").symlink_to("/dev/zero")
    (tmp_path / records.FOLDER / "2027-01.jsonl").mkdir()
    reading = records.load(tmp_path)
    assert len(reading.events) == 1
    assert [(d.problem.code, d.where) for d in reading.damage] == [
        ("LOG_JSON", "records/uploads/2026-11.jsonl:2"),
        ("LOG_NOT_FILE", "records/uploads/2026-12.jsonl"),
        ("LOG_NOT_FILE", "records/uploads/2027-01.jsonl"),
    ]
