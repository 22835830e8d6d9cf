"""One refresh-token exchange (`grant_type=refresh_token`), sent at most once.

X and TikTok rotate refresh tokens: the request spends the token it carries, whatever happens
to the answer. So the exchange goes out as a `create` (the Api never repeats it once it may
have reached the platform) and what comes back is sorted three ways (`PublishError.code`):

- `token_not_sent`: proven not processed (the connection never opened, or HTTP 429): the
  token is unspent and the next run tries again;
- `token_lost`: the request left and no answer came (a dropped connection, a timeout, a 5xx):
  the old token may already be spent and the new one is gone, so a person re-authorises;
- `token_client`: the app's own credentials were refused (401, `invalid_client`,
  `unauthorized_client`): the client id or secret is wrong or missing;
- `token_refused`: the platform refused the refresh token (`invalid_grant`, `invalid_request`).

Sources: TikTok for Developers, "Refresh a User Access Token" ("Refresh tokens are rotated
... The previous refresh token stops working once a new one is issued", read 2026-12-03); X,
"OAuth 2.0 Authorization Code Flow with PKCE", "Refresh tokens" (read 2026-12-03).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pipeline.publish.api import Api
from pipeline.publish.base import PublishError, Secret, Tokens, Verdict

SCOPE_SPLIT = re.compile(r"[\s,]+")  # X: space-separated; TikTok: comma-separated
# The app itself was not accepted (RFC 6749 §5.2): its id or secret, not the user's token.
CLIENT_ERRORS = ("invalid_client", "unauthorized_client")


def exchange(
    api: Api,
    platform: str,
    url: str,
    form: Mapping[str, str],
    *,
    headers: Mapping[str, str] | None = None,
    hint: str = "",
) -> Tokens:
    """POST the form once; the new pair, or `PublishError` with one of the codes above."""
    try:
        reply = api.request("POST", url, op="create", data=form, headers=headers)
    except PublishError as exc:
        if exc.verdict is Verdict.RETRY or exc.code == "not_sent":  # nothing was spent
            raise PublishError(
                Verdict.RETRY, exc.message, code="token_not_sent", retry_after=exc.retry_after
            ) from None
        if exc.verdict is Verdict.UNKNOWN:
            raise PublishError(
                Verdict.UNKNOWN, exc.message, hint=hint, code="token_lost", status=exc.status
            ) from None
        client = exc.status == 401 or any(e in exc.message for e in CLIENT_ERRORS)
        raise PublishError(
            Verdict.REAUTH,
            exc.message,
            hint=hint,
            code="token_client" if client else "token_refused",
            status=exc.status,
        ) from None
    return parse(reply, platform, hint)


def parse(reply: Any, platform: str, hint: str = "") -> Tokens:
    """A token endpoint's JSON answer as `Tokens` (a 2xx without `access_token` is refused)."""
    if not isinstance(reply, dict) or not reply.get("access_token"):
        error = reply.get("error") if isinstance(reply, dict) else None
        detail = f"{platform}: jawaban tanpa access_token" + (f" ({error})" if error else "")
        raise PublishError(Verdict.REAUTH, detail, hint=hint, code="token_refused")
    rotated = reply.get("refresh_token")
    scope = reply.get("scope")
    return Tokens(
        access=Secret(str(reply["access_token"])),
        refresh=Secret(str(rotated)) if rotated else None,
        expires_in=_int(reply.get("expires_in")),
        refresh_expires_in=_int(reply.get("refresh_expires_in")),
        scope=frozenset(s for s in SCOPE_SPLIT.split(scope) if s)
        if isinstance(scope, str)
        else None,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
