"""The one exception type, and the record of one problem found in the input."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


class PipelineError(Exception):
    """A failure the user can fix; main() prints it without a traceback and exits 1."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One problem in one file: a stable code, where it is, and the values its message needs.

    The text (problem and fix, in Bahasa Indonesia or English) comes from `messages`, so the
    same record serves the terminal, JSON for CI and tests that assert on codes.
    """

    code: str
    path: str
    line: int | None = None
    field: str = ""
    severity: Severity = "error"
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.path, self.line or 0, self.field, self.code, repr(self.params))
