"""Validate loaded YAML against a schema record: every problem at once, each with its line.

Unknown keys are warnings that name the nearest known key; pydantic's errors are grouped by
field and turned into SCHEMA_* problems whose words come from `messages`.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from pipeline.errors import Problem
from pipeline.frontmatter import Document, KeyPath, dotted, type_word
from pipeline.messages import Phrase

T = TypeVar("T")

# What to write for a missing required key, shown in the fix.
EXAMPLES = {"title": '"Judul tulisan"', "date": "2026-11-20", "file": "foto-1.jpg", "kind": "photo"}

_TYPE_OF_ERROR = {
    "string_type": "text",
    "bool_type": "boolean",
    "int_type": "integer",
    "float_type": "number",
    "list_type": "list",
    "tuple_type": "list",
    "dataclass_type": "mapping",
    "dict_type": "mapping",
    "model_type": "mapping",
    "datetime_type": "datetime",
    "date_type": "date",
    "int_from_float": "integer",
}


def validate(
    doc: Document, adapter: TypeAdapter[T], record: type, path: str, nested: dict[str, type]
) -> tuple[T | None, list[Problem]]:
    """Build the record from `doc.data`, or return None with the problems that stop it."""
    data = doc.data or {}
    problems = list(_unknown_keys(data, record, (), doc, path, nested))
    try:
        return adapter.validate_python(data), problems
    except ValidationError as exc:
        problems.extend(_schema_problems(exc, doc, path))
        return None, problems


def _unknown_keys(
    data: object, record: type, at: KeyPath, doc: Document, path: str, nested: dict[str, type]
) -> list[Problem]:
    if not isinstance(data, dict):
        return []
    known: tuple[str, ...] = tuple(record.__dataclass_fields__)  # type: ignore[attr-defined]
    problems: list[Problem] = []
    for key, value in data.items():
        where = (*at, key)
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            suggest = (
                Phrase("did_you_mean", near[0]) if near else Phrase("known_keys", ", ".join(known))
            )
            problems.append(
                Problem(
                    code="UNKNOWN_KEY",
                    path=path,
                    line=doc.line_of(where),
                    field=dotted(where),
                    severity="warning",
                    params={"key": key, "suggest": suggest},
                )
            )
            continue
        child = nested.get(f"{record.__name__}.{key}")
        if child is None:
            continue
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            sub = where if index is None else (*where, index)
            problems.extend(_unknown_keys(item, child, sub, doc, path, nested))
    return problems


def _schema_problems(exc: ValidationError, doc: Document, path: str) -> list[Problem]:
    grouped: dict[KeyPath, list[dict[str, Any]]] = defaultdict(list)
    data = doc.data or {}
    for error in exc.errors():
        where = _data_path(tuple(error["loc"]), data)
        if not any(where[:n] in doc.flagged for n in range(len(where) + 1)):
            grouped[where].append(dict(error))
    problems = []
    for where, errors in grouped.items():
        problems.append(_one_problem(where, errors, doc, path, data))
    return problems


def _data_path(loc: tuple[Any, ...], data: object) -> KeyPath:
    """Drop the union-member names pydantic inserts, keeping keys that exist in the data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and (part in node or part == loc[-1]):
            out.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            out.append(part)
            node = node[part] if part < len(node) else None
    return tuple(out)


def _one_problem(
    where: KeyPath, errors: list[dict[str, Any]], doc: Document, path: str, data: object
) -> Problem:
    line = doc.line_of(where)
    field = dotted(where)
    first = errors[0]
    kind = first["type"]
    value = first.get("input")
    key = str(where[-1]) if where else ""

    def problem(code: str, **params: object) -> Problem:
        return Problem(code=code, path=path, line=line, field=field, params=params)

    if kind == "missing" or (value is None and kind.endswith("_type")):
        return problem(
            "SCHEMA_MISSING",
            key=key,
            example=EXAMPLES.get(key, "..."),
            empty=Phrase("but_empty") if kind != "missing" else "",
        )
    if kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        lowered = {c.lower(): c for c in choices}
        near = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=0.5)
        return problem(
            "SCHEMA_CHOICE",
            value=str(value),
            choices=", ".join(choices),
            suggest=Phrase("or_did_you_mean", lowered[near[0]]) if near else "",
        )
    if kind in _LIMITS:
        ctx = first.get("ctx", {})
        limit: object
        if kind in ("too_short", "too_long"):
            limit = Phrase("items", ctx.get("min_length", ctx.get("max_length")))
            value = len(value) if isinstance(value, list) else value
        else:
            limit = f"{_LIMITS[kind]} {next(iter(ctx.values()), '')}"
        return problem("SCHEMA_RANGE", value=value, limit=limit)
    if kind == "string_pattern_mismatch":
        return problem(
            "SCHEMA_FORMAT", value=value, pattern=first.get("ctx", {}).get("pattern", "")
        )
    expected = list(dict.fromkeys(_TYPE_OF_ERROR.get(e["type"], "value") for e in errors))
    got = type_word(value)
    return problem("SCHEMA_TYPE", expected=expected, got=got, example=_example(expected, value))


_LIMITS = {
    "greater_than_equal": "≥",
    "less_than_equal": "≤",
    "greater_than": ">",
    "less_than": "<",
    "too_short": "",
    "too_long": "",
}


def _example(expected: list[str], value: object) -> object:
    """A concrete rewrite of the writer's own value, when one is obvious."""
    if "list" in expected and isinstance(value, str):
        items = [v.strip().lstrip("#") for v in re.split(r"[,\s]+", value) if v.strip("# ")]
        return Phrase("example", "[" + ", ".join(items) + "]")
    if {"date", "datetime"} & set(expected) and isinstance(value, str):
        iso = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value.strip())
        if iso:
            day, month, year = iso.groups()
            return Phrase("example", f"{year}-{int(month):02d}-{int(day):02d}")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value.strip()):
            return Phrase("unquote")
    if "datetime" in expected and type_word(value) == "date":
        return Phrase("needs_time", f"{value}T09:00:00+07:00")
    return ""
