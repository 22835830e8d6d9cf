"""The sample posts this repository ships with, and how they are kept from going live.

A sample is marked twice: it sits at one of the folders listed here AND its front matter says
`sample: true`. The trial (`make run`, `pipeline publish --trial`, the tests) runs everything on
them; the production site build and `pipeline publish` refuse them, and refuse to publish at
all while office.yml still holds the sample office's identity. `pipeline check` names a
`sample: true` anywhere else (a writer who copied a sample folder as a template) as an error,
so a copy is never silently left unpublished. `pipeline samples remove` deletes them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pipeline.config import Config
from pipeline.errors import Problem
from pipeline.post import Loaded

_FOLDER = "content/posts/2026/11"
SAMPLE_POSTS = tuple(
    f"{_FOLDER}/{slug}/index.md"
    for slug in (
        "bimtek-gap-hortikultura-lembang",
        "infografis-sni-benih-padi",
        "jadwal-layanan-libur-natal-2026",
        "panen-raya-padi-inpari-32",
        "tips-simpan-benih-padi",
        "video-demplot-jajar-legowo",
    )
)
# The sample office.yml's account ids: placeholders that no real account has.
SAMPLE_ACCOUNT_IDS = frozenset({"100000000000001", "17841400000000001"})
# Names reserved for examples and tests (RFC 2606, RFC 6761): never a real office's site.
RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "localhost")


def is_sample(loaded: Loaded) -> bool:
    """A post that says `sample: true` (wherever it is)."""
    return loaded.post is not None and loaded.post.meta.sample


def problems(loaded: Loaded) -> list[Problem]:
    """SAMPLE_COPIED for `sample: true` outside the shipped sample folders."""
    if not is_sample(loaded) or loaded.path in SAMPLE_POSTS:
        return []
    return [
        Problem(
            code="SAMPLE_COPIED",
            path=loaded.path,
            line=loaded.doc.line_of(("sample",)),
            field="sample",
        )
    ]


def sample_site(config: Config) -> str:
    """office.site_url when it is still a name reserved for examples ("" otherwise): the
    production site build refuses it."""
    host = (urlsplit(config.office.site_url).hostname or "").lower().rstrip(".")
    reserved = host.endswith(RESERVED_SUFFIXES) or any(
        host == d or host.endswith("." + d) for d in RESERVED_DOMAINS
    )
    return f"office.site_url {config.office.site_url}" if reserved else ""


def sample_accounts(config: Config) -> list[str]:
    """Enabled accounts that still carry the sample office's ids: `pipeline publish` (with
    real accounts) refuses to run while there is one."""
    found: list[str] = []
    for name in ("facebook", "instagram", "x", "tiktok"):
        account = getattr(config.platforms, name)
        if account.enabled and account.account_id in SAMPLE_ACCOUNT_IDS:
            found.append(f"platforms.{name}.account_id {account.account_id}")
    return found
