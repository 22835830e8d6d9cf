from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import main as main_module
from pipeline.main import _parser, main
from pipeline.publish.standins.x import XStandIn

ROOT = Path(__file__).resolve().parent.parent


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
        "samples",
        "tokens",
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


def test_the_inbox_refreshes_a_rotating_token_once_per_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A job holds the refresh token it started with, and X takes each one once: `fetch`
    then `send` (as inbox.yml may run them) and `fetch --send` refresh once between them; the
    later commands use the pair the first one got (the run cache)."""
    work = tmp_path / "repo"  # the run cache sits next to PIPELINE_TOKEN_FILE, outside it
    (work / "content" / "posts").mkdir(parents=True)
    shutil.copy(ROOT / "office.yml", work / "office.yml")
    monkeypatch.chdir(work)
    with XStandIn() as x:
        for name, value in {
            "X_REFRESH_TOKEN": "x-refresh-token",
            "X_CLIENT_ID": "x-client-id",
            "PIPELINE_X_URL": x.url,
            "PIPELINE_TOKEN_FILE": str(tmp_path / "tokens"),
        }.items():
            monkeypatch.setenv(name, value)
        for name in (
            "PIPELINE_SECRETS_TOKEN",
            "TIKTOK_REFRESH_TOKEN",
            "GITHUB_REPOSITORY",
            "RUNNER_TEMP",
            "PIPELINE_TOKEN_CACHE",
        ):
            monkeypatch.delenv(name, raising=False)
        assert main(["inbox", "fetch", "--no-push"]) == 0
        assert main(["inbox", "send", "--no-push"]) == 0
        assert main(["inbox", "fetch", "--no-push", "--send"]) == 0
        assert x.presented == ["x-refresh-token"] and len(x.refreshed) == 1
        assert not x.family_revoked and "token tidak dapat" not in capsys.readouterr().err
