from __future__ import annotations

import pytest

from pipeline import main as main_module
from pipeline.main import _parser, main


def test_every_command_has_help() -> None:
    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, action in sub.choices.items():  # type: ignore[union-attr]
        assert action.description or sub._name_parser_map[name] is action  # type: ignore[attr-defined]
    helps = {a.dest: a.help for a in sub._choices_actions}  # type: ignore[attr-defined]
    assert set(helps) == {
        "check",
        "new",
        "id",
        "render",
        "run",
        "schema",
        "publish",
        "resolve",
        "comment",
        "setup",
        "audit",
        "codeowners",
        "inbox",
        "report",
    } and all(helps.values())


def test_internal_error_exits_3_without_hiding_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(args: object) -> int:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(main_module, "_dispatch", boom)
    assert main(["check"]) == 3
    err = capsys.readouterr().err
    assert "kaboom" in err and "kesalahan internal" in err
