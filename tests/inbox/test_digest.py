"""The daily digest for superiors (SOP 1 step 1.9): golden Markdown and the command."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pipeline.commands import inbox as command
from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.inbox import digest
from pipeline.inbox import records as inbox
from tests.inbox import sample


def test_golden_digest(golden: Callable[[str, str], None]) -> None:
    text = digest.render(
        Config(),
        sample.events(),
        sample.uploads(),
        sample.MONDAY_0740,
        sample.title,
        date(2026, 11, 27),
    )
    golden("inbox_laporan.md", text)


def test_a_quiet_day_still_reports(golden: Callable[[str, str], None]) -> None:
    text = digest.render(Config(), [], [], sample.MONDAY_0740, sample.title)
    assert "Senin, 30 November 2026" in text
    assert "| **Jumlah** | **0** | **0** | **0** | **0** |" in text
    assert text.count("Tidak ada.") == 2


def test_the_command_writes_the_day_and_checks_the_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inbox.append(tmp_path, sample.events())
    out = io.StringIO()
    env = {"PIPELINE_NOW": "2026-11-30T00:40:00Z"}
    assert command.digest(day="2026-11-26", out=out, env=env) == 0
    assert (tmp_path / "build" / "inbox" / "laporan-2026-11-26.md").is_file()
    assert "| X | 2 | 1 | 1 | 0 |" in out.getvalue()
    with pytest.raises(PipelineError):
        command.digest(day="kemarin", out=io.StringIO(), env=env)
