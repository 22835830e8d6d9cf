"""`pipeline run`: the whole pipeline on the content, as far as it is built.

Today: `check` over `content/` with a per-post summary, `render --preview` (every platform's
variants and the offline trial upload page), then the website (`mkdocs build --strict`, whose
hooks place the rendered media, sanitise and scan the pages). The trial publish joins here when
it lands, so `make run` stays the one command to try everything.
"""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline.commands import check, render

WORDS = {
    "id": "Situs dibuat: site/index.html (lihat dengan 'make serve')",
    "en": "Site built: site/index.html (view it with 'make serve')",
}


def run(*, lang: str | None = None) -> int:
    checked = check.run([], lang=lang)
    rendered = render.run([], preview=True, lang=lang)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], env=env, check=False
    ).returncode
    if site == 0:
        print(WORDS.get(lang or "id", WORDS["id"]))
    return max(checked, rendered, site)
