"""The Content-Security-Policy the site carries in a <meta http-equiv> (issue 12, class 2),
looked at in a real browser (Debian's chromium through Playwright): the site still works
(search, navigation, media) with no violation, and a script injected into a page is blocked."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
PROBE = "csp-probe/index.html"
INJECTED = (
    "<script>window.__pwned = 1</script>"
    '<img src="data:," onerror="window.__pwned2 = 1" alt="x">'
    '<svg><set attributeName="x" to="1" onbegin="window.__pwned3 = 1"/></svg>'
)
# Every securitypolicyviolation event, collected before any of the page's own scripts run.
LISTEN = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def probed(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample site with one page whose body has scripts injected after the build."""
    copy = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(sample_site, copy)
    text = (copy / "tentang" / "index.html").read_text(encoding="utf-8")
    (copy / PROBE).parent.mkdir()
    (copy / PROBE).write_text(text.replace("</article>", INJECTED + "</article>", 1))
    return copy


@pytest.fixture(scope="module")
def served(probed: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(probed))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_every_page_carries_one_policy_without_inline_scripts(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        policies = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert len(policies) == 1, page
        assert text.index("Content-Security-Policy") < text.index("<script"), page
        policy = {d.split()[0]: d.split()[1:] for d in policies[0].split("; ")}
        assert policy["default-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert all(s == "'self'" or s.startswith("'sha256-") for s in policy["script-src"])


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by .ci/run")
def test_the_site_works_under_its_policy_and_an_injected_script_is_blocked(served: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(LISTEN)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        page.goto(served, wait_until="networkidle")
        page.focus("input.md-search__input")  # the search worker and its index
        page.keyboard.type("padi", delay=50)
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
        assert page.locator(".md-search-result__item").count() > 0
        assert page.evaluate("window.__violations") == []

        page.goto(served, wait_until="networkidle")
        page.click("a.md-tabs__link:has-text('Tentang')")  # navigation
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/tentang/")
        page.go_back(wait_until="networkidle")
        page.locator("a.toclink").first.click()  # a post, with its pictures
        page.wait_for_load_state("networkidle")
        assert page.evaluate("Array.from(document.images).every(i => i.naturalWidth > 0)")
        assert page.evaluate("document.images.length") > 0
        assert page.evaluate("window.__violations") == []
        assert errors == [], errors

        page.goto(served + PROBE.removesuffix("index.html"), wait_until="networkidle")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("typeof window.__pwned2") == "undefined"
        assert page.evaluate("typeof window.__pwned3") == "undefined"
        violations = page.evaluate("window.__violations")
        assert any(v.startswith("script-src") for v in violations), violations
        assert any("Content Security Policy" in e for e in errors), errors
        browser.close()
