"""`pipeline check [PATH...]`: every problem in every post at once, grouped by post.

Exit 1 when any error is found, 0 with warnings only. `--format json` is for CI and the PR
comment; the text form is for people: `path:line: field: masalah (perbaikan)`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from pipeline import messages, samples
from pipeline.checks import completeness, identity, media, narrative, sitefiles, text
from pipeline.config import CONFIG_FILE, ZONE_OFFSETS, Config, load_config
from pipeline.errors import Problem
from pipeline.media.cache import ProbeCache
from pipeline.post import Loaded, find_posts, load_post, relative
from pipeline.unicode_scan import scan


@dataclass(frozen=True, slots=True, kw_only=True)
class PostReport:
    path: str
    title: str
    platforms: tuple[str, ...]
    media: int
    problems: tuple[Problem, ...]
    kind: str = "post"  # "file": a file under content/ that is not a post (not counted)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check_posts(
    paths: Sequence[Path],
    root: Path,
    config: Config,
    *,
    jobs: int,
    enabled: tuple[str, ...] | None = None,
    show_progress: bool = False,
) -> list[PostReport]:
    """Load and check every post under `paths`; media are probed once, in parallel, cached."""
    missing = [p for p in paths if not p.exists()]
    zone = (ZONE_OFFSETS[config.office.timezone], config.zone_name)
    loaded = [load_post(index, root, zone) for index in find_posts(p for p in paths if p.exists())]
    refs = [media.references(item) for item in loaded]
    files = [f for _, post_files in refs for f in post_files]
    cache = ProbeCache(root)
    bar = tqdm(
        total=len(files),
        desc="Memeriksa media",
        unit="file",
        leave=False,
        disable=not show_progress,
        file=sys.stderr,
    )
    results = media.probe_all(files, cache, jobs, progress=lambda: _tick(bar))
    bar.close()
    cache.save()
    ids = identity.identity_problems(loaded, root, zone)
    reports = [
        _report(item, [*ref_problems, *ids.get(item.path, [])], post_files, results, enabled)
        for item, (ref_problems, post_files) in zip(loaded, refs, strict=True)
    ]
    reports += _content_reports(paths, root, loaded, reports)
    reports += [
        PostReport(
            path=str(p),
            title="",
            platforms=(),
            media=0,
            problems=(Problem(code="PATH_NOT_FOUND", path=str(p), params={"value": str(p)}),),
        )
        for p in missing
    ]
    return reports


def _content_reports(
    paths: Sequence[Path], root: Path, loaded: list[Loaded], reports: list[PostReport]
) -> list[PostReport]:
    """Stray files, symlinks, the authors file and the pages under the checked paths: a file
    in a post folder is told in that post's report, anything else in a report of its own."""
    # The paths as named (a link among them is not followed: it is what is checked).
    targets = [
        p.absolute().parent.resolve() / p.name for p in paths if p.is_symlink() or p.exists()
    ]
    by_folder = {item.folder.resolve(): (i, item) for i, item in enumerate(loaded)}
    extra: list[PostReport] = []
    for path, problems in sorted(sitefiles.content_problems(root).items()):
        file = (root / path).absolute()
        where = file.parent.resolve() / file.name
        if not any(where == t or t in where.parents for t in targets):
            continue
        owner = next(
            (by_folder[f] for f in (where.parent, *where.parent.parents) if f in by_folder), None
        )
        if owner is None:
            extra.append(
                PostReport(
                    path=path,
                    title="",
                    platforms=(),
                    media=0,
                    problems=tuple(problems),
                    kind="file",
                )
            )
            continue
        index, item = owner
        named = media.named_files(item, story=False)  # probed (and refused) as media
        kept = [
            p
            for p in problems
            if not (p.code.startswith("CONTENT_") and str(p.params.get("value")) in named)
        ]
        report = reports[index]
        merged = sorted(
            {p.sort_key(): p for p in (*report.problems, *kept)}.values(), key=Problem.sort_key
        )
        reports[index] = dataclasses.replace(report, problems=tuple(merged))
    return extra


def _tick(bar: tqdm[Any]) -> None:
    bar.update(1)


def _report(
    loaded: Loaded,
    ref_problems: list[Problem],
    files: list[media.MediaFile],
    results: dict[Path, dict[str, Any]],
    enabled: tuple[str, ...] | None,
) -> PostReport:
    problems = [*loaded.problems, *ref_problems, *media.content_problems(loaded, files, results)]
    problems.extend(text.hidden_characters(loaded))
    problems.extend(sitefiles.markup_problems(loaded.doc, loaded.path))
    problems.extend(completeness.completeness(loaded))
    problems.extend(samples.problems(loaded))
    if loaded.doc.data is not None:
        problems.extend(
            narrative.check_narrative(
                loaded.doc.body, loaded.doc.body_line, loaded.path, loaded.folder
            )
        )
    post = loaded.post
    title, platforms = "", tuple[str, ...]()
    if post is not None:
        title = post.meta.title
        platforms = post.meta.social.platforms if post.meta.social else ()
        problems.extend(text.platform_texts(post))
        problems.extend(completeness.feasibility(post, files, results, enabled))
    unique = sorted({p.sort_key(): p for p in problems}.values(), key=Problem.sort_key)
    return PostReport(
        path=loaded.path,
        title=title,
        platforms=("website", *platforms),
        media=len(loaded.media),
        problems=tuple(unique),
    )


def run(
    paths: Sequence[str],
    *,
    fmt: str = "text",
    lang: str | None = None,
    jobs: int | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    config, config_problems = load_config(root)
    lang = lang or config.office.language
    targets = [Path(p) for p in paths] or [root / "content"]
    reports = check_posts(
        targets,
        root,
        config,
        jobs=jobs or os.cpu_count() or 1,
        # Which platforms are on is only known from a config file that loaded cleanly.
        enabled=None
        if config_problems or not (root / CONFIG_FILE).is_file()
        else config.platforms.enabled(),
        show_progress=fmt == "text" and sys.stderr.isatty(),
    )
    if config_problems:
        ordered = tuple(sorted(config_problems, key=Problem.sort_key))
        reports.insert(
            0, PostReport(path=CONFIG_FILE, title="", platforms=(), media=0, problems=ordered)
        )
    if fmt == "json":
        out.write(json.dumps(to_json(reports, lang), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(to_text(reports, lang, [str(t) for t in targets]))
    return 1 if any(r.errors for r in reports) else 0


WORDS = {
    "id": {
        "warning": "peringatan",
        "ok": "siap",
        "failed": "bermasalah",
        "summary": "Ringkasan: {posts} tulisan diperiksa: {ok} siap, {failed} bermasalah; "
        "{errors} kesalahan, {warnings} peringatan.",
        "media": "media",
        "none": "Tidak ada tulisan ditemukan di {paths}.",
    },
    "en": {
        "warning": "warning",
        "ok": "ready",
        "failed": "has problems",
        "summary": "Summary: {posts} post(s) checked: {ok} ready, {failed} with problems; "
        "{errors} error(s), {warnings} warning(s).",
        "media": "media",
        "none": "No posts found in {paths}.",
    },
}


def to_text(reports: Sequence[PostReport], lang: str, paths: Sequence[str] = ()) -> str:
    words = WORDS.get(lang, WORDS["id"])
    lines = []
    for report in reports:
        mark = "✗" if report.errors else "✓"
        status = words["failed"] if report.errors else words["ok"]
        title = f" — {printable(report.title)}" if report.title else ""
        where = ", ".join(report.platforms)
        detail = f" [{where}; {words['media']}: {report.media}]" if report.platforms else ""
        lines.append(f"{mark} {report.path}{title}{detail}: {status}")
        for problem in report.problems:
            text_line = messages.line(problem, lang)
            if problem.severity == "warning":
                head, _, rest = text_line.partition(": ")
                text_line = f"{head}: {words['warning']}: {rest}"
            lines.append(f"    {text_line}")
    if not any(r.path != CONFIG_FILE for r in reports):
        lines.append(words["none"].format(paths=", ".join(paths) or "content"))
    lines.append(words["summary"].format(**_summary(reports)))
    return "\n".join(lines) + "\n"


def printable(text: str) -> str:
    """A title safe to print on one terminal line: hidden and control characters shown as �."""
    flagged = {finding.index for finding in scan(text, allow_newlines=False)}
    return "".join("�" if i in flagged else c for i, c in enumerate(text))


def to_json(reports: Sequence[PostReport], lang: str) -> dict[str, Any]:
    posts = []
    for report in reports:
        problems = []
        for problem in report.problems:
            message, fix = messages.text(problem, lang)
            problems.append(
                {
                    "code": problem.code,
                    "severity": problem.severity,
                    "path": problem.path,
                    "line": problem.line,
                    "field": problem.field,
                    "message": message,
                    "fix": fix,
                }
            )
        posts.append(
            {
                "path": report.path,
                "title": report.title,
                "platforms": list(report.platforms),
                "media": report.media,
                "status": "error" if report.errors else "ok",
                "problems": problems,
            }
        )
    return {"version": 1, "lang": lang, "posts": posts, "summary": _summary(reports)}


def _summary(reports: Sequence[PostReport]) -> dict[str, int]:
    posts = [r for r in reports if r.path != "office.yml" and r.kind == "post"]
    return {
        "posts": len(posts),
        "ok": sum(not r.errors for r in posts),
        "failed": sum(bool(r.errors) for r in posts),
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
    }


__all__ = ["PostReport", "check_posts", "relative", "run", "to_json", "to_text"]
