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

from pipeline import jsonl, messages, samples
from pipeline.config import ZONE_OFFSETS, Config, load_config
from pipeline.errors import PipelineError, Problem
from pipeline.post import Loaded, Post, find_posts, load_post
from pipeline.publish import identity, inputs, provenance, records, report, tokens, trial
from pipeline.publish import jobs as jobs_mod
from pipeline.publish.all_platforms import PLATFORMS
from pipeline.publish.api import Timing, scaled
from pipeline.publish.base import Job
from pipeline.publish.ledger import Ledger
from pipeline.publish.runner import Runner


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
    sample_office = samples.sample_accounts(config)
    if trial_mode != "requests" and sample_office:  # real accounts: never the sample office
        detail = ", ".join(sample_office)
        problem = Problem(code="SAMPLE_OFFICE", path="office.yml", params={"detail": detail})
        raise PipelineError(messages.line(problem, lang))
    pinned = env.get("PIPELINE_NOW")  # the same clock the site build uses
    now = datetime.fromisoformat(pinned) if pinned else datetime.now(UTC)
    if trial_mode == "requests":
        return trial.run(
            root,
            config,
            lambda site: collect(root, config, site, paths, platforms, now, trial=True),
            out=out,
            lang=lang,
            now=now,
        )
    site = env.get("PIPELINE_SITE_URL", config.office.site_url).rstrip("/")
    found = collect(root, config, site, paths, platforms, now)  # real accounts: no sample
    jobs, present, held, missing = found.jobs, found.present, found.held, found.missing
    for item in missing:
        out.write(item.line() + "\n")
    ledger = Ledger(root, remote="origin" if push else None, branch=config.publishing.branch)
    # Every damaged line is named; the pairs one may concern are held by the runner.
    jsonl.warn(ledger.reading(), lambda text: out.write(f"⚠ {text}\n"), lang)
    ledger.aliases = found.known.aliases
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    info = provenance.collect(root, env, f"local-{stamp}")
    tokens.refresh_all(env, config, root, out, lang=lang)

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    timing = scaled(Timing(), float(env.get("PIPELINE_WAIT_SCALE", "1")))
    runner = Runner(config, env, ledger, info, say=say, now=now, timing=timing)
    runner.history = found.known.history
    runner.lang = lang  # the catalogue's messages in the table (claims, held pairs)
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
    *,
    trial: bool = False,
) -> jobs_mod.Collected:
    """Jobs for every checked, non-draft post, and what the runner must know besides.

    Nothing here decodes a media file: the check verdicts and the rendered files come from
    build/publish-inputs.json (written by the build job), and each source and rendered file
    is hashed and compared with it. A post that is not listed, or whose files differ, is
    refused whole. A sample post is published only by the trial (`trial=True`)."""
    targets = [Path(p) for p in paths] or [root / "content"]
    handed = inputs.load(root)
    zone = (ZONE_OFFSETS[config.office.timezone], config.zone_name)
    posts: list[tuple[Post, inputs.Entry]] = []
    # Every post in the repository, not only the ones asked for: a published post missing
    # from here was removed, which is a decision for a person.
    known = identity.repository(root, zone)
    present = set(known.current)
    held: set[str] = set()
    refused: list[jobs_mod.Missing] = []
    for index in find_posts(t for t in targets if t.exists()):
        loaded = load_post(index, root, zone)
        entry = handed.get(loaded.path)
        why = _refusal(root, loaded, entry, index, trial=trial, lang=config.office.language)
        if why:
            refused.append(jobs_mod.Missing(post=loaded.path, platform="", what=why))
        publishable = not why and entry is not None and entry.verdict == "ok"
        if publishable and loaded.post is not None and not loaded.post.meta.draft:
            posts.append((loaded.post, entry))  # type: ignore[arg-type]
        else:
            held.add(known.ident(loaded.path))
    links = jobs_mod.pages(root)
    enabled = set(config.platforms.enabled())
    jobs: list[Job] = []
    missing: list[jobs_mod.Missing] = list(refused)
    for post, entry in posts:
        social = post.meta.social.platforms if post.meta.social else ()
        story = post.meta.social is not None and post.meta.social.override("instagram").story
        wanted = ("website", *social, *(("instagram_story",) if story else ()))
        made_all: list[Job | jobs_mod.Missing] = []
        for platform in wanted:
            base = platform.removesuffix("_story")
            if platform not in PLATFORMS or (platform != "website" and base not in enabled):
                continue
            if only and platform not in only:
                continue
            made_all.append(
                jobs_mod.build(post, platform, entry.variants, root, config, site, links, now)
            )
        whole = [m for m in made_all if isinstance(m, jobs_mod.Missing) and not m.platform]
        if whole:  # a rendered file differs from the build's: nothing of this post is sent
            held.add(known.ident(post.path))
            missing += whole[:1]
            continue
        for made in made_all:
            (jobs if isinstance(made, Job) else missing).append(made)  # type: ignore[arg-type]
    return jobs_mod.Collected(jobs=jobs, present=present, held=held, missing=missing, known=known)


def _refusal(
    root: Path,
    loaded: Loaded,
    entry: inputs.Entry | None,
    index: Path,
    *,
    trial: bool,
    lang: str,
) -> str:
    """Why this post is not published at all ("" when it may be)."""
    if samples.is_sample(loaded) and not trial:
        problem = Problem(
            code="SAMPLE_NOT_PUBLISHED",
            path=loaded.path,
            line=loaded.doc.line_of(("sample",)),
            field="sample",
        )
        message, fix = messages.text(problem, lang)
        return f"{message} ({fix})"
    if entry is None:
        found = Problem(
            code="HANDOFF_MISSING", path=loaded.path, params={"file": inputs.FILE.as_posix()}
        )
    elif changed := inputs.changed(root, entry, index, loaded.post):
        files = ", ".join(changed[:3])
        found = Problem(code="HANDOFF_SOURCE_CHANGED", path=loaded.path, params={"files": files})
    else:
        return ""
    message, fix = messages.text(found, lang)
    return f"{message} ({fix})"


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
    reading = ledger.reading()
    jsonl.warn(reading, lambda text: out.write(text + "\n"), config.office.language)
    state = records.fold(reading.events, ledger.aliases)
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
