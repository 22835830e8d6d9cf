"""`pipeline new "Judul"`: scaffold a post folder from the commented template (SOP step 1.1)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from importlib import resources
from pathlib import Path

from pipeline.config import ZONE_OFFSETS, find_root, load_config
from pipeline.errors import PipelineError


def slugify(title: str) -> str:
    """'Panen Raya Padi: Inpari 32!' -> 'panen-raya-padi-inpari-32'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "tulisan"


def new_id() -> str:
    """A fresh post identity: a random UUID (never derived from the title, date or path, which
    a writer may change, and never shared by two posts)."""
    return str(uuid.uuid4())


def run(
    title: str, *, date: str | None = None, root: str = "content", today: dt.date | None = None
) -> int:
    if not title.strip():
        raise PipelineError('judul kosong (tulis: pipeline new "Judul tulisan")')
    try:
        day = dt.date.fromisoformat(date) if date else today or dt.date.today()
    except ValueError:
        raise PipelineError(f"tanggal '{date}' tidak sah (format YYYY-MM-DD)") from None
    folder = Path(root) / "posts" / f"{day:%Y}" / f"{day:%m}" / slugify(title)
    if folder.exists():
        raise PipelineError(f"{folder} sudah ada (pilih judul lain, atau sunting tulisan itu)")
    config, _ = load_config(find_root(Path.cwd()))
    offset = ZONE_OFFSETS[config.office.timezone]
    template = resources.files("pipeline").joinpath("templates/post.md").read_text("utf-8")
    quoted = '"' + title.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = template.format(
        post_id=new_id(),
        title=quoted,
        date=day.isoformat(),
        example_time=f"{day.isoformat()}T09:00:00{offset}",
    )
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    print(
        f"Dibuat: {folder / 'index.md'}\n\nLangkah berikutnya:\n"
        f"  1. Salin foto/infografis/video ke {folder}/ dan daftarkan di 'media' "
        "(dengan alt).\n"
        "  2. Tulis narasi dan caption, lalu periksa:\n"
        f"       pipeline check {folder}\n"
        "  3. Commit di cabang baru dan buka pull request untuk ditinjau "
        "(disposisi sesuai/tidak sesuai)."
    )
    return 0
