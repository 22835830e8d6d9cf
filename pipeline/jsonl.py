"""JSON Lines, the one format of every log under `records/`: how an event is written and read.

A line is what ends in b"\\n", and nothing else. Writers and readers agree on that here:

- Writing: one JSON object per line, keys sorted, UTF-8. Every character that a common reader
  takes for a line break (U+2028, U+2029, U+0085 NEL, the other C0 and C1 controls: Python's
  `str.splitlines()`, JavaScript's line terminators, editors, `grep`) and every lone surrogate
  is written as a `\\uXXXX` escape, so a title, a comment or a review holding one stays on its
  line. An append after a damaged last line (a killed run left no b"\\n") starts a new line.
- Reading: the bytes are split on b"\\n" only; each line is decoded (UTF-8, strictly), parsed
  (JSON object, no duplicate key, no NaN) and checked against the log's `Schema`. A line that
  fails is not an exception: it becomes a `Damage` (file, line, stable message code and what
  could still be read of it, such as its post and platform) and the reader carries on. Each
  caller decides what "nothing lost" means for it (publishing holds the pairs a damaged line
  may concern; reports name the line and go on).

Why not the `json` module's own reader or a JSON Lines library: they split with
`str.splitlines()` or accept any JSON value per line; the office's logs need the b"\\n" rule
and a named place for every damaged line.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import messages
from pipeline.errors import PipelineError, Problem

Event = dict[str, Any]

# Inside a JSON string only: json.dumps escapes C0 itself; DEL, C1 (NEL among them) and the
# Unicode line and paragraph separators it leaves raw with ensure_ascii off.
_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A lone surrogate (a platform's JSON may hold one) is no character: it cannot be written as
# UTF-8 by any later reader (a Markdown page, a CSV), so the log holds U+FFFD instead.
_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(event: Mapping[str, Any]) -> str:
    """One event as one line of text (without the b"\\n")."""
    text = json.dumps(
        dict(event), sort_keys=True, ensure_ascii=False, separators=(", ", ": "), allow_nan=False
    )
    text = _SURROGATE.sub("\ufffd", text)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def append(path: Path, events: Iterable[Mapping[str, Any]]) -> None:
    """Append events to `path`, one b"\\n"-terminated line each."""
    data = b"".join((dumps(e) + "\n").encode("utf-8") for e in events)
    if not data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        if handle.tell() and not _ends_with_newline(path):
            handle.write(b"\n")  # never glue a new event onto a damaged last line
        handle.write(data)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"


# --- reading --------------------------------------------------------------------------------
Check = Callable[[object], bool]


@dataclass(frozen=True, slots=True)
class Kind:
    """A field's type: its word for messages (messages.TYPE_WORDS) and the test."""

    words: tuple[str, ...]
    test: Check


def _time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


TEXT = Kind(("text",), lambda v: isinstance(v, str) and not _SURROGATE.search(v))
TIME = Kind(("datetime",), _time)
TIME_OR_EMPTY = Kind(("datetime", "empty"), lambda v: v == "" or _time(v))
INTEGER = Kind(("integer",), lambda v: isinstance(v, int) and not isinstance(v, bool))
BOOLEAN = Kind(("boolean",), lambda v: isinstance(v, bool))
LIST = Kind(("list",), lambda v: isinstance(v, list))
MAPPING = Kind(("mapping",), lambda v: isinstance(v, dict))
ID = Kind(("text", "integer"), lambda v: TEXT.test(v) or INTEGER.test(v))


def nullable(kind: Kind) -> Kind:
    return Kind((*kind.words, "null"), lambda v: v is None or kind.test(v))


@dataclass(frozen=True, slots=True)
class Schema:
    """What every event of one log must hold: `common` fields for all, `required` per event
    kind, `typed` fields checked only when present. Other fields pass (newer writers)."""

    name: str  # for messages: "log unggahan", "log komentar"
    events: tuple[str, ...]
    common: Mapping[str, Kind]
    required: Mapping[str, Mapping[str, Kind]] = field(default_factory=dict)
    typed: Mapping[str, Kind] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Damage:
    """One line that could not be taken as an event, and what could still be read of it."""

    problem: Problem
    hints: Mapping[str, str]  # top-level text fields recovered from the line (post, ...)

    @property
    def where(self) -> str:
        line = self.problem.line
        return self.problem.path + (f":{line}" if line else "")

    def may_concern(self, **wanted: str) -> bool:
        """Whether this line may be about the thing named (for example post=, platform=):
        a field the line still shows must match; a field it no longer shows may."""
        return all(self.hints.get(k, v) == v for k, v in wanted.items())


@dataclass(frozen=True, slots=True)
class Reading:
    events: list[Event]
    damage: tuple[Damage, ...] = ()


def describe(damage: Damage, lang: str = "id") -> str:
    """`file:line: field: problem (fix)`, in the office's language."""
    return messages.line(damage.problem, lang)


def warn(reading: Reading, say: Callable[[str], object], lang: str = "id") -> None:
    """Name every damaged line (readers that carry on: reports, audit, inbox, the site)."""
    for damage in reading.damage:
        say(describe(damage, lang))


def strict(reading: Reading, lang: str = "id") -> list[Event]:
    """The events, or a PipelineError naming every damaged line."""
    if reading.damage:
        raise PipelineError("\n".join(describe(d, lang) for d in reading.damage))
    return reading.events


def read_folder(root: Path, folder: Path, schema: Schema) -> Reading:
    """Every `*.jsonl` file of `root/folder` in name order (months), each line checked."""
    events: list[Event] = []
    damage: list[Damage] = []
    for path in sorted((root / folder).glob("*.jsonl")):
        where = path.relative_to(root).as_posix()
        if path.is_symlink() or not path.is_file():  # a log is a file Git holds, nothing else
            problem = Problem(code="LOG_NOT_FILE", path=where, params={"log": schema.name})
            damage.append(Damage(problem, {}))
            continue
        found = read_file(path, where, schema)
        events += found.events
        damage += found.damage
    return Reading(events, tuple(damage))


def read_file(path: Path, where: str, schema: Schema) -> Reading:
    events: list[Event] = []
    damage: list[Damage] = []
    pieces = path.read_bytes().removeprefix(codecs.BOM_UTF8).split(b"\n")  # an editor's BOM
    last = len(pieces)  # the piece after the final b"\n" is b"" in a whole file
    for number, raw in enumerate(pieces, 1):
        if not raw.strip():
            continue
        event, problem = _parse(raw, schema, unterminated=number == last)
        if problem is None:
            events.append(event)
        else:
            code, field_name, params = problem
            made = Problem(code=code, path=where, line=number, field=field_name, params=params)
            damage.append(Damage(made, _hints(raw, event)))
    return Reading(events, tuple(damage))


_Found = tuple[str, str, dict[str, object]]


def _parse(raw: bytes, schema: Schema, *, unterminated: bool) -> tuple[Event, _Found | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = f"0x{raw[exc.start]:02X}"
        return {}, ("LOG_ENCODING", "", {"byte": byte, "offset": exc.start, "log": schema.name})
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _Duplicate as exc:
        return {}, ("LOG_DUPLICATE_KEY", str(exc), {"log": schema.name})
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than a log's
        code = "LOG_TRUNCATED" if unterminated else "LOG_JSON"
        detail = getattr(exc, "msg", "") or str(exc) or exc.__class__.__name__
        return {}, (code, "", {"detail": detail, "log": schema.name})
    if not isinstance(value, dict):
        return {}, ("LOG_NOT_OBJECT", "", {"log": schema.name})
    return value, _validate(value, schema)


def _validate(event: Event, schema: Schema) -> _Found | None:
    kind = event.get("event")
    if kind not in schema.events:
        choices = ", ".join(schema.events)
        return "LOG_EVENT_UNKNOWN", "event", {"value": repr(kind), "choices": choices}
    wanted = {**schema.common, **schema.required.get(str(kind), {})}
    for name in wanted:
        if name not in event:
            return "LOG_FIELD_MISSING", name, {"log": schema.name, "event": kind, "field": name}
    for name, type_ in {**schema.typed, **wanted}.items():
        if name in event and not type_.test(event[name]):
            got = _word(event[name])
            return "LOG_FIELD_TYPE", name, {"expected": list(type_.words), "got": got}
    return None


def _word(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else "mapping"


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key twice: a reader would see one value and an auditor's tool the other."""
    made: dict[str, Any] = {}
    for key, value in pairs:
        if key in made:
            raise _Duplicate(key)
        made[key] = value
    return made


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_TEXT_FIELD = re.compile(rb'"(post|platform|comment_id|event)"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _hints(raw: bytes, event: Event) -> dict[str, str]:
    """Text fields of a damaged line: from the parsed object when it parsed (only values that
    are text), else read off the raw bytes (a truncated line keeps its first fields)."""
    if event:
        return {k: v for k, v in event.items() if k in _HINTS and isinstance(v, str)}
    found: dict[str, set[str]] = {}
    for match in _TEXT_FIELD.finditer(raw):
        try:
            value = json.loads(b'"' + match.group(2) + b'"')
        except ValueError:
            continue
        found.setdefault(match.group(1).decode(), set()).add(value)
    # Two different values for one key: the line cannot say which it was about (any).
    return {key: values.pop() for key, values in found.items() if len(values) == 1}


_HINTS = ("post", "platform", "comment_id", "event")
