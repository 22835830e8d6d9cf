"""`pipeline run`, twice, on content whose plain text looks hostile (issue 12, class 2): both
runs pass, and no file the build wrote holds anything active or an attribute the text broke
out of. Two CLI processes, as a writer's machine and CI run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline.website.sitescan import scan
from tests.conftest import photo
from tests.website.attributes import Attributes

PROJECT = Path(__file__).parent.parent.parent
PAGES = ("index.md", "tentang.md", "tautan-unggahan.md", "laporan/index.md", ".authors.yml")
# Quotes, '<' and '>' not before a letter, '&' alone, template braces, a URL: all plain text.
TEXT = {
    "title": "Panen \"raya\" < 5 ton & R&D {{ config.extra }} {% raw %} a>b 'x'",
    "description": '0;url=https://evil.example/" http-equiv="refresh" x="',
    "category": "Uji ' onmouseover='alert(1)' \"",
    "tag": '" autofocus onfocus="alert(1)',
    "alt": '" onerror="alert(1)" x="',
    "credit": "Foto: 5 < 6 & 'Humas'",
    "caption": 'Kata "kepala": naik > 3% & <5 ton',
    "author": 'Tim "Humas" & <3 onload="x"',
}
# What must never appear as it is in a feed (it would be markup or an attribute).
NEVER = ('http-equiv="refresh"', "onmouseover='", 'onfocus="', 'onerror="', 'onload="')


def post(root: Path) -> None:
    folder = root / "content" / "posts" / "2026" / "11" / "uji-teks"
    folder.mkdir(parents=True)
    photo(folder / "foto.jpg")
    q = json.dumps
    front = f"""---
id: uji-teks-hostile
title: {q(TEXT["title"])}
date: 2026-11-20
authors: [humas]
categories: [{q(TEXT["category"])}]
tags: [{q(TEXT["tag"])}]
description: {q(TEXT["description"])}
credit: {q(TEXT["credit"])}
social:
  platforms: [facebook]
  caption: {q(TEXT["caption"])}
media:
  - {{file: foto.jpg, kind: photo, alt: {q(TEXT["alt"])}}}
---

Narasi kegiatan dalam beberapa kalimat, dengan teks biasa.
"""
    (folder / "index.md").write_text(front, encoding="utf-8")


def test_run_twice_leaves_nothing_hostile_in_any_file(tmp_path: Path) -> None:
    root = tmp_path
    shutil.copy(PROJECT / "office.yml", root / "office.yml")
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = str(PROJECT / "pipeline" / "website" / "hooks.py")
    (root / "mkdocs.yml").write_text(config.replace("pipeline/website/hooks.py", hooks))
    for rel in PAGES:
        (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "content" / rel, root / "content" / rel)
    authors = root / "content" / ".authors.yml"
    text = authors.read_text(encoding="utf-8")
    authors.write_text(text.replace("Tim Humas BPSIP Jawa Barat", json.dumps(TEXT["author"])))
    post(root)
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PIPELINE_NOW": "2026-11-25T12:00:00+07:00"}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "run"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert "Traceback" not in done.stderr
    site = root / "site"
    assert list(scan(site)) == []
    written = [p for p in site.rglob("*") if p.is_file()]
    assert any("uji" in p.as_posix() for p in written)
    for path in written:
        if path.suffix == ".html":  # no attribute came out of the text
            parser = Attributes()
            parser.feed(path.read_text(encoding="utf-8"))
            names = [name for _, name, _ in parser.found]
            assert not [n for n in names if n.startswith("on") or n == "autofocus"], path
            refresh = [v for _, n, v in parser.found if n == "http-equiv"]
            assert refresh == ["Content-Security-Policy"], path
        elif path.suffix == ".xml":  # every value escaped, quotes too
            content = path.read_text(encoding="utf-8")
            assert not [n for n in NEVER if n in content], path
    page = next(p for p in written if p.name == "index.html" and "2026/11/20/" in p.as_posix())
    source = page.read_text(encoding="utf-8")
    assert "Panen &quot;raya&quot; &lt; 5 ton &amp; R&amp;D" in source
    assert 'content="0;url=https://evil.example/&quot; http-equiv=&quot;refresh&quot;' in source
