"""Where a rotated refresh token is kept for the next run: a GitHub *environment* secret in CI,
a private file locally. Each store is proven writable (`check`) BEFORE a refresh token is
presented, so a missing permission never throws away a freshly rotated token.

GitHub: `PUT /repos/{repo}/environments/{env}/secrets/{name}`, sealed (libsodium sealed box)
with the environment's public key, with the publishing GitHub App's installation token (the
workflow's own GITHUB_TOKEN cannot write secrets). The permissions, from GitHub's REST API
reference, "REST API endpoints for GitHub Actions Secrets" (read 2026-12-03): "Get an
environment public key" needs the repository permissions "Environments" (read) AND "Secrets"
(read); "Create or update an environment secret" needs "Environments" (write) AND "Secrets"
(write); "Get an environment secret" (its `updated_at`, never its value) needs both (read).
So the workflows ask `create-github-app-token` for `permission-secrets: write` and
`permission-environments: write`, and `check` reads the key and writes `PROBE` (an ISO time,
not a credential) before anything is rotated.

A write is retried: "Create or update an environment secret" is a PUT of the whole value, so
sending it again is harmless (the same reference: 201 when created, 204 when updated). A 5xx, a
429 or no answer is tried again with doubling waits capped at `BUDGET_S` in all, longer when
GitHub sends `retry-after` (GitHub REST API, "Best practices for using the REST API", "Handle
rate limit errors appropriately": obey `retry-after`, else wait exponentially longer between
retries; read 2026-12-03); a 422 (the sealed value does not match the key, e.g. the key was
rotated) re-reads the public key once. The waits are multiplied by PIPELINE_WAIT_SCALE (tests).
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import httpx
from nacl import encoding, public
from nacl.exceptions import CryptoError

from pipeline.publish.base import Secret, base_url

PROBE = "PIPELINE_SECRETS_CHECK"  # written by `check`: proves the write permission
BUDGET_S = 120.0  # the longest a write waits between its tries, in all
FIRST_WAIT_S, MAX_WAIT_S = 2.0, 30.0


class StoreError(Exception):
    """The store refused: `what` it was doing, and the HTTP status (0: no answer);
    `retry_after`, GitHub's `retry-after` in seconds when it sent one."""

    def __init__(
        self, what: str, status: int, retry_after: float | None = None, *, local: bool = False
    ) -> None:
        super().__init__(f"{what}: HTTP {status}")
        self.what, self.status, self.retry_after = what, status, retry_after
        self.local = local  # a local file: nothing a retry would fix

    @classmethod
    def of(cls, what: str, reply: httpx.Response) -> StoreError:
        """GitHub REST API, "Rate limits for the REST API", "Exceeding the rate limit" (read
        2026-12-03): a 403 or 429; wait `retry-after` seconds when present, else until
        `x-ratelimit-reset` when `x-ratelimit-remaining` is 0, else at least a minute."""
        status, head = reply.status_code, reply.headers
        after, reset = head.get("retry-after", "").strip(), head.get("x-ratelimit-reset", "")
        wait: float | None = None
        if after.isdigit():
            wait = float(after)
        elif head.get("x-ratelimit-remaining") == "0" and reset.strip().isdigit():
            wait = max(0.0, float(reset) - time.time())
        elif status == 429:
            wait = 60.0
        return cls(what, status, wait)

    @property
    def transient(self) -> bool:
        """No answer, a 5xx, a 429, or a 403 that is a rate limit (it says how long to wait);
        a 403 without that is a missing permission, never retried."""
        limited = self.status == 403 and self.retry_after is not None
        return not self.local and (self.status in (0, 429) or self.status >= 500 or limited)


class Store(Protocol):
    where: str

    def check(self) -> None: ...

    def put(self, name: str, value: Secret) -> None: ...

    def updated_at(self, name: str) -> datetime | None: ...


class FileStore:
    """`NAME=value` lines in a private file (local use and tests)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)

    def check(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.close(fd)
        except OSError as exc:
            raise StoreError(f"tulis {self.path}", 0, local=True) from exc

    def put(self, name: str, value: Secret) -> None:
        lines = self.read()
        lines[name] = value.reveal()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(f"{k}={v}\n" for k, v in sorted(lines.items()))
        tmp.replace(self.path)

    def read(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        pairs = (row.split("=", 1) for row in self.path.read_text("utf-8").splitlines())
        return {p[0]: p[1] for p in pairs if len(p) == 2}

    def updated_at(self, name: str) -> datetime | None:
        return None  # one machine, one process at a time: nothing to compare


class GitHubSecrets:
    """Environment secrets, sealed with the environment's public key."""

    def __init__(
        self,
        repo: str,
        environment: str,
        token: Secret,
        api: str,
        *,
        scale: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.repo, self.environment, self.token, self.api = repo, environment, token, api
        self.where = f"environment {environment} ({repo})"
        self._key: dict[str, str] | None = None
        self._scale, self._sleep = scale, sleep

    def _client(self) -> httpx.Client:
        headers = {
            "Authorization": f"Bearer {self.token.reveal()}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        return httpx.Client(timeout=httpx.Timeout(20.0, connect=10.0), headers=headers)

    @property
    def base(self) -> str:
        return f"{self.api}/repos/{self.repo}/environments/{self.environment}/secrets"

    def check(self) -> None:
        """Read the public key and write `PROBE`: both permissions, before any rotation."""
        self._key = None
        self.put(PROBE, Secret(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))

    def put(self, name: str, value: Secret) -> None:
        waited, wait, rekeyed = 0.0, FIRST_WAIT_S, False
        while True:
            failed = self._put_once(name, value)
            if failed is None:
                return
            if failed.status == 422 and not rekeyed:  # sealed with a key GitHub no longer has
                self._key, rekeyed = None, True
                continue
            pause = max(wait, failed.retry_after or 0.0)
            if not failed.transient or waited + pause > BUDGET_S:
                raise failed
            self._sleep(pause * self._scale)
            waited, wait = waited + pause, min(wait * 2, MAX_WAIT_S)

    def _put_once(self, name: str, value: Secret) -> StoreError | None:
        """One try: None when stored, else how it ended (status 0: no answer)."""
        with self._client() as client:
            try:
                if self._key is None:
                    key = client.get(f"{self.base}/public-key")
                    if key.status_code != 200:
                        return StoreError.of("GET public-key", key)
                    self._key = {k: str(v) for k, v in key.json().items()}
                data = self._key
                box = public.SealedBox(
                    public.PublicKey(data["key"].encode(), encoding.Base64Encoder)
                )
                sealed = base64.b64encode(box.encrypt(value.reveal().encode())).decode()
                body = {"encrypted_value": sealed, "key_id": data["key_id"]}
                put = client.put(f"{self.base}/{name}", json=body)
            except httpx.HTTPError:
                return StoreError(f"PUT {name}", 0)
            except (ValueError, KeyError, TypeError, CryptoError):  # a damaged key: not retried
                self._key = None
                return StoreError("GET public-key", 422)
            if put.status_code not in (201, 204):
                return StoreError.of(f"PUT {name}", put)
        return None

    def updated_at(self, name: str) -> datetime | None:
        """When the secret was last written (GitHub's `updated_at`); None only when GitHub
        says it does not exist (404: never written). Any other answer, or none, raises
        StoreError: whether another run rotated the token is then unknown, and a refresh
        token is never presented on a guess."""
        what = f"baca {name}"
        try:
            with self._client() as client:
                got = client.get(f"{self.base}/{name}")
        except httpx.HTTPError as exc:
            raise StoreError(what, 0) from exc
        if got.status_code == 404:
            return None
        if got.status_code != 200:
            raise StoreError.of(what, got)
        try:
            stamp = str(got.json().get("updated_at", ""))
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except (ValueError, AttributeError) as exc:
            raise StoreError(what, got.status_code) from exc
        if moment.tzinfo is None:
            raise StoreError(what, got.status_code)
        return moment


def unprovable(env: Mapping[str, str]) -> bool:
    """On a GitHub Actions runner (`GITHUB_ACTIONS`, "Always set to true when GitHub Actions is
    running the workflow", and `RUNNER_TEMP`, both set in every step: GitHub Docs, "Variables
    reference", "Default environment variables", read 2026-12-03) without the store's token:
    only a step that may write the environment secret refreshes; a local file on a runner that
    is thrown away would lose a rotated token."""
    runner = env.get("GITHUB_ACTIONS") == "true" or bool(env.get("RUNNER_TEMP"))
    return runner and not env.get("PIPELINE_SECRETS_TOKEN")


def store_from(env: Mapping[str, str]) -> Store:
    """GitHub when running in Actions with an App token; else a local file."""
    token = env.get("PIPELINE_SECRETS_TOKEN")
    repo = env.get("GITHUB_REPOSITORY")
    if token and repo:
        api = base_url(env, "github", "https://api.github.com")
        environment = env.get("PIPELINE_SECRETS_ENVIRONMENT", "production")
        scale = float(env.get("PIPELINE_WAIT_SCALE", "1"))
        return GitHubSecrets(repo, environment, Secret(token), api, scale=scale)
    return FileStore(Path(env.get("PIPELINE_TOKEN_FILE", str(Path.home() / ".pipeline-tokens"))))
