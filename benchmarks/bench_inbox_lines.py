"""Lines `pipeline inbox fetch` appends to records/inbox/ per run, for N published posts.

1,000 posts published one a day (the newest yesterday) on Facebook, Instagram, X, TikTok and
the website; no new comment (the usual run). The platforms are the loopback stand-ins. Run it
with this checkout and with an older one to compare:

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_inbox_lines.py [N]
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.config import Account, Config, Platforms
from pipeline.inbox import fetch
from pipeline.publish.all_platforms import PLATFORMS
from pipeline.publish.api import Api, Timing
from pipeline.publish.standins.graph import GraphStandIn
from pipeline.publish.standins.x import XStandIn

CONFIG = Config(
    platforms=Platforms(
        facebook=Account(enabled=True),
        instagram=Account(enabled=True, username="akun"),
        x=Account(enabled=True, username="akun"),
        tiktok=Account(enabled=True, username="akun"),
    )
)


def main(posts: int) -> None:
    now = datetime.now(UTC)
    with GraphStandIn(fetch=False) as graph, XStandIn() as x:
        env = {
            **graph.env(),
            "FACEBOOK_PAGE_ID": graph.page_id,
            "FACEBOOK_PAGE_TOKEN": "page-token",
            "INSTAGRAM_USER_ID": graph.ig_user_id,
            "INSTAGRAM_TOKEN": "ig-token",
            "X_ACCESS_TOKEN": "x-access-token",
            "PIPELINE_X_URL": x.url,
        }
        uploads: list[dict[str, Any]] = []
        for n in range(posts):
            post = f"content/posts/p{n:04d}/index.md"
            at = (now - timedelta(days=n + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            ids = {
                "facebook": graph.add_post(f"tulisan {n}"),
                "instagram": graph.add_media(f"tulisan {n}"),
                "x": x.add_post(f"tulisan {n}").id,
                "tiktok": f"73{n:017d}",
                "website": post,
            }
            for platform, remote in ids.items():
                uploads.append(
                    {
                        "event": "published",
                        "post": post,
                        "platform": platform,
                        "remote_id": remote,
                        "url": f"https://{platform}.example/{remote}",
                        "at_utc": at,
                    }
                )
        log: list[dict[str, Any]] = []
        for run in range(2):  # the second run is the steady state (cursors known)
            start = time.perf_counter()
            report = fetch.fetch(
                CONFIG, env, uploads, log, now=now, run=f"bench-{run}", make_api=_api
            )
            log += report.events
            took = time.perf_counter() - start
            print(
                f"run {run + 1}: {posts} posts, {len(report.results)} pairs read, "
                f"{len(report.events)} lines written, {took:.1f} s"
            )


def _api(platform: str, settings: Any) -> Api:
    token = getattr(settings, "token", None) or getattr(settings, "access", None)
    quick = Timing(attempts=1, backoff_s=0.0, poll_s=0.0)
    return Api(platform, token=token, classify=PLATFORMS[platform].classify, timing=quick)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
