"""`pipeline run` ends with the report for the sample content, made from the trial's log into
build/report/trial/ and never into content/laporan/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.commands import report, run
from pipeline.publish import records
from pipeline.report import pdf
from tests.report.conftest import MONTH, OFFICE, month_log


def test_sample_report_from_trial_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    (tmp_path / "office.yml").write_text(OFFICE, encoding="utf-8")
    trial = tmp_path / "build/trial"
    trial.mkdir(parents=True)
    records.append(trial, month_log().uploads)
    assert run.trial_months(tmp_path) == [MONTH]
    assert run.sample_report() == 0
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert [p for p in made if not p.startswith("build/trial/")] == [
        "build/report/trial/2026-11-unggahan-mingguan.svg",
        "build/report/trial/2026-11-waktu-sop.svg",
        "build/report/trial/2026-11.csv",
        "build/report/trial/2026-11.html",
        "build/report/trial/2026-11.md",
        "office.yml",
    ]
    shown = capsys.readouterr().out
    assert "Laporan bulanan contoh (dari log ujicoba): build/report/trial/2026-11.html" in shown
    page = (tmp_path / "build/report/trial/2026-11.md").read_text(encoding="utf-8")
    assert "| Unggahan | 10 |" in page


def test_no_trial_log_no_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run.trial_months(tmp_path) == []
    assert run.sample_report() == 0
    assert not (tmp_path / "build").exists()


def test_records_and_output_default_to_the_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    records.append(elsewhere, month_log().uploads)
    out = io.StringIO()
    assert report.run(MONTH, out=out, records=elsewhere) == 0
    assert "10 unggahan" in out.getvalue()
    assert (tmp_path / "content/laporan/2026-11.md").is_file()
    assert (tmp_path / "build/report/2026-11.html").is_file()
