from __future__ import annotations

import re
import string
from pathlib import Path

from pipeline.errors import Problem
from pipeline.messages import CATALOGUE, LANGS, PHRASES, text

PACKAGE = Path(__file__).parent.parent / "pipeline"


def test_every_code_has_both_languages_and_the_same_placeholders() -> None:
    for code, entry in CATALOGUE.items():
        assert set(entry) == set(LANGS), code
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(m + f) if f} for m, f in entry.values()
        ]
        assert fields[0] == fields[1], code


def test_every_code_used_in_the_code_is_catalogued() -> None:
    used = set()
    for path in PACKAGE.rglob("*.py"):
        if {"publish", "github", "audit", "inbox"} & set(path.relative_to(PACKAGE).parts):
            # Platform API constants (DIRECT_POST, GraphQL error types, ...) and secret names
            # are not codes; the audit's finding codes have their texts in pipeline/audit/words.py.
            continue
        used |= set(re.findall(r'"([A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+)"', path.read_text()))
    # Not codes: module constants and environment variable names.
    used -= {"MAX_PIXELS", "NO_MKDOCS_2_WARNING", "LC_ALL", "LC_CTYPE", "IMAGEIO_FFMPEG_EXE"}
    used = {u for u in used if not u.startswith(("GITHUB_", "PIPELINE_"))}  # environment
    missing = {code for code in used if code not in CATALOGUE and "_" in code}
    assert missing == set()


def test_phrases_have_both_languages() -> None:
    assert all(set(entry) == set(LANGS) for entry in PHRASES.values())


def test_missing_param_never_raises() -> None:
    assert text(Problem(code="MEDIA_NOT_FOUND", path="x"))[0].startswith("file ''")
