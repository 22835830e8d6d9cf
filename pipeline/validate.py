"""Validate loaded YAML against a schema record: every problem at once, each with its line.

Unknown keys are warnings that name the nearest known key; pydantic's errors are grouped by
field and turned into SCHEMA_* problems whose words come from `messages`.
"""

from __future__ import annotations

import difflib
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
    if kind == "missing":
        key = str(where[-1]) if where else ""
        return Problem(
            code="SCHEMA_MISSING",
            path=path,
            line=line,
            field=field,
            params={"key": key, "example": EXAMPLES.get(key, "...")},
        )
    if kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        value = str(first.get("input"))
        near = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
        return Problem(
            code="SCHEMA_CHOICE",
            path=path,
            line=line,
            field=field,
            params={
                "value": value,
                "choices": ", ".join(choices),
                "suggest": Phrase("or_did_you_mean", near[0]) if near else "",
            },
        )
    if kind in (
        "greater_than_equal",
        "less_than_equal",
        "too_short",
        "too_long",
        "greater_than",
        "less_than",
    ):
        ctx = first.get("ctx", {})
        limit = ", ".join(f"{k} {v}" for k, v in ctx.items() if k != "actual_length")
        return Problem(
            code="SCHEMA_RANGE",
            path=path,
            line=line,
            field=field,
            params={"value": first.get("input"), "limit": limit},
        )
    if kind == "string_pattern_mismatch":
        return Problem(
            code="SCHEMA_FORMAT",
            path=path,
            line=line,
            field=field,
            params={
                "value": first.get("input"),
                "pattern": first.get("ctx", {}).get("pattern", ""),
            },
        )
    expected = [w for w in dict.fromkeys(_TYPE_OF_ERROR.get(e["type"], "value") for e in errors)]
    got = type_word(first.get("input"))
    example = ""
    if "list" in expected and got == "text":
        example = f", mis. [{first.get('input')}]"
    return Problem(
        code="SCHEMA_TYPE",
        path=path,
        line=line,
        field=field,
        params={"expected": expected, "got": got, "example": example},
    )
