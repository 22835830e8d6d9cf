"""Answers to comments (SOP 2: draft, correct, send; issue 7 item 3).

An answer is a file in Git, `inbox/answers/<platform>-<comment_id>.md`: YAML front matter
{platform, comment_id, post, policy, in_reply_to (the comment, escaped)} and the answer as the
body. A policy question (*kebijakan*) lives under `inbox/answers/kebijakan/`, which CODEOWNERS
gives to the head (`roles.kepala_balai`): the routing is Git's own.

`draft()` starts the file from the comment's `comment` event (records/inbox) and says how to
open the pull request. `send()` runs on main after the merge: for every answer whose key
(platform, comment_id, sha256 of the text) has no outcome yet it records `approved`, fetches the
comment again (deleted or hidden: `gone`, nothing posted), writes a write-ahead marker
(`records/inbox/sending/<platform>-<comment_id>-<sha12>.json`) and only then posts the reply,
once. A reply cannot be retried blindly (docs/publishing-model.md §4.8): a marker without an
outcome is settled on the next run by looking for our reply among the comment's replies (by
text hash); if it is not there a person decides, by checking the platform and deleting the
marker in a pull request. An answer changed after its reply was sent is reported, never sent
again automatically.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from pipeline import jsonl, messages
from pipeline.audit.cells import escape
from pipeline.config import ZONE_OFFSETS, Config
from pipeline.errors import PipelineError, Problem
from pipeline.inbox import records, website
from pipeline.publish import provenance
from pipeline.publish.api import Api, Timing
from pipeline.publish.base import PublishError, Verdict, text_hash
from pipeline.publish.platforms import facebook, graph, instagram
from pipeline.publish.platforms import x as xmod
from pipeline.publish.records import held_note, stamp

ANSWERS = Path("inbox") / "answers"
POLICY = ANSWERS / "kebijakan"
SENDING = records.FOLDER / "sending"
PLATFORMS = ("facebook", "instagram", "x", "website")
EXCERPT = 280  # characters of the comment quoted in the answer file
X_REFUSED = (
    "X menolak balasan lewat API: sejak 23-02-2026 akun hanya boleh membalas bila dipanggil "
    "(di-mention atau dikutip) oleh penulis kiriman. Balas langsung di aplikasi X bila perlu."
)
X_REFUSAL_WORDS = ("summoned", "not allowed", "mentioned or otherwise engaged", "not permitted")
GONE_SUBCODES = frozenset({"33", "100"})  # Graph: the object does not exist (deleted)
UNSURE = "hasil tidak pasti"

Writer = Callable[[Sequence[Mapping[str, Any]], Sequence[Path]], None]
"""Make events (and marker files, created or deleted) durable before returning: append them
to records/inbox and, in CI, commit and push."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    path: str  # relative to the root, with /
    platform: str
    comment_id: str
    post: str
    policy: bool
    text: str

    @property
    def sha(self) -> str:
        return text_hash(self.text)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.platform, self.comment_id, self.sha)


@dataclass(slots=True)
class Outcome:
    """What `send()` did, for the command's report."""

    sent: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)  # needs a person: never retried by itself
    deferred: list[str] = field(default_factory=list)  # try again on the next run

    @property
    def failed(self) -> bool:
        return bool(self.person or self.deferred)


# --- files ---------------------------------------------------------------------------------
def answer_path(platform: str, comment_id: str, *, policy: bool) -> Path:
    if platform not in PLATFORMS:
        raise PipelineError(f"platform {platform!r} tidak dapat dibalas lewat pipeline")
    if not re.fullmatch(r"[0-9A-Za-z_][0-9A-Za-z_-]*", comment_id):  # GitHub node ids: -
        raise PipelineError(f"id komentar {comment_id!r} tidak sah")
    return (POLICY if policy else ANSWERS) / f"{platform}-{comment_id}.md"


def render_file(comment: Mapping[str, Any], text: str, *, policy: bool) -> str:
    excerpt = escape(str(comment.get("text", "")))
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[:EXCERPT].rstrip("\\") + "…"
    front = {
        "platform": str(comment["platform"]),
        "comment_id": str(comment["comment_id"]),
        "post": str(comment.get("post", "")),
        "policy": policy,
        "in_reply_to": excerpt,
    }
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n{text}\n"


def parse(root: Path, path: Path) -> Answer:
    rel = path.relative_to(root).as_posix()
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = re.fullmatch(r"---\n(.*?\n)---\n?(.*)", raw, re.DOTALL)
    if not match:
        raise PipelineError(f"{rel}: front matter (--- ... ---) tidak ada")
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        raise PipelineError(f"{rel}: front matter bukan YAML yang sah") from None
    if not isinstance(front, dict):
        raise PipelineError(f"{rel}: front matter harus berupa pemetaan")
    platform, comment_id = str(front.get("platform", "")), str(front.get("comment_id", ""))
    in_policy = rel.startswith(POLICY.as_posix() + "/")
    expected = answer_path(platform, comment_id, policy=in_policy).as_posix()
    if rel != expected:
        raise PipelineError(f"{rel}: nama berkas harus {expected} (platform dan comment_id)")
    if front.get("policy") is True and not in_policy:
        raise PipelineError(
            f"{rel}: policy: true tetapi tidak di {POLICY.as_posix()}/ "
            "(jawaban kebijakan wajib disetujui Kepala Balai)"
        )
    text = match.group(2).strip()
    if not text:
        raise PipelineError(f"{rel}: jawaban masih kosong")
    return Answer(
        path=rel,
        platform=platform,
        comment_id=comment_id,
        post=str(front.get("post", "")),
        policy=in_policy,
        text=text,
    )


def find_answers(root: Path) -> Iterator[Path]:
    folder = root / ANSWERS
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*.md") if p.is_file())


# --- draft ---------------------------------------------------------------------------------
def draft(
    root: Path,
    comment_id: str,
    *,
    policy: bool,
    platform: str | None = None,
    now: datetime | None = None,
    offset: str = "+07:00",
    say: Callable[[str], object] = print,
) -> Path:
    """Create the answer file for a logged comment and print how to open its pull request."""
    reading = records.load(root)
    jsonl.warn(reading, say)
    found = [
        e
        for e in reading.events
        if e.get("event") == "comment"
        and str(e.get("comment_id")) == comment_id
        and (platform is None or e.get("platform") == platform)
    ]
    platforms = sorted({str(e.get("platform")) for e in found})
    if not found:
        raise PipelineError(f"komentar {comment_id} tidak ada di {records.FOLDER.as_posix()}")
    if len(platforms) > 1:
        raise PipelineError(f"id {comment_id} ada di {', '.join(platforms)}: sebutkan platformnya")
    comment = found[-1]
    chosen = platforms[0]
    rel = answer_path(chosen, comment_id, policy=policy)
    for existing in (answer_path(chosen, comment_id, policy=p) for p in (False, True)):
        if (root / existing).exists():
            raise PipelineError(f"jawaban sudah ada: {existing.as_posix()}")
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_file(comment, "", policy=policy), encoding="utf-8")
    branch = f"jawaban/{comment_id}"
    event = {
        "event": "draft",
        "platform": chosen,
        "comment_id": comment_id,
        "branch": branch,
        "path": rel.as_posix(),
        **stamp(now or datetime.now(UTC), offset),
    }
    records.append(root, [event])
    who = "Kepala Balai (pertanyaan kebijakan)" if policy else "pemeriksa"
    say(f"ditulis: {rel.as_posix()} (tulis jawabannya di bawah baris --- kedua)")
    say("lalu buka pull request:")
    say(f"  git switch -c {branch}")
    say(f"  git add {rel.as_posix()} {records.FOLDER.as_posix()}")
    say(f'  git commit -m "jawaban: {chosen} {comment_id}"')
    say(f"  git push -u origin {branch}")
    say(f"persetujuan: {who}; setelah digabung ke main, CI mengirim jawabannya sekali.")
    return path


# --- send ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Client:
    api: Api
    settings: Any


def send(
    root: Path,
    env: Mapping[str, str],
    config: Config,
    *,
    write: Writer | None = None,
    now: Callable[[], datetime] | None = None,
    timing: Timing | None = None,
    transport: httpx.BaseTransport | None = None,
    say: Callable[[str], object] = print,
) -> Outcome:
    """Send every merged answer that has no outcome yet, each at most once."""
    clock = now or (lambda: datetime.now(UTC))
    offset = ZONE_OFFSETS.get(config.office.timezone, "+07:00")
    writer = write or local_writer(root)
    reading = records.load(root)
    jsonl.warn(reading, say, config.office.language)
    events = reading.events
    done: dict[tuple[str, str, str], str] = {}
    approved: set[tuple[str, str, str]] = set()
    sent_shas: dict[tuple[str, str], set[str]] = {}
    for e in events:
        key = (str(e.get("platform")), str(e.get("comment_id")), str(e.get("text_sha256")))
        kind = e.get("event")
        if kind in ("sent", "gone", "refused"):
            done[key] = str(kind)
        if kind == "sent":
            sent_shas.setdefault(key[:2], set()).add(key[2])
        if kind == "approved":
            approved.add(key)
    outcome = Outcome()
    clients: dict[str, _Client] = {}
    throttled: dict[str, str] = {}  # platform -> why it takes no more calls this run

    def client(platform: str) -> _Client:
        if platform not in clients:
            clients[platform] = _client(platform, env, config, timing, transport)
        return clients[platform]

    def base(answer: Answer) -> dict[str, Any]:
        return {
            "platform": answer.platform,
            "comment_id": answer.comment_id,
            "text_sha256": answer.sha,
            **stamp(clock(), offset),
        }

    try:
        for path in find_answers(root):
            try:
                answer = parse(root, path)
            except PipelineError as exc:
                outcome.person.append(str(exc))
                say(f"perlu orang: {exc}")
                continue
            label = f"{answer.platform} {answer.comment_id} ({answer.path})"
            held = _held(answer, reading.damage, config.office.language)
            if held:
                outcome.person.append(f"{label}: {held}")
                say(f"perlu orang: {label}: {held}")
                continue
            if answer.key in done:
                _clean_marker(root, answer, writer)
                continue
            pending = [p for p in _markers(root, answer) if p.name != _marker(answer).name]
            earlier = (sent_shas.get(answer.key[:2], set()) - {answer.sha}) or pending
            if earlier:
                message = (
                    f"{label}: jawaban diubah setelah balasan terkirim (atau sedang dikirim); "
                    "tidak dikirim ulang otomatis. Periksa di platform, balas dengan tangan "
                    "bila perlu."
                )
                outcome.person.append(message)
                say(f"perlu orang: {message}")
                continue
            if answer.platform in throttled:  # throttled earlier in this run: no more calls
                message = f"{label}: {throttled[answer.platform]}"
                outcome.deferred.append(message)
                say(f"ditunda: {message}")
                continue
            try:
                _one(root, env, answer, label, approved, client, base, writer, outcome, say, config)
            except PublishError as exc:
                if exc.verdict is Verdict.REAUTH:
                    message = f"{label}: {exc.message}; {exc.hint or 'sambungkan ulang akun'}"
                elif exc.retry_after:  # the platform asked for no calls until then
                    moment = clock() + timedelta(seconds=exc.retry_after)
                    note = held_note(
                        answer.platform, moment, offset, config.zone_name, config.office.language
                    )
                    throttled[answer.platform] = f"{exc.message} ({note})"
                    message = f"{label}: {throttled[answer.platform]}"
                else:
                    message = f"{label}: {exc.message} (dicoba lagi pada jalan berikutnya)"
                outcome.deferred.append(message)
                say(f"ditunda: {message}")
    finally:
        for c in clients.values():
            c.api.close()
    return outcome


def _one(
    root: Path,
    env: Mapping[str, str],
    answer: Answer,
    label: str,
    approved: set[tuple[str, str, str]],
    client: Callable[[str], _Client],
    base: Callable[[Answer], dict[str, Any]],
    writer: Writer,
    outcome: Outcome,
    say: Callable[[str], object],
    config: Config,
) -> None:
    marker = root / _marker(answer)
    if marker.exists():  # a reply may have gone out: look for it, never resend blindly
        c = client(answer.platform)
        found = _find_reply(answer, c, _comment_event(root, answer))
        if found is None:
            message = (
                f"{label}: balasan mungkin sudah terkirim ({UNSURE}) dan tidak ditemukan di "
                f"platform. Periksa di platform; bila memang tidak ada, hapus "
                f"{_marker(answer).as_posix()} lewat pull request agar dikirim lagi."
            )
            outcome.person.append(message)
            say(f"perlu orang: {message}")
            return
        reply_id, url = found
        marker.unlink()
        writer([base(answer) | {"event": "sent", "reply_id": reply_id, "url": url}], [marker])
        outcome.sent.append(f"{label}: {url or reply_id} (dicocokkan)")
        say(f"terkirim (dicocokkan): {label} {url}")
        return
    if answer.key not in approved:
        source = provenance.for_post(root, env, f"{answer.path}/_")  # parent: the file itself
        by = [a["login"] for a in source.approvers(config)]  # role holders only
        event = base(answer) | {"event": "approved", "by": by, "policy": answer.policy}
        if source.pr is not None:
            event["pr"] = source.pr
        writer([event], [])
        approved.add(answer.key)
    c = client(answer.platform)
    if not _alive(answer, c):
        writer([base(answer) | {"event": "gone"}], [])
        outcome.gone.append(label)
        say(f"komentar sudah tidak ada (dihapus/disembunyikan), tidak dibalas: {label}")
        return
    _write_marker(root, answer, base(answer))
    writer([], [marker])  # durable before the request goes out (write-ahead)
    try:
        reply_id, url = _post(answer, c, _comment_event(root, answer))
    except PublishError as exc:
        if exc.verdict is Verdict.UNKNOWN:
            message = f"{label}: {exc.message}; {UNSURE}, dicocokkan pada jalan berikutnya"
            outcome.deferred.append(message)
            say(f"ditunda: {message}")
            return
        marker.unlink(missing_ok=True)  # proven: nothing was created
        if exc.verdict is Verdict.PERMANENT:
            message = _refusal(answer, exc)
            writer([base(answer) | {"event": "refused", "message": message}], [marker])
            outcome.refused.append(f"{label}: {message}")
            say(f"ditolak: {label}: {message}")
            return
        writer([], [marker])
        raise
    marker.unlink(missing_ok=True)
    writer([base(answer) | {"event": "sent", "reply_id": reply_id, "url": url}], [marker])
    outcome.sent.append(f"{label}: {url or reply_id}")
    say(f"terkirim: {label} {url}")


def _refusal(answer: Answer, exc: PublishError) -> str:
    words = exc.message.lower()
    if answer.platform == "x" and exc.status == 403 and any(w in words for w in X_REFUSAL_WORDS):
        return f"{X_REFUSED} ({exc.message})"
    return f"platform menolak balasan: {exc.message}"


# --- markers ---------------------------------------------------------------------------------
def _marker(answer: Answer) -> Path:
    return SENDING / f"{answer.platform}-{answer.comment_id}-{answer.sha[:12]}.json"


def _markers(root: Path, answer: Answer) -> list[Path]:
    folder = root / SENDING
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{answer.platform}-{answer.comment_id}-*.json"))


def _write_marker(root: Path, answer: Answer, fields: Mapping[str, Any]) -> None:
    path = root / _marker(answer)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = dict(fields) | {"path": answer.path}
    path.write_text(jsonl.dumps(body) + "\n", "utf-8")  # one line, separators escaped


def _held(answer: Answer, damage: Sequence[jsonl.Damage], lang: str) -> str:
    """A damaged line that may be this comment's `sent` (or `refused`, `gone`): the answer
    goes to a person, as a lost `sent` line could mean a second reply."""
    found = [
        d.where
        for d in damage
        if d.may_concern(platform=answer.platform, comment_id=answer.comment_id)
        and d.hints.get("event", "sent") in ("sent", "refused", "gone")
    ]
    if not found:
        return ""
    params = {"comment": answer.comment_id, "where": ", ".join(found)}
    message, fix = messages.text(Problem(code="LOG_ANSWER_HELD", path="", params=params), lang)
    return f"{message} ({fix})"


def _clean_marker(root: Path, answer: Answer, writer: Writer) -> None:
    """A marker left over after its outcome was logged (a run stopped in between)."""
    marker = root / _marker(answer)
    if marker.exists():
        marker.unlink()
        writer([], [marker])


def local_writer(root: Path) -> Writer:
    """Events appended to records/inbox in the working tree (committed by hand)."""

    def write(events: Sequence[Mapping[str, Any]], files: Sequence[Path]) -> None:
        if events:
            records.append(root, events)

    return write


# --- the platforms -------------------------------------------------------------------------
def _client(
    platform: str,
    env: Mapping[str, str],
    config: Config,
    timing: Timing | None,
    transport: httpx.BaseTransport | None,
) -> _Client:
    if platform == "website":
        if config.website.giscus is None:
            raise PublishError(
                Verdict.PERMANENT,
                "website: komentar situs tidak aktif (office.yml website.giscus tidak diisi)",
            )
        ws = website.settings(env, config.website.giscus)
        api = Api(platform, token=ws.token, timing=timing, transport=transport)
        return _Client(api, ws)
    account = getattr(config.platforms, platform)
    if platform in ("facebook", "instagram"):
        module = facebook if platform == "facebook" else instagram
        api = Api(
            platform,
            classify=graph.classify,
            refused=graph.refused,
            timing=timing,
            transport=transport,
        )
        return _Client(api, module.settings(env, account))
    xs = xmod.settings(env, account)
    api = Api(platform, token=xs.access, classify=xmod.classify, timing=timing, transport=transport)
    return _Client(api, xs)


def _comment_event(root: Path, answer: Answer) -> dict[str, Any]:
    for e in reversed(records.load(root).events):
        if (
            e.get("event") == "comment"
            and e.get("platform") == answer.platform
            and str(e.get("comment_id")) == answer.comment_id
        ):
            return e
    return {}


def _graph_headers(c: _Client) -> dict[str, str]:
    return graph.auth(c.settings.token)


def _alive(answer: Answer, c: _Client) -> bool:
    """The comment, fetched again: False when it was deleted or hidden."""
    s = c.settings
    if answer.platform == "website":  # NOT_FOUND or null: deleted; minimized: hidden
        return website.thread(c.api, s, answer.comment_id) is not None
    try:
        if answer.platform == "facebook":
            body = c.api.request(
                "GET",
                f"{s.graph}/{answer.comment_id}",
                op="read",
                headers=_graph_headers(c),
                params={"fields": "id,message,is_hidden"},
            )
            return bool(body.get("id")) and body.get("is_hidden") is not True
        if answer.platform == "instagram":
            body = c.api.request(
                "GET",
                f"{s.graph}/{answer.comment_id}",
                op="read",
                headers=_graph_headers(c),
                params={"fields": "id,text,hidden"},
            )
            return bool(body.get("id")) and body.get("hidden") is not True
        body = c.api.request(
            "GET",
            f"{s.base}/2/tweets/{answer.comment_id}",
            op="read",
            headers=c.api.bearer(),
        )
        return isinstance(body.get("data"), dict) and bool(body["data"].get("id"))
    except PublishError as exc:
        missing = answer.platform == "x" or exc.code in GONE_SUBCODES
        if exc.verdict is Verdict.PERMANENT and exc.status in (400, 404) and missing:
            return False
        raise


def _post(answer: Answer, c: _Client, comment: Mapping[str, Any]) -> tuple[str, str]:
    s = c.settings
    if answer.platform == "website":
        return website.reply(c.api, s, answer.comment_id, answer.text)
    if answer.platform in ("facebook", "instagram"):
        edge = "comments" if answer.platform == "facebook" else "replies"
        body = c.api.request(
            "POST",
            f"{s.graph}/{answer.comment_id}/{edge}",
            op="publish",
            headers=_graph_headers(c),
            data={"message": answer.text},
        )
        reply_id = graph.text_id(body, "id")
        return reply_id, _graph_url(answer, reply_id, comment)
    body = c.api.request(
        "POST",
        f"{s.base}/2/tweets",
        op="publish",
        headers=c.api.bearer(),
        json_body={"text": answer.text, "reply": {"in_reply_to_tweet_id": answer.comment_id}},
    )
    data = body.get("data") if isinstance(body, dict) else None
    reply_id = str(data.get("id", "")) if isinstance(data, dict) else ""
    return reply_id, f"https://x.com/{s.username}/status/{reply_id}" if reply_id else ""


def _graph_url(answer: Answer, reply_id: str, comment: Mapping[str, Any]) -> str:
    if answer.platform == "facebook" and reply_id:
        return f"{facebook.SITE}/{reply_id}"
    return str(comment.get("link", ""))  # Instagram replies have no link of their own


def _find_reply(answer: Answer, c: _Client, comment: Mapping[str, Any]) -> tuple[str, str] | None:
    """Our reply among the comment's replies, matched by text hash."""
    s = c.settings
    if answer.platform == "website":
        return website.find_reply(c.api, s, answer.comment_id, answer.sha)
    if answer.platform in ("facebook", "instagram"):
        edge, text = (
            ("comments", "message") if answer.platform == "facebook" else ("replies", "text")
        )
        fields = f"id,{text},from" if answer.platform == "facebook" else f"id,{text},username"
        for item in graph.pages(
            c.api,
            f"{s.graph}/{answer.comment_id}/{edge}",
            headers=_graph_headers(c),
            params={"fields": fields},
        ):
            author = item.get("from") if answer.platform == "facebook" else None
            if isinstance(author, Mapping) and str(author.get("id")) != s.page_id:
                continue  # someone else wrote the same words
            name = str(item.get("username") or "") if answer.platform == "instagram" else ""
            if name and s.username and name.lower() != s.username.lower():
                continue
            if text_hash(str(item.get(text, ""))) == answer.sha:
                reply_id = str(item.get("id", ""))
                return reply_id, _graph_url(answer, reply_id, comment)
        return None
    conversation = str(comment.get("remote_id") or answer.comment_id)
    key = xmod.text_key(answer.text)
    token: str | None = None
    for _ in range(xmod.PAGES):
        params = {
            "query": f"conversation_id:{conversation} from:{s.username}",
            "tweet.fields": "referenced_tweets,in_reply_to_user_id",
            "max_results": "100",
        }
        if token:
            params["next_token"] = token
        body = c.api.request(
            "GET",
            f"{s.base}/2/tweets/search/recent",
            op="read",
            headers=c.api.bearer(),
            params=params,
        )
        for item in body.get("data") or []:
            replied = [
                r.get("id")
                for r in item.get("referenced_tweets") or []
                if r.get("type") == "replied_to"
            ]
            shown = re.sub(r"^(@\w+\s+)+", "", html.unescape(str(item.get("text", ""))))
            if answer.comment_id in replied and xmod.text_key(shown) == key:
                reply_id = str(item.get("id", ""))
                return reply_id, f"https://x.com/{s.username}/status/{reply_id}"
        token = (body.get("meta") or {}).get("next_token")
        if not token:
            return None
    return None
