"""The website: deployed by the publish workflow before anything else is published.

"Publishing" here is the proof: the post's page answers 200 at its URL and shows its title.
The link recorded is the page's canonical URL (office.yml's site_url); the page is fetched
through `PIPELINE_SITE_URL` when that is set (a test server, a proxy). Nothing is created, so
nothing can duplicate.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.config import Account
from pipeline.publish.api import Api
from pipeline.publish.base import Job, Marks, PublishError, Remote, Verdict, base_url

NAME = "website"
PULLS_FROM_URL = False
ENV = ("PIPELINE_SITE_URL",)
BASES = {"site": "https://example.go.id"}  # the default is office.yml's site_url


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    site: str  # where pages are fetched
    canonical: str  # office.yml's site_url, which links are written with

    def fetch_url(self, link: str) -> str:
        return self.site + link[len(self.canonical) :] if link.startswith(self.canonical) else link


def settings(env: Mapping[str, str], account: Account) -> Settings:
    canonical = (account.account_id or BASES["site"]).rstrip("/")
    return Settings(site=base_url(env, "site", canonical), canonical=canonical)


def preflight(api: Api, settings: Settings) -> str:
    api.request("GET", f"{settings.site}/", op="read")
    return settings.site


def publish(api: Api, settings: Settings, job: Job, marks: Marks) -> Remote:
    found = find(api, settings, job, datetime.min)
    if not found:
        raise PublishError(
            Verdict.RETRY,
            f"{job.link} belum menampilkan tulisan ini",
            hint="tunggu deploy situs selesai, lalu jalankan lagi",
        )
    return found[0]


def find(api: Api, settings: Settings, job: Job, since: datetime) -> list[Remote]:
    try:
        page = api.request("GET", settings.fetch_url(job.link), op="read", raw=True)
    except PublishError as exc:
        if exc.status == 404:
            return []
        raise
    text = page.text
    # The site escapes every front-matter string (quotes too), so compare on the page's text.
    if job.title not in html.unescape(text):
        return []
    return [Remote(id=job.link.removeprefix(settings.canonical), url=job.link)]


def classify(status: int, body: Any) -> Verdict | None:
    return None
