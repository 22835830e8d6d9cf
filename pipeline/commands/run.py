"""`pipeline run`: the whole pipeline on the content, as far as it is built.

Today that is `check` over `content/`, with a per-post summary; render, the site build and the
trial publish join here as they land, so `make run` stays the one command to try everything.
"""

from __future__ import annotations

from pipeline.commands import check


def run(*, lang: str | None = None) -> int:
    return check.run([], lang=lang)
