"""`pipeline run`: the whole pipeline on the content, as far as it is built.

`check` over `content/` with a per-post summary, `render --preview` (every platform's variants
and the offline trial upload page), the website (`mkdocs build --strict`, whose hooks place the
rendered media, sanitise and scan the pages), then the trial publish (`publish --trial`): the
real publishing code against loopback stand-ins, sending nothing, with a table of post ×
platform and where each payload is. No account or secret is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline.commands import check, publish, render

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
    if site != 0:
        return max(checked, rendered, site)
    print(WORDS.get(lang or "id", WORDS["id"]))
    trial = publish.run([], trial_mode="requests", lang=lang)
    return max(checked, rendered, site, trial)
