"""Strict YAML: split a Markdown file into front matter and body, and load YAML safely.

PyYAML's safe loader still reads `NO` as false, `1:30` as 90, keeps the last of two equal keys,
and follows anchors and merge keys a reviewer cannot see. We compose the node tree (safe, no
objects built), then build plain values ourselves, refusing all of that and remembering the
line of every key and item, so that later checks can say `path:line: field`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

from pipeline.errors import Problem
from pipeline.messages import Phrase
from pipeline.unicode_scan import Finding

Key = str | int
KeyPath = tuple[Key, ...]

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = SafeConstructor()
_AMBIGUOUS_INT = re.compile(r"^[-+]?(0[0-7_]+|0[xob][0-9a-fA-F_]+|[0-9]+_[0-9_]*)$")
_TRUE_FALSE = {"true", "false"}


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a value starts in the file: 1-based line and column, and its YAML style."""

    line: int
    column: int
    style: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A loaded file: the YAML data (None when unreadable), the marks, the body, the problems."""

    data: dict[str, object] | None
    marks: dict[KeyPath, Mark] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: tuple[Problem, ...] = ()
    flagged: frozenset[KeyPath] = frozenset()
    source: str = ""  # the YAML text as read (control characters masked)
    first_line: int = 1  # the file line of the source's first line

    def line_of(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.marks:
                return self.marks[path].line
            path = path[:-1]
        return self.marks[()].line if () in self.marks else None


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with the BOM dropped and line ends normalised, or a TEXT_ENCODING problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = f"0x{raw[exc.start]:02X}"
        return None, [
            Problem(
                code="TEXT_ENCODING",
                path=path,
                line=line,
                params={"byte": byte, "offset": exc.start},
            )
        ]
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


# The office's zone for the DATETIME_NO_OFFSET example: (offset, name), WIB unless told.
Zone = tuple[str, str]
WIB: Zone = ("+07:00", "WIB")


def load_markdown(text: str, path: str, zone: Zone = WIB) -> Document:
    """Split `---` front matter from the Markdown body and load the front matter strictly."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document(
            data=None, body=text, problems=(Problem(code="FM_MISSING", path=path, line=1),)
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problem = Problem(code="FM_UNCLOSED", path=path, line=1)
        return Document(data=None, problems=(problem,))
    yaml_text = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :])
    return load_yaml(yaml_text, path, first_line=2, body=body, body_line=end + 2, zone=zone)


def load_yaml(
    text: str,
    path: str,
    *,
    first_line: int = 1,
    body: str = "",
    body_line: int = 1,
    zone: Zone = WIB,
) -> Document:
    """Load one YAML mapping strictly; `first_line` is the file line of the text's first line."""
    text, controls = _mask_controls(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return Document(
            data=None,
            body=body,
            body_line=body_line,
            problems=(_syntax_problem(exc, text, path, first_line),),
        )
    builder = _Builder(path, first_line - 1, zone)
    if ("&" in text or "*" in text) and _has_anchors(text):
        builder.problem("YAML_ALIAS_FORBIDDEN", (), first_line + _anchor_line(text), False)
    if root is None:
        data: object = {}
        builder.marks[()] = Mark(first_line, 1)
    else:
        data = builder.build(root, ())
    if not isinstance(data, dict):
        builder.problem("SCHEMA_TYPE", (), first_line, expected="mapping", got=type_word(data))
        data = None
    for line, column, char in controls:
        at = deepest_at(builder.marks, first_line + line)
        builder.problem(
            "TEXT_CONTROL_CHAR",
            at,
            first_line + line,
            where=Phrase("at_column", column),
            char=Finding("TEXT_CONTROL_CHAR", 0, char).label,
        )
    return Document(
        data=data,
        marks=builder.marks,
        body=body,
        body_line=body_line,
        problems=tuple(builder.problems),
        flagged=frozenset(builder.flagged),
        source=text,
        first_line=first_line,
    )


# What the YAML reader refuses outright; masked so the rest of the file can still be read.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _mask_controls(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with control characters replaced by U+FFFD, and where each one was."""
    found = []
    for match in _UNREADABLE.finditer(text):
        before = text[: match.start()]
        found.append((before.count("\n"), match.start() - before.rfind("\n"), match.group()))
    return (_UNREADABLE.sub("\ufffd", text), found) if found else (text, [])


def deepest_at(marks: dict[KeyPath, Mark], line: int) -> KeyPath:
    on_line = [at for at, mark in marks.items() if mark.line == line and at[-1:] != ("",)]
    return max(on_line, key=len, default=())


def _open_quote_line(text: str, upto: int) -> int | None:
    """The first line before `upto` holding an odd number of unescaped '"', if any."""
    for number, row in enumerate(text.split("\n")[:upto]):
        if len(re.findall(r'(?<!\\)"', row.split(" #")[0])) % 2:
            return number
    return None


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str, first_line: int) -> Problem:
    context = str(getattr(exc, "context", "") or "")
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    quoted = "quoted" in context
    # An unclosed quote is noticed where the file ends; the writer must fix where it opened.
    mark = (context_mark if quoted else None) or problem_mark or context_mark
    line = first_line + mark.line if mark else first_line
    opened = _open_quote_line(text, mark.line if mark else 0)
    if opened is not None:  # a '"' left open earlier swallows the lines after it
        line, quoted = first_line + opened, True
    detail = str(getattr(exc, "problem", "") or exc).strip()
    rows = text.split("\n")
    row = rows[mark.line] if mark and mark.line < len(rows) else ""
    if "\t" in row or "'\\t'" in detail:
        hint = Phrase("tab")
    elif quoted:
        hint = Phrase("unclosed_quote")
    else:
        hint = Phrase("indentation")
    for english, key in _YAML_DETAILS.items():
        if detail.startswith(english):
            detail = Phrase(key)  # type: ignore[assignment]
            if key == "colon_in_value":
                hint = Phrase("quote_colon")
            break
    return Problem(
        code="YAML_SYNTAX", path=path, line=line, params={"detail": detail, "hint": hint}
    )


# PyYAML's words for the usual mistakes, translated through messages.PHRASES.
_YAML_DETAILS = {
    "found character that cannot start any token": "bad_start",
    "mapping values are not allowed": "colon_in_value",
    "did not find expected key": "expected_key",
    "found unexpected end of stream": "end_of_stream",
    "could not find expected ':'": "expected_colon",
    "found undefined alias": "undefined_alias",
    "expected <block end>, but found": "block_end",
}


def _has_anchors(text: str) -> bool:
    return any(_anchor_events(text))


def _anchor_line(text: str) -> int:
    return next(_anchor_events(text), 0)


def _anchor_events(text: str) -> Iterator[int]:
    for event in yaml.parse(text, Loader=_Loader):
        if (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)) and (
            event.start_mark is not None
        ):
            yield event.start_mark.line


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording marks and problems."""

    def __init__(self, path: str, offset: int, zone: Zone = WIB) -> None:
        self.zone = zone
        self.path = path
        self.offset = offset
        self.marks: dict[KeyPath, Mark] = {}
        self.problems: list[Problem] = []
        self.flagged: set[KeyPath] = set()
        self.seen: set[int] = set()  # composed nodes already built: a second visit is an alias

    def problem(
        self, code: str, at: KeyPath, line: int, flag: bool = True, /, **params: object
    ) -> None:
        self.problems.append(
            Problem(code=code, path=self.path, line=line, field=dotted(at), params=params)
        )
        if flag:  # later schema errors at or below `at` would only repeat this problem
            self.flagged.add(at)

    def mark(self, node: yaml.Node) -> Mark:
        start = node.start_mark
        style = getattr(node, "style", None) or None
        return Mark(start.line + self.offset + 1, start.column + 1, style)

    def build(self, node: yaml.Node, at: KeyPath) -> object:
        mark = self.mark(node)
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            # An alias: never expand it (a self-reference or a billion laughs), say so once.
            if not any(p.code == "YAML_ALIAS_FORBIDDEN" for p in self.problems):
                self.problem("YAML_ALIAS_FORBIDDEN", at, mark.line)
            self.flagged.add(at)
            return None
        self.seen.add(id(node))
        self.marks.setdefault(at, mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _YAML + "seq":
                self.problem("YAML_TAG_FORBIDDEN", at, mark.line, tag=node.tag)
            return [self.build(item, (*at, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # noqa: S101 - the third and last node kind
        return self._scalar(node, at, mark)

    def _mapping(self, node: yaml.MappingNode, at: KeyPath) -> dict[str, object]:
        if node.tag != _YAML + "map":
            self.problem("YAML_TAG_FORBIDDEN", at, self.mark(node).line, tag=node.tag)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            line = self.mark(key_node).line
            if key_node.tag == _YAML + "merge":
                self.problem("YAML_ALIAS_FORBIDDEN", at, line)
                continue
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            where = (*at, key)
            if key in result:
                self.problem(
                    "YAML_DUPLICATE_KEY", where, line, key=key, first=self.marks[where].line
                )
                continue
            self.marks[where] = Mark(
                line, self.mark(key_node).column, getattr(value_node, "style", None) or None
            )
            self.marks[(*where, "")] = self.mark(value_node)
            result[key] = self.build(value_node, where)
        return result

    def _scalar(self, node: yaml.ScalarNode, at: KeyPath, mark: Mark) -> object:
        tag, value, plain = node.tag, node.value, not node.style  # libyaml: '' when plain
        if tag not in _SCALAR_TAGS:
            self.problem("YAML_TAG_FORBIDDEN", at, mark.line, tag=tag)
            return value
        if tag == _YAML + "str" or tag == _YAML + "null":
            return None if tag == _YAML + "null" else value
        if tag == _YAML + "bool":
            parsed = _constructor.construct_yaml_bool(node)
            if plain and value.lower() not in _TRUE_FALSE:
                self.problem(
                    "YAML_IMPLICIT_BOOL", at, mark.line, value=value, parsed=str(parsed).lower()
                )
            return parsed
        if tag in (_YAML + "int", _YAML + "float"):
            return self._number(node, at, mark)
        try:
            stamp = _constructor.construct_yaml_timestamp(node)
        except ValueError:
            self.problem("YAML_INVALID_DATE", at, mark.line, value=value)
            return value
        if isinstance(stamp, dt.datetime) and stamp.tzinfo is None:
            self.problem(
                "DATETIME_NO_OFFSET",
                at,
                mark.line,
                value=value,
                example=f"{stamp.isoformat()}{self.zone[0]}",
                zone=self.zone[1],
            )
        return stamp

    def _number(self, node: yaml.ScalarNode, at: KeyPath, mark: Mark) -> object:
        value = node.value
        is_int = node.tag == _YAML + "int"
        parsed = (
            _constructor.construct_yaml_int(node)
            if is_int
            else _constructor.construct_yaml_float(node)
        )
        if ":" in value:
            self.problem("YAML_SEXAGESIMAL", at, mark.line, value=value, parsed=parsed)
        elif (
            _AMBIGUOUS_INT.match(value)
            if is_int
            else value.lower().lstrip("+-") in (".inf", ".nan")
        ):
            self.problem("YAML_AMBIGUOUS_NUMBER", at, mark.line, value=value, parsed=parsed)
        return parsed


def type_word(value: object) -> str:
    """A key of `messages.TYPE_WORDS` naming the kind of a loaded YAML value."""
    if isinstance(value, bool):
        return "boolean"
    for kind, word in (
        (dict, "mapping"),
        (list, "list"),
        (str, "text"),
        (int, "integer"),
        (float, "number"),
        (dt.datetime, "datetime"),
        (dt.date, "date"),
    ):
        if isinstance(value, kind):
            return word
    return "null" if value is None else "value"


def dotted(path: KeyPath) -> str:
    """('media', 0, 'file') -> 'media[0].file', the form writers see in messages."""
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        elif key:
            out += f".{key}" if out else key
    return out
