"""The website built from the sample content, looked at in a real browser (Debian's chromium,
driven by Playwright): language, images, alt text, console errors, Open Graph tags,
accessibility (axe-core). Screenshots go to build/test-artifacts/ for people to look at."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BUILD_ENV

PROJECT = Path(__file__).parent.parent.parent
ARTIFACTS = PROJECT / "build" / "test-artifacts"
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="session")
def site(sample_site: Path) -> Path:
    return sample_site


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def post_url(site: Path, slug_part: str) -> str:
    page = next(p for p in site.rglob("index.html") if slug_part in str(p.parent))
    return page.parent.relative_to(site).as_posix() + "/"


def test_post_page_has_open_graph_and_rendered_media(site: Path) -> None:
    page = (site / post_url(site, "panen-raya") / "index.html").read_text(encoding="utf-8")
    for tag in (
        'property="og:image" content="https://bpsip-jabar.example/media/2026/11/'
        'panen-raya-padi-inpari-32/panen-1.og.jpg"',
        'property="og:image:alt"',
        'name="twitter:card" content="summary_large_image"',
        'rel="canonical"',
        'property="og:description"',
    ):
        assert tag in page
    assert (site / "media/2026/11/panen-raya-padi-inpari-32/panen-1.og.jpg").is_file()
    assert 'srcset="' in page and 'loading="lazy"' in page and 'width="1200"' in page
    video = (site / post_url(site, "demplot") / "index.html").read_text(encoding="utf-8")
    assert "<video" in video and 'kind="captions"' in video and "poster=" in video


def test_site_has_feed_pages_and_no_originals(site: Path) -> None:
    for page in (
        "tentang/index.html",
        "laporan/index.html",
        "tautan-unggahan/index.html",
        "feed_rss_created.xml",
        "archive/2026/index.html",
    ):
        assert (site / page).is_file(), page
    assert not list(site.rglob("README*")) and not list(site.rglob("*.srt"))
    assert not list((site / "posts").rglob("*.jpg")) if (site / "posts").exists() else True


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by .ci/run")
def test_in_a_real_browser(server: str, site: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import ConsoleMessage, Error, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "beranda": "",
        "berita-panen": post_url(site, "panen-raya"),
        "berita-video": post_url(site, "demplot"),
        "laporan-2026-11": "laporan/2026-11/",  # the charts, looked at (issue 8)
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        for name, path in pages.items():
            # Reduced motion: axe must measure colours after Material's fade-ins, not during.
            page = browser.new_page(
                viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
            )
            errors: list[str] = []

            def console(message: ConsoleMessage, sink: list[str] = errors) -> None:
                if message.type == "error":
                    sink.append(message.text)

            def crashed(error: Error, sink: list[str] = errors) -> None:
                sink.append(str(error))

            page.on("console", console)
            page.on("pageerror", crashed)
            page.goto(server + path, wait_until="networkidle")
            assert page.evaluate("document.documentElement.lang") == "id"
            images = page.evaluate(
                "Array.from(document.images).map(i => ({src: i.currentSrc || i.src, ok: "
                "i.complete && i.naturalWidth > 0, alt: i.getAttribute('alt')}))"
            )
            page.evaluate(
                "() => Promise.all(Array.from(document.images).map(i => "
                "i.decode().catch(() => null)))"
            )
            for image in images:
                assert image["alt"] is not None and image["alt"].strip(), image
            broken = page.evaluate(
                "Array.from(document.images).filter(i => !(i.complete && "
                "i.naturalWidth > 0)).map(i => i.currentSrc || i.src)"
            )
            assert broken == [], broken
            assert page.locator('meta[property="og:title"]').count() == 1
            assert errors == [], errors
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            page.wait_for_timeout(600)  # let transitions settle before measuring contrast
            results = Axe().run(page)
            serious = [
                v
                for v in results.response["violations"]
                if v.get("impact") in ("serious", "critical")
            ]
            assert serious == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]
            page.close()
        browser.close()


def test_scheduled_post_stays_off_the_site_until_its_time(site: Path, tmp_path: Path) -> None:
    assert not [p for p in site.rglob("index.html") if "tiga-langkah" in str(p)]
    assert not (site / "media/2026/11/tips-simpan-benih-padi").exists()  # nor its media
    assert "tiga-langkah" not in (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    later = tmp_path / "later"
    env = {**os.environ, **BUILD_ENV, "PIPELINE_NOW": "2026-12-01T09:00:01+07:00"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(later)],
        cwd=site.parent,
        env=env,
        check=True,
        capture_output=True,
    )
    assert [p for p in later.rglob("index.html") if "tiga-langkah" in str(p)]
    assert (later / "media/2026/11/tips-simpan-benih-padi/tips-simpan-benih.web.mp4").is_file()


def test_pulled_platform_media_are_served_for_live_posts_only(site: Path) -> None:
    """Instagram and TikTok fetch their variants from the site; a scheduled post's stay out."""
    ig = site / "media" / "instagram" / "2026" / "11"
    assert (ig / "panen-raya-padi-inpari-32" / "panen-1.feed.jpg").is_file()
    assert (site / "media" / "tiktok" / "2026" / "11" / "video-demplot-jajar-legowo").is_dir()
    assert not (ig / "tips-simpan-benih-padi").exists()
    assert not (site / "media" / "x").exists() and not (site / "media" / "facebook").exists()
    pages = json.loads((site.parent / "build" / "site-pages.json").read_text(encoding="utf-8"))
    assert pages["content/posts/2026/11/panen-raya-padi-inpari-32/index.md"] == (
        "https://bpsip-jabar.example/2026/11/18/"
        "panen-raya-padi-inpari-32-di-lahan-demonstrasi-sukamandi/"
    )
    assert "content/posts/2026/11/tips-simpan-benih-padi/index.md" not in pages


def test_upload_links_page_lists_the_log(site: Path) -> None:
    page = (site / "tautan-unggahan" / "index.html").read_text(encoding="utf-8")
    assert "Belum ada unggahan yang tercatat." in page  # the sample has no log yet
    assert "pipeline:tautan-unggahan" not in page
