"""The site's Content-Security-Policy, carried by a `<meta http-equiv>` (a static host sends no
headers of ours), and filled in per page with the hashes of the theme's own inline scripts.

overrides/main.html writes `<meta http-equiv="Content-Security-Policy" content="pipeline:csp">`
first in <head>; `fill` (run on every rendered page by pipeline/website/hooks.py) puts the
policy there. Only inline scripts that Material's templates write get a hash
(`htmlscan.theme_inline`): anything else inline is blocked by the browser, and fails the build
scan before that. Sources allowed, and why:

* 'self' for scripts, styles, images, media, the search worker and its index (Material bundles
  everything under assets/; `theme.font: false` means no font host);
* `data:` images: Material's CSS draws its icons as `data:image/svg+xml` URLs;
* https://giscus.app for script, style and frame, only when office.yml turns comments on (its
  client.js loads `<origin>/default.css` and puts the comments in an iframe of that origin:
  giscus README, "Advanced usage", read 2026-12-03);
* `base-uri 'none'`, `form-action 'none'`, `object-src 'none'`: no <base>, form or plugin can
  re-point the page even if one got in.

`frame-ancestors`, `report-uri` and `sandbox` are not allowed in a meta policy (CSP Level 3,
§3.3 "The <meta> element"), so none are written (browsers would log an error).
"""

from __future__ import annotations

import base64
import hashlib

from pipeline.website import htmlscan

PLACEHOLDER = 'content="pipeline:csp"'
GISCUS_ORIGIN = "https://giscus.app"


def policy(inline_scripts: list[str], *, giscus: bool) -> str:
    hashes = sorted({f"'sha256-{_digest(body)}'" for body in inline_scripts})
    extra = [GISCUS_ORIGIN] if giscus else []
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", *hashes, *extra],
        "style-src": ["'self'", *extra],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-src": extra or ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def fill(output: str, *, giscus: bool) -> str:
    """The page with its policy in the placeholder (the theme's inline scripts hashed)."""
    if PLACEHOLDER not in output:
        return output
    scripts = htmlscan.scan_html(output).inline_scripts
    return output.replace(PLACEHOLDER, f'content="{policy(scripts, giscus=giscus)}"', 1)


def _digest(body: str) -> str:
    return base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
