"""`pipeline publish --trial`: the trial upload (*ujicoba unggah*, SOP step 1.5), sending nothing.

The real publishing code runs against loopback stand-ins of every platform API and of the
site (serving the built `site/`), so what is recorded is exactly what would be sent: each
request's method, URL, fields and media (name, size, sha256; never a token). URLs are written
as the real hosts would see them. Output: build/trial/<platform>/<post>.json, a summary table
(build/trial/summary.md) and a section in the preview (build/preview/index.html).
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pipeline import messages
from pipeline.config import Config
from pipeline.errors import PipelineError, Problem
from pipeline.publish import jobs as jobs_mod
from pipeline.publish import records, report
from pipeline.publish.all_platforms import PLATFORMS
from pipeline.publish.api import Timing
from pipeline.publish.base import Job, PublishError, Verdict
from pipeline.publish.ledger import Ledger
from pipeline.publish.provenance import RunInfo
from pipeline.publish.runner import Outcome, Runner
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.server import StandIn
from pipeline.publish.standins.site import Site
from pipeline.publish.standins.tiktok import TikTokStandIn
from pipeline.publish.standins.x import XStandIn
from pipeline.render.paths import post_dir

TRIAL = Path("build") / "trial"
TOKENS = {
    "FACEBOOK_PAGE_TOKEN": "page-token",
    "INSTAGRAM_TOKEN": "ig-token",
    "X_ACCESS_TOKEN": "x-access-token",
    "TIKTOK_ACCESS_TOKEN": "tt-access",
}
QUICK = Timing(
    read_s=30.0,
    attempts=2,
    backoff_s=0.01,
    backoff_cap_s=0.05,
    poll_s=0.01,
    poll_timeout_s=30.0,
    container_poll_s=0.01,
)
Collect = Callable[[str], jobs_mod.Collected]


def run(
    root: Path, config: Config, collect: Collect, *, out: TextIO, lang: str, now: datetime
) -> int:
    if not (root / "site" / "index.html").is_file():
        raise PipelineError("site/ belum dibangun: jalankan 'pipeline run' atau 'mkdocs build'")
    folder = root / TRIAL
    shutil.rmtree(folder, ignore_errors=True)
    graph = GraphStandIn(
        tokens=(TOKENS["FACEBOOK_PAGE_TOKEN"], TOKENS["INSTAGRAM_TOKEN"]),
        ig_user_id=config.platforms.instagram.account_id or "17841400000000001",
        username=config.platforms.instagram.username or "akun",
    )
    x = XStandIn(
        tokens=(TOKENS["X_ACCESS_TOKEN"],),
        username=config.platforms.x.username or "akun",
        processing_polls=0,
    )
    tiktok = TikTokStandIn(
        tokens=(TOKENS["TIKTOK_ACCESS_TOKEN"],), username=config.platforms.tiktok.username or "akun"
    )
    site = Site(root / "site")
    standins: list[StandIn] = [graph, x, tiktok, site]
    for standin in standins:
        standin.start()
    try:
        env = {
            **TOKENS,
            **graph.env(),
            "FACEBOOK_PAGE_ID": graph.page_id,
            "INSTAGRAM_USER_ID": graph.ig_user_id,
            "PIPELINE_X_URL": x.url,
            "PIPELINE_TIKTOK_URL": tiktok.url,
            "PIPELINE_SITE_URL": site.url,
        }
        found = collect(site.url)
        jobs, present, missing = found.jobs, found.present, found.missing
        ledger = Ledger(folder, remote=None)
        info = RunInfo(run="trial-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))
        lines: list[str] = []
        runner = Runner(config, env, ledger, info, timing=QUICK, say=lines.append, now=now)
        outcomes = runner.run(jobs, present, found.held)
        real = _real_urls(config, env)
        written = _write(folder, jobs, runner, real, root)
    finally:
        for standin in standins:
            standin.stop()
    shown = [_as_trial(o, written) for o in outcomes]
    table = report.table(shown, lang)
    (folder / "summary.md").write_text(table + "\n", encoding="utf-8")
    _preview(root, shown, written, lang)
    for item in missing:
        out.write(item.line() + "\n")
    out.write(table + "\n")
    out.write(f"Ujicoba unggah (tanpa mengirim apa pun): {TRIAL}/summary.md\n")
    failed = [o for o in outcomes if o.status not in ("published", "waiting", "already")]
    return 1 if failed or missing else 0


PRIVATE = ("facebook", "tiktok")  # platforms with a post only the account can see


def private(runner: Runner, jobs: list[Job]) -> list[Outcome]:
    """`--trial private`: one real post per (post, platform) that only the account sees (a
    Facebook post not published, a TikTok SELF_ONLY post), recorded as a `trial` event: the
    evidence of SOP step 1.5. It never counts as a publication."""
    chosen = [replace(j, private=True) for j in jobs if j.platform in PRIVATE]
    # The platforms with no private post are checked too (token, account, scopes), so the
    # admin's first trial proves every connected account; one not connected yet is named.
    others = sorted({j.platform for j in jobs if j.platform not in PRIVATE} - {"website"})
    unconnected = {p: why for p in others if (why := _unconnected(runner, p))}
    # A platform on hold (a throttle's wait, a daily cap, on record) gets no call at all.
    runner.honour_holds(records.fold(runner.ledger.events(), runner.ledger.aliases))
    held = {p: runner.held_note(p) for p in runner.held_until}
    checked = {j.platform for j in chosen} | (set(others) - set(unconnected))
    down = {**runner.preflight(checked - set(held)), **held}
    chosen = [j for j in chosen if j.platform not in down]
    outcomes: list[Outcome] = []
    for job in chosen:
        if job.platform in runner.held_until:  # met a throttle or cap earlier in this trial
            outcomes.append(_said(job, "deferred", runner.held_note(job.platform), ""))
            continue
        module = runner.modules[job.platform]
        api = runner.api(job.platform)
        try:
            remote = module.publish(api, runner.settings[job.platform], job, _Marks())
        except PublishError as exc:
            if exc.verdict is Verdict.THROTTLED or exc.retry_after:  # no more calls until then
                if exc.verdict is Verdict.THROTTLED:
                    runner.throttle(job.platform, exc)
                else:
                    runner.hold(job.platform, exc.retry_after)
                note = runner.held_note(job.platform)
                outcomes.append(_said(job, "deferred", f"{exc.message}; {note}", exc.hint))
                continue
            outcomes.append(
                Outcome(
                    post=job.post,
                    platform=job.platform,
                    status="failed",
                    message=exc.message,
                    hint=exc.hint,
                )
            )
            continue
        runner.log(
            job,
            "trial",
            remote_id=remote.id,
            url=remote.url,
            private=True,
            text_sha256=job.text_sha256,
        )
        outcomes.append(
            Outcome(post=job.post, platform=job.platform, status="trial", url=remote.url)
        )
    for job in jobs:
        if job.platform in down:  # it did not answer: nothing was tried
            outcomes.append(_said(job, "deferred", down[job.platform], ""))
        elif job.platform in others:
            why = unconnected.get(job.platform, "")
            code = "TRIAL_NOT_CONNECTED" if why else "TRIAL_CHECKED_ONLY"
            params = {"platform": job.platform, "problem": why}
            said, fix = messages.text(Problem(code=code, path="", params=params), runner.lang)
            outcomes.append(_said(job, "skipped", said, fix))
    return outcomes


def _unconnected(runner: Runner, platform: str) -> str:
    """Why a platform's settings are not there yet (a secret missing), or ''."""
    try:
        runner.modules[platform].settings(runner.env, runner.account(platform))
    except PublishError as exc:
        return exc.message
    return ""


def _said(job: Job, status: str, message: str, hint: str) -> Outcome:
    return Outcome(post=job.post, platform=job.platform, status=status, message=message, hint=hint)


class _Marks:
    """A trial post's checkpoints live only for the run: it is never resumed."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def save(self, name: str, value: str) -> None:
        self.values[name] = value


def _real_urls(config: Config, env: dict[str, str]) -> list[tuple[str, str]]:
    """Stand-in base URL -> the host the request would really go to."""
    pairs = [(env["PIPELINE_SITE_URL"], config.office.site_url.rstrip("/"))]
    for name, module in PLATFORMS.items():
        for base, default in getattr(module, "BASES", {}).items():
            local = env.get(f"PIPELINE_{base.upper()}_URL")
            if local and name != "website":
                pairs.append((local.rstrip("/"), default.rstrip("/")))
    return sorted(set(pairs), key=lambda p: -len(p[0]))


def _swap(value: Any, real: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for local, actual in real:
            value = value.replace(local, actual)
        return value
    if isinstance(value, list):
        return [_swap(v, real) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, real) for k, v in value.items()}
    return value


def _write(
    folder: Path, jobs: list[Job], runner: Runner, real: list[tuple[str, str]], root: Path
) -> dict[tuple[str, str], Path]:
    written: dict[tuple[str, str], Path] = {}
    for job in jobs:
        trace = runner.traces.get((job.post, job.platform))
        if trace is None:
            continue
        path = folder / job.platform / (post_dir(job.post).replace("/", "-") + ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "post": job.post,
            "platform": job.platform,
            "account": job.account,
            "text": job.text,
            "link": _swap(job.link, real),
            "media": [
                {
                    "file": str(m.path.relative_to(root)),
                    "url": _swap(m.url, real),
                    "bytes": m.size,
                    "sha256": m.sha256,
                    "alt": m.alt,
                }
                for m in job.media
            ],
            "requests": _swap(trace, real),
        }
        path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", "utf-8")
        written[(job.post, job.platform)] = path
    return written


def _as_trial(outcome: Outcome, written: dict[tuple[str, str], Path]) -> Outcome:
    path = written.get((outcome.post, outcome.platform))
    if outcome.status != "published" or path is None:
        return outcome
    return Outcome(
        post=outcome.post,
        platform=outcome.platform,
        status="trial",
        url=str(path.relative_to(path.parents[1])),
    )


def _preview(
    root: Path, outcomes: list[Outcome], written: dict[tuple[str, str], Path], lang: str
) -> None:
    """A section in the offline preview: each platform's requests, escaped, no script."""
    index = root / "build" / "preview" / "index.html"
    if not index.is_file():
        return
    title = "Ujicoba unggah: permintaan per platform" if lang == "id" else "Trial: requests"
    rows = []
    for outcome in outcomes:
        path = written.get((outcome.post, outcome.platform))
        calls = json.loads(path.read_text("utf-8"))["requests"] if path else []
        listing = "".join(
            f"<li><code>{html.escape(c['method'])} {html.escape(c['url'])}</code></li>"
            for c in calls
        )
        rows.append(
            f"<details><summary>{html.escape(outcome.post)} [{outcome.platform}]: "
            f"{html.escape(outcome.status)}</summary><ol>{listing}</ol></details>"
        )
    section = f'<section id="trial"><h2>{title}</h2>{"".join(rows)}</section>'
    text = index.read_text("utf-8")
    start = text.find('<section id="trial">')
    if start >= 0:
        text = text[:start] + text[text.index("</section>", start) + len("</section>") :]
    index.write_text(text.replace("</body>", section + "</body>"), "utf-8")
