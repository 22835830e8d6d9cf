"""The post front matter, defined once: frozen records, validated by pydantic, exported as
JSON Schema (`schema/post.schema.json`) so editors can autocomplete it.

The front matter is a superset of Material for MkDocs' blog post schema (`date`, `authors`,
`categories`, `tags`, `draft`, `slug`, `description`, `links`, `readtime`, `pin`), plus
`publish_at`, `credit`, `social` and `media`. The names under `social` and `media` are fixed:
scripts and the web editor rely on them. Descriptions are in Bahasa Indonesia: writers read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, Strict, TypeAdapter, WithJsonSchema
from pydantic_core import PydanticCustomError

from pipeline.specs import SOCIAL_PLATFORMS

Text = Annotated[str, Strict()]
Bool = Annotated[bool, Strict()]
Zoned = Annotated[dt.datetime, Strict()]
Kind = Literal["photo", "infographic", "video"]
# A post's identity (`id`): what the upload log is keyed by, so a move or rename of the folder
# is still the same post. `pipeline new` writes a random UUID; writers may choose their own.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{3,63}$"
Social = Literal["facebook", "instagram", "x", "tiktok"]
assert set(Social.__args__) == set(SOCIAL_PLATFORMS)  # type: ignore[attr-defined]  # noqa: S101


def _date_or_datetime(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise PydanticCustomError("date_type", "Input should be a date or a date-time")


Created = Annotated[
    dt.date,
    PlainValidator(_date_or_datetime),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]


def _doc(text: str, **extra: Any) -> Any:
    return Field(description=text, **extra)


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaItem:
    """One photo, infographic or video beside index.md."""

    file: Annotated[Text, _doc("Nama file di folder tulisan, mis. panen-1.jpg")]
    kind: Annotated[
        Kind, _doc("photo (foto, boleh dipotong), infographic (tidak pernah dipotong), atau video")
    ]
    alt: Annotated[Text, _doc("Teks alternatif: isi media dalam satu kalimat")] = ""
    credit: Annotated[Text | None, _doc("Kredit khusus media ini (jika beda dari 'credit')")] = None
    focus: Annotated[
        tuple[
            Annotated[float, Strict(), Field(ge=0, le=1)],
            Annotated[float, Strict(), Field(ge=0, le=1)],
        ]
        | None,
        _doc("Titik fokus foto [x, y] dari 0 sampai 1 untuk pemotongan"),
    ] = None
    captions: Annotated[Text | None, _doc("File subtitle .srt untuk video")] = None
    trim: Annotated[
        Bool,
        _doc("Potong video yang lebih panjang dari batas platform (bawaan: tidak, jadi galat)"),
    ] = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformText:
    """What one platform gets instead of the shared caption, hashtags or media."""

    caption: Annotated[Text | None, _doc("Keterangan khusus platform ini")] = None
    hashtags: Annotated[tuple[Text, ...] | None, _doc("Tagar khusus platform ini, tanpa '#'")] = (
        None
    )
    media: Annotated[
        tuple[Text, ...] | None,
        _doc("Nama file media yang dipakai di platform ini (urutan = urutan unggah)"),
    ] = None
    title: Annotated[Text | None, _doc("Judul (TikTok foto: maks. 90 karakter)")] = None
    story: Annotated[
        Bool, _doc("Instagram: unggah juga sebagai Story (gambar atau video 9:16, maks. 60 detik)")
    ] = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SocialPost:
    """Everything for the social platforms; the website always gets the post."""

    platforms: Annotated[tuple[Social, ...], _doc("Platform tujuan selain website")] = ()
    caption: Annotated[Text | None, _doc("Keterangan (caption) bersama untuk semua platform")] = (
        None
    )
    hashtags: Annotated[tuple[Text, ...], _doc("Tagar tanpa '#', maks. 5 (Instagram)")] = ()
    slideshow: Annotated[
        Bool,
        _doc(
            "Buat video slideshow 9:16 dari foto untuk TikTok dan Instagram Reels "
            "(bila tulisan tidak punya video)"
        ),
    ] = False
    facebook: PlatformText | None = None
    instagram: PlatformText | None = None
    x: PlatformText | None = None
    tiktok: PlatformText | None = None

    def override(self, platform: str) -> PlatformText:
        value = getattr(self, platform, None)
        return value if isinstance(value, PlatformText) else PlatformText()


@dataclass(frozen=True, slots=True, kw_only=True)
class PostMeta:
    """The front matter of `content/posts/<yyyy>/<mm>/<slug>/index.md`."""

    title: Annotated[Text, _doc("Judul tulisan")]
    date: Annotated[Created, _doc("Tanggal tulisan (YYYY-MM-DD)")]
    publish_at: Annotated[
        Zoned | None, _doc("Waktu terbit terjadwal, dengan zona: 2026-11-21T09:00:00+07:00")
    ] = None
    authors: Annotated[tuple[Text, ...], _doc("Id penulis dari content/.authors.yml")] = ()
    categories: Annotated[tuple[Text, ...], _doc("Kategori blog")] = ()
    tags: Annotated[tuple[Text, ...], _doc("Label blog")] = ()
    description: Annotated[Text | None, _doc("Ringkasan satu kalimat untuk pencarian")] = None
    credit: Annotated[Text | None, _doc("Kredit media, mis. 'Foto: Tim Humas'")] = None
    draft: Annotated[Bool, _doc("Draf: tidak diterbitkan")] = False
    slug: Annotated[
        Text | None,
        _doc("Slug URL (bawaan: nama folder)", pattern=r"^[a-z0-9][a-z0-9-]*$"),
    ] = None
    pin: Annotated[Bool, _doc("Sematkan di atas daftar blog")] = False
    sample: Annotated[
        Bool,
        _doc(
            "Tulisan contoh bawaan repositori: hanya untuk ujicoba, tidak pernah diterbitkan "
            "(hapus semua dengan 'pipeline samples remove')"
        ),
    ] = False
    readtime: Annotated[int | None, Strict(), _doc("Waktu baca (menit)")] = None
    links: Annotated[tuple[Any, ...], _doc("Tautan terkait (Material blog)")] = ()
    hide: Annotated[tuple[Text, ...], _doc("Bagian halaman yang disembunyikan (Material)")] = ()
    social: SocialPost | None = None
    media: Annotated[tuple[MediaItem, ...], _doc("Foto, infografis dan video tulisan ini")] = ()
    id: Annotated[
        Text | None,
        _doc(
            "Identitas tetap tulisan, ditulis oleh 'pipeline new'. Jangan diubah saat folder "
            "dipindah atau diganti nama; ganti dengan id baru bila menyalin tulisan lain",
            pattern=ID_PATTERN,
        ),
    ] = None


POST_ADAPTER: TypeAdapter[PostMeta] = TypeAdapter(PostMeta)
MEDIA_ADAPTER: TypeAdapter[MediaItem] = TypeAdapter(MediaItem)


def post_json_schema() -> dict[str, Any]:
    schema = POST_ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Front matter tulisan (pipeline)"
    return schema


# Which schema record sits under which key, for the unknown-key walk in `validate`.
POST_NESTED: dict[str, type] = {
    "PostMeta.social": SocialPost,
    "PostMeta.media": MediaItem,
    **{f"SocialPost.{p}": PlatformText for p in SOCIAL_PLATFORMS},
}
