"""The one rule for front-matter strings: they are plain text, never markup.

Titles, descriptions, categories, tags, captions, alt texts and the authors' names reach the
site through the theme's templates, its search index, its RSS/JSON feeds and the platforms.
Some of those places print the value raw, some decode entities first (Jinja's `striptags`,
feed readers), some NFKC-normalise it. So a value is refused, in `pipeline check` and again in
the site build, when it holds anything a browser or a reader could take for markup:

* a tag opener: '<' (or a look-alike such as U+FF1C, U+2039, U+3008) followed by a letter,
  '/', '!' or '?';
* a character reference: anything `html.unescape` would change (`&lt;`, `&#60;`, `&amp;`);
* a script URL: `javascript:`, `vbscript:`, `livescript:`, `data:text/...` (spaces and
  control characters ignored, as browsers ignore them);
* CSS that runs or fetches: `expression(`, `url(`, `@import`, `-moz-binding`, `behavior:`;
* a Markdown link or image, `](` or `![`: the blog plugin writes category names into Markdown
  pages, which would turn them into links and pictures.

Everything else (quotes, '&' on its own, '<' before a space or a digit, braces) is text, and
every template escapes it (pipeline/website/hooks.py, overrides/).
"""

from __future__ import annotations

import html
import re
import unicodedata

# Characters that look like '<' and are not turned into it by NFKC (those are: U+FF1C, U+FE64).
LOOK_ALIKES = "\u2039\u3008\u2329\u27e8\u02c2\u1438\u276e\u29fc\u276c\u2770\u27ea\u300a"
_TAG = re.compile(rf"[<{LOOK_ALIKES}]\s*[A-Za-z/!?]")
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:|data:[a-z-]+/", re.IGNORECASE)
_CSS = re.compile(r"expression\(|url\(|@import|-moz-binding|behavior:", re.IGNORECASE)
_MARKDOWN = re.compile(r"\]\(|!\[")
_IGNORED = re.compile(r"[\s\x00-\x1f\x7f\u00ad\u200b-\u200f\u2060\ufeff]+")


def find_markup(value: str) -> tuple[str, str]:
    """(reason, snippet) for the first markup in `value`, or ("", "") when it is plain text.

    The reason is a key of messages.PHRASES; the snippet is the part to show the writer.
    """
    text = unicodedata.normalize("NFKC", value)
    match = _TAG.search(text)
    if match:
        return "markup_tag", _snippet(text, match.start())
    if html.unescape(text) != text:
        return "markup_entity", _snippet(text, text.find("&"))
    match = _MARKDOWN.search(text)
    if match:
        return "markup_markdown", _snippet(text, match.start())
    squeezed = _IGNORED.sub("", text)
    for pattern, reason in ((_SCRIPT_URL, "markup_script_url"), (_CSS, "markup_css")):
        match = pattern.search(squeezed)
        if match:
            return reason, _snippet(squeezed, match.start())
    return "", ""


def is_plain(value: str) -> bool:
    return not find_markup(value)[0]


def _snippet(text: str, start: int) -> str:
    part = text[max(0, start) : max(0, start) + 30]
    return "".join(c if c.isprintable() else "\ufffd" for c in part)
