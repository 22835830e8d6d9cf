"""What a Meta token is, read from Meta itself before anything is published: its type, the
account it belongs to, whether it is valid, when it expires and which permissions it carries.

Sources (read 2026-12-03):
- Graph API reference, "Debug-Token /debug_token" (fields `type` USER/PAGE/SYSTEM_USER/APP,
  `is_valid`, `expires_at` (0 = never), `scopes`, `granular_scopes` [{scope, target_ids}],
  `profile_id` (a Page token's Page), `user_id`). A token can inspect itself; where Meta
  refuses that (an error that is not about the token), the caller falls back to reading the
  account with the token and says so.
- Pages API, "Posts" and "Comments", Requirements: a Page access token, with
  pages_manage_posts, pages_read_engagement (and pages_manage_engagement to reply).
- Instagram Platform, "Content Publishing" and "Comment Moderation", Requirements for the
  Instagram API with Facebook Login (graph.facebook.com): instagram_basic,
  instagram_content_publish, instagram_manage_comments, pages_read_engagement,
  pages_show_list. Tokens of the Instagram API with Instagram Login (graph.instagram.com,
  `IGAA...`, older `IGQV...`) are refused: they last 60 days and need a refresh
  ("Instagram Platform > Business Login for Instagram", "Refresh a long-lived token"), while
  a system user's token from Business Manager does not expire.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline import messages
from pipeline.errors import Problem
from pipeline.publish.api import Api
from pipeline.publish.base import PublishError, Secret, Verdict

FACEBOOK_SCOPES = ("pages_manage_posts", "pages_read_engagement", "pages_manage_engagement")
INSTAGRAM_SCOPES = (
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_comments",
    "pages_read_engagement",
    "pages_show_list",
)
# Tokens Instagram itself issues (Instagram Login `IGAA...`; the older `IGQV...` ones): a
# Facebook Login token (user, system user or Page) starts with `EAA`.
IG_LOGIN_PREFIXES = ("IGAA", "IGQ")


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenInfo:
    kind: str  # PAGE, USER, SYSTEM_USER, APP
    valid: bool
    profile_id: str  # a Page token's Page
    user_id: str
    scopes: frozenset[str]
    targets: Mapping[str, frozenset[str]]  # granular scope -> the ids it was granted for
    expires_at: int  # Unix time; 0 = never


def refuse(code: str, verdict: Verdict = Verdict.REAUTH, **params: object) -> PublishError:
    """A preflight refusal with its catalogue message (Indonesian here; the runner renders it
    again in the office's language)."""
    problem = Problem(code=code, path="", params=params)
    said, fix = messages.text(problem, "id")
    return PublishError(verdict, said, hint=fix, code=code.lower(), problem=problem)


def not_ig_login(token: str, secret: str) -> None:
    if token.startswith(IG_LOGIN_PREFIXES):
        raise refuse("META_IG_LOGIN_TOKEN", secret=secret)


def inspect(api: Api, base: str, token: Secret) -> TokenInfo | None:
    """`GET /debug_token?input_token=` with the token itself; None when Meta will not answer
    that (the caller falls back to reading the account). A dead token stays REAUTH and a
    throttle or outage stays RETRY."""
    try:
        body = api.request(
            "GET",
            f"{base}/debug_token",
            op="read",
            headers={"Authorization": f"Bearer {token.reveal()}"},
            params={"input_token": token.reveal()},
        )
    except PublishError as exc:
        if exc.verdict is Verdict.PERMANENT:
            return None
        raise
    data = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(data, Mapping):
        return None
    return TokenInfo(
        kind=str(data.get("type") or ""),
        valid=data.get("is_valid") is True,
        profile_id=str(data.get("profile_id") or ""),
        user_id=str(data.get("user_id") or ""),
        scopes=frozenset(str(s) for s in _list(data.get("scopes"))),
        targets=_targets(data.get("granular_scopes")),
        expires_at=_int(data.get("expires_at")),
    )


def check(
    info: TokenInfo,
    *,
    platform: str,
    variable: str,
    wanted: tuple[str, ...],
    account: str,
    kinds: tuple[str, ...],
    page: str = "",
) -> None:
    """Refuse an invalid token, a token of the wrong type or account, a missing permission."""
    if not info.valid:
        raise refuse("META_TOKEN_INVALID", platform=platform, secret=variable)
    if info.kind not in kinds:
        if page:  # Facebook: a Page token is the only kind that posts as the Page
            raise refuse("META_TOKEN_TYPE", secret=variable, kind=info.kind or "?", page=page)
        raise refuse("META_IG_TOKEN_TYPE", secret=variable, kind=info.kind or "?")
    if page and info.profile_id != page:
        raise refuse("META_TOKEN_ACCOUNT", secret=variable, got=info.profile_id or "?", want=page)
    missing = [s for s in wanted if s not in info.scopes]
    if missing:
        raise refuse(
            "META_SCOPE_MISSING", platform=platform, secret=variable, missing=", ".join(missing)
        )
    for scope in wanted:  # an Instagram permission granted for other accounts only
        ids = info.targets.get(scope)
        if ids and scope.startswith("instagram_") and account not in ids:
            got = ", ".join(sorted(ids))
            raise refuse("META_TOKEN_ACCOUNT", secret=variable, got=got, want=account)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _targets(value: Any) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for row in _list(value):
        if isinstance(row, Mapping) and row.get("scope"):
            ids = frozenset(str(i) for i in _list(row.get("target_ids")))
            if ids:
                out[str(row["scope"])] = ids
    return out


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
