"""The GitHub stand-in over raw HTTP.

Environment secrets: the permissions GitHub's REST API
reference states ("Environments" and "Secrets": read for the public key and a secret's
metadata, write to create or update), 201 then 204, `updated_at` and never the value.

"Get a workflow run": the documented example's fields,
404 for a run it does not hold, 403 for a token without `actions: read`, 401 for a bad token;
and the claim check (pipeline/publish/claims.py) against each of those answers.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from nacl import encoding, public

from pipeline.publish import claims
from pipeline.publish.claims import Holder
from pipeline.publish.standins.github import GitHubStandIn

EXAMPLE = Path(__file__).parent.parent / "data" / "docs" / "github" / "workflow-run.json"
AUTH = {"Authorization": "Bearer gh-token", "Accept": "application/vnd.github+json"}
RUNS = "/repos/bpsip-jabar/situs/actions/runs"


@pytest.fixture
def server() -> Iterator[GitHubStandIn]:
    with GitHubStandIn() as standin:
        yield standin


def test_a_run_is_answered_with_the_documented_fields(server: GitHubStandIn) -> None:
    server.run(555, "completed", attempt=2, conclusion="cancelled")
    got = httpx.get(f"{server.url}{RUNS}/555", headers=AUTH).json()
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(got) <= set(example), set(got) - set(example)
    for name in got:  # the same JSON types as the example, null where the example allows it
        assert got[name] is None or type(got[name]) is type(example[name]) or name == "conclusion"
    assert (got["id"], got["status"], got["conclusion"], got["run_attempt"]) == (
        555,
        "completed",
        "cancelled",
        2,
    )
    assert got["previous_attempt_url"].endswith("/actions/runs/555/attempts/1")


def test_unknown_runs_missing_permission_and_bad_tokens(server: GitHubStandIn) -> None:
    assert httpx.get(f"{server.url}{RUNS}/556", headers=AUTH).status_code == 404
    bad = {**AUTH, "Authorization": "Bearer wrong"}
    assert httpx.get(f"{server.url}{RUNS}/556", headers=bad).status_code == 401
    server.run(556)
    del server.permissions["actions"]
    answer = httpx.get(f"{server.url}{RUNS}/556", headers=AUTH)
    assert answer.status_code == 403
    assert answer.json()["message"] == "Resource not accessible by integration"


def forbidden(server: GitHubStandIn) -> None:
    """A completed run, asked with a token that lacks `actions: read`."""
    server.run(555, "completed")
    del server.permissions["actions"]


HOLDER = Holder(repository="bpsip-jabar/situs", run_id="555", run_attempt=1, job="publish")


@pytest.mark.parametrize(
    ("setup", "state", "why"),
    [
        (lambda s: s.run(555, "completed", conclusion="failure"), "dead", None),
        (lambda s: s.run(555, "in_progress", attempt=2), "dead", None),
        (lambda s: s.run(555, "in_progress"), "alive", None),
        (lambda s: s.run(555, "queued"), "alive", None),
        (lambda s: None, "unknown", "HTTP 404"),
        (forbidden, "unknown", "HTTP 403"),
    ],
)
def test_the_claim_check_reads_each_answer(
    server: GitHubStandIn, setup: object, state: str, why: str | None
) -> None:
    setup(server)  # type: ignore[operator]
    env = {"GITHUB_TOKEN": "gh-token", "PIPELINE_GITHUB_URL": server.url}
    verdict = claims.judge(HOLDER, claims.here({}), env)
    assert verdict.state == state
    if why:
        assert verdict.params == {"why": why}
    asked = [r for r in server.seen if r.path == f"{RUNS}/555"]
    assert len(asked) == 1 and asked[0].bearer() == "gh-token"
    assert asked[0].headers["accept"] == "application/vnd.github+json"


def test_github_out_of_reach_is_unknown(server: GitHubStandIn) -> None:
    url = server.url
    server.stop()
    env = {"GITHUB_TOKEN": "gh-token", "PIPELINE_GITHUB_URL": url}
    verdict = claims.judge(HOLDER, claims.here({}), env)
    assert verdict.state == "unknown" and verdict.params == {"why": "ConnectError"}


BASE = "/repos/bpsip-jabar/situs/environments/production/secrets"


def sealed(key: dict[str, str], value: str) -> dict[str, str]:
    box = public.SealedBox(public.PublicKey(key["key"].encode(), encoding.Base64Encoder))
    return {
        "encrypted_value": base64.b64encode(box.encrypt(value.encode())).decode(),
        "key_id": key["key_id"],
    }


def test_environment_secrets_need_both_permissions() -> None:
    for granted, key_status, put_status in (
        ({"secrets": "write"}, 403, None),
        ({"environments": "write"}, 403, None),
        ({"secrets": "read", "environments": "read"}, 200, 403),
        ({"secrets": "write", "environments": "write"}, 200, 201),
    ):
        with GitHubStandIn(permissions=granted) as github:
            key = httpx.get(f"{github.url}{BASE}/public-key", headers=AUTH)
            assert key.status_code == key_status, granted
            if put_status is None:
                continue
            put = httpx.put(
                f"{github.url}{BASE}/A_TOKEN", headers=AUTH, json=sealed(key.json(), "v1")
            )
            assert put.status_code == put_status, granted


def test_a_secret_is_created_then_updated_and_only_its_metadata_is_read() -> None:
    with GitHubStandIn() as github:
        key = httpx.get(f"{github.url}{BASE}/public-key", headers=AUTH).json()
        assert httpx.get(f"{github.url}{BASE}/A_TOKEN", headers=AUTH).status_code == 404
        first = httpx.put(f"{github.url}{BASE}/A_TOKEN", headers=AUTH, json=sealed(key, "v1"))
        second = httpx.put(f"{github.url}{BASE}/A_TOKEN", headers=AUTH, json=sealed(key, "v2"))
        assert (first.status_code, second.status_code) == (201, 204)
        meta = httpx.get(f"{github.url}{BASE}/A_TOKEN", headers=AUTH).json()
        assert set(meta) == {"name", "created_at", "updated_at"}
        assert github.secrets["A_TOKEN"] == "v2"  # noqa: S105 - the unsealed test value
