"""Rotating refresh tokens (X, TikTok): each refresh token is presented at most once, by one
process, and every later command of the job uses the pair it got. Before any side effect.

Both platforms rotate: a refresh spends the token it carries and returns a new one (TikTok for
Developers, "Refresh a User Access Token": "The previous refresh token stops working once a new
one is issued"; X, "OAuth 2.0 Authorization Code Flow with PKCE", refresh tokens; read
2026-12-03). A job's secrets are a copy taken when the job starts, so a second process of the
same job holding that copy would present a spent token (X may then revoke the whole token
family). The design, for `tokens refresh`, `publish`, `inbox fetch`, `inbox send` (and any
command that calls `refresh_all`), in this order per platform:

1. **Run cache** (`tokencache`, a mode-600 file in $RUNNER_TEMP, outside the repository):
   when it holds this chain's pair and the access token is valid for longer than the job may
   run (`publishing.job_timeout_minutes`), use it and present nothing.
2. **Stored expiry**: when the environment's access token has `<ACCESS>_EXPIRES_AT` (written by
   the last refresh, as an environment secret) and is valid that long, use it and present
   nothing. So separate workflows (publish and inbox run in different concurrency groups and
   may overlap) refresh only about once per access-token lifetime, not once per run. "That
   long" counts from the job's start (below), so every step of one job decides alike.
3. **Prove the store** (`secretstore.check`: read the environment's public key, write a probe
   secret) BEFORE presenting anything: a missing permission stops here, the token unspent. In
   GitHub Actions a step without the store's token (`PIPELINE_SECRETS_TOKEN`) stops here too:
   the workflows give that token only to the `pipeline tokens refresh` step, so the steps that
   handle writers' media and commenters' text never refresh (they use step 1's pair).
4. **Detect a rotation by another run**: GitHub's `updated_at` of the refresh-token secret later
   than when this job's copy was taken (`PIPELINE_JOB_STARTED`, written by the job's first step
   before checkout and install; the current time when absent or not plausible) means another
   workflow rotated it: the copy is spent, so it is not presented, and the run stops with a
   message (no re-authorisation needed; the next run has the new token). GitHub Actions cannot
   put two workflows' jobs in one queue without letting a newer run cancel a pending one
   ("Control the concurrency of workflows and jobs": "any existing pending job or workflow in
   the same concurrency group will be canceled"; `queue: max` would keep them but serialise
   publish behind inbox; read 2026-12-03), so overlap is made rare (step 2) and detected (this
   step), not forbidden.
5. **Refresh once** (`oauth.exchange`: never retried once sent), write the pair to the run
   cache at once, then to the durable store (refresh token first, then the access token and
   its expiry; each write retried on a GitHub error, `secretstore`), then check the granted
   scopes. Once the refresh token is stored, a failed write of the rest only warns.

A job that dies between the refresh and the store: a later process of the same job finds the
pair in the run cache and stores it; a later job presents the old token, is refused, and the
message asks for re-authorisation (docs/office-admin.md), before anything is posted. Tokens
are never printed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pipeline import messages
from pipeline.config import Config
from pipeline.errors import PipelineError, Problem
from pipeline.publish import secretstore, tokencache
from pipeline.publish.api import Api
from pipeline.publish.base import PublishError, Secret, Tokens
from pipeline.publish.secretstore import FileStore, GitHubSecrets, Store, StoreError, store_from
from pipeline.publish.tokencache import Entry, RunCache

__all__ = ["ROTATING", "FileStore", "GitHubSecrets", "refresh_all", "store_from"]

SLACK_S = 2.0  # clock difference allowed between this runner and GitHub's `updated_at`


@dataclass(frozen=True, slots=True)
class Rotating:
    access: str
    refresh: str
    scopes: tuple[str, ...]  # what the pipeline calls need
    client: tuple[str, ...]  # the app's own credentials on the token endpoint

    @property
    def expires(self) -> str:
        return f"{self.access}_EXPIRES_AT"


ROTATING = {
    # TikTok for Developers, "Query Creator Info" and "Direct Post" (scope video.publish) and
    # "List Videos" (scope video.list), read 2026-12-03.
    "tiktok": Rotating(
        "TIKTOK_ACCESS_TOKEN",
        "TIKTOK_REFRESH_TOKEN",
        ("video.publish", "video.list"),
        ("TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"),
    ),
    # X API v2 reference, each endpoint's "OAuth 2.0 scopes required": POST /2/tweets
    # (tweet.read tweet.write users.read), media upload (media.write), and offline.access for
    # a refresh token at all (read 2026-12-03).
    "x": Rotating(
        "X_ACCESS_TOKEN",
        "X_REFRESH_TOKEN",
        ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"),
        ("X_CLIENT_ID", "X_CLIENT_SECRET"),
    ),
}


def refresh_all(
    env: dict[str, str],
    config: Config,
    root: Path,
    out: TextIO,
    *,
    lang: str | None = None,
    now: float | None = None,
) -> None:
    """Put a usable access token (and the current refresh token) of every enabled rotating
    platform in `env`, refreshing only when needed and storing what rotates."""
    from pipeline.publish.all_platforms import PLATFORMS
    from pipeline.publish.runner import kill_point

    lang = lang or config.office.language
    started = time.time() if now is None else now
    margin = config.publishing.job_timeout_minutes * 60
    copied = job_started(env, started, margin)  # when this job's copy of the secrets was taken
    cache_path = tokencache.path_for(env)
    if _inside(cache_path, root):
        raise _error("TOKEN_CACHE_IN_REPO", "PIPELINE_TOKEN_CACHE", lang, where=str(cache_path))
    cache = RunCache(cache_path)
    store: Store | None = None
    kills: dict[str, int] = {}
    for platform, rot in ROTATING.items():
        account = getattr(config.platforms, platform)
        if not account.enabled:
            continue
        if not env.get(rot.refresh):  # a step that holds no refresh token (CI: publish, inbox)
            _from_job_cache(env, cache, platform, rot, copied, margin, lang)
            continue
        name = account.username or account.account_id or platform
        with cache.locked():
            entry = cache.get(platform, env[rot.refresh])
            if entry is not None and not entry.stored:  # a process died before storing it
                store = store or _checked(env, platform, lang)
                entry = _store(store, cache, platform, rot, entry, lang, out)
            if entry is not None and _fresh(entry.expires_at, copied, margin):
                _use(env, rot, entry.access, entry.refresh)
                _scopes(platform, rot, entry.scope, lang)
                continue
            stored_expiry = _when(env.get(rot.expires, ""))
            if entry is None and env.get(rot.access) and _fresh(stored_expiry, copied, margin):
                continue  # the stored access token outlives this job: nothing to present
            store = store or _checked(env, platform, lang)
            if entry is not None and not entry.refresh:  # sealed: this job rotated it already
                when = datetime.fromtimestamp(entry.stored_at, UTC)
                stamp = when.strftime("%Y-%m-%d %H:%M:%S UTC")
                raise _error(
                    "TOKEN_ROTATED_ELSEWHERE", rot.refresh, lang, platform=platform, when=stamp
                )
            presented = entry.refresh if entry is not None else env[rot.refresh]
            known = entry.stored_at if entry is not None else copied
            _not_rotated_elsewhere(store, platform, rot, known, lang)
            module = PLATFORMS[platform]
            try:
                fields = {**env, rot.access: env.get(rot.access) or "-", rot.refresh: presented}
                settings = module.settings(fields, account)
                api = Api(platform, classify=module.classify)
                try:
                    new: Tokens = module.refresh(api, settings)
                finally:
                    api.close()
            except PublishError as exc:
                raise _refused(platform, name, rot, exc, lang) from None
            issued = time.time()
            rotated = new.refresh.reveal() if new.refresh else presented
            if env.get("GITHUB_ACTIONS") == "true":  # new values: GitHub masks only the old ones
                # GitHub Docs, "Workflow commands for GitHub Actions", "Masking a value in a
                # log" (read 2026-12-03): masked in this step's log and every later one.
                out.write(f"::add-mask::{new.access.reveal()}\n::add-mask::{rotated}\n")
            entry = Entry(
                access=new.access.reveal(),
                refresh=rotated,
                expires_at=issued + new.expires_in if new.expires_in else None,
                scope=sorted(new.scope) if new.scope is not None else None,
                stored=False,
                stored_at=issued,
                chain=[*(entry.chain if entry else []), tokencache.fingerprint(presented)],
            )
            cache.put(platform, entry)  # first: this job keeps the pair whatever follows
            kill_point(platform, "refreshed", kills)
            entry = _store(store, cache, platform, rot, entry, lang, out)
            _use(env, rot, entry.access, entry.refresh)
            done = Problem(code="TOKEN_REFRESHED", path=rot.refresh, params={"platform": platform})
            out.write(messages.text(done, lang)[0] + "\n")
            _scopes(platform, rot, entry.scope, lang)


def _from_job_cache(
    env: dict[str, str],
    cache: RunCache,
    platform: str,
    rot: Rotating,
    copied: float,
    margin: float,
    lang: str,
) -> None:
    """The access token the job's refresh step stored, from the job's own cache; the refresh
    token stays out of this step. No entry (nothing was refreshed): the environment's access
    token, as it is."""
    if not tokencache.job_scoped(env):
        return
    with cache.locked():
        entry = cache.latest(platform)
    if entry is not None and entry.stored and _fresh(entry.expires_at, copied, margin):
        env[rot.access] = entry.access
        _scopes(platform, rot, entry.scope, lang)


def job_started(env: Mapping[str, str], now: float, margin: float) -> float:
    """When this job's copy of the secrets was taken: `PIPELINE_JOB_STARTED` (Unix seconds,
    written by the job's first step, before checkout and install) when it is sane (not in the
    future, not older than the job may run); else `now` (a local run: its environment is read
    as it starts)."""
    try:
        started = float(env.get("PIPELINE_JOB_STARTED", "").strip())
    except ValueError:
        return now
    return started if now - margin <= started <= now + SLACK_S else now  # NaN: now


def _use(env: dict[str, str], rot: Rotating, access: str, refresh: str) -> None:
    env[rot.access], env[rot.refresh] = access, refresh


def _fresh(expires_at: float | None, now: float, margin: float) -> bool:
    return expires_at is not None and expires_at - now > margin


def _when(text: str) -> float | None:
    """`<ACCESS>_EXPIRES_AT`: ISO 8601 (as written here) or Unix seconds; None if neither."""
    try:
        return float(text) if text.strip().isdigit() else datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _checked(env: Mapping[str, str], platform: str, lang: str) -> Store:
    if secretstore.unprovable(env):
        raise _error("TOKEN_STORE_MISSING", "PIPELINE_SECRETS_TOKEN", lang, platform=platform)
    store = store_from(env)
    try:
        store.check()
    except StoreError as exc:
        raise _unusable(store, exc, secretstore.PROBE, platform, lang) from None
    return store


def _unusable(store: Store, exc: StoreError, name: str, platform: str, lang: str) -> PipelineError:
    """The store failed before anything was presented: down for now, or refused for good."""
    return _error(
        "TOKEN_STORE_UNAVAILABLE" if exc.transient else "TOKEN_STORE_DENIED",
        name,
        lang,
        platform=platform,
        where=store.where,
        what=exc.what,
        status=exc.status,
    )


def _store(
    store: Store,
    cache: RunCache,
    platform: str,
    rot: Rotating,
    entry: Entry,
    lang: str,
    out: TextIO,
) -> Entry:
    """The refresh token first (what a later run needs most), then the access token and its
    expiry; then the cache marks the entry stored. Once the refresh token is stored, a failure
    of the rest is a warning: the store then holds an older access token (or an expiry that
    is not this token's, never a later one), so the next job simply refreshes."""
    try:
        store.put(rot.refresh, Secret(entry.refresh))
    except StoreError as exc:
        raise _error(
            "TOKEN_STORE_FAILED",
            rot.refresh,
            lang,
            platform=platform,
            where=store.where,
            what=exc.what,
            status=exc.status,
            cache=str(cache.path),
        ) from None
    try:
        store.put(rot.access, Secret(entry.access))
        if entry.expires_at is not None:
            store.put(rot.expires, Secret(_stamp(entry.expires_at)))
    except StoreError as exc:
        params = {"platform": platform, "where": store.where, "what": exc.what}
        warning = Problem(
            code="TOKEN_ACCESS_NOT_STORED", path=rot.access, params=params | {"status": exc.status}
        )
        out.write(f"⚠ {messages.line(warning, lang)}\n")
    done = replace(entry, stored=True, stored_at=time.time())
    cache.put(platform, done)
    return done


def _not_rotated_elsewhere(
    store: Store, platform: str, rot: Rotating, known: float, lang: str
) -> None:
    try:
        updated = store.updated_at(rot.refresh)
    except StoreError as exc:  # unknown: never present a refresh token on a guess
        raise _unusable(store, exc, rot.refresh, platform, lang) from None
    if updated is not None and updated.timestamp() > known + SLACK_S:
        when = updated.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        raise _error("TOKEN_ROTATED_ELSEWHERE", rot.refresh, lang, platform=platform, when=when)


def _scopes(platform: str, rot: Rotating, granted: list[str] | None, lang: str) -> None:
    if granted is None:  # the platform did not say: the calls themselves will tell
        return
    missing = [s for s in rot.scopes if s not in granted]
    if missing:
        raise _error(
            "TOKEN_SCOPE_MISSING",
            rot.refresh,
            lang,
            platform=platform,
            missing=" ".join(missing),
            required=" ".join(rot.scopes),
        )


def _refused(
    platform: str, account: str, rot: Rotating, exc: PublishError, lang: str
) -> PipelineError:
    code = {
        "token_lost": "TOKEN_LOST",
        "token_not_sent": "TOKEN_NOT_SENT",
        "token_refused": "TOKEN_REFUSED",
        "token_client": "TOKEN_CLIENT",
    }.get(exc.code, "TOKEN_SETTINGS")  # else settings(): a missing or damaged secret
    joined = (" dan " if lang == "id" else " and ").join(rot.client)
    return _error(
        code,
        rot.refresh,
        lang,
        platform=platform,
        account=account,
        detail=exc.message,
        client=joined,
    )


def _error(code: str, secret: str, lang: str, **params: object) -> PipelineError:
    """A catalogue message whose "path" is the secret (or variable) to look at."""
    return PipelineError(messages.line(Problem(code=code, path=secret, params=params), lang))
