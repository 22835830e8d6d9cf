"""The repository stands on its own: no tracked file points at a document outside it.

The project's notes (platform facts, the publishing model, speed figures) live in `docs/`; code
comments, docs and tests cite those. A pointer to a research note or a path on one machine
would leave a newcomer with a reference they cannot open.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Spelled so that this file does not match itself (a bracketed letter, an escaped dot): the
# repository-wide `git grep` with the same pattern then finds nothing anywhere.
OUTSIDE = re.compile(
    r"\.\./shared/"  # the notes' folder beside the repository
    r"|shared/referenc[e]"
    r"|(platforms|reliability-security|perf-baselines|anchors-features|aesthetics)\.md"
    r"|DESIGN\.md"
    r"|/wor[k]/"  # a path on the machine the project was written on
)
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?([^\s>]+)")  # inline, reference
CODE_SPAN = re.compile(r"`[^`]*`")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # a URL, or a scheme-relative one
SITE_PAGES = ("content", "tests")  # their links are resolved by MkDocs on the built site


def tracked() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary (a NUL byte early on, as Git decides)."""
    if path.is_symlink() or not path.is_file():
        return None
    data = path.read_bytes()
    if b"\0" in data[:8000]:
        return None
    return data.decode("utf-8", errors="replace")


def outside_pointers(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        text = text_of(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def link_problems(path: Path, root: Path = ROOT) -> list[str]:
    """Relative Markdown links that leave the repository, or (outside the site's pages, whose
    links MkDocs resolves) name a file that does not exist. Code spans are not links."""
    text = text_of(path)
    if text is None:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for target in (a or b for a, b in LINK.findall(CODE_SPAN.sub("", line))):
            if SCHEME.match(target) or target.startswith("#"):
                continue
            bare = target.split("#", 1)[0]
            where = (path.parent / bare).resolve()
            name = f"{path.relative_to(root)}:{number}: ({target})"
            if not where.is_relative_to(root.resolve()):
                problems.append(f"{name} leaves the repository")
            elif path.relative_to(root).parts[0] not in SITE_PAGES and not where.exists():
                problems.append(f"{name} does not exist")
    return problems


def test_no_tracked_file_points_outside_the_repository() -> None:
    found = outside_pointers(tracked())
    assert not found, "point these at docs/ instead:\n" + "\n".join(found)


def test_markdown_links_stay_inside_the_repository_and_resolve() -> None:
    problems = [p for path in tracked() if path.suffix == ".md" for p in link_problems(path)]
    assert not problems, "\n".join(problems)


def unbroken(text: str) -> str:
    """The examples below carry a `~` inside each name, so that this file itself stays clean."""
    return text.replace("~", "")


@pytest.mark.parametrize(
    "line",
    [
        "see ../sha~red/reference/platf~orms.md §3.3",
        "shared/refer~ence/",
        "(reliability-secur~ity.md §2.11)",
        "perf-basel~ines.md §3",
        'Publishing is event-sourced (DESI~GN.md "Records")',
        "notes in /wo~rk/somewhere",
        "aesthet~ics.md and anchors-feat~ures.md",
    ],
)
def test_the_rule_catches_pointers_outside(line: str) -> None:
    assert not OUTSIDE.search(line)
    assert OUTSIDE.search(unbroken(line))


@pytest.mark.parametrize(
    "line", ["docs/platform-facts.md §3.3", "docs/publishing-model.md §2.11", "README.md"]
)
def test_the_rule_leaves_our_own_docs_alone(line: str) -> None:
    assert not OUTSIDE.search(line)


def test_links_that_leave_the_repository_or_lead_nowhere_are_caught(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "here.md").write_text("# here\n", encoding="utf-8")
    page = root / "docs" / "page.md"
    page.write_text(
        "[notes](../../elsewhere/notes.md) [gone](missing.md) [ok](here.md#here)\n"
        "[web](https://example.go.id/a) [mail](mailto:a@example.go.id) [top](#page)\n"
        "`[code](../../not/a/link.md)` [cdn](//example.go.id/x)\n"
        "[ref]: ../../elsewhere/ref.md\n",
        encoding="utf-8",
    )
    assert link_problems(page, root) == [
        "docs/page.md:1: (../../elsewhere/notes.md) leaves the repository",
        "docs/page.md:1: (missing.md) does not exist",
        "docs/page.md:4: (../../elsewhere/ref.md) leaves the repository",
    ]
