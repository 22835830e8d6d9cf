"""Rotating refresh tokens: each is presented at most once per job, by real CLI processes in
one environment against stand-ins that rotate, refuse a spent token and (X) revoke the whole
family on reuse; the store is proven (public key read, probe written) before anything is
presented; a lost answer is never retried; a rotation by another run is detected; the granted
scopes are checked; the job dying between "refreshed" and "stored" is recovered by the next
process of the same job, and asks for re-authorisation in a later job."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import Account, Config, Platforms
from pipeline.errors import PipelineError
from pipeline.publish import secretstore, tokencache, tokens
from pipeline.publish.base import Secret
from pipeline.publish.secretstore import PROBE, FileStore
from pipeline.publish.standins.github import GitHubStandIn
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from tests.conftest import PROJECT

CONFIG = Config(platforms=Platforms(tiktok=Account(enabled=True, username="bpsipjabar")))
BOTH = Config(
    platforms=Platforms(
        tiktok=Account(enabled=True, username="bpsipjabar"),
        x=Account(enabled=True, username="bpsipjabar"),
    )
)


@pytest.fixture
def servers() -> Iterator[tuple[TikTokStandIn, GitHubStandIn]]:
    with TikTokStandIn() as tiktok, GitHubStandIn() as github:
        yield tiktok, github


def env_for(tiktok: TikTokStandIn, github: GitHubStandIn, cache: Path) -> dict[str, str]:
    return {
        "TIKTOK_REFRESH_TOKEN": "tt-refresh",
        "TIKTOK_CLIENT_KEY": "tt-client",
        "TIKTOK_CLIENT_SECRET": "tt-secret",
        "PIPELINE_TIKTOK_URL": tiktok.url,
        "PIPELINE_GITHUB_URL": github.url,
        "PIPELINE_SECRETS_TOKEN": "gh-token",
        "GITHUB_REPOSITORY": "bpsip-jabar/situs",
        "PIPELINE_TOKEN_CACHE": str(cache),
    }


def test_refresh_stores_the_rotated_pair_as_environment_secrets(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    tiktok, github = servers
    env = env_for(tiktok, github, tmp_path / "job1" / "cache.json")
    out = io.StringIO()
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", out)
    stored = github.secrets["TIKTOK_REFRESH_TOKEN"]
    assert stored != "tt-refresh" and stored == env["TIKTOK_REFRESH_TOKEN"]
    assert github.secrets["TIKTOK_ACCESS_TOKEN"] == env["TIKTOK_ACCESS_TOKEN"] in tiktok.tokens
    assert (
        github.secrets["TIKTOK_ACCESS_TOKEN_EXPIRES_AT"].endswith("Z") and PROBE in github.secrets
    )
    assert stored not in out.getvalue() and "diperbarui dan disimpan" in out.getvalue()
    cache = tmp_path / "job1" / "cache.json"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    # A later job that still held the old refresh token: refused, named, before anything.
    old = {**env_for(tiktok, github, tmp_path / "job2" / "cache.json")}
    with pytest.raises(PipelineError, match="Otorisasi ulang akun tiktok") as caught:
        tokens.refresh_all(old, CONFIG, tmp_path / "repo", out)
    assert str(caught.value).startswith("TIKTOK_REFRESH_TOKEN: tiktok: refresh token ditolak")


def inbox_env(
    x: XStandIn, tiktok: TikTokStandIn, github: GitHubStandIn, tmp_path: Path
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "TIKTOK_"))}
    env.pop("RUNNER_TEMP", None)
    return env | {
        "PYTHONPATH": str(PROJECT),
        "X_REFRESH_TOKEN": "x-refresh-token",
        "X_CLIENT_ID": "x-client-id",
        "PIPELINE_X_URL": x.url,
        "TIKTOK_REFRESH_TOKEN": "tt-refresh",
        "TIKTOK_CLIENT_KEY": "tt-client",
        "TIKTOK_CLIENT_SECRET": "tt-secret",
        "PIPELINE_TIKTOK_URL": tiktok.url,
        "PIPELINE_GITHUB_URL": github.url,
        "PIPELINE_SECRETS_TOKEN": "gh-token",
        "GITHUB_REPOSITORY": "bpsip-jabar/situs",
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),  # the job's own temporary folder
    }


@pytest.mark.parametrize("client", ["public", "confidential"])
def test_two_cli_processes_of_one_job_present_no_spent_token(tmp_path: Path, client: str) -> None:
    """inbox.yml's `fetch` then `send` (and any later command of the job) as separate
    processes with the job's one environment: X and TikTok each see one refresh, no token
    twice, no revoked family, and every process exits 0."""
    work = tmp_path / "repo"
    (work / "content" / "posts").mkdir(parents=True)
    shutil.copy(PROJECT / "office.yml", work / "office.yml")
    (tmp_path / "runner-temp").mkdir()
    secret = "x-client-secret" if client == "confidential" else None
    with (
        XStandIn(refresh_tokens=("x-refresh-token",), client_secret=secret) as x,
        TikTokStandIn() as tiktok,
        GitHubStandIn() as github,
    ):
        env = inbox_env(x, tiktok, github, tmp_path)
        if secret:
            env["X_CLIENT_SECRET"] = secret
        runs = [
            subprocess.run(
                [sys.executable, "-m", "pipeline", *args],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
            )
            for args in (
                ["inbox", "fetch", "--no-push"],
                ["inbox", "send", "--no-push"],
                ["inbox", "fetch", "--no-push"],
            )
        ]
        for run in runs:
            assert run.returncode == 0, run.stderr
        assert len(x.presented) == 1 and len(set(x.presented)) == len(x.presented)
        assert not x.family_revoked and len(x.refreshed) == 1
        assert tiktok.presented == ["tt-refresh"]
        assert github.secrets["X_REFRESH_TOKEN"] in x.refresh_tokens
        assert github.secrets["TIKTOK_REFRESH_TOKEN"] in tiktok.refresh_tokens
        for run in runs:
            for value in (*x.refreshed, *tiktok.issued, *github.secrets.values()):
                assert value not in run.stdout + run.stderr


@pytest.mark.parametrize(
    "permissions",
    [
        {"contents": "write"},  # the workflows before this change: secrets only, no environments
        {"contents": "write", "secrets": "write"},
        {"contents": "write", "secrets": "read", "environments": "read"},  # key read, no write
    ],
)
def test_a_store_without_permission_stops_before_the_token_is_presented(
    tmp_path: Path, permissions: dict[str, str]
) -> None:
    with TikTokStandIn() as tiktok, GitHubStandIn(permissions=permissions) as github:
        env = env_for(tiktok, github, tmp_path / "cache.json")
        with pytest.raises(PipelineError) as caught:
            tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO(), lang="en")
        assert tiktok.presented == [] and tiktok.count("POST", "/v2/oauth/token") == 0
        message = str(caught.value)
        assert message.startswith(f"{PROBE}: tiktok: the store for the new token")
        assert "HTTP 403" in message and "the refresh token is unspent" in message
        assert "'Environments: Read and write'" in message
        assert "permission-environments: write" in message


def test_dying_between_refresh_and_store(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    """The pair is in the run cache the moment it arrives: the job's next process stores it
    (and presents nothing); a later job with the old token is told to re-authorise."""
    tiktok, github = servers
    cache = tmp_path / "job" / "cache.json"
    env = env_for(tiktok, github, cache)
    script = (
        "import io, os\n"
        "from pathlib import Path\n"
        "from pipeline.publish import tokens\n"
        "from tests.publish.test_tokens import CONFIG\n"
        "tokens.refresh_all(dict(os.environ), CONFIG, Path('repo'), io.StringIO())\n"
    )
    died = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            **env,
            "PYTHONPATH": str(PROJECT),
            "PIPELINE_KILL_AT": "tiktok:refreshed",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert died.returncode == 137, died.stderr
    assert "TIKTOK_REFRESH_TOKEN" not in github.secrets  # refreshed at TikTok, never stored
    # A later job (its own cache) still holds the old token: refused, nothing posted.
    later = env_for(tiktok, github, tmp_path / "later" / "cache.json")
    with pytest.raises(PipelineError) as caught:
        tokens.refresh_all(later, CONFIG, tmp_path / "repo", io.StringIO())
    message = str(caught.value)
    assert "tidak ada yang diunggah" in message and "Otorisasi ulang akun tiktok" in message
    assert "tt-refresh" not in message.replace("TIKTOK_REFRESH_TOKEN", "")
    assert all("/post/" not in r.path for r in tiktok.seen)
    # The same job's next process: finds the pair in the run cache and stores it.
    presented = list(tiktok.presented)
    same = dict(env)
    tokens.refresh_all(same, CONFIG, tmp_path / "repo", io.StringIO())
    assert tiktok.presented == presented  # nothing presented again
    assert github.secrets["TIKTOK_REFRESH_TOKEN"] == same["TIKTOK_REFRESH_TOKEN"]
    assert same["TIKTOK_REFRESH_TOKEN"] in tiktok.refresh_tokens


def test_a_stored_access_token_that_outlives_the_job_is_used_without_refreshing(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    tiktok, github = servers
    env = env_for(tiktok, github, tmp_path / "cache.json")
    later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3 * 3600))
    env |= {"TIKTOK_ACCESS_TOKEN": "tt-access", "TIKTOK_ACCESS_TOKEN_EXPIRES_AT": later}
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO())
    assert tiktok.seen == [] and github.seen == []
    assert env["TIKTOK_ACCESS_TOKEN"] == "tt-access"  # noqa: S105 - a stand-in token
    # Within the job's length of its expiry (60 min here): refreshed.
    soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 30 * 60))
    env |= {"TIKTOK_ACCESS_TOKEN_EXPIRES_AT": soon}
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO())
    assert tiktok.presented == ["tt-refresh"]
    assert env["TIKTOK_ACCESS_TOKEN"] in tiktok.issued


def test_a_rotation_by_another_run_is_detected_before_presenting(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    """publish and inbox may overlap: the second sees the secret rewritten after its copy was
    taken and stops without presenting the spent copy."""
    tiktok, github = servers
    started = time.time() - 60  # job B took its copy of the secrets a minute ago
    first = env_for(tiktok, github, tmp_path / "a" / "cache.json")
    tokens.refresh_all(first, CONFIG, tmp_path / "repo", io.StringIO())
    second = env_for(tiktok, github, tmp_path / "b" / "cache.json")
    with pytest.raises(PipelineError) as caught:
        tokens.refresh_all(second, CONFIG, tmp_path / "repo", io.StringIO(), now=started)
    assert tiktok.presented == ["tt-refresh"]  # once, by job A
    assert "diperbarui oleh jalan lain" in str(caught.value)
    assert "tidak perlu tindakan" in str(caught.value)


@pytest.mark.parametrize(
    ("platform", "scope", "missing"),
    [
        ("x", "tweet.read users.read offline.access", "tweet.write media.write"),
        ("tiktok", "user.info.basic,video.list", "video.publish"),
    ],
)
def test_a_missing_scope_is_named_after_the_new_token_is_stored(
    tmp_path: Path, platform: str, scope: str, missing: str
) -> None:
    with (
        XStandIn(
            scope=scope
            if platform == "x"
            else "tweet.read tweet.write users.read media.write offline.access"
        ) as x,
        TikTokStandIn(scope=scope if platform == "tiktok" else "video.publish,video.list") as tt,
        GitHubStandIn() as github,
    ):
        env = env_for(tt, github, tmp_path / "cache.json") | {
            "X_REFRESH_TOKEN": "x-refresh-token",
            "X_CLIENT_ID": "x-client-id",
            "PIPELINE_X_URL": x.url,
        }
        with pytest.raises(PipelineError) as caught:
            tokens.refresh_all(env, BOTH, tmp_path / "repo", io.StringIO())
        secret = "X_REFRESH_TOKEN" if platform == "x" else "TIKTOK_REFRESH_TOKEN"
        assert str(caught.value).startswith(f"{secret}: {platform}: token tidak punya izin")
        assert f"(scope) {missing};" in str(caught.value)
        assert github.secrets[secret] == env[secret]  # the rotated token is kept all the same


def test_the_run_cache_must_be_outside_the_repository(tmp_path: Path) -> None:
    env = {"TIKTOK_REFRESH_TOKEN": "tt-refresh", "PIPELINE_TOKEN_CACHE": str(tmp_path / "c.json")}
    with pytest.raises(PipelineError, match=r"PIPELINE_TOKEN_CACHE: .*di dalam repositori"):
        tokens.refresh_all(env, CONFIG, tmp_path, io.StringIO())


def test_local_store_is_private_and_keeps_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    store = FileStore(path)
    store.put("A", Secret("1"))
    store.put("B", Secret("2"))
    store.put("A", Secret("3"))
    assert store.read() == {"A": "3", "B": "2"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


X_ONLY = Config(platforms=Platforms(x=Account(enabled=True, username="bpsipjabar")))


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        (None, "x: aplikasi ditolak di token endpoint (HTTP 401"),  # a Web App without it
        ("x-client-secret\n", "x: token tidak dapat diperbarui (x: secret X_CLIENT_SECRET"),
        ("wrong-secret", "x: aplikasi ditolak di token endpoint (HTTP 401"),
    ],
)
def test_a_confidential_client_without_its_secret_is_told_so_and_spends_nothing(
    tmp_path: Path, secret: str | None, expected: str
) -> None:
    with (
        XStandIn(client_secret="x-client-secret") as x,  # noqa: S106 - a stand-in credential
        GitHubStandIn() as github,
    ):
        env = {
            "X_REFRESH_TOKEN": "x-refresh-token",
            "X_CLIENT_ID": "x-client-id",
            "PIPELINE_X_URL": x.url,
            "PIPELINE_GITHUB_URL": github.url,
            "PIPELINE_SECRETS_TOKEN": "gh-token",
            "GITHUB_REPOSITORY": "bpsip-jabar/situs",
            "PIPELINE_TOKEN_CACHE": str(tmp_path / "cache.json"),
        } | ({"X_CLIENT_SECRET": secret} if secret else {})
        with pytest.raises(PipelineError) as caught:
            tokens.refresh_all(env, X_ONLY, tmp_path / "repo", io.StringIO())
        message = str(caught.value)
        assert message.startswith(f"X_REFRESH_TOKEN: {expected}"), message
        assert "x-refresh-token" in x.refresh_tokens and x.spent == set()  # unspent
        if "aplikasi ditolak" in message:
            assert "X_CLIENT_ID dan X_CLIENT_SECRET" in message and "belum terpakai" in message
        assert "x-client-secret" not in message and "wrong-secret" not in message


GOOD_ROW = {
    "access": "a",
    "refresh": "r",
    "expires_at": None,
    "scope": None,
    "stored": True,
    "stored_at": 0,
    "chain": [tokencache.fingerprint("tt-refresh")],
}


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        json.dumps({"tiktok": []}),
        json.dumps({"tiktok": {**GOOD_ROW, "access": 1}}),
        json.dumps({"tiktok": {**GOOD_ROW, "expires_at": "soon"}}),
        json.dumps({"tiktok": {**GOOD_ROW, "stored": "yes"}}),
        json.dumps({"tiktok": {**GOOD_ROW, "extra": 1}}),
    ],
)
def test_a_damaged_run_cache_is_ignored_not_a_crash(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path, damage: str
) -> None:
    tiktok, github = servers
    cache = tmp_path / "cache.json"
    cache.write_text(damage, encoding="utf-8")
    env = env_for(tiktok, github, cache)
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO())
    assert tiktok.presented == ["tt-refresh"] and env["TIKTOK_ACCESS_TOKEN"] in tiktok.issued


def iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def test_a_rotation_after_the_job_started_but_before_the_refresh_is_detected(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    """The job's copy of the secrets is fixed when the job starts (PIPELINE_JOB_STARTED, its
    first step); checkout and install take minutes. Another workflow rotating the token in
    that gap is seen through the real clock, and the spent copy is not presented."""
    tiktok, github = servers
    started = time.time() - 300  # the job started five minutes ago
    github.secrets["TIKTOK_REFRESH_TOKEN"] = "tt-refresh-by-inbox"  # noqa: S105 - a stand-in
    github.secret_times["TIKTOK_REFRESH_TOKEN"] = iso(started + 120)  # during the install
    env = env_for(tiktok, github, tmp_path / "cache.json")
    env["PIPELINE_JOB_STARTED"] = str(int(started))
    with pytest.raises(PipelineError) as caught:
        tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO(), lang="en")
    assert tiktok.presented == [] and tiktok.count("POST", "/v2/oauth/token") == 0
    assert str(caught.value).startswith("TIKTOK_REFRESH_TOKEN: tiktok: the refresh token was")
    assert "rotated by another run" in str(caught.value)


@pytest.mark.parametrize(
    "started",
    [
        "",  # a local run: the environment is as old as the process
        "soon",
        str(int(time.time()) + 3600),  # in the future: not this job's start
        str(int(time.time()) - 3 * 3600),  # older than any job may run
    ],
)
def test_an_absent_or_insane_job_start_falls_back_to_the_time_of_the_refresh(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path, started: str
) -> None:
    tiktok, github = servers
    github.secrets["TIKTOK_REFRESH_TOKEN"] = "tt-refresh"  # noqa: S105 - a stand-in
    github.secret_times["TIKTOK_REFRESH_TOKEN"] = iso(time.time() - 2 * 3600)
    env = env_for(tiktok, github, tmp_path / "cache.json") | {"PIPELINE_JOB_STARTED": started}
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO())
    assert tiktok.presented == ["tt-refresh"]
    assert tokens.job_started({"PIPELINE_JOB_STARTED": started}, 1000.0, 60.0) == 1000.0


def test_a_transient_store_error_is_retried_and_the_rotated_token_kept(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    """ "Create or update an environment secret" is idempotent: 5xx, 429 and a dropped
    connection are tried again (waits scaled down here), the pair is stored."""
    tiktok, github = servers
    put = r"/secrets/TIKTOK_REFRESH_TOKEN$"
    github.fault("PUT", put, "status", status=502)
    github.fault("PUT", put, "status", status=429, body={"message": "rate limited"})
    github.fault("PUT", put, "drop_before")
    github.fault("PUT", put, "status", status=503)
    secondary = {"message": "You have exceeded a secondary rate limit."}
    github.fault("PUT", put, "status", status=403, body=secondary, headers={"retry-after": "3"})
    env = env_for(tiktok, github, tmp_path / "cache.json") | {"PIPELINE_WAIT_SCALE": "0.001"}
    out = io.StringIO()
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", out)
    assert tiktok.presented == ["tt-refresh"]
    stored = github.secrets["TIKTOK_REFRESH_TOKEN"]
    assert stored == env["TIKTOK_REFRESH_TOKEN"] and stored in tiktok.refresh_tokens
    assert github.count("PUT", ".*" + put.rstrip("$")) == 6 and "⚠" not in out.getvalue()


def test_a_store_that_keeps_failing_gives_up_after_about_two_minutes(tmp_path: Path) -> None:
    waits: list[float] = []
    with GitHubStandIn() as github:
        github.fault("PUT", r"/secrets/A$", "status", status=500, times=100)
        store = secretstore.GitHubSecrets(
            "bpsip-jabar/situs", "production", Secret("gh-token"), github.url, sleep=waits.append
        )
        with pytest.raises(secretstore.StoreError) as caught:
            store.put("A", Secret("1"))
    assert caught.value.status == 500 and caught.value.what == "PUT A"
    assert 100 <= sum(waits) <= secretstore.BUDGET_S and max(waits) <= secretstore.MAX_WAIT_S
    assert github.count("PUT", r".*/secrets/A") == len(waits) + 1


def test_a_retry_after_longer_than_the_budget_is_not_waited_for(tmp_path: Path) -> None:
    waits: list[float] = []
    with GitHubStandIn() as github:
        github.fault("PUT", r"/secrets/A$", "status", status=429, headers={"retry-after": "5"})
        github.fault("PUT", r"/secrets/A$", "status", status=429, headers={"retry-after": "900"})
        store = secretstore.GitHubSecrets(
            "bpsip-jabar/situs", "production", Secret("gh-token"), github.url, sleep=waits.append
        )
        with pytest.raises(secretstore.StoreError) as caught:
            store.put("A", Secret("1"))
    assert caught.value.status == 429 and waits == [5.0]


def test_a_primary_rate_limit_waits_until_the_reset(tmp_path: Path) -> None:
    waits: list[float] = []
    reset = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 40)}
    with GitHubStandIn() as github:
        github.fault("PUT", r"/secrets/A$", "status", status=403, headers=reset)
        github.fault("PUT", r"/secrets/A$", "status", status=429)  # no header: a minute
        store = secretstore.GitHubSecrets(
            "bpsip-jabar/situs", "production", Secret("gh-token"), github.url, sleep=waits.append
        )
        store.put("A", Secret("1"))
    assert github.secrets["A"] == "1" and 38 <= waits[0] <= 40 and waits[1] == 60.0


def test_a_rotated_public_key_is_read_again(tmp_path: Path) -> None:
    with GitHubStandIn() as github:
        store = secretstore.GitHubSecrets(
            "bpsip-jabar/situs", "production", Secret("gh-token"), github.url
        )
        store.put("A", Secret("1"))
        github.rotate_key()
        store.put("A", Secret("2"))
    assert github.secrets["A"] == "2" and github.count("GET", r".*/public-key") == 2


def test_a_refused_write_is_not_retried(tmp_path: Path) -> None:
    waits: list[float] = []
    with GitHubStandIn(permissions={"secrets": "read", "environments": "read"}) as github:
        store = secretstore.GitHubSecrets(
            "bpsip-jabar/situs", "production", Secret("gh-token"), github.url, sleep=waits.append
        )
        with pytest.raises(secretstore.StoreError) as caught:
            store.put("A", Secret("1"))
    assert caught.value.status == 403 and waits == []


@pytest.mark.parametrize("failing", ["TIKTOK_ACCESS_TOKEN", "TIKTOK_ACCESS_TOKEN_EXPIRES_AT"])
def test_when_only_the_access_token_is_not_stored_the_run_goes_on_with_a_warning(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path, failing: str
) -> None:
    """The refresh token is safe: no re-authorisation; this run uses the new pair, and the
    next job (its own copy of the secrets) refreshes with the stored refresh token."""
    tiktok, github = servers
    github.fault("PUT", rf"/secrets/{failing}$", "status", status=500, times=100)
    env = env_for(tiktok, github, tmp_path / "job1" / "cache.json")
    env["PIPELINE_WAIT_SCALE"] = "0.0001"
    out = io.StringIO()
    tokens.refresh_all(env, CONFIG, tmp_path / "repo", out, lang="en")
    assert github.secrets["TIKTOK_REFRESH_TOKEN"] == env["TIKTOK_REFRESH_TOKEN"]
    assert env["TIKTOK_ACCESS_TOKEN"] in tiktok.issued
    said = out.getvalue()
    assert f"⚠ {failing.removesuffix('_EXPIRES_AT')}: tiktok: the new refresh token is" in said
    assert "re-authorise" not in said and env["TIKTOK_ACCESS_TOKEN"] not in said
    github.faults.clear()
    later = {
        **env_for(tiktok, github, tmp_path / "job2" / "cache.json"),
        **{k: v for k, v in github.secrets.items() if k.startswith("TIKTOK_")},
    }
    tokens.refresh_all(later, CONFIG, tmp_path / "repo", io.StringIO())
    assert len(tiktok.presented) == 2 and later["TIKTOK_ACCESS_TOKEN"] == tiktok.issued[-1]


def test_a_store_that_is_down_says_so_and_spends_nothing(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path
) -> None:
    tiktok, github = servers
    github.fault("GET", r"/public-key$", "status", status=503, times=100)
    env = env_for(tiktok, github, tmp_path / "cache.json") | {"PIPELINE_WAIT_SCALE": "0.0001"}
    with pytest.raises(PipelineError) as caught:
        tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO(), lang="en")
    assert tiktok.presented == [] and "HTTP 503" in str(caught.value)
    assert "the next run tries again" in str(caught.value) and "permission" not in str(caught.value)


@pytest.mark.parametrize("status", [500, 503, 403])
def test_when_github_cannot_say_whether_another_run_rotated_nothing_is_presented(
    servers: tuple[TikTokStandIn, GitHubStandIn], tmp_path: Path, status: int
) -> None:
    """The overlap check reads the refresh-token secret's `updated_at`; an error there is not
    'nobody rotated it': the token stays unspent and the run says why."""
    tiktok, github = servers
    github.fault("GET", r"/secrets/TIKTOK_REFRESH_TOKEN$", "status", status=status, times=100)
    env = env_for(tiktok, github, tmp_path / "cache.json") | {"PIPELINE_WAIT_SCALE": "0.0001"}
    with pytest.raises(PipelineError) as caught:
        tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO(), lang="en")
    assert tiktok.presented == [] and f"HTTP {status}" in str(caught.value)
    assert "TIKTOK_REFRESH_TOKEN" in str(caught.value)


@pytest.mark.parametrize("marker", [{"GITHUB_ACTIONS": "true"}, {"RUNNER_TEMP": "runner"}])
def test_on_a_runner_without_the_store_token_nothing_is_presented(
    tmp_path: Path, marker: dict[str, str]
) -> None:
    """In Actions only the `pipeline tokens refresh` step may store: any other step that would
    need to refresh stops before presenting, and never falls back to a file on the runner."""
    with TikTokStandIn() as tiktok:
        env = {
            "TIKTOK_REFRESH_TOKEN": "tt-refresh",
            "TIKTOK_CLIENT_KEY": "tt-client",
            "TIKTOK_CLIENT_SECRET": "tt-secret",
            "PIPELINE_TIKTOK_URL": tiktok.url,
            "GITHUB_REPOSITORY": "bpsip-jabar/situs",
            "PIPELINE_TOKEN_CACHE": str(tmp_path / "cache.json"),
            "PIPELINE_TOKEN_FILE": str(tmp_path / "tokens"),
        } | {k: str(tmp_path / v) if k == "RUNNER_TEMP" else v for k, v in marker.items()}
        with pytest.raises(PipelineError) as caught:
            tokens.refresh_all(env, CONFIG, tmp_path / "repo", io.StringIO())
        assert tiktok.presented == [] and not (tmp_path / "tokens").exists()
        assert str(caught.value).startswith("PIPELINE_SECRETS_TOKEN: tiktok: access token perlu")
        # The same environment on a laptop (no runner): the local file is the store.
        local = {k: v for k, v in env.items() if k not in marker}
        tokens.refresh_all(local, CONFIG, tmp_path / "repo", io.StringIO())
        assert tiktok.presented == ["tt-refresh"] and (tmp_path / "tokens").exists()


def test_without_a_refresh_token_only_the_jobs_own_cache_gives_an_access_token(
    tmp_path: Path,
) -> None:
    """A step that holds no refresh token (CI: publish, inbox) takes the pair the job's refresh
    step left in $RUNNER_TEMP; a cache that outlives jobs (PIPELINE_TOKEN_CACHE, a laptop's)
    may hold another authorisation's pair, so it is not used without the chain."""
    (tmp_path / "temp").mkdir()
    entry = tokencache.Entry(
        access="tt-new-access",
        refresh="tt-new-refresh",
        expires_at=time.time() + 24 * 3600,
        scope=["video.publish", "video.list"],
        stored=True,
        stored_at=time.time(),
    )
    tokencache.RunCache(tmp_path / "temp" / "pipeline-token-cache.json").put("tiktok", entry)
    job = {"RUNNER_TEMP": str(tmp_path / "temp"), "TIKTOK_ACCESS_TOKEN": "tt-stored-access"}
    tokens.refresh_all(job, CONFIG, tmp_path / "repo", io.StringIO())
    assert job["TIKTOK_ACCESS_TOKEN"] == entry.access and "TIKTOK_REFRESH_TOKEN" not in job
    lasting = {
        "PIPELINE_TOKEN_CACHE": str(tmp_path / "temp" / "pipeline-token-cache.json"),
        "TIKTOK_ACCESS_TOKEN": "tt-stored-access",
    }
    tokens.refresh_all(lasting, CONFIG, tmp_path / "repo", io.StringIO())
    assert lasting["TIKTOK_ACCESS_TOKEN"] == "tt-stored-access"  # noqa: S105 - a stand-in
