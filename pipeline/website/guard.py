"""The build's own enforcement of what `pipeline check` refuses, so a build that skips the check
still publishes nothing it would have refused (pipeline/website/hooks.py calls these).

* `refuse_links` (on_config, before MkDocs walks content/): MkDocs' file walk follows every
  symlink (`os.walk(..., followlinks=True)` in mkdocs.structure.files.get_files), so a link
  to /etc or to a folder above content/ would be read or loop. The build stops first, naming
  the links; nothing has been read through them.
* `keep_allowed` (on_files): only Markdown pages, the report's charts and the theme's files
  go on; a writer's originals and every other file in content/ are left out.
* `refuse_markup` (on_page_markdown) and `refuse_authors` (on_config): front-matter strings and
  the authors file follow the plain-text rule (pipeline/plain_text.py).
* `escape_front_matter` (on_env): every `{{ ... }}` in the theme's templates that prints a
  front-matter string prints it HTML-escaped (a Jinja `finalize`), whatever the template does;
  values the template escaped itself are not escaped twice.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from pipeline import messages
from pipeline.checks import sitefiles
from pipeline.frontmatter import load_yaml
from pipeline.plain_text import find_markup

log = logging.getLogger("mkdocs.hooks.pipeline")
_TAINTED: set[str] = set()  # front-matter strings seen in this build, and their printed forms


def refuse_links(root: Path, docs_dir: Path) -> None:
    if not docs_dir.is_dir():
        return
    links = [rel for rel, link in sitefiles.walk(docs_dir) if link]
    if docs_dir.is_symlink():
        links.insert(0, ".")
    links += sorted(sitefiles.git_symlinks(root, docs_dir) - set(links))
    if links:
        raise PluginError(
            f"symlinks under {docs_dir.name}/ are never followed: {', '.join(links[:10])}"
            " (replace them with the real files; 'pipeline check' names them)"
        )


def keep_allowed(files: Files, docs_dir: Path) -> None:
    base = docs_dir.resolve()
    for file in list(files):
        if file.abs_src_path is None or Path(file.src_dir or "").resolve() != base:
            continue  # the theme's files, generated pages, media added by the hooks
        rel = file.src_uri
        if sitefiles.is_original(rel):
            files.remove(file)  # a writer's original: checked and rendered, never published
        elif sitefiles.refusal(rel) is not None:
            log.info("%s is not a file type the site publishes: left out", rel)
            files.remove(file)


def refuse_markup(meta: dict[str, Any], where: str) -> None:
    for at, value in sitefiles.strings(meta, ()):
        remember(value)
        what, snippet = find_markup(value)
        if what:
            field = ".".join(str(part) for part in at)
            raise PluginError(
                f"{where}: {field}: {_words(what)}: {snippet!r} (run 'pipeline check')"
            )


def refuse_authors(root: Path) -> None:
    if not (root / sitefiles.CONTENT / sitefiles.AUTHORS).is_file():
        return
    problems = sitefiles.authors_problems(root)
    if problems:
        raise PluginError("; ".join(messages.line(p, "en") for p in problems[:5]))
    rel = f"{sitefiles.CONTENT}/{sitefiles.AUTHORS}"
    doc = load_yaml((root / rel).read_text(encoding="utf-8"), rel)
    for _, value in sitefiles.strings(doc.data, ()):  # what Material prints of the authors
        remember(value)


def remember(*values: str) -> None:
    for value in values:
        # What Jinja's `striptags` filter (Material's <title>) makes of it; nothing is rendered.
        stripped = str(Markup(value).striptags())  # noqa: S704
        _TAINTED.update({value, " ".join(value.split()), stripped})


def escape_front_matter(env: jinja2.Environment) -> None:
    before: Callable[[Any], Any] | None = env.finalize

    def finalize(value: Any) -> Any:
        if before is not None:
            value = before(value)
        if isinstance(value, str) and value in _TAINTED:
            return html.escape(str.__str__(value))
        return value

    env.finalize = finalize


def escape_feeds(plugins: Any, root: Path) -> None:
    """The RSS plugin (mkdocs-rss-plugin 1.19) prints authors and categories raw: its Jinja
    environment autoescapes only names ending in .html/.xml (`select_autoescape`) and its
    template is rss.xml.jinja2. The same template, saved as build/feed-template/rss.xml, is
    rendered with autoescape on, so every value in the feed is escaped once."""
    rss = plugins.get("rss") if hasattr(plugins, "get") else None
    folder, name = getattr(rss, "tpl_folder", None), getattr(rss, "tpl_file", None)
    if rss is None or folder is None or name is None:
        return
    target = root / "build" / "feed-template"
    target.mkdir(parents=True, exist_ok=True)
    for file in Path(folder).iterdir():  # the template and the stylesheet it ships
        if file.is_file():
            copy = target / ("rss.xml" if file.name == Path(name).name else file.name)
            copy.write_bytes(file.read_bytes())
    rss.tpl_folder, rss.tpl_file = target, Path("rss.xml")


def forget() -> None:
    _TAINTED.clear()


def _words(what: str) -> str:
    return messages.PHRASES[what]["en"]


__all__ = [
    "escape_feeds",
    "escape_front_matter",
    "forget",
    "keep_allowed",
    "refuse_authors",
    "refuse_links",
    "refuse_markup",
    "remember",
]
