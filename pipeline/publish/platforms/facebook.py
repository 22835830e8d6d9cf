"""Facebook Page through the Graph API (docs/platform-facts.md §1): a Reel, one photo, a multi-photo
post, or a text/link post, decided from `job.media`.

Checkpoints: `video` (a Reel's video id), `finish` (the video id whose `finish` call was
answered: a rerun never finishes it again), `photo.<i>` (unpublished photos of a multi-photo
post), `post` (the page post id). A saved `post` is only read back; saved photos are reused; a
saved `video` is resumed from its status (upload from the offset it reports, finish when not
published) and started over only when Facebook says it failed or expired before publishing.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Mapping
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

NAME = "facebook"
PULLS_FROM_URL = False
ENV = ("FACEBOOK_PAGE_ID", "FACEBOOK_PAGE_TOKEN", "PIPELINE_GRAPH_URL", "PIPELINE_GRAPH_UPLOAD_URL")
BASES = {
    "graph": "https://graph.facebook.com/v25.0",
    "graph_upload": "https://rupload.facebook.com/video-upload/v25.0",
}
SITE = "https://www.facebook.com"
DEAD = ("error", "expired", "upload_failed")  # video_status values: Facebook dropped the video

classify = graph.classify
refused = graph.refused


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    page_id: str
    token: Secret
    graph: str
    upload: str
    account: str  # for hints: which account to reconnect


def settings(env: Mapping[str, str], account: Account) -> Settings:
    label = account.username or account.account_id or env.get("FACEBOOK_PAGE_ID") or "Halaman"
    (token,) = require(env, NAME, label, "FACEBOOK_PAGE_TOKEN")
    page_id = graph.object_id(env, "FACEBOOK_PAGE_ID", account, NAME)
    return Settings(
        page_id=page_id,
        token=Secret(token),
        graph=base_url(env, "graph", BASES["graph"]),
        upload=base_url(env, "graph_upload", BASES["graph_upload"]),
        account=label,
    )


def preflight(api: Api, settings: Settings) -> str:
    """The token, as Meta describes it (`debug_token`): valid, a Page token of our Page (one
    taken through a system user included), with the permissions posting and replying need.
    Where Meta will not describe it, `/me` with a Page token must be the Page itself."""
    info = meta_token.inspect(api, settings.graph, settings.token)
    if info is not None:
        meta_token.check(
            info,
            platform=NAME,
            variable="FACEBOOK_PAGE_TOKEN",
            wanted=meta_token.FACEBOOK_SCOPES,
            account=settings.page_id,
            kinds=("PAGE",),
            page=settings.page_id,
        )
    me = api.request(
        "GET",
        f"{settings.graph}/{settings.page_id if info is not None else 'me'}",
        op="read",
        headers=_auth(settings),
        params={"fields": "id,name"},
    )
    if graph.text_id(me, "id") != settings.page_id:
        raise PublishError(
            Verdict.REAUTH,
            f"facebook: the token is not a token of page {settings.page_id}",
            hint="token bukan token Halaman ini; " + account_hint(NAME, settings.account),
            code="wrong_account",
        )
    return str(me.get("name") or settings.page_id)


def publish(api: Api, settings: Settings, job: Job, marks: Marks) -> Remote:
    if any(m.kind == "video" for m in job.media):
        if len(job.media) != 1:
            raise PublishError(
                Verdict.PERMANENT,
                "facebook: a reel is one video and nothing else",
                hint="Reel Facebook hanya satu video, tanpa gambar lain",
                code="shape",
            )
        return _reel(api, settings, job, job.media[0], marks)
    post = marks.get("post")
    if post is None:
        if len(job.media) == 1 and not job.private:
            post = _photo(api, settings, job, job.media[0])
        elif job.media:  # several photos, or one private photo (an unpublished post)
            post = _album(api, settings, job, marks)
        else:
            fields = {"message": job.text, **({"link": job.link} if job.link else {})}
            post = _feed(api, settings, job, fields)
        marks.save("post", post)
    body = graph.read_back(
        api,
        f"{settings.graph}/{post}",
        headers=_auth(settings),
        fields="id,permalink_url,created_time,message",
        what="post",
    )
    return _remote(api, body, "post")


def find(api: Api, settings: Settings, job: Job, since: datetime) -> list[Remote]:
    """Our posts (or reels, for a video job) with the job's text hash, made since `since`."""
    reel = any(m.kind == "video" for m in job.media)
    edge, text = ("video_reels", "description") if reel else ("feed", "message")
    params = {
        "fields": f"id,{text},created_time,permalink_url",
        "since": str(int(since.timestamp())),
    }
    found: dict[str, Remote] = {}
    url = f"{settings.graph}/{settings.page_id}/{edge}"
    for item in graph.pages(api, url, headers=_auth(settings), params=params):
        if text_hash(str(item.get(text) or "")) != job.text_sha256:
            continue
        if not graph.at_or_after(item.get("created_time"), since):
            continue
        ident = graph.text_id(item, "id")
        if ident and ident not in found:
            found[ident] = Remote(
                id=ident,
                url=_absolute(str(item.get("permalink_url") or "")),
                published_at=str(item.get("created_time") or ""),
                extra={"kind": "reel" if reel else "post"},
            )
    return list(found.values())


# --- shapes ---------------------------------------------------------------------------------
def _photo(api: Api, s: Settings, job: Job, item: Media) -> str:
    data = {"caption": job.text, **_alt(item)}
    body = api.request(
        "POST",
        f"{s.graph}/{s.page_id}/photos",
        op="publish",
        headers=_auth(s),
        data=data,
        files={"source": _file(item)},
        media=item.path,
    )
    return graph.need_id(api, body, "post_id", "id")


def _album(api: Api, s: Settings, job: Job, marks: Marks) -> str:
    ids: list[str] = []
    for i, item in enumerate(job.media):
        photo = marks.get(f"photo.{i}")
        if photo is None:
            body = api.request(  # unpublished: nothing is public, so a repeat is harmless
                "POST",
                f"{s.graph}/{s.page_id}/photos",
                op="upload",
                headers=_auth(s),
                data={"published": "false", "temporary": "false", **_alt(item)},
                files={"source": _file(item)},
                media=item.path,
            )
            photo = graph.need_id(api, body, "id")
            marks.save(f"photo.{i}", photo)
        ids.append(photo)
    attached = {f"attached_media[{i}]": json.dumps({"media_fbid": p}) for i, p in enumerate(ids)}
    return _feed(api, s, job, {"message": job.text, **attached})


def _feed(api: Api, s: Settings, job: Job, fields: Mapping[str, str]) -> str:
    data = {**fields, **({"published": "false"} if job.private else {})}
    body = api.request(
        "POST", f"{s.graph}/{s.page_id}/feed", op="publish", headers=_auth(s), data=data
    )
    return graph.need_id(api, body, "id")


def _reel(api: Api, s: Settings, job: Job, item: Media, marks: Marks) -> Remote:
    """Reels Publishing API (Meta, Video API > "Reels Publishing", steps "Initialize", "Upload",
    "Publish" and "Get the status", read 2026-12-03): done is `publishing_phase.status ==
    "complete"`; `video_status` is kept as Facebook reports it. A DRAFT (the private trial) is
    never published, so it is done when processing is; the `finishing` checkpoint (saved before
    the finish request) and `finish` (after its answer) keep a rerun from finishing the same
    draft again (`_must_finish`)."""
    video = marks.get("video")
    status = _status(api, s, video) if video else None
    if video is None or (status is not None and _dead(status) and not _published(status)):
        # Nothing was public, so a new video is safe.
        body = api.request(
            "POST",
            f"{s.graph}/{s.page_id}/video_reels",
            op="create",
            headers=_auth(s),
            data={"upload_phase": "start"},
        )
        video = graph.need_id(api, body, "video_id", "id")
        marks.save("video", video)
        status = None
    if _phase(status, "uploading") != "complete":
        offset = int(_phase_of(status, "uploading").get("bytes_transferred") or 0)
        _upload(api, s, video, item, offset)
    status = _wait(api, s, video, lambda st: _phase(st, "uploading") == "complete")
    if _must_finish(job, marks, video, status):
        marks.save("finishing", video)  # before the request: its answer may be lost
        api.request(
            "POST",
            f"{s.graph}/{s.page_id}/video_reels",
            op="publish",
            headers=_auth(s),
            data={
                "upload_phase": "finish",
                "video_id": video,
                "video_state": "DRAFT" if job.private else "PUBLISHED",
                "description": job.text,
            },
        )
        marks.save("finish", video)
    status = _wait(api, s, video, _processed if job.private else _published)
    body = graph.read_back(
        api,
        f"{s.graph}/{video}",
        headers=_auth(s),
        fields="id,permalink_url,created_time,description",
        what="reel",
    )
    remote = _remote(api, body, "reel")
    extra = {**remote.extra, "video_status": str(status.get("video_status") or "")}
    return Remote(id=remote.id, url=remote.url, published_at=remote.published_at, extra=extra)


def _must_finish(job: Job, marks: Marks, video: str, status: Mapping[str, Any]) -> bool:
    """Whether to send `finish` for `video`: never twice once it was answered (`finish`). A
    finish sent whose answer was lost (`finishing`, saved before the request) is sent again
    only when the status proves it did not arrive: a PUBLISHED finish starts the publishing
    phase, so `not_started` proves it; a DRAFT's publishing phase never starts ("Reels
    Publishing API", "Get the status of the upload", read 2026-12-03), so for a draft nothing
    proves it and a rerun only reads the status."""
    if marks.get("finish") == video or _phase(status, "publishing") not in ("", "not_started"):
        return False
    return not (job.private and marks.get("finishing") == video)


def _upload(api: Api, s: Settings, video: str, item: Media, offset: int) -> None:
    """rupload: the whole file (or what is left of it) from `offset`."""
    data = item.path.read_bytes()
    body = api.request(
        "POST",
        f"{s.upload}/{video}",
        op="upload",
        headers={
            **graph.auth(s.token, "OAuth"),
            "offset": str(offset),
            "file_size": str(len(data)),
        },
        content=data[offset:],
        media=item.path,
    )
    if not (isinstance(body, Mapping) and body.get("success") is True):
        raise PublishError(Verdict.RETRY, f"facebook: upload not accepted: {body}", code="upload")


def _wait(
    api: Api, s: Settings, video: str, done: Callable[[Mapping[str, Any]], bool]
) -> Mapping[str, Any]:
    """Poll the video status until `done(status)`; a dropped video is PERMANENT here (a rerun
    starts a new one, since nothing was public)."""
    last: dict[str, Mapping[str, Any]] = {}

    def check() -> str | None:
        status = last["status"] = _status(api, s, video)
        if _dead(status) and not _published(status):
            return "dead"
        return "done" if done(status) else None

    if graph.poll(api, check, f"video {video}") == "dead":
        detail = _phase_of(last["status"], "processing").get("errors") or ""
        raise PublishError(
            Verdict.PERMANENT,
            f"facebook: video {last['status'].get('video_status')}: {detail}".rstrip(": "),
            hint="Facebook gagal memproses video: periksa berkasnya, lalu jalankan lagi",
            code="video_failed",
        )
    return last["status"]


def _status(api: Api, s: Settings, video: str) -> Mapping[str, Any]:
    body = api.request(
        "GET", f"{s.graph}/{video}", op="read", headers=_auth(s), params={"fields": "status"}
    )
    status = body.get("status") if isinstance(body, Mapping) else None
    return status if isinstance(status, Mapping) else {}


def _phase_of(status: Mapping[str, Any] | None, name: str) -> Mapping[str, Any]:
    phase = (status or {}).get(f"{name}_phase")
    return phase if isinstance(phase, Mapping) else {}


def _phase(status: Mapping[str, Any] | None, name: str) -> str:
    return str(_phase_of(status, name).get("status") or "")


def _dead(status: Mapping[str, Any]) -> bool:
    """Facebook dropped the video: its `video_status` says so, or a phase reports `error`."""
    phases = ("uploading", "processing", "publishing")
    return status.get("video_status") in DEAD or any(_phase(status, p) == "error" for p in phases)


def _published(status: Mapping[str, Any]) -> bool:
    return _phase(status, "publishing") == "complete"


def _processed(status: Mapping[str, Any]) -> bool:
    """A draft is done when Facebook has processed it (it is never published)."""
    return _phase(status, "processing") == "complete" or status.get("video_status") == "ready"


# --- small helpers --------------------------------------------------------------------------
def _auth(s: Settings) -> dict[str, str]:
    return graph.auth(s.token)


def _alt(item: Media) -> dict[str, str]:
    return {"alt_text_custom": item.alt} if item.alt else {}


def _file(item: Media) -> tuple[str, bytes, str]:
    kind = mimetypes.guess_type(item.path.name)[0] or "application/octet-stream"
    return (item.path.name, item.path.read_bytes(), kind)


def _absolute(url: str) -> str:
    """Video permalinks come back relative (`/reel/123/`)."""
    return SITE + url if url.startswith("/") else url


def _remote(api: Api, body: Mapping[str, Any], what: str) -> Remote:
    ident, url = graph.text_id(body, "id"), _absolute(str(body.get("permalink_url") or ""))
    if not ident or not url:
        raise graph.unreadable(api, what)
    return Remote(
        id=ident, url=url, published_at=str(body.get("created_time") or ""), extra={"kind": what}
    )
