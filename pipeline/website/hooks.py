"""MkDocs hooks for the office's site (mkdocs.yml: `hooks: [pipeline/website/hooks.py]`).

- on_config (first of all plugins): a symlink under content/ stops the build before MkDocs
  walks (and would follow) it, and so does markup in content/.authors.yml
  (pipeline/website/guard.py). The site name and URL come from office.yml, the one place they
  are written; so do the Giscus settings (`website.giscus`, copied to `extra.giscus` for
  overrides/partials/comments.html, which shows comments on posts only).
- on_config/on_files, production build only (PIPELINE_PRODUCTION=1): a sample post or the
  sample's site address fails the build (pipeline/samples.py).
- on_pre_build: the RSS feeds are rendered with every value escaped (guard.escape_feeds).
- on_env: every front-matter string the theme's templates print is HTML-escaped.
- on_files: only allowed files of content/ go on (Markdown pages, the report's charts; not the
  writers' originals, nor any other type); posts whose `publish_at` is still in the future
  are left out (before the blog plugin sees them); the rendered website variants
  (build/media/website/) go under media/, Instagram's and TikTok's under media/<platform>/
  (those two fetch media by URL).
- on_page_markdown: front-matter markup stops the build (pipeline/plain_text.py); post pages
  get their Open Graph / Twitter card data (page.meta["og"]), which overrides/main.html
  writes into <head>; each post's URL is noted for publishing.
- on_page_content: every page's HTML is sanitised; a post then gets its media, first the lead
  item under the title, the rest after the story.
- on_post_page / on_post_template: the Content-Security-Policy meta gets its policy, with the
  hashes of the theme's own inline scripts (pipeline/website/csp.py).
- on_post_build: build/site-pages.json (post -> URL) is written; the finished site is scanned
  file by file, each with a parser for its type (pipeline/website/sitescan.py), and anything
  the theme did not ship fails the build (the Giscus script is allowed only when office.yml
  configures it).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from pipeline import jsonl, samples
from pipeline.config import find_root, load_config
from pipeline.frontmatter import decode, load_markdown
from pipeline.publish import identity, records
from pipeline.render.paths import BUILD, post_dir
from pipeline.website import csp, guard, links, media, safety, sitescan

log = logging.getLogger("mkdocs.hooks.pipeline")
WEBSITE = BUILD / "website"
PULLED = ("instagram", "tiktok")
PULLED_TYPES = (".jpg", ".mp4")  # what those two fetch: images, videos, cover frames
PAGES = Path("build") / "site-pages.json"  # post -> its URL, for the publish step
_pages: dict[str, str] = {}


PRODUCTION = "PIPELINE_PRODUCTION"  # "1" in the publish workflow's build job only


def production() -> bool:
    """The build that is deployed (publish.yml sets PIPELINE_PRODUCTION=1): samples refused."""
    return os.environ.get(PRODUCTION) == "1"


@event_priority(100)  # before the blog plugin reads the authors file, before any file is read
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = find_root(Path(config.config_file_path).parent)
    guard.forget()
    guard.refuse_links(root, Path(config.docs_dir))  # before MkDocs walks (and follows) them
    guard.refuse_authors(root)
    office, _ = load_config(root)
    if production() and samples.sample_site(office):
        raise PluginError(
            f"office.yml: {samples.sample_site(office)} adalah alamat contoh; situs produksi "
            "tidak dibangun (isi office.site_url dengan alamat situs kantor)"
        )
    config.site_name = office.office.name
    config.site_url = office.office.site_url
    guard.remember(config.site_name, str(config.site_description or ""))
    giscus = office.website.giscus
    config.extra.pop("giscus", None)  # office.yml is the only place comments are turned on
    if giscus is not None:
        config.extra["giscus"] = {
            "repo": giscus.repo,
            "repo_id": giscus.repo_id,
            "category": giscus.category,
            "category_id": giscus.category_id,
            "mapping": giscus.mapping,
        }
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    guard.escape_feeds(config.plugins, _root(config))  # after the RSS plugin's on_config


@event_priority(100)  # before the blog plugin collects its posts
def on_files(files: Files, config: MkDocsConfig) -> Files:
    guard.keep_allowed(files, Path(config.docs_dir))
    now = _now()
    marked = [
        f"content/{f.src_uri}"
        for f in files.documentation_pages()
        if f.src_uri.startswith("posts/") and _front(f).get("sample") is True
    ]
    if production() and marked:
        raise PluginError(
            "tulisan contoh (sample: true) tidak pernah masuk situs produksi: "
            + ", ".join(marked)
            + ". Hapus dengan 'pipeline samples remove' (atau hapus baris 'sample: true' "
            "dari tulisan kantor)"
        )
    for file in list(files.documentation_pages()):
        when = _publish_at(file) if file.src_uri.startswith("posts/") else None
        if when is not None and when > now:
            log.info("%s is scheduled for %s: left out of this build", file.src_uri, when)
            files.remove(file)
    source = _root(config) / WEBSITE
    if not source.is_dir():
        log.warning("build/media/website/ is missing: run 'pipeline render' first")
        return files
    # Only the media of posts in this build: not of a scheduled post (an embargo would leak
    # through its pictures), nor leftovers in build/ of a post since removed.
    live = {
        post_dir(f.src_uri) for f in files.documentation_pages() if f.src_uri.startswith("posts/")
    }
    _add_media(files, config, source, live, "media")
    # Instagram and TikTok fetch their variants from the site by URL (publish checks them
    # first): media/<platform>/<yyyy>/<mm>/<slug>/, live posts only, like the site's own.
    for platform in PULLED:
        folder = _root(config) / BUILD / platform
        if folder.is_dir():
            _add_media(files, config, folder, live, f"media/{platform}", PULLED_TYPES)
    return files


def _add_media(
    files: Files,
    config: MkDocsConfig,
    source: Path,
    live: set[str],
    to: str,
    types: tuple[str, ...] = (),
) -> None:
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        if types and path.suffix not in types:
            continue
        rel = path.relative_to(source).as_posix()
        if path.parent.relative_to(source).as_posix() not in live:
            continue
        # INCLUDED: exclude_docs keeps the writers' originals (*.jpg, *.mp4) off the site;
        # these are the rendered variants, which belong there.
        files.append(
            File(
                rel,
                str(source),
                config.site_dir,
                config.use_directory_urls,
                dest_uri=f"{to}/{rel}",
                inclusion=InclusionLevel.INCLUDED,
            )
        )


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    guard.escape_front_matter(env)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    guard.refuse_markup(dict(page.meta), page.file.src_uri)
    if links.MARKER in markdown:
        root = _root(config)
        reading = records.load(root)
        # A damaged line is named in the build's output and left out of the table; the build
        # goes on (the line is restored from Git; every other link is still shown).
        jsonl.warn(reading, lambda text: log.info("records/: %s", text))
        events, _ = identity.attributed(root, reading.events)
        docs = Path(config.docs_dir).resolve()
        here = Path(page.file.abs_src_path or docs).resolve().parent
        sources = {
            path: os.path.relpath(root.resolve() / path, here)
            for path in identity.repository(root).current.values()
            if (root.resolve() / path).is_relative_to(docs)
        }
        markdown = markdown.replace(links.MARKER, links.table(events, sources))
    meta = page.meta
    description = str(meta.get("description") or config.site_description or "")
    og: dict[str, Any] = {
        "title": page.title or config.site_name,
        "description": description,
        "url": page.canonical_url or config.site_url,
    }
    if _is_post(page):
        lead = _lead(meta)
        folder = post_dir(page.file.src_uri)
        if lead is not None:
            card = f"media/{folder}/{Path(str(lead.get('file'))).stem}.og.jpg"
            og.update(
                image=f"{str(config.site_url).rstrip('/')}/{card}",
                alt=str(lead.get("alt") or page.title or ""),
            )
        og["type"] = "article"
    meta["og"] = og
    if _is_post(page) and page.canonical_url and page.file.abs_src_path:
        source = Path(page.file.abs_src_path).resolve().relative_to(_root(config).resolve())
        _pages[source.as_posix()] = page.canonical_url
    return markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    clean = safety.sanitize(html_text)
    if not _is_post(page) or not page.meta.get("media"):
        return clean
    folder = post_dir(page.file.src_uri)
    local = _root(config) / WEBSITE / folder
    url = get_relative_url(f"media/{folder}", page.url)
    credit = str(page.meta.get("credit") or "")
    try:
        figures = [media.figure(item, local, url, credit) for item in page.meta["media"]]
    except FileNotFoundError as exc:
        raise PluginError(
            f"{page.file.src_uri}: media variant {Path(str(exc.filename)).name} "
            "is missing: run 'pipeline render' before building the site"
        ) from None
    head, separator, rest = clean.partition("</h1>")
    if not separator:
        head, rest = "", clean
    lead, others = figures[0], "".join(figures[1:])
    gallery = f'<div class="pipeline-gallery">{others}</div>' if others else ""
    return f"{head}{separator}{lead}{rest}{gallery}"


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return csp.fill(output, giscus=bool(config.extra.get("giscus")))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return csp.fill(output, giscus=bool(config.extra.get("giscus")))


def on_post_build(config: MkDocsConfig) -> None:
    # The map belongs to the build it describes: build/site-pages.json for the site/ that is
    # deployed; a build elsewhere (`-d`) writes <dir>-pages.json beside it.
    site_dir = Path(config.site_dir).resolve()
    target = _root(config) / PAGES
    if site_dir != (_root(config) / "site").resolve():
        target = site_dir.with_name(site_dir.name + "-pages.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(dict(sorted(_pages.items())), indent=1), encoding="utf-8")
    _pages.clear()
    allowed = {csp.GISCUS_ORIGIN + "/client.js"} if config.extra.get("giscus") else set()
    findings = list(sitescan.scan(Path(config.site_dir), allowed))
    if findings:
        listing = "; ".join(f"{page}: {what}" for page, what in findings[:10])
        raise PluginError(
            f"the built site holds content the theme did not ship ({len(findings)}):"
            f" {html.escape(listing)}"
        )


def _now() -> dt.datetime:
    """The build's clock; PIPELINE_NOW (ISO 8601 with offset) pins it for tests and previews."""
    pinned = os.environ.get("PIPELINE_NOW")
    return dt.datetime.fromisoformat(pinned) if pinned else dt.datetime.now(dt.UTC)


def _publish_at(file: File) -> dt.datetime | None:
    """A post's `publish_at`, read with the strict loader (aware datetimes only)."""
    value = _front(file).get("publish_at")
    return value if isinstance(value, dt.datetime) and value.tzinfo else None


def _front(file: File) -> dict[str, Any]:
    """A page's front matter, read with the strict loader ({} when there is none)."""
    if file.abs_src_path is None:
        return {}
    text, _ = decode(Path(file.abs_src_path).read_bytes(), file.src_uri)
    data = load_markdown(text, file.src_uri).data if text else None
    return data if isinstance(data, dict) else {}


def _is_post(page: Page) -> bool:
    return page.file.src_uri.startswith("posts/")


def _lead(meta: MutableMapping[str, Any]) -> dict[str, Any] | None:
    items = meta.get("media") or []
    return items[0] if items and isinstance(items[0], dict) else None


def _root(config: MkDocsConfig) -> Path:
    return find_root(Path(config.config_file_path).parent)
