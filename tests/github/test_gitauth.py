"""The log is pushed with the App token from the environment, never from `.git/config`: a
checkout without credentials (the workflows' `persist-credentials: false`) pushes to a real
Git smart-HTTP server that wants the token, the token is in no file of the checkout, and
without the token the push fails (a clear error, no prompt, nothing kept)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.github import gitauth
from pipeline.publish import records
from pipeline.publish.ledger import Ledger, LedgerError
from tests.github.git_http import GitHTTP
from tests.publish import conftest as publish_conftest
from tests.publish.conftest import clone, git

remote = publish_conftest.remote  # the bare remote fixture, shared with tests/publish
TOKEN = "ghs_s3cr3t-app-installation-token"  # noqa: S105 - a test credential


def event(run: str) -> dict[str, object]:
    return {
        "event": "claimed",
        "post": "content/posts/2026/11/a/index.md",
        "platform": "x",
        "content_sha256": "c",
        "at_utc": "2026-11-25T02:00:00Z",
        "run": run,
    }


@pytest.fixture
def served(remote: Path, tmp_path: Path) -> Iterator[tuple[GitHTTP, Path]]:
    """The bare remote behind HTTP auth, and a checkout of it holding no credentials."""
    projects = remote.parent
    with GitHTTP(projects, user="x-access-token", password=TOKEN) as server:
        checkout = clone(remote, tmp_path / "checkout")
        git(checkout, "remote", "set-url", "origin", f"{server.url}/{remote.name}")
        yield server, checkout


def files_holding(folder: Path, secret: str) -> list[str]:
    return [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    ]


def test_the_ledger_pushes_with_the_token_from_the_environment(
    served: tuple[GitHTTP, Path], remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, checkout = served
    monkeypatch.setenv("HOME", str(tmp_path))  # no helper of the person running the tests
    monkeypatch.setenv("GITHUB_SERVER_URL", server.url)
    monkeypatch.setenv(gitauth.TOKEN, TOKEN)
    ledger = Ledger(checkout, sleep=lambda s: None)
    assert ledger.write([event("run-1")], cas=True)
    assert [e["run"] for e in records.read(clone(remote, tmp_path / "check"))] == ["run-1"]
    assert server.wanted in server.seen  # the token went to the server, over HTTP auth
    assert files_holding(checkout, TOKEN) == []  # not in .git/config, nor in the worktree's


def test_without_the_token_nothing_is_pushed_and_nobody_is_prompted(
    served: tuple[GitHTTP, Path], remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, checkout = served
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GITHUB_SERVER_URL", server.url)
    monkeypatch.delenv(gitauth.TOKEN, raising=False)
    with pytest.raises(LedgerError):
        Ledger(checkout, sleep=lambda s: None)  # even the fetch wants the token
    assert server.wanted not in server.seen
    assert records.read(clone(remote, tmp_path / "check")) == []


def test_the_token_goes_only_to_the_server_it_is_for(
    served: tuple[GitHTTP, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoped to GITHUB_SERVER_URL: another host asking for a password gets none."""
    server, checkout = served
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv(gitauth.TOKEN, TOKEN)
    with pytest.raises(LedgerError):
        Ledger(checkout, sleep=lambda s: None)
    assert server.wanted not in server.seen


def test_the_command_line_never_holds_the_token() -> None:
    env = gitauth.git_env({gitauth.TOKEN: TOKEN, "GIT_CONFIG_COUNT": "1"})
    assert env["GIT_CONFIG_COUNT"] == "3"  # appended after what was configured already
    assert (
        env["GIT_CONFIG_KEY_1"] == env["GIT_CONFIG_KEY_2"] == "credential.https://github.com.helper"
    )
    assert env["GIT_CONFIG_VALUE_1"] == ""  # earlier helpers (a runner's store) are cleared
    assert TOKEN not in env["GIT_CONFIG_VALUE_2"]  # the helper reads the variable itself
    assert "GIT_CONFIG_COUNT" not in gitauth.git_env({})  # no token: nothing added


def test_the_module_runs_git_with_the_token(
    served: tuple[GitHTTP, Path], remote: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m pipeline.github.gitauth push ...`: the report workflow's push."""
    server, checkout = served
    (checkout / "laporan.md").write_text("laporan\n", encoding="utf-8")
    git(checkout, "add", "laporan.md")
    git(checkout, "commit", "--quiet", "-m", "Laporan bulanan")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GITHUB_SERVER_URL": server.url,
        gitauth.TOKEN: TOKEN,
    }
    pushed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.github.gitauth",
            "-C",
            str(checkout),
            "push",
            "--quiet",
            "origin",
            "HEAD:main",
        ],
        env={**env, "PYTHONPATH": str(Path(__file__).parent.parent.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert pushed.returncode == 0, pushed.stderr
    assert TOKEN not in pushed.stdout + pushed.stderr
    assert (clone(remote, tmp_path / "check") / "laporan.md").is_file()


def test_git_gets_the_token_verbatim_and_only_for_its_server(tmp_path: Path) -> None:
    """`git credential fill` asks as git push does: any byte of the token comes back as it
    is (no shell expansion, no echo escapes), and a request for another host gets nothing."""
    odd = "ghs_a\\nb$(touch pwned)`id`'\"%s"
    env = gitauth.git_env({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), gitauth.TOKEN: odd})

    def fill(host: str) -> str:
        done = subprocess.run(
            ["git", "credential", "fill"],
            input=f"protocol=https\nhost={host}\n\n",
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    assert f"password={odd}\n" in fill("github.com")
    assert "password" not in fill("example.com")
    assert not (tmp_path / "pwned").exists()
