"""The narrative: present, and free of author HTML, attribute injection and unsafe links.

Python-Markdown passes raw HTML, `javascript:` links and `{: onclick=... }` attribute lists
straight into the site (measured: docs/publishing-model.md §3.5). We lint the CommonMark
token stream here, at pull-request time, so the writer learns the line to change.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.errors import Problem
from pipeline.media.refs import RefError, resolve
from pipeline.messages import Phrase

_ATTR_LIST = re.compile(r"\{:?([^{}]*)\}")
_ATTR = re.compile(r"([A-Za-z_][\w:-]*)\s*=")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_ALLOWED_SCHEMES = {"https", "mailto"}
EXCERPT = "<!-- more -->"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # See every link, including the ones we must refuse (markdown-it drops them by default).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()


@functools.lru_cache(maxsize=8)
def _parse(body: str) -> list[Token]:
    """One parse per story, shared by the lint and `image_sources` (tokens are not changed)."""
    return _MD.parse(body)


def check_narrative(
    body: str, body_line: int, path: str, folder: Path | None = None
) -> list[Problem]:
    if not re.search(r"\w", body):  # blank, or only rules and punctuation
        # Point at the closing '---': the story goes right below it.
        return [Problem(code="BODY_EMPTY", path=path, line=max(1, body_line - 1))]
    problems: list[Problem] = []
    html_lines: set[int] = set()
    for token, line in _tokens(_parse(body), body_line):
        if token.type in ("html_block", "html_inline"):
            if token.content.strip() == EXCERPT:
                continue  # Material's excerpt separator: the one comment a story may hold
            if line in html_lines:  # '<b>x</b>' is one problem for the writer, not two
                continue
            html_lines.add(line)
            snippet = " ".join(token.content.split())[:60]
            problems.append(
                Problem(code="MD_RAW_HTML", path=path, line=line, params={"snippet": snippet})
            )
        elif token.type in ("link_open", "image"):
            url = str(token.attrGet("href") or token.attrGet("src") or "")
            if not _url_allowed(url):
                problems.append(
                    Problem(code="MD_URL_SCHEME", path=path, line=line, params={"url": url[:80]})
                )
            elif token.type == "image" and folder is not None:
                problems.extend(_image(token, url, line, path, folder))
        elif token.type == "text":
            for attrs in _ATTR_LIST.findall(token.content):
                for name in _ATTR.findall(attrs):
                    if name.lower() not in ("id", "class"):
                        problems.append(
                            Problem(
                                code="MD_ATTR_FORBIDDEN",
                                path=path,
                                line=line,
                                params={"attr": name},
                            )
                        )
    return problems


def image_sources(body: str) -> set[str]:
    """The files the story shows with ![alt](file)."""
    return {
        unquote(str(t.attrGet("src") or ""))
        for t, _ in _tokens(_parse(body), 1)
        if t.type == "image"
    }


def _image(token: Token, src: str, line: int, path: str, folder: Path) -> list[Problem]:
    """An image in the story must be a file of the post, with alt text, like `media` items."""
    params: dict[str, object] = {"value": src, "folder": folder.name}
    target = resolve(unquote(src), folder)
    problems = []
    if isinstance(target, RefError):
        params.update(
            reason=Phrase(target.reason) if target.reason else "",
            suggest=Phrase("suggest_file", target.suggest) if target.suggest else "",
        )
        problems.append(Problem(code=target.code, path=path, line=line, params=params))
    if not token.content.strip():
        problems.append(
            Problem(
                code="ALT_MISSING",
                path=path,
                line=line,
                params={"value": src, "kind": Phrase("kind_photo")},
            )
        )
    return problems


def _tokens(tokens: list[Token], first_line: int) -> Iterator[tuple[Token, int]]:
    """Every token with its file line; inline children get the line of their own text."""
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        yield token, line
        offset = 0
        for child in token.children or ():
            yield child, line + offset
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
            elif child.type in ("text", "html_inline"):
                offset += child.content.count("\n")


def _url_allowed(url: str) -> bool:
    clean = re.sub(r"[\x00-\x20\x7f]", "", unquote(html.unescape(url))).lower()
    if clean.startswith("//") or clean.startswith("\\"):
        return False
    match = _SCHEME.match(clean)
    return match is None or match[1] in _ALLOWED_SCHEMES
