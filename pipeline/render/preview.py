"""The offline trial upload (*ujicoba unggah*, SOP step 1.5): what each platform would get.

`build/preview/index.html` shows, per post and platform, the exact images and video covers,
the caption as sent and where the platform folds it, counts against limits, sizes and any
problem. `build/preview/summary.md` is the short form for a pull-request comment. Everything
is static: no script, no network, all text escaped.
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from pathlib import Path

from pipeline import captions, messages
from pipeline.errors import Problem
from pipeline.post import Post
from pipeline.render.manifest import Manifest
from pipeline.render.plan import Variant
from pipeline.specs import SPECS

PREVIEW = Path("build") / "preview"
HIDDEN_WIDTHS = ("w480", "w1600", "w1200")  # the site's other widths: one (w960) is enough here
WORDS = {
    "id": {
        "title": "Ujicoba unggah (pratinjau)",
        "caption": "Keterangan yang dikirim",
        "more": "… lainnya",
        "none": "tanpa keterangan",
        "ok": "siap",
        "problem": "masalah",
        "remux": "disalin tanpa encode ulang",
        "transcode": "di-encode ulang",
        "post": "Tulisan",
        "files": "file",
    },
    "en": {
        "title": "Trial upload (preview)",
        "caption": "Caption as sent",
        "more": "… more",
        "none": "no caption",
        "ok": "ready",
        "problem": "problem",
        "remux": "remuxed, not re-encoded",
        "transcode": "re-encoded",
        "post": "Post",
        "files": "files",
    },
}
CSS = """body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#1b1b1b;background:#fafafa}
section.post{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.5rem;
margin-bottom:2rem}.platform{border-top:1px solid #eee;padding:.75rem 0}
.media{display:flex;flex-wrap:wrap;gap:.75rem}.media figure{margin:0;max-width:220px}
.media img{max-width:220px;max-height:260px;border:1px solid #ccc;background:#eee}
figcaption{font-size:12px;color:#555}.caption{white-space:pre-wrap;background:#f4f6f4;
padding:.5rem .75rem;border-radius:6px}.fold{color:#888}.bad{color:#b00020}.ok{color:#1b5e20}
.count{font-size:12px;color:#555}"""


def write_preview(
    posts: list[Post],
    variants: list[Variant],
    state: Manifest,
    problems: list[Problem],
    root: Path,
    lang: str,
) -> tuple[Path, Path]:
    words = WORDS.get(lang, WORDS["id"])
    folder = root / PREVIEW
    folder.mkdir(parents=True, exist_ok=True)
    grouped: dict[tuple[str, str], list[Variant]] = defaultdict(list)
    for variant in variants:
        grouped[(variant.post.path, variant.platform)].append(variant)
    failed: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for problem in problems:
        failed[(problem.path, str(problem.params.get("platform")))].append(problem)
    sections, rows = [], []
    for post in posts:
        platforms = ("website", *(post.meta.social.platforms if post.meta.social else ()))
        cells, blocks = [], []
        for platform in dict.fromkeys(platforms):
            found = failed[(post.path, platform)]
            made = grouped[(post.path, platform)]
            blocks.append(_platform_block(post, platform, made, found, state, folder, words, lang))
            count = _count(post, platform)
            mark = "❌" if found else "✅"
            cells.append(f"{mark} {len(made)} {words['files']}" + (f", {count}" if count else ""))
        sections.append(
            f'<section class="post"><h2>{_e(post.meta.title)}</h2>'
            f"<p><code>{_e(post.path)}</code></p>{''.join(blocks)}</section>"
        )
        rows.append((post.meta.title, dict(zip(dict.fromkeys(platforms), cells, strict=True))))
    page = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{words['title']}</title><style>{CSS}</style></head><body>"
        f"<h1>{words['title']}</h1>{''.join(sections)}</body></html>\n"
    )
    html_file, md_file = folder / "index.html", folder / "summary.md"
    html_file.write_text(page, encoding="utf-8")
    md_file.write_text(_markdown(rows, words), encoding="utf-8")
    return html_file.relative_to(root), md_file.relative_to(root)


def _platform_block(
    post: Post,
    platform: str,
    made: list[Variant],
    found: list[Problem],
    state: Manifest,
    folder: Path,
    words: dict[str, str],
    lang: str,
) -> str:
    spec = SPECS[platform]
    figures = []
    for variant in made:
        entry = state.get(variant)
        if entry is None or variant.target.name in HIDDEN_WIDTHS:
            continue
        shown = entry["files"][1] if variant.video else entry["files"][0]  # a video's cover
        src = os.path.relpath(state.root / shown, folder)
        how = (
            (words["remux"] if entry.get("remuxed") else words["transcode"])
            if (variant.video)
            else f"q{entry.get('quality')}"
        )
        figures.append(
            f'<figure><a href="{_e(os.path.relpath(state.root / entry["files"][0], folder))}">'
            f'<img src="{_e(src)}" alt="{_e(_alt(post, variant.file))}" loading="lazy"></a>'
            f"<figcaption>{_e(variant.target.name)}: {entry['width']}×{entry['height']}, "
            f"{entry['bytes'] / 1024:.0f} KB, {_e(how)}</figcaption></figure>"
        )
    bad = "".join(f'<li class="bad">{_e(messages.line(p, lang))}</li>' for p in found)
    status = (
        f'<span class="bad">{words["problem"]}</span>'
        if found
        else f'<span class="ok">{words["ok"]}</span>'
    )
    return (
        f'<div class="platform"><h3>{spec.title} — {status}</h3>'
        f"{_caption_block(post, platform, words)}"
        f'<div class="media">{"".join(figures)}</div><ul>{bad}</ul></div>'
    )


def _caption_block(post: Post, platform: str, words: dict[str, str]) -> str:
    if platform == "website":
        return ""
    text = captions.platform_text(post.meta, platform)
    if not text:
        return f"<p>{words['none']}</p>"
    rules = SPECS[platform].text
    fold = int(rules.fold.value) if rules.fold else None
    shown = (
        _e(text[:fold]) + f'<span class="fold">{_e(words["more"])}</span>'
        if (fold and len(text) > fold)
        else _e(text)
    )
    count = _count(post, platform)
    return (
        f'<p><strong>{words["caption"]}</strong> <span class="count">{count}</span></p>'
        f'<div class="caption">{shown}</div>'
    )


def _count(post: Post, platform: str) -> str:
    rules = SPECS[platform].text
    if platform == "website" or rules.limit is None:
        return ""
    length = captions.length(captions.platform_text(post.meta, platform), rules.unit)
    return f"{length}/{int(rules.limit.value)}"


def _markdown(rows: list[tuple[str, dict[str, str]]], words: dict[str, str]) -> str:
    names = [n for n in SPECS if any(n in cells for _, cells in rows)]
    head = f"| {words['post']} | " + " | ".join(SPECS[n].title for n in names) + " |"
    lines = [f"### {words['title']}", "", head, "|" + "---|" * (len(names) + 1)]
    for title, cells in rows:
        lines.append(
            f"| {title.replace('|', '/')} | " + " | ".join(cells.get(n, "—") for n in names) + " |"
        )
    return "\n".join(lines) + "\n"


def _alt(post: Post, file: str) -> str:
    return next((m.alt for m in post.meta.media if m.file == file), "")


def _e(text: str) -> str:
    return html.escape(text, quote=True)
