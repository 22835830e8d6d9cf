"""`pipeline run`: the whole pipeline on the content, as far as it is built.

Today: `check` over `content/` with a per-post summary, then `render --preview` (every
platform's variants and the offline trial upload page). The site build and the trial publish
join here as they land, so `make run` stays the one command to try everything.
"""

from __future__ import annotations

from pipeline.commands import check, render


def run(*, lang: str | None = None) -> int:
    checked = check.run([], lang=lang)
    rendered = render.run([], preview=True, lang=lang)
    return max(checked, rendered)
