"""The GitHub stand-in's environment secrets over raw HTTP: the permissions GitHub's REST API
reference states ("Environments" and "Secrets": read for the public key and a secret's
metadata, write to create or update), 201 then 204, `updated_at` and never the value."""

from __future__ import annotations

import base64

import httpx
from nacl import encoding, public

from pipeline.publish.standins.github import GitHubStandIn

BASE = "/repos/bpsip-jabar/situs/environments/production/secrets"
AUTH = {"Authorization": "Bearer gh-token"}


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
