"""`pipeline publish`: every due post to every enabled platform, effectively once (SOP 1.6-1.7).

Run by CI after the site is deployed (and on a schedule for `publish_at`). Reads the log in
`records/`, publishes what is not yet published, writes every step back to the log and pushes
it, then the monthly CSV. `--trial` sends nothing: it runs the same code against loopback
stand-ins and writes the exact requests to build/trial/. `--trial private` makes a post only
the account can see (TikTok SELF_ONLY, an unpublished Facebook post) as evidence of step 1.5.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pipeline.commands import check
from pipeline.commands.render import _plan_all
from pipeline.config import ZONE_OFFSETS, Config, load_config
from pipeline.errors import PipelineError
from pipeline.post import Post, find_posts, load_post
from pipeline.publish import identity, provenance, records, report, tokens, trial
from pipeline.publish import jobs as jobs_mod
from pipeline.publish.all_platforms import PLATFORMS
from pipeline.publish.api import Timing, scaled
from pipeline.publish.base import Job
from pipeline.publish.ledger import Ledger
from pipeline.publish.runner import Runner
from pipeline.render.manifest import Manifest


def run(
    paths: Sequence[str],
    *,
    trial_mode: str | None = None,
    push: bool = True,
    platforms: Sequence[str] = (),
    lang: str | None = None,
    out: TextIO | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    out = out or sys.stdout
    root = Path.cwd()
    env = dict(env if env is not None else os.environ)
    config, problems = load_config(root)
    if any(p.severity == "error" for p in problems):
        raise PipelineError("office.yml bermasalah: jalankan 'pipeline check'")
    lang = lang or config.office.language
    pinned = env.get("PIPELINE_NOW")  # the same clock the site build uses
    now = datetime.fromisoformat(pinned) if pinned else datetime.now(UTC)
    if trial_mode == "requests":
        return trial.run(
            root,
            config,
            lambda site: collect(root, config, site, paths, platforms, now),
            out=out,
            lang=lang,
            now=now,
        )
    site = env.get("PIPELINE_SITE_URL", config.office.site_url).rstrip("/")
    found = collect(root, config, site, paths, platforms, now)
    jobs, present, held, missing = found.jobs, found.present, found.held, found.missing
    for item in missing:
        out.write(
            f"{item.post} [{item.platform}]: {item.what} belum ada "
            "(jalankan 'pipeline render' dan bangun situs dulu)\n"
        )
    ledger = Ledger(root, remote="origin" if push else None, branch=config.publishing.branch)
    ledger.aliases = found.known.aliases
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    info = provenance.collect(root, env, f"local-{stamp}")
    tokens.refresh_all(env, config, root, out)

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    timing = scaled(Timing(), float(env.get("PIPELINE_WAIT_SCALE", "1")))
    runner = Runner(config, env, ledger, info, say=say, now=now, timing=timing)
    runner.history = found.known.history
    if trial_mode == "private":
        shown = trial.private(runner, jobs)
        out.write(report.table(shown, lang) + "\n")
        return 1 if any(o.status == "failed" for o in shown) else 0
    outcomes = runner.run(jobs, present, held)
    csv_problem = ""
    try:
        ledger.write_csvs()
    except PipelineError as exc:  # the JSONL log is complete; the CSV is made again next run
        csv_problem = f"CSV bulanan: {exc}"
    table = report.table(outcomes, lang) + (f"\n\n{csv_problem}" if csv_problem else "")
    out.write(table + "\n")
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(table + "\n")
    bad = {"failed", "unknown", "needs_human"}
    return 1 if any(o.status in bad for o in outcomes) or missing or csv_problem else 0


def collect(
    root: Path,
    config: Config,
    site: str,
    paths: Sequence[str],
    only: Sequence[str],
    now: datetime | None = None,
) -> jobs_mod.Collected:
    """Jobs for every checked, non-draft post, and what the runner must know besides."""
    targets = [Path(p) for p in paths] or [root / "content"]
    reports = check.check_posts(
        targets, root, config, jobs=os.cpu_count() or 1, show_progress=False
    )
    blocked = {r.path for r in reports if r.errors}
    zone = (ZONE_OFFSETS[config.office.timezone], config.zone_name)
    posts: list[Post] = []
    # Every post in the repository, not only the ones asked for: a published post missing
    # from here was removed, which is a decision for a person.
    known = identity.repository(root, zone)
    present = set(known.current)
    held: set[str] = set()
    for index in find_posts(t for t in targets if t.exists()):
        loaded = load_post(index, root, zone)
        if loaded.post is not None and loaded.path not in blocked and not loaded.post.meta.draft:
            posts.append(loaded.post)
        else:
            held.add(known.ident(loaded.path))
    variants = _plan_all(posts, root, config.render.infographic_background, config.office.name)
    state = Manifest(root)
    links = jobs_mod.pages(root)
    enabled = set(config.platforms.enabled())
    jobs: list[Job] = []
    missing: list[jobs_mod.Missing] = []
    for post in posts:
        social = post.meta.social.platforms if post.meta.social else ()
        story = post.meta.social is not None and post.meta.social.override("instagram").story
        wanted = ("website", *social, *(("instagram_story",) if story else ()))
        for platform in wanted:
            base = platform.removesuffix("_story")
            if platform not in PLATFORMS or (platform != "website" and base not in enabled):
                continue
            if only and platform not in only:
                continue
            own = [v for v in variants if v.post is post]
            made = jobs_mod.build(post, platform, own, state, root, config, site, links, now)
            (jobs if isinstance(made, Job) else missing).append(made)  # type: ignore[arg-type]
    return jobs_mod.Collected(jobs=jobs, present=present, held=held, missing=missing, known=known)


def resolve(
    post: str,
    platform: str,
    decision: str,
    *,
    url: str,
    remote_id: str,
    push: bool,
    out: TextIO | None = None,
) -> int:
    """A person's decision on a pair that needs one, written to the log with their name."""
    out = out or sys.stdout
    root = Path.cwd()
    config, _ = load_config(root)
    ledger = Ledger(root, remote="origin" if push else None, branch=config.publishing.branch)
    known = identity.repository(root, (ZONE_OFFSETS[config.office.timezone], config.zone_name))
    ledger.aliases = known.aliases
    state = ledger.state()
    # The pair last logged under that path; else the post by its id (or a path from before
    # ids), by the id of the post at that path now, or by a path it had before.
    keys = [k for k, p in state.items() if k[1] == platform and p.post == post]
    keys += [k for k in ((post, platform), (known.ident(post), platform)) if k in state]
    keys += [k for k, p in state.items() if k[1] == platform and post in p.paths]
    key = keys[0] if keys else None
    pair = state.get(key) if key is not None else None
    if pair is None:
        raise PipelineError(f"{post} [{platform}] tidak ada di log records/")
    if decision == "published" and not url:
        raise PipelineError("--as published perlu --url (tautan unggahan di platform)")
    by = os.environ.get("GITHUB_ACTOR") or _git_user(root)
    event = {
        "event": "resolved",
        "post": pair.post,
        "post_id": "" if "/" in pair.ident else pair.ident,
        "platform": platform,
        "decision": decision,
        "by": by,
        "content_sha256": pair.content_sha256,
        "url": url,
        "remote_id": remote_id,
        "previous": pair.status,
        "message": pair.message,
        **records.stamp(datetime.now(UTC), ZONE_OFFSETS[config.office.timezone]),
    }
    ledger.write([{k: v for k, v in event.items() if v not in ("", None)}])
    out.write(f"dicatat: {post} [{platform}] -> {decision} oleh {by}\n")
    return 0


def _git_user(root: Path) -> str:
    import subprocess

    result = subprocess.run(
        ["git", "-C", str(root), "config", "user.name"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"
