"""The token commands the runbook gives the office admin (docs/connecting-accounts.md, sections
X and TikTok) run as written: the fenced `sh` blocks are taken from the document, run with real
bash and curl against a loopback token endpoint, and the authorize URL they print and the token
request they send are compared with what the platforms document:

- X, "OAuth 2.0 Authorization Code Flow with PKCE" (docs.x.com, read 2026-12-03): authorize at
  `https://x.com/i/oauth2/authorize` with `response_type=code`, `client_id`, `redirect_uri`,
  `scope`, `state`, `code_challenge`, `code_challenge_method` (`S256` or `plain`); a
  confidential client ("Web App, Automated App or Bot") exchanges the code at
  `POST /2/oauth2/token` with HTTP Basic `client_id:client_secret` and the form `code`,
  `grant_type=authorization_code`, `redirect_uri`, `code_verifier`;
- TikTok, "Login Kit for Web" and "Manage User Access Tokens with OAuth v2" (developers.tiktok.com,
  read 2026-12-03): authorize at `https://www.tiktok.com/v2/auth/authorize/` with `client_key`,
  comma-separated `scope`, `response_type=code`, `redirect_uri`, `state`; exchange at
  `POST /v2/oauth/token/` with the form `client_key`, `client_secret`, `code` (URL-decoded),
  `grant_type=authorization_code`, `redirect_uri` (`code_verifier` is for mobile and desktop).

Only the token host is swapped for the loopback server; nothing else in the commands changes.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_docs_accounts import REQUIRED, RUNBOOK

REDIRECT = "https://bpsip-jabar.example/"  # the runbook's example site address
HOSTS = {"x": "https://api.x.com", "tiktok": "https://open.tiktokapis.com"}
BLOCK = re.compile(r"^ *```sh\n(.*?)^ *```", re.MULTILINE | re.DOTALL)

BASH, CURL = shutil.which("bash"), shutil.which("curl")  # CI's Ubuntu runners carry both


def blocks(section: str) -> list[str]:
    """The fenced `sh` blocks of one `## ` section of the runbook, unindented."""
    text = RUNBOOK.read_text(encoding="utf-8")
    start = text.index(f"\n## {section}\n")
    end = text.find("\n## ", start + 1)
    found = BLOCK.findall(text[start : end if end > 0 else len(text)])
    return [re.sub(r"^ {3}", "", b, flags=re.MULTILINE) for b in found]


class TokenEndpoint(ThreadingHTTPServer):
    """Records each request and answers as the platform's documentation shows."""

    requests: list[dict[str, Any]]


class Handler(BaseHTTPRequestHandler):
    server: TokenEndpoint

    def do_POST(self) -> None:  # the http.server API names it
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("ascii")
        self.server.requests.append(
            {
                "path": self.path,
                "authorization": self.headers.get("Authorization", ""),
                "content_type": self.headers.get("Content-Type", ""),
                "form": {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()},
                "raw": body,
            }
        )
        if self.path == "/2/oauth2/token":  # X's example answer shape
            answer: dict[str, Any] = {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": "x-access",
                "scope": " ".join(REQUIRED["x"]),
                "refresh_token": "x-refresh",
            }
        else:  # TikTok's
            answer = {
                "open_id": "open-1",
                "scope": ",".join(REQUIRED["tiktok"]),
                "access_token": "tt-access",
                "expires_in": 7200,
                "refresh_token": "tt-refresh",
                "refresh_expires_in": 15552000,
                "token_type": "Bearer",
            }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[TokenEndpoint]:
    server = TokenEndpoint(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def run(platform: str, section: str, endpoint: TokenEndpoint, typed: str) -> tuple[dict, str]:
    """Run the section's blocks in one bash, as the admin would, typing `typed`; return the
    authorize URL's parameters (and the URL without them) and the output."""
    script = "\n".join(blocks(section))
    assert script.count(HOSTS[platform]) == 1, f"the {section} exchange goes to {HOSTS[platform]}"
    url = f"http://127.0.0.1:{endpoint.server_address[1]}"
    done = subprocess.run(
        [BASH or "bash", "-e", "-c", script.replace(HOSTS[platform], url)],
        input=typed,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("https://")]
    assert len(lines) == 1, done.stdout
    parts = urlsplit(lines[0])
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return {"base": f"{parts.scheme}://{parts.netloc}{parts.path}", **query}, done.stdout


def test_the_x_commands_authorize_with_pkce_and_exchange_as_a_confidential_client(
    endpoint: TokenEndpoint,
) -> None:
    assert len(blocks("X")) == 2
    url, out = run("x", "X", endpoint, "client-1\nsecret:with:colons\nCODE-123\n")
    assert url["base"] == "https://x.com/i/oauth2/authorize"
    assert url["response_type"] == "code" and url["client_id"] == "client-1"
    assert url["redirect_uri"] == REDIRECT
    assert url["scope"].split(" ") == list(REQUIRED["x"])
    assert url["code_challenge_method"] in ("plain", "S256") and len(url["state"]) >= 16
    verifier = url["code_challenge"]
    assert re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", verifier)  # RFC 7636 §4.1
    (request,) = endpoint.requests
    assert request["path"] == "/2/oauth2/token"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    basic = base64.b64decode(request["authorization"].removeprefix("Basic ")).decode()
    assert basic == "client-1:secret:with:colons"
    assert request["form"] == {
        "grant_type": "authorization_code",
        "code": "CODE-123",
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,  # plain: the challenge is the verifier
    }
    assert '"refresh_token": "x-refresh"' in out or '"refresh_token":"x-refresh"' in out
    assert "secret:with:colons" not in out  # the secret is never echoed


def test_the_tiktok_commands_authorize_and_exchange_the_code_as_typed(
    endpoint: TokenEndpoint,
) -> None:
    assert len(blocks("TikTok")) == 2
    # A code as the address bar shows it: URL-encoded once; TikTok wants it decoded, which
    # the form encoding of the request does when the text is sent unchanged.
    url, out = run("tiktok", "TikTok", endpoint, "key-1\ns3cr3t&x=1\nabc%2A0%21xyz\n")
    assert url["base"] == "https://www.tiktok.com/v2/auth/authorize/"
    assert url["client_key"] == "key-1" and url["response_type"] == "code"
    assert url["scope"].split(",") == list(REQUIRED["tiktok"])
    assert url["redirect_uri"] == REDIRECT and len(url["state"]) >= 16
    (request,) = endpoint.requests
    assert request["path"] == "/v2/oauth/token/"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {
        "client_key": "key-1",
        "client_secret": "s3cr3t&x=1",
        "code": "abc*0!xyz",
        "grant_type": "authorization_code",
        "redirect_uri": REDIRECT,
    }
    assert "tt-refresh" in out and "s3cr3t" not in out


def test_the_blocks_are_found_where_the_runbook_puts_them() -> None:
    assert BASH and CURL, "the runbook's commands need bash and curl"
    for section in ("X", "TikTok"):
        text = "\n".join(blocks(section))
        assert "read -r -p 'code: ' CODE" in text, section
    with pytest.raises(ValueError):
        blocks("No such section")
