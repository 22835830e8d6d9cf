"""The bad-input corpus (docs/publishing-model.md §7): every case gives its code, its line, a
message with a fix, and nothing crashes. One `pipeline check` run covers all cases."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.make_corpus import Case, build

PROJECT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Case], dict[str, Any], str]:
    root = tmp_path_factory.mktemp("corpus")
    cases = build(root / "content")
    shutil.copy(PROJECT / "office.yml", root / "office.yml")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    posts = {
        post["path"].removeprefix("content/").removesuffix("/index.md"): post
        for post in report["posts"]
    }
    return cases, posts, done.stderr


def test_at_least_thirty_cases(corpus: tuple[list[Case], dict[str, Any], str]) -> None:
    cases, _, _ = corpus
    assert len([c for c in cases if c.code]) >= 30


def test_nothing_crashes(corpus: tuple[list[Case], dict[str, Any], str]) -> None:
    _, _, stderr = corpus
    assert "Traceback" not in stderr


def test_every_case_gives_its_code_line_and_fix(
    corpus: tuple[list[Case], dict[str, Any], str],
) -> None:
    cases, posts, _ = corpus
    failures = []
    for case in cases:
        post = posts.get(case.folder)
        if post is None:
            failures.append(f"{case.name}: not checked")
            continue
        errors = {p["code"] for p in post["problems"] if p["severity"] == "error"}
        matching = [p for p in post["problems"] if p["code"] == case.code]
        if not case.code:
            if errors:
                failures.append(f"{case.name}: expected no error, got {sorted(errors)}")
            continue
        if not matching:
            failures.append(
                f"{case.name}: expected {case.code}, got {[p['code'] for p in post['problems']]}"
            )
            continue
        if case.severity == "error" and errors != {case.code}:
            failures.append(f"{case.name}: errors {sorted(errors)}, expected only {case.code}")
        if case.severity == "warning" and errors:
            failures.append(f"{case.name}: warning case has errors {sorted(errors)}")
        if case.line is not None and case.line not in [p["line"] for p in matching]:
            failures.append(
                f"{case.name}: {case.code} on line "
                f"{[p['line'] for p in matching]}, expected {case.line}"
            )
        if case.field and case.field not in [p["field"] for p in matching]:
            failures.append(
                f"{case.name}: {case.code} on field "
                f"{[p['field'] for p in matching]}, expected {case.field}"
            )
        for problem in matching:
            # A file-level problem names the file itself (a stray file, a symlink).
            inside = problem["path"].startswith(f"content/{case.folder}/")
            if not (problem["message"] and problem["fix"] and inside):
                failures.append(f"{case.name}: incomplete message {problem}")
    assert failures == [], "\n".join(failures)
