"""The office's config, `office.yml` at the repository root, validated like a post.

It holds facts, never secrets: the office, the site, the time zone, which platforms are on and
their public account ids, who holds which *jabatan* (GitHub handles or teams), and the SOP time
standards (*mutu baku*), whose defaults are the SOPs' own values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from pipeline.errors import Problem
from pipeline.frontmatter import decode, load_yaml
from pipeline.schema import Bool, Text
from pipeline.specs import SOCIAL_PLATFORMS
from pipeline.validate import validate

CONFIG_FILE = "office.yml"
Duration = Annotated[
    str,
    Field(
        pattern=r"^[1-9][0-9]*(m|h|d)$",
        description="Durasi: 20m (menit), 2h (jam), 1d (hari kerja)",
    ),
]
Handle = Annotated[
    str,
    Field(
        pattern=r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(/[A-Za-z0-9._-]+)?$",
        description="Akun GitHub (@nama) atau tim (@organisasi/tim)",
    ),
]
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM")]
Zone = Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
ZONE_OFFSETS = {"Asia/Jakarta": "+07:00", "Asia/Makassar": "+08:00", "Asia/Jayapura": "+09:00"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Office:
    name: Text = "Balai"
    site_url: Annotated[Text, Field(pattern=r"^https://[^\s/]+(/[^\s]*)?$")] = (
        "https://example.go.id/"
    )
    timezone: Zone = "Asia/Jakarta"
    language: Literal["id", "en"] = "id"
    email: Text | None = None
    phone: Text | None = None
    address: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Render:
    """How media are rendered: the background behind infographics fitted into a frame."""

    infographic_background: Annotated[
        str,
        Field(
            pattern=r"^(blur|#[0-9a-fA-F]{6})$",
            description="'blur' (latar dari gambar itu sendiri, diburamkan) atau warna #RRGGBB",
        ),
    ] = "blur"


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """A platform account: on or off, and its public id or name (no tokens here, ever)."""

    enabled: Bool = False
    account_id: Text | None = None
    username: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Platforms:
    facebook: Account = field(default_factory=Account)
    instagram: Account = field(default_factory=Account)
    x: Account = field(default_factory=Account)
    tiktok: Account = field(default_factory=Account)

    def enabled(self) -> tuple[str, ...]:
        return tuple(p for p in SOCIAL_PLATFORMS if getattr(self, p).enabled)


@dataclass(frozen=True, slots=True, kw_only=True)
class Roles:
    """*Jabatan* of both SOPs, each mapped to GitHub handles or teams."""

    kepala_balai: tuple[Handle, ...] = ()
    kepala_sub_tu: tuple[Handle, ...] = ()
    kelompok_kerja: tuple[Handle, ...] = ()
    admin_medsos: tuple[Handle, ...] = ()
    pelaksana: tuple[Handle, ...] = ()
    pranata_humas: tuple[Handle, ...] = ()
    ketua_tim_kerja: tuple[Handle, ...] = ()
    kepala_bagian_umum: tuple[Handle, ...] = ()
    # Technical owner (not a *jabatan* of the SOPs): reviews pipeline code, workflows and
    # the site's configuration (CODEOWNERS); usually a team, e.g. @org/tim-teknis.
    teknis: tuple[Handle, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sop1:
    """SOP Layanan Informasi melalui Media Sosial, steps 1-9 (mutu baku: waktu)."""

    compose: Duration = "1d"
    filter: Duration = "20m"
    evaluate: Duration = "20m"
    recheck: Duration = "20m"
    format_check: Duration = "20m"
    post: Duration = "25m"
    report_links: Duration = "5m"
    receive_comments: Duration = "10m"
    report_responses: Duration = "10m"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sop2:
    """SOP Tanggapan terhadap Komentar pada Website dan Media Sosial, steps 1-5."""

    inventory: Duration = "10m"
    draft: Duration = "30m"
    correct: Duration = "15m"
    send: Duration = "5m"
    receive: Duration = "5m"


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingHours:
    start: Clock = "07:30"
    end: Clock = "16:00"
    days: tuple[Annotated[int, Field(ge=1, le=7)], ...] = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeStandards:
    sop1: Sop1 = field(default_factory=Sop1)
    sop2: Sop2 = field(default_factory=Sop2)
    working_hours: WorkingHours = field(default_factory=WorkingHours)


@dataclass(frozen=True, slots=True, kw_only=True)
class Publishing:
    """The publish step: the kill switch, X's spending cap, and how claims age."""

    paused: Annotated[
        Bool, Field(description="true: hentikan semua unggahan (validasi dan rencana tetap jalan)")
    ] = False
    x_monthly_cap_usd: Annotated[
        float,
        Field(ge=0, description="Batas biaya X per bulan (USD); unggahan X ditunda bila lewat"),
    ] = 25.0
    job_timeout_minutes: Annotated[
        int, Field(ge=5, description="timeout-minutes job publish di workflow")
    ] = 60
    lease_minutes: Annotated[
        int,
        Field(
            ge=10, description="Klaim lebih tua dari ini diambil alih; harus > job_timeout_minutes"
        ),
    ] = 90
    max_age_days: Annotated[
        int,
        Field(
            ge=1,
            description="Tulisan dengan publish_at lebih lama dari ini tidak diunggah otomatis",
        ),
    ] = 14
    branch: Annotated[Text, Field(description="Cabang tempat records/ di-push")] = "main"


@dataclass(frozen=True, slots=True, kw_only=True)
class InboxWindows:
    """How long after publication `pipeline inbox fetch` still reads a post's comments, per
    platform (days). Outside the window the post is no longer read on every run.

    X: 7 days. Replies are found with recent search, "Search Posts from the last 7 days" (X
    API v2 documentation, "Search Posts", Overview, GET /2/tweets/search/recent; read
    2026-12-03): a reply is found only while it is at most a week old, most replies come in
    the first days, and X bills every Post read, so a post is watched for that week.
    Facebook, Instagram, the website: Graph and GitHub list a post's comments for as long as
    it exists, so no API sets the window; 30 days covers the month the monthly report
    counts, and a comment after that is rare (a wider window costs only reads)."""

    facebook: Annotated[
        int,
        Field(ge=1, le=3650, description="Hari setelah terbit: komentar Facebook masih diambil"),
    ] = 30
    instagram: Annotated[
        int,
        Field(ge=1, le=3650, description="Hari setelah terbit: komentar Instagram masih diambil"),
    ] = 30
    x: Annotated[
        int,
        Field(
            ge=1,
            le=3650,
            description="Hari setelah terbit: balasan X masih diambil (pencarian X: 7 hari)",
        ),
    ] = 7
    website: Annotated[
        int,
        Field(
            ge=1, le=3650, description="Hari setelah terbit: komentar situs (Giscus) masih diambil"
        ),
    ] = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class Inbox:
    """`pipeline inbox fetch` (SOP 2 step 1)."""

    window_days: InboxWindows = field(default_factory=InboxWindows)


@dataclass(frozen=True, slots=True, kw_only=True)
class Giscus:
    """Website comments through Giscus (GitHub Discussions): the values giscus.app gives."""

    repo: Annotated[
        str,
        Field(
            pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$",
            description="Repositori diskusi, pemilik/nama",
        ),
    ]
    repo_id: Annotated[
        str, Field(pattern=r"^[A-Za-z0-9_=-]{1,100}$", description="data-repo-id dari giscus.app")
    ]
    category: Annotated[
        str,
        Field(
            pattern=r"^[^\x00-\x1f\x7f]{1,100}$",
            description="Nama kategori Discussions (data-category)",
        ),
    ]
    category_id: Annotated[
        str,
        Field(pattern=r"^[A-Za-z0-9_=-]{1,100}$", description="data-category-id dari giscus.app"),
    ]
    mapping: Annotated[
        Literal["pathname"], Field(description="Judul diskusi = path halaman (pathname)")
    ] = "pathname"


@dataclass(frozen=True, slots=True, kw_only=True)
class Website:
    """The website's optional parts: comments (Giscus) are off unless configured."""

    giscus: Giscus | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    office: Office = field(default_factory=Office)
    platforms: Platforms = field(default_factory=Platforms)
    roles: Roles = field(default_factory=Roles)
    time_standards: TimeStandards = field(default_factory=TimeStandards)
    render: Render = field(default_factory=Render)
    publishing: Publishing = field(default_factory=Publishing)
    website: Website = field(default_factory=Website)
    inbox: Inbox = field(default_factory=Inbox)

    @property
    def zone_name(self) -> str:
        return ZONE_NAMES[self.office.timezone]


CONFIG_ADAPTER: TypeAdapter[Config] = TypeAdapter(Config)
_NESTED: dict[str, type] = {
    "Config.office": Office,
    "Config.platforms": Platforms,
    "Config.roles": Roles,
    "Config.time_standards": TimeStandards,
    "Config.render": Render,
    "Config.publishing": Publishing,
    "Config.website": Website,
    "Config.inbox": Inbox,
    "Inbox.window_days": InboxWindows,
    "Website.giscus": Giscus,
    "TimeStandards.sop1": Sop1,
    "TimeStandards.sop2": Sop2,
    "TimeStandards.working_hours": WorkingHours,
    **{f"Platforms.{p}": Account for p in SOCIAL_PLATFORMS},
}


def minutes(duration: str, working_day_minutes: int = 510) -> int:
    """'20m' -> 20, '2h' -> 120, '1d' -> one working day (07:30-16:00 = 510 by default)."""
    match = re.fullmatch(r"(\d+)([mhd])", duration)
    if match is None:
        raise ValueError(duration)
    count, unit = int(match[1]), match[2]
    return count * {"m": 1, "h": 60, "d": working_day_minutes}[unit]


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding office.yml or .git (else `start`)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file() or (folder / ".git").exists():
            return folder
    return start


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    """The config at `root/office.yml`; defaults (and no problem) when there is no file."""
    file = root / CONFIG_FILE
    if not file.is_file():
        return Config(), []
    text, problems = decode(file.read_bytes(), CONFIG_FILE)
    if text is None:
        return Config(), problems
    doc = load_yaml(text, CONFIG_FILE)
    validated = validate(doc, CONFIG_ADAPTER, Config, CONFIG_FILE, _NESTED)
    config = validated[0]
    problems = [*doc.problems, *validated[1]]
    if config is None or doc.problems:
        return Config(), problems
    lease = config.publishing
    if lease.lease_minutes <= lease.job_timeout_minutes:
        problems.append(
            Problem(
                code="CONFIG_LEASE",
                path=CONFIG_FILE,
                line=doc.line_of(("publishing", "lease_minutes")),
                field="publishing.lease_minutes",
                params={"lease": lease.lease_minutes, "timeout": lease.job_timeout_minutes},
            )
        )
    return config, problems


def config_json_schema() -> dict[str, object]:
    schema = CONFIG_ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Konfigurasi kantor (office.yml)"
    return schema
