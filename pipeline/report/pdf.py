"""The report as a printable A4 document with a signature block for the head of the office.

`render()` turns the month's site page (the Markdown of pipeline/report/markdown.py) into one
self-contained HTML file: the charts inlined as SVG, a print stylesheet with fixed fonts, the
office's name at the top and, at the end, the signature block ("Mengetahui, Kepala ...") with
empty lines for the place, the date, the signature, the name and the NIP, filled in by hand.
Nothing in it depends on when it was made, so it is byte-identical for the same month.

`print_pdf()` prints that HTML with Debian's chromium through Playwright. Without chromium it
prints nothing and says why (the page and the CSV do not need it).
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

STYLE = """\
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
  color: #000; background: #fff; }
body { margin: 0; line-height: 1.4; }
header.kop { border-bottom: 2px solid #000; padding-bottom: 4mm; margin-bottom: 6mm;
  text-align: center; }
header.kop .nama { font-size: 13pt; font-weight: bold; text-transform: uppercase; }
header.kop .alamat { font-size: 9pt; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; font-size: 8.5pt; }
th, td { border: 0.5pt solid #444; padding: 1mm 1.5mm; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #e8e8e8; }
tr { break-inside: avoid; }
a { color: #000; text-decoration: none; }
figure { margin: 0 0 3mm; break-inside: avoid; text-align: center; }
figure svg { max-width: 100%; height: auto; }
.tanda-tangan { break-inside: avoid; margin: 12mm 0 0 auto; width: 75mm; }
.tanda-tangan p { margin: 0; }
.tanda-tangan .ruang { height: 22mm; color: #888; font-size: 8pt; padding-top: 8mm; }
"""

DOTS = "." * 30


def _parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML stays text (the page escapes every logged value)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _body(markdown: str) -> str:
    """The Markdown without its front matter."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[end + 5 :]
    return markdown


def _svg(text: str) -> str:
    """The chart as an inline element: no XML declaration, no trailing newline."""
    return re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", text).strip()


def render(
    markdown: str,
    charts: Mapping[str, str],
    *,
    title: str,
    office: str,
    address: str | None = None,
) -> str:
    """The printable HTML: `charts` maps each image's file name in the page to its SVG."""
    md = _parser()

    def image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        if src in charts:
            return f'<figure class="grafik">{_svg(charts[src])}</figure>'
        alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
        return f"<p>[{alt}]</p>"

    md.add_render_rule("image", image)
    content = md.render(_body(markdown))
    kop = [f'<div class="nama">{html.escape(office)}</div>']
    if address:
        kop.append(f'<div class="alamat">{html.escape(address)}</div>')
    head = html.escape(office)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="id">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{STYLE}</style>",
        "</head>",
        "<body>",
        '<header class="kop">',
        *kop,
        "</header>",
        "<main>",
        content.rstrip("\n"),
        "</main>",
        '<section class="tanda-tangan" aria-label="Tanda tangan">',
        f"<p>{DOTS}, {DOTS}</p>",
        "<p>Mengetahui,</p>",
        f"<p>Kepala {head}</p>",
        '<p class="ruang">(tanda tangan dan stempel)</p>',
        f"<p>( {DOTS}{DOTS} )</p>",
        f"<p>NIP. {DOTS}{DOTS}</p>",
        "</section>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)


def chromium() -> str | None:
    return shutil.which("chromium")


def print_pdf(page_html: str, path: Path) -> str | None:
    """Print the HTML to `path` as an A4 PDF; None when done, otherwise why it was skipped."""
    executable = chromium()
    if executable is None:
        return "PDF dilewati: chromium tidak terpasang (apt-get install chromium)"
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_content(page_html)
                path.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(path), format="A4", print_background=True)
            finally:
                browser.close()
    except Error as error:
        return f"PDF dilewati: chromium gagal ({error.message.splitlines()[0]})"
    return None
