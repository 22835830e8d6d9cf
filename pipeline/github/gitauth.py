"""Git over HTTPS with the publishing App's token, which is never written anywhere.

The workflows check out with `persist-credentials: false`, so `.git/config` holds no token and
no other step (installing, decoding media, building the site) can push or read it back. The
steps that push the log or the report get the App token as `PIPELINE_PUSH_TOKEN`, and every git
command they run gets a credential helper through git's environment configuration
(`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`: git-config(1),
"ENVIRONMENT"; gitcredentials(7), "CUSTOM HELPERS": a helper starting with `!` is a shell
snippet, and an empty `credential.helper` clears the helpers configured before it). The helper
is scoped to the server's URL (`GITHUB_SERVER_URL`) and answers git's `get` from the
variable at the moment git asks, so the token is on no command line (which `ps` shows), in no
file and in no log. GitHub takes an App installation token as the password of the user
`x-access-token` ("Authenticating as a GitHub App installation", GitHub Docs, read 2026-12-03).

`python -m pipeline.github.gitauth ARGS...` runs `git ARGS...` that way (the report workflow's
commit and push).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

TOKEN = "PIPELINE_PUSH_TOKEN"  # noqa: S105 - the name of the variable, not a token
SERVER = "https://github.com"
# Reads the token from git's own environment when git asks; answers nothing but `get`.
HELPER = (
    '!f() { test "$1" = get || return 0; '
    f"printf 'username=x-access-token\\npassword=%s\\n' \"${TOKEN}\"; }}; f"
)


def git_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a git command of the pipeline: a committer, no prompt, and with
    `PIPELINE_PUSH_TOKEN` set, the credential helper for the server (and only for it)."""
    result = dict(os.environ if env is None else env)
    result.setdefault("GIT_AUTHOR_NAME", "pipeline publish")
    result.setdefault("GIT_AUTHOR_EMAIL", "publish@pipeline.invalid")
    result.setdefault("GIT_COMMITTER_NAME", result["GIT_AUTHOR_NAME"])
    result.setdefault("GIT_COMMITTER_EMAIL", result["GIT_AUTHOR_EMAIL"])
    result["GIT_TERMINAL_PROMPT"] = "0"  # a missing credential fails, never waits for a person
    if result.get(TOKEN):
        server = (result.get("GITHUB_SERVER_URL") or SERVER).rstrip("/")
        count = result.get("GIT_CONFIG_COUNT", "")
        start = int(count) if count.isdigit() else 0
        entries = [(f"credential.{server}.helper", ""), (f"credential.{server}.helper", HELPER)]
        for index, (key, value) in enumerate(entries, start):
            result[f"GIT_CONFIG_KEY_{index}"] = key
            result[f"GIT_CONFIG_VALUE_{index}"] = value
        result["GIT_CONFIG_COUNT"] = str(start + len(entries))
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return subprocess.run(["git", *args], env=git_env(), check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
