"""What every platform module shares: the job it is given, what it returns, how it fails.

A platform module (`pipeline/publish/platforms/<name>.py`) holds data and I/O only:

- `NAME`, `PULLS_FROM_URL` (the platform fetches media from the site, so the runner checks the
  URLs first), `ENV` (the environment variables it reads), `BASES` (base-URL names, each
  overridable by `PIPELINE_<NAME>_URL`);
- `settings(env, account) -> Settings` (raises `PublishError(REAUTH)` when a secret is missing);
- `preflight(api, settings) -> str` checks the token before any side effect, returns a name;
- `publish(api, settings, job, marks) -> Remote`: creates, polls, publishes and reads back,
  saving every container/upload/publish id through `marks.save` the moment it is returned and
  resuming from `marks` on a rerun;
- `find(api, settings, job, since) -> list[Remote]`: our posts whose text hash is the job's,
  made since `since` (reconciliation; never "the latest post");
- `classify(status, body) -> Verdict | None`: the platform's own error codes.

The registry is `all_platforms.PLATFORMS`.
"""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from pipeline.errors import PipelineError, Problem


class Secret:
    """A token: never in `repr`, `str`, logs, errors or the trial files. `reveal()` to use."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class Verdict(enum.Enum):
    """What to do after a response or an exception (docs/publishing-model.md §4.4)."""

    OK = "ok"
    RETRY = "retry"  # safe: nothing was created (or a read); back off and try again
    UNKNOWN = "unknown"  # the request may have taken effect: reconcile, never blindly retry
    REAUTH = "reauth"  # the token is dead: stop, reconnect the account
    PERMANENT = "permanent"  # the platform refused this content: a human fixes it
    # A cap the platform counts per account (a daily post cap): nothing was created; this
    # pair and the platform's other pairs wait until `PublishError.until`, or, when the
    # platform names no time, until the next midnight in the office's time zone.
    THROTTLED = "throttled"


Op = Literal["read", "upload", "create", "publish"]
"""`read` and `upload` are safe to repeat (nothing public happens); `create` and `publish` are
not: a timeout after sending them is UNKNOWN."""


# What a printed line or a log reader takes for a line break, or does not show: C0 and C1
# controls (NEL among them), DEL, U+2028/U+2029, and lone surrogates.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")


def one_line(text: str) -> str:
    """A platform's words as one line: every control character and line or paragraph
    separator (and runs of them) becomes one space."""
    return _BREAKS.sub(" ", text).strip()


class PublishError(PipelineError):
    """One platform step failed; `verdict` says what the runner does next.

    `message` is the platform's own text (never a token), on one line (`one_line`: whatever a
    platform's words hold, a printed line or a log line is never split); `hint` is ours, for
    people."""

    def __init__(
        self,
        verdict: Verdict,
        message: str,
        *,
        hint: str = "",
        status: int | None = None,
        code: str = "",
        retry_after: float | None = None,
        problem: Problem | None = None,
        until: datetime | None = None,
    ) -> None:
        message, code = one_line(message), one_line(code)
        super().__init__(message)
        self.verdict = verdict
        self.message = message
        self.hint = hint
        self.status = status
        self.code = code
        self.retry_after = retry_after
        self.problem = problem  # a catalogue message (pipeline/messages.py) for people, if any
        self.until = until  # THROTTLED: not before this (aware) time


@dataclass(frozen=True, slots=True, kw_only=True)
class Media:
    """One rendered file a platform gets, in upload order."""

    path: Path  # the rendered file under build/media/<platform>/
    url: str  # where the site serves it (for platforms that fetch by URL)
    kind: Literal["image", "video"]
    target: str  # the render target: photo, feed, story, reel, video, ...
    alt: str
    size: int
    sha256: str
    cover: Path | None = None  # a video's cover frame (JPEG), when rendered
    cover_url: str = ""
    seconds: float | None = None  # a video's duration, measured by the build job
    mime: str = ""  # from the rendered file's bytes, sniffed by the build job ("": unknown)
    animated: bool = False  # a GIF of more than one frame (the build job counted them)


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One (post, platform) to publish: exactly what is sent."""

    post: str  # content/posts/<yyyy>/<mm>/<slug>/index.md
    platform: str
    account: str  # the public account id or name from office.yml
    title: str
    text: str  # the caption exactly as sent (captions.platform_text)
    link: str  # the post's page on the site
    media: tuple[Media, ...] = ()
    publish_at: datetime | None = None
    private: bool = False  # `--trial private`: a post only the account can see
    post_id: str = ""  # the front matter `id`: the post's identity across moves and renames

    @property
    def ident(self) -> str:
        """What the upload log keys this post by: its id (its path only for a post written
        before ids existed)."""
        return self.post_id or self.post

    @property
    def text_sha256(self) -> str:
        return text_hash(self.text)

    @property
    def content_sha256(self) -> str:
        """The hash of everything the platform receives: text, media bytes, order."""
        digest = hashlib.sha256(self.text.encode("utf-8"))
        for item in self.media:
            digest.update(f"\n{item.kind}:{item.target}:{item.sha256}:{item.alt}".encode())
        return digest.hexdigest()

    @property
    def key(self) -> str:
        """The idempotency key (§4.3 rule 6): same key, same state row."""
        raw = f"{self.ident}|{self.content_sha256}|{self.platform}|{self.account}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """How a caption is matched on the platform during reconciliation: NFC, trimmed, with
    line endings unified (platforms return \\r\\n or strip trailing spaces)."""
    norm = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Remote:
    """A post on a platform, read back from it: the proof of publication."""

    id: str
    url: str
    published_at: str = ""  # as the platform reports it
    extra: Mapping[str, Any] = field(default_factory=dict)


class Marks(Protocol):
    """The checkpoints of one (post, platform): ids saved the moment a platform returns them."""

    def get(self, name: str) -> str | None: ...

    def save(self, name: str, value: str) -> None:
        """Record and make durable (committed and pushed) before returning."""
        ...


def account_hint(platform: str, account: str) -> str:
    """The message a dead token gives: which account to reconnect, and where."""
    return f"sambungkan ulang akun {platform} '{account}' dan perbarui secret di GitHub"


@dataclass(frozen=True, slots=True, kw_only=True)
class Tokens:
    """What a refresh returns. A rotating refresh token must be stored before it is used."""

    access: Secret
    refresh: Secret | None = None
    expires_in: int | None = None  # seconds
    refresh_expires_in: int | None = None
    scope: frozenset[str] | None = None  # what the token endpoint says was granted


def base_url(env: Mapping[str, str], name: str, default: str) -> str:
    """A base URL, overridable by `PIPELINE_<NAME>_URL` (test servers, an office proxy)."""
    return env.get(f"PIPELINE_{name.upper()}_URL", default).rstrip("/")


def require(env: Mapping[str, str], platform: str, account: str, *names: str) -> list[str]:
    """The named environment variables, or `PublishError(REAUTH)` naming the missing ones."""
    missing = [n for n in names if not env.get(n)]
    damaged = [n for n in names if n not in missing and env[n] != env[n].strip()]
    damaged += [n for n in names if n not in missing and any(ord(c) < 32 for c in env[n])]
    if damaged:
        raise PublishError(
            Verdict.REAUTH,
            f"{platform}: secret {', '.join(sorted(set(damaged)))} berisi spasi atau baris baru",
            hint="salin ulang nilainya tanpa spasi di awal/akhir, lalu simpan lagi secretnya",
            code="damaged_secret",
        )
    if missing:
        raise PublishError(
            Verdict.REAUTH,
            f"{platform}: secret {', '.join(missing)} tidak ada",
            hint=account_hint(platform, account),
            code="missing_secret",
        )
    return [env[n] for n in names]
