"""Instagram (professional account, Facebook Login, graph.facebook.com; docs/platform-facts.md §2):
a Reel, one image, or a 2-10 item carousel. Instagram fetches every file from `Media.url`.

Checkpoints: `child.<i>` (carousel items), `container` (what `media_publish` publishes),
`media` (the published media id). A saved `media` is only read back; a saved container is
polled and published; a container Instagram calls ERROR or EXPIRED is made anew (nothing was
public); one that says PUBLISHED while no `media` was saved is UNKNOWN (the runner reconciles).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.config import Account
from pipeline.publish.api import Api
from pipeline.publish.base import (
    Job,
    Marks,
    Media,
    PublishError,
    Remote,
    Secret,
    Verdict,
    account_hint,
    base_url,
    require,
    text_hash,
)
from pipeline.publish.platforms import graph, meta_token

NAME = "instagram"
PULLS_FROM_URL = True
ENV = ("INSTAGRAM_USER_ID", "INSTAGRAM_TOKEN", "PIPELINE_GRAPH_URL")
BASES = {"graph": "https://graph.facebook.com/v25.0"}
MAX_ITEMS = 10  # carousel children (docs/platform-facts.md §2.1)
QUOTA_TOTAL = 50  # when content_publishing_limit does not say (§2.3: plan for 50)
MEDIA_FIELDS = "id,caption,timestamp,permalink,media_product_type"

classify = graph.classify
refused = graph.refused


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    user_id: str
    token: Secret
    graph: str
    username: str
    account: str  # for hints: which account to reconnect


def settings(env: Mapping[str, str], account: Account) -> Settings:
    label = account.username or account.account_id or env.get("INSTAGRAM_USER_ID") or "akun"
    (token,) = require(env, NAME, label, "INSTAGRAM_TOKEN")
    meta_token.not_ig_login(token, "INSTAGRAM_TOKEN")
    user_id = graph.object_id(env, "INSTAGRAM_USER_ID", account, NAME)
    return Settings(
        user_id=user_id,
        token=Secret(token),
        graph=base_url(env, "graph", BASES["graph"]),
        username=account.username or "",
        account=label,
    )


def preflight(api: Api, settings: Settings) -> str:
    """The token, as Meta describes it (`debug_token`): valid, with the permissions publishing
    and comments need (Facebook Login); then the account read with it, whose username must be
    the configured one."""
    info = meta_token.inspect(api, settings.graph, settings.token)
    if info is not None:
        meta_token.check(
            info,
            platform=NAME,
            variable="INSTAGRAM_TOKEN",
            wanted=meta_token.INSTAGRAM_SCOPES,
            account=settings.user_id,
            kinds=("USER", "SYSTEM_USER", "PAGE"),
        )
    me = api.request(
        "GET",
        f"{settings.graph}/{settings.user_id}",
        op="read",
        headers=_auth(settings),
        params={"fields": "id,username"},
    )
    username = str(me.get("username") or "")
    wrong_id = graph.text_id(me, "id") != settings.user_id
    if wrong_id or (settings.username and username.lower() != settings.username.lower()):
        raise PublishError(
            Verdict.REAUTH,
            f"instagram: account {settings.user_id} is @{username}, not @{settings.username}",
            hint="akun Instagram tidak cocok; " + account_hint(NAME, settings.account),
            code="wrong_account",
        )
    return f"@{username}" if username else settings.user_id


def quota(api: Api, settings: Settings) -> tuple[int, int]:
    """(posts published in the last 24 h, the allowance) from `content_publishing_limit`."""
    body = api.request(
        "GET",
        f"{settings.graph}/{settings.user_id}/content_publishing_limit",
        op="read",
        headers=_auth(settings),
        params={"fields": "config,quota_usage"},
    )
    rows = body.get("data") if isinstance(body, Mapping) else None
    row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], Mapping) else {}
    config = row.get("config")
    config = config if isinstance(config, Mapping) else {}
    return int(row.get("quota_usage") or 0), int(config.get("quota_total") or QUOTA_TOTAL)


def publish(api: Api, settings: Settings, job: Job, marks: Marks) -> Remote:
    if job.private:
        raise PublishError(
            Verdict.PERMANENT,
            "instagram: Instagram tidak punya unggahan privat",
            hint="uji coba privat tidak bisa di Instagram: lewati atau uji coba biasa",
            code="no_private",
        )
    media = marks.get("media")
    if media is None:
        _check_shape(job)
        container = marks.get("container")
        renewed = False
        while True:
            if container is None:
                container = _container(api, settings, job, marks)
                marks.save("container", container)
            state, detail = _settle(api, settings, container)
            if state == "FINISHED":
                break
            if state == "PUBLISHED":
                raise PublishError(
                    Verdict.UNKNOWN,
                    f"instagram: container {container} is already published",
                    hint="sudah terbit tetapi id-nya tidak tercatat: dicocokkan (rekonsiliasi)",
                    code="published",
                )
            if renewed:  # a fresh container failed too: the media, not the moment
                raise PublishError(
                    Verdict.PERMANENT,
                    f"instagram: container {state}: {detail}".rstrip(": "),
                    hint="Instagram menolak media ini: periksa berkasnya",
                    code=f"container_{state.lower()}",
                )
            renewed, container = True, None
        body = api.request(
            "POST",
            f"{settings.graph}/{settings.user_id}/media_publish",
            op="publish",
            headers=_auth(settings),
            data={"creation_id": container},
        )
        media = graph.need_id(api, body, "id")
        marks.save("media", media)
    body = graph.read_back(
        api, f"{settings.graph}/{media}", headers=_auth(settings), fields=MEDIA_FIELDS, what="media"
    )
    ident, url = graph.text_id(body, "id"), str(body.get("permalink") or "")
    if not ident or not url:
        raise graph.unreadable(api, "media")
    return Remote(
        id=ident, url=url, published_at=str(body.get("timestamp") or ""), extra=_extra(body)
    )


def find(api: Api, settings: Settings, job: Job, since: datetime) -> list[Remote]:
    """Recent media of the account whose caption hashes to the job's, made since `since`."""
    found: dict[str, Remote] = {}
    url = f"{settings.graph}/{settings.user_id}/media"
    params = {"fields": MEDIA_FIELDS, "limit": "50"}
    for item in graph.pages(api, url, headers=_auth(settings), params=params):
        if text_hash(str(item.get("caption") or "")) != job.text_sha256:
            continue
        if not graph.at_or_after(item.get("timestamp"), since):
            continue
        ident = graph.text_id(item, "id")
        if ident and ident not in found:
            found[ident] = Remote(
                id=ident,
                url=str(item.get("permalink") or ""),
                published_at=str(item.get("timestamp") or ""),
                extra=_extra(item),
            )
    return list(found.values())


# --- containers -----------------------------------------------------------------------------
def _check_shape(job: Job) -> None:
    count = len(job.media)
    if count == 0 or count > MAX_ITEMS:
        raise PublishError(
            Verdict.PERMANENT,
            f"instagram: {count} media items (1 to {MAX_ITEMS})",
            hint=f"Instagram butuh 1 sampai {MAX_ITEMS} gambar/video",
            code="shape",
        )


def _container(api: Api, s: Settings, job: Job, marks: Marks) -> str:
    if len(job.media) == 1:
        item = job.media[0]
        if item.target == "story":  # a Story: no caption, no alt text (docs/platform-facts.md §2.1)
            url = "video_url" if item.kind == "video" else "image_url"
            return _create(api, s, {"media_type": "STORIES", url: item.url})
        if item.kind == "video":
            fields = {
                "media_type": "REELS",
                "video_url": item.url,
                "caption": job.text,
                "share_to_feed": "true",
                **({"cover_url": item.cover_url} if item.cover_url else {}),
            }
        else:
            fields = {"image_url": item.url, "caption": job.text, **_alt(item)}
        return _create(api, s, fields)
    children = [_child(api, s, i, item, marks) for i, item in enumerate(job.media)]
    fields = {"media_type": "CAROUSEL", "children": ",".join(children), "caption": job.text}
    return _create(api, s, fields)


def _child(api: Api, s: Settings, i: int, item: Media, marks: Marks) -> str:
    """A carousel item, reused when saved and still usable; it must be FINISHED first."""
    child = marks.get(f"child.{i}")
    if child is not None and _settle(api, s, child)[0] == "FINISHED":
        return child
    if item.kind == "video":
        fields = {"media_type": "VIDEO", "video_url": item.url, "is_carousel_item": "true"}
    else:
        fields = {"image_url": item.url, "is_carousel_item": "true", **_alt(item)}
    child = _create(api, s, fields)
    marks.save(f"child.{i}", child)
    state, detail = _settle(api, s, child)
    if state != "FINISHED":
        raise PublishError(
            Verdict.PERMANENT,
            f"instagram: carousel item {i + 1} {state}: {detail}".rstrip(": "),
            hint=f"Instagram menolak media ke-{i + 1}: periksa berkasnya",
            code=f"container_{state.lower()}",
        )
    return child


def _create(api: Api, s: Settings, fields: Mapping[str, str]) -> str:
    body = api.request(
        "POST", f"{s.graph}/{s.user_id}/media", op="create", headers=_auth(s), data=fields
    )
    return graph.need_id(api, body, "id")


def _settle(api: Api, s: Settings, container: str) -> tuple[str, str]:
    """Poll a container until it leaves IN_PROGRESS: (status_code, status text)."""
    last: dict[str, Any] = {}

    def check() -> str | None:
        body = api.request(
            "GET",
            f"{s.graph}/{container}",
            op="read",
            headers=_auth(s),
            params={"fields": "status_code,status"},
        )
        last.update(body if isinstance(body, Mapping) else {})
        code = str(last.get("status_code") or "IN_PROGRESS")
        return None if code == "IN_PROGRESS" else code

    # Meta's cadence: at once, then once a minute for at most five minutes (Timing
    # `container_poll_s`, `container_polls`); a container still IN_PROGRESS then is picked up
    # by the next run (it is saved and lives 24 h).
    timing = api.timing
    every, times = timing.container_poll_s, timing.container_polls
    state = graph.poll(api, check, f"container {container}", every=every, times=times)
    return state, str(last.get("status") or "")


# --- small helpers --------------------------------------------------------------------------
def _auth(s: Settings) -> dict[str, str]:
    return graph.auth(s.token)


def _alt(item: Media) -> dict[str, str]:
    return {"alt_text": item.alt} if item.alt else {}


def _extra(body: Mapping[str, Any]) -> dict[str, str]:
    product = body.get("media_product_type")
    return {"media_product_type": str(product)} if product else {}
