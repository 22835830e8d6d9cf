"""Rotating refresh tokens (TikTok, X): refresh once at the start of a run, store the new
refresh token at once, then publish with the new access token.

Where it is stored: a GitHub *environment* secret (`production`), written through the REST API
(`PUT /repos/{repo}/environments/{env}/secrets/{name}`, sealed with the environment's public
key) with a GitHub App installation token that has `secrets: write`, because the workflow's
own GITHUB_TOKEN cannot write secrets. Locally, a file outside the repository (mode 600).

If the job dies between "refreshed" and "stored", the old refresh token is already dead: the
next run's refresh fails and stops *before anything is posted* with "re-authorise TikTok" (the
runbook in docs/office-admin.md), never a silent lockout. The new token is never printed.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, TextIO

import httpx
from nacl import encoding, public

from pipeline.config import Config
from pipeline.errors import PipelineError
from pipeline.publish.api import Api
from pipeline.publish.base import PublishError, Secret, Tokens, Verdict, base_url


class Store(Protocol):
    def put(self, name: str, value: Secret) -> None: ...


class FileStore:
    """`NAME=value` lines in a private file (local use and tests)."""

    def __init__(self, path: Path) -> None:
        self.path = path

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


class GitHubSecrets:
    """An environment secret, sealed with the environment's public key (libsodium)."""

    def __init__(self, repo: str, environment: str, token: Secret, api: str) -> None:
        self.repo = repo
        self.environment = environment
        self.token = token
        self.api = api

    def put(self, name: str, value: Secret) -> None:
        base = f"{self.api}/repos/{self.repo}/environments/{self.environment}/secrets"
        headers = {
            "Authorization": f"Bearer {self.token.reveal()}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        with httpx.Client(timeout=httpx.Timeout(20.0, connect=10.0), headers=headers) as client:
            key = client.get(f"{base}/public-key")
            if key.status_code != 200:
                raise _store_error(name, key.status_code)
            data = key.json()
            box = public.SealedBox(public.PublicKey(data["key"].encode(), encoding.Base64Encoder))
            sealed = base64.b64encode(box.encrypt(value.reveal().encode())).decode()
            put = client.put(
                f"{base}/{name}", json={"encrypted_value": sealed, "key_id": data["key_id"]}
            )
            if put.status_code not in (201, 204):
                raise _store_error(name, put.status_code)


def store_from(env: Mapping[str, str], root: Path) -> Store:
    """GitHub when running in Actions with an App token; else a local file."""
    token = env.get("PIPELINE_SECRETS_TOKEN")
    repo = env.get("GITHUB_REPOSITORY")
    if token and repo:
        api = base_url(env, "github", "https://api.github.com")
        return GitHubSecrets(
            repo, env.get("PIPELINE_SECRETS_ENVIRONMENT", "production"), Secret(token), api
        )
    return FileStore(Path(env.get("PIPELINE_TOKEN_FILE", str(Path.home() / ".pipeline-tokens"))))


def _store_error(name: str, status: int) -> PublishError:
    return PublishError(
        Verdict.REAUTH,
        f"token baru {name} tidak dapat disimpan (HTTP {status})",
        hint="periksa izin 'secrets: write' GitHub App; lalu otorisasi ulang akun",
        status=status,
    )


ROTATING = {  # platform -> (access token variable, refresh token variable)
    "tiktok": ("TIKTOK_ACCESS_TOKEN", "TIKTOK_REFRESH_TOKEN"),
    "x": ("X_ACCESS_TOKEN", "X_REFRESH_TOKEN"),
}


def refresh_all(env: dict[str, str], config: Config, root: Path, out: TextIO) -> None:
    """Refresh every enabled platform with a rotating refresh token, store the new one at
    once, and put the new access token in `env` for this run. Before any side effect."""
    from pipeline.publish.all_platforms import PLATFORMS
    from pipeline.publish.runner import kill_point

    store: Store | None = None
    kills: dict[str, int] = {}
    for platform, (access, refresh) in ROTATING.items():
        account = getattr(config.platforms, platform)
        if not account.enabled or not env.get(refresh):
            continue
        module = PLATFORMS[platform]
        try:
            settings = module.settings({**env, access: env.get(access) or "-"}, account)
            api = Api(platform, classify=module.classify)
            try:
                new: Tokens = module.refresh(api, settings)
            finally:
                api.close()
        except PublishError as exc:
            raise PipelineError(
                f"{platform}: token tidak dapat diperbarui ({exc.message}); tidak ada yang "
                f"diunggah. Otorisasi ulang akun {platform} '{account.username or ''}' "
                "(docs/office-admin.md: 'Menyambung ulang akun') dan simpan refresh token barunya."
            ) from None
        kill_point(platform, "refreshed", kills)
        if new.refresh:
            store = store or store_from(env, root)
            try:
                store.put(refresh, new.refresh)
            except PublishError as exc:
                raise PipelineError(
                    f"{platform}: {exc.message}; {exc.hint}. Tidak ada yang diunggah."
                ) from None
            env[refresh] = new.refresh.reveal()
        env[access] = new.access.reveal()
        out.write(f"{platform}: token diperbarui dan disimpan\n")
