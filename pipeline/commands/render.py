"""`pipeline render [PATH...] [--jobs N] [--preview]`: every platform's variants of every post
(SOP step 1.5), verified, cached, and optionally the offline trial preview (*ujicoba unggah*).

Posts with errors from `pipeline check` are skipped (render never works on input it has not
checked). Images are rendered in parallel, one process per core, each source decoded once for
all its variants; videos run one at a time (x264 uses every core itself).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import pyvips
from tqdm import tqdm

from pipeline import messages
from pipeline.commands import check
from pipeline.config import ZONE_OFFSETS, load_config
from pipeline.errors import Problem
from pipeline.media.cache import ProbeCache
from pipeline.post import Post, find_posts, load_post
from pipeline.render import handoff, image, manifest, slideshow, verify
from pipeline.render import video as video_render
from pipeline.render.plan import Variant, plan
from pipeline.render.preview import write_preview


def run(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    preview: bool = False,
    lang: str | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    config, config_problems = load_config(root)
    lang = lang or config.office.language
    targets = [Path(p) for p in paths] or [root / "content"]
    jobs = jobs or os.cpu_count() or 1
    reports = check.check_posts(targets, root, config, jobs=jobs, show_progress=sys.stderr.isatty())
    blocked = {r.path for r in reports if r.errors}
    zone = (ZONE_OFFSETS[config.office.timezone], config.zone_name)
    everything = [
        load_post(index, root, zone) for index in find_posts(t for t in targets if t.exists())
    ]
    posts = [
        loaded.post
        for loaded in everything
        if loaded.post is not None and loaded.path not in blocked
    ]
    variants = _plan_all(posts, root, config.render.infographic_background, config.office.name)
    state = manifest.Manifest(root)
    todo = [v for v in variants if not state.fresh(v) and not state.reuse(v)]
    problems = _render(todo, state, jobs, config.render.infographic_background, config.office.name)
    handoff.write(root, everything, blocked, variants, state)  # what the publish job takes
    state.save()  # after the hand-off: it adds each video's measured duration
    words = WORDS.get(lang, WORDS["id"])
    for path in sorted(blocked):
        out.write(words["skipped"].format(path=path) + "\n")
    for problem in problems:
        out.write(messages.line(problem, lang) + "\n")
    made = len(todo) - len({p.params.get("key") for p in problems})
    out.write(
        words["summary"].format(
            posts=len(posts),
            variants=len(variants),
            made=made,
            cached=len(variants) - len(todo),
            failed=len(problems),
        )
        + "\n"
    )
    if preview:
        html, markdown = write_preview(posts, variants, state, problems, root, lang)
        out.write(words["preview"].format(html=html, markdown=markdown) + "\n")
    return 1 if problems or blocked or config_problems else 0


WORDS = {
    "id": {
        "skipped": "dilewati: {path} masih ada kesalahan (jalankan 'pipeline check')",
        "summary": "Render: {posts} tulisan, {variants} variasi: {made} dibuat, {cached} dari "
        "cache (tidak berubah), {failed} gagal. Hasil di build/media/.",
        "preview": "Pratinjau ujicoba unggah: {html} (ringkasan untuk PR: {markdown})",
    },
    "en": {
        "skipped": "skipped: {path} still has errors (run 'pipeline check')",
        "summary": "Render: {posts} post(s), {variants} variant(s): {made} made, {cached} "
        "cached (unchanged), {failed} failed. Output in build/media/.",
        "preview": "Trial upload preview: {html} (PR summary: {markdown})",
    },
}


def _plan_all(posts: list[Post], root: Path, background: str, office: str) -> list[Variant]:
    cache = ProbeCache(root)
    variants: list[Variant] = []
    for post in posts:
        digests: dict[Path, str] = {}
        infos: dict[Path, dict[str, Any]] = {}
        for item in post.meta.media:
            source = post.folder / item.file
            digests[source] = cache.digest(source)
            mode = "video" if item.kind == "video" else "image"
            infos[source] = (cache.get(digests[source], mode) or {}).get("info", {})
            if item.captions:
                digests[post.folder / item.captions] = cache.digest(post.folder / item.captions)
        variants += plan(post, root, digests, infos, background, office)
    cache.save()
    return variants


def _render(
    todo: list[Variant], state: manifest.Manifest, jobs: int, background: str, office: str
) -> list[Problem]:
    problems: list[Problem] = []
    bar = tqdm(
        total=len(todo),
        desc="Render",
        unit="variasi",
        disable=not sys.stderr.isatty(),
        file=sys.stderr,
        leave=False,
    )
    # spawn, not fork: libvips keeps threads, and a forked copy of them can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        first = _submit(pool, [v for v in todo if v.image and not v.after_video], background)
        made: dict[str, video_render.VideoOutput] = {}
        for variant in (v for v in todo if v.video is not None):
            problems += _one_video(variant, state, made, office)
            bar.update(1)
        later = _submit(pool, [v for v in todo if v.image and v.after_video], background)
        for group, future in [*first, *later]:
            for variant, result in zip(group, future.result(), strict=True):
                problems += _accept_image(variant, result, state)
                bar.update(1)
    bar.close()
    return problems


def _submit(
    pool: ProcessPoolExecutor, variants: list[Variant], background: str
) -> list[tuple[list[Variant], Future[list[Any]]]]:
    """One task per source file, so each source is decoded once for all its variants."""
    by_source: dict[tuple[Path, str], list[Variant]] = {}
    for variant in variants:
        by_source.setdefault((variant.source, variant.kind), []).append(variant)
    return [
        (
            group,
            pool.submit(
                _images,
                source,
                kind,
                group[0].focus,
                background,
                [v.image for v in group if v.image],
            ),
        )
        for (source, kind), group in by_source.items()
    ]


def _images(
    source: Path,
    kind: str,
    focus: tuple[float, float] | None,
    background: str,
    jobs: list[image.ImageJob],
) -> list[Any]:
    """In a worker process: decode once, make every variant; problems come back as tuples."""
    try:
        decoded = image.load(source)
    except pyvips.Error as exc:
        detail = " ".join(str(exc).split())[:160]
        return [("RENDER_DECODE", {"detail": detail})] * len(jobs)
    results: list[Any] = []
    for job in jobs:
        try:
            results.append(
                image.render(decoded, job, kind=kind, focus=focus, background=background)
            )
        except image.RenderProblem as exc:
            results.append((exc.code, exc.params))
    return results


def _accept_image(variant: Variant, result: Any, state: manifest.Manifest) -> list[Problem]:
    if isinstance(result, tuple):
        return [_problem(variant, result[0], **result[1])]
    assert variant.image is not None  # noqa: S101
    failures = verify.image(result.out, variant.image.target, (result.width, result.height))
    if failures:
        return [
            _problem(variant, "RENDER_VERIFY", rule=r, value_found=v, limit=lim)
            for r, v, lim in failures
        ]
    state.record(
        variant,
        [result.out],
        width=result.width,
        height=result.height,
        bytes=result.bytes,
        quality=result.quality,
    )
    return []


def _one_video(
    variant: Variant,
    state: manifest.Manifest,
    made: dict[str, video_render.VideoOutput],
    office: str,
) -> list[Problem]:
    job = variant.video
    assert job is not None  # noqa: S101
    seconds = float(variant.info.get("duration") or 0)
    if job.target.optional_when_long and seconds > job.target.max_s.value:
        return []  # a Story only when the video fits one; the Reel carries it otherwise
    try:
        if variant.slides:
            social = variant.post.meta.social
            caption = (
                (social.override(variant.platform).caption or social.caption or "")
                if social
                else ""
            )
            result = slideshow.render(
                list(variant.slides),
                variant.post.meta.title,
                caption,
                office,
                job.target,
                job.out,
                job.cover,
            )
        else:
            result = video_render.render(variant.source, job, variant.info, made)
    except image.RenderProblem as exc:
        return [_problem(variant, exc.code, **exc.params)]
    failures = verify.video(result.out, job.target, (result.width, result.height))
    if failures:
        return [
            _problem(variant, "RENDER_VERIFY", rule=r, value_found=v, limit=lim)
            for r, v, lim in failures
        ]
    files = [result.out, result.cover, *([result.captions] if result.captions else [])]
    state.record(
        variant,
        files,
        width=result.width,
        height=result.height,
        bytes=result.bytes,
        remuxed=result.remuxed,
        trimmed=result.trimmed,
    )
    return []


def _problem(variant: Variant, code: str, **params: object) -> Problem:
    media = variant.post.meta.media
    index = next(i for i, m in enumerate(media) if m.file == variant.file)
    target = variant.target
    return Problem(
        code=code,
        path=variant.post.path,
        line=variant.post.line_of("media", index, "file"),
        field=f"media[{index}].file",
        params={
            "platform": target.platform,
            "variant": target.name,
            "value": variant.file,
            "key": variant.key,
            **params,
        },
    )
