"""The account runbook (docs/connecting-accounts.md) stays true to the code and the workflows.

- every `secrets.NAME` and `vars.NAME` a workflow passes is in the runbook's table, as a secret
  or as a variable (the wrong kind leaves the workflow's value empty), and so is every name
  `pipeline setup` prints;
- every setting a platform module reads (`ENV`, the `PIPELINE_*` test and proxy URLs aside) is
  named in the runbook;
- every OAuth scope / Meta permission the code names is in the runbook. The scopes come from
  the code: a module-level constant whose name contains `SCOPE` in a platform module, and any
  string literal under pipeline/publish/ and pipeline/inbox/ that is spelled like a scope of
  one of the four platforms. Today the code names none (preflight does not read scopes yet), so
  the list the issue gives is checked too (`REQUIRED`);
- every link into the runbook, and every link out of it, lands on a heading that exists;
- the README sends a newcomer there, in the order app → token → environment → trial.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pytest

from pipeline.github import setup
from pipeline.publish.all_platforms import PLATFORMS
from tests.test_workflows import load, workflows

ROOT = Path(__file__).resolve().parent.parent
RUNBOOK = ROOT / "docs" / "connecting-accounts.md"
TABLE_HEADING = "## Secret dan variabel"
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
REFERENCE = re.compile(  # secrets.NAME, secrets['NAME'], vars.NAME inside an expression
    r"\b(secrets|vars)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\s*\])"
)
AUTOMATIC = {"GITHUB_TOKEN"}  # GitHub makes it for every run: nobody creates it
KIND = {"secrets": "secret", "vars": "variabel"}
ROW = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*(secret|variabel)\s*\|")
SCOPE = re.compile(
    r"^(?:"
    r"pages_(?:manage|read|show|messaging)[a-z_]*|business_management|publish_video"
    r"|instagram_(?:basic|content_publish|manage_[a-z_]+|business_[a-z_]+)"
    r"|tweet\.(?:read|write|moderate\.write)|users\.(?:read|email)|media\.write|offline\.access"
    r"|(?:follows|like|list|block|bookmark|mute|dm|space)\.(?:read|write)"
    r"|user\.info\.(?:basic|profile|stats)|video\.(?:publish|upload|list)"
    r")$"
)
# Issue 13 item 6 and the runbook's own choices: what the accounts must be granted.
REQUIRED = {
    "x": ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"),
    "tiktok": ("user.info.basic", "video.publish", "video.list"),
    "facebook": ("pages_manage_posts", "pages_manage_engagement", "pages_read_engagement"),
    "instagram": ("instagram_basic", "instagram_content_publish", "instagram_manage_comments"),
}
CODE_DIRS = ("pipeline/publish", "pipeline/inbox")
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?\s*\)")
CODE_SPAN = re.compile(r"`([^`]*)`")
FENCE = re.compile(r"^\s*(```|~~~)")


# --- what the workflows and the code name -----------------------------------------------------
def workflow_names(texts: Iterable[str]) -> set[tuple[str, str]]:
    """(kind, NAME) for every `secrets.NAME` / `vars.NAME` (or `secrets['NAME']`) inside a
    `${{ }}` expression in the workflows' values (comments are not values: YAML drops them)."""
    found: set[tuple[str, str]] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            for expression in EXPRESSION.findall(value):
                for kind, dotted, bracketed in REFERENCE.findall(expression):
                    found.add((kind, dotted or bracketed))

    for text in texts:
        walk(load(text))
    return {(kind, name) for kind, name in found if name not in AUTOMATIC}


def scope_words(text: str) -> set[str]:
    """Scope-shaped words in a string: it may hold several ("video.publish,video.list")."""
    return {w for w in re.split(r"[\s,]+", text) if SCOPE.match(w)}


def code_scopes(root: Path = ROOT) -> set[str]:
    """Scopes the code names: constants called *SCOPE* in the platform modules, and every
    string literal under CODE_DIRS spelled like a scope."""
    found: set[str] = set()
    for module in PLATFORMS.values():
        for name, value in vars(module).items():
            if "SCOPE" not in name.upper():
                continue
            values = [value] if isinstance(value, str) else value
            if isinstance(values, dict):
                values = [*values.keys(), *values.values()]
            for item in values if isinstance(values, Iterable) else ():
                if isinstance(item, str):
                    found |= {w for w in re.split(r"[\s,]+", item) if w}
    for folder in CODE_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            if "standins" in path.parts:  # the stand-ins imitate platforms; not our request
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found |= scope_words(node.value)
    return found


# --- what the runbook says --------------------------------------------------------------------
def documented(text: str) -> dict[str, str]:
    """NAME -> "secret" | "variabel", from the table under TABLE_HEADING."""
    lines = text.splitlines()
    start = lines.index(TABLE_HEADING) if TABLE_HEADING in lines else len(lines)
    table: dict[str, str] = {}
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        match = ROW.match(line)
        if match:
            table[match[1]] = match[2]
    return table


def section(text: str, heading: str) -> str:
    """From `heading` to the next heading of the same level."""
    start = text.index(f"\n{heading}\n")
    level = heading.split(" ", 1)[0]
    end = text.find(f"\n{level} ", start + 1)
    return text[start : end if end > 0 else len(text)]


def code_words(text: str) -> set[str]:
    """Every word inside a code span or a fenced block, split on spaces and commas."""
    words: set[str] = set()
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        spans = [line] if fenced else CODE_SPAN.findall(line)
        for span in spans:
            words |= {w for w in re.split(r"[\s,=&]+", span) if w}
    return words


def undocumented(names: set[tuple[str, str]], text: str) -> list[str]:
    table = documented(text)
    problems = []
    for kind, name in sorted(names, key=lambda pair: (pair[1], pair[0])):
        if name not in table:
            problems.append(f"{name} ({KIND[kind]}) is not in the table")
        elif table[name] != KIND[kind]:
            problems.append(f"{name} is a {KIND[kind]} in the workflows, {table[name]} in the doc")
    return problems


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, code marks and punctuation dropped,
    spaces to hyphens."""
    text = heading.strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in ("L", "N"))
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out: set[str] = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if fenced or not re.match(r"^#{1,6} ", line):
            continue
        base = slug(line.lstrip("#"))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def broken_anchors(pages: Iterable[Path]) -> list[str]:
    """Links into the runbook, or out of it, whose `#anchor` is no heading of the target."""
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            for target in LINK.findall(CODE_SPAN.sub("", line)):
                if "#" not in target or re.match(r"^[a-z]+:", target):
                    continue
                name, anchor = target.split("#", 1)
                where = (page.parent / name).resolve() if name else page
                if RUNBOOK not in (page, where) or not where.is_file():
                    continue
                if anchor not in anchors(where):
                    problems.append(f"{page.relative_to(ROOT)}:{number}: #{anchor}")
    return problems


# --- the runbook against the repository -------------------------------------------------------
def test_every_secret_and_variable_the_workflows_pass_is_in_the_runbook() -> None:
    names = workflow_names(workflows().values())
    assert {n for _, n in names} >= {"FACEBOOK_PAGE_TOKEN", "X_CLIENT_ID", "PUBLISH_APP_ID"}
    problems = undocumented(names, RUNBOOK.read_text(encoding="utf-8"))
    assert not problems, "docs/connecting-accounts.md, table 'Secret dan variabel':\n" + "\n".join(
        problems
    )


def test_every_name_pipeline_setup_prints_is_in_the_runbook() -> None:
    """Its secrets and variables; the secrets the pipeline writes itself and the App's
    permissions, where setup.py lists them (`WRITTEN`, `APP_PERMISSIONS`)."""
    written = getattr(setup, "WRITTEN", ())
    names = {("secrets", n) for n in (*setup.SECRETS, *written)}
    names |= {("vars", n) for n in setup.VARIABLES}
    text = RUNBOOK.read_text(encoding="utf-8")
    problems = undocumented(names, text)
    assert not problems, "\n".join(problems)
    app = section(text, "## GitHub App")
    for permission, level in getattr(setup, "APP_PERMISSIONS", ()):
        assert f"{permission}: {level}" in app, (permission, level)


def test_every_setting_a_platform_module_reads_is_in_the_runbook() -> None:
    """Each platform module's `ENV` (what it reads from the environment), except the
    `PIPELINE_*` base URLs for proxies and test servers (docs/office-admin.md)."""
    read = {n for m in PLATFORMS.values() for n in getattr(m, "ENV", ())}
    wanted = {n for n in read if not n.startswith("PIPELINE_")}
    assert {"FACEBOOK_PAGE_TOKEN", "TIKTOK_PRIVACY"} <= wanted
    missing = sorted(wanted - code_words(RUNBOOK.read_text(encoding="utf-8")))
    assert not missing, f"settings not in docs/connecting-accounts.md: {missing}"


def test_every_scope_the_code_names_or_the_accounts_need_is_in_the_runbook() -> None:
    wanted = code_scopes() | {s for scopes in REQUIRED.values() for s in scopes}
    missing = sorted(wanted - code_words(RUNBOOK.read_text(encoding="utf-8")))
    assert not missing, f"scopes not in docs/connecting-accounts.md: {missing}"


def test_links_into_and_out_of_the_runbook_land_on_a_heading() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert not broken_anchors(pages), "\n".join(broken_anchors(pages))


def test_the_readme_sends_a_newcomer_to_the_runbook_in_order() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Menyambungkan akun / Connecting an account")
    section = text[start : text.index("\n## ", start + 1)]
    assert len(section.strip().splitlines()) <= 16, "keep the README's section short"
    order = ["app", "token", "production", "pipeline publish --trial private"]
    places = [section.index(word) for word in order]
    assert places == sorted(places), "create app → get token → environment → trial"
    for platform in ("github-app", "facebook", "instagram", "x", "tiktok"):
        assert f"docs/connecting-accounts.md#{platform})" in section, platform


# --- the rules catch what they are for --------------------------------------------------------
DOC = """\
# Runbook

## Secret dan variabel

| Nama | Jenis | Platform | Isi |
|---|---|---|---|
| `OLD_TOKEN` | secret | A | ... |
| `SOME_ID` | secret | A | ... |

## Next

| `LATER` | secret | not in the table | ... |

Scopes: `tweet.read users.read`, `video.publish,video.list`.
"""

WORKFLOW = """\
name: w
on: push
jobs:
  j:
    runs-on: ubuntu-24.04
    steps:
      - run: true  # ${{ secrets.IN_A_COMMENT }} is no value
        env:
          OLD: ${{ secrets.OLD_TOKEN }}
          NEW: ${{secrets.NEW_TOKEN}}
          ID: ${{ vars.SOME_ID }}
          LATER: ${{ secrets.LATER }}
          GH: ${{ secrets.GITHUB_TOKEN }}
      - if: ${{ vars.A_VAR != '' }}
        with:
          key: ${{ secrets['BRACKET'] || vars.SOME_ID }}
"""


def test_a_secret_added_to_a_workflow_without_the_runbook_is_caught() -> None:
    names = workflow_names([WORKFLOW])
    assert names == {
        ("secrets", "OLD_TOKEN"),
        ("secrets", "NEW_TOKEN"),
        ("vars", "SOME_ID"),
        ("secrets", "LATER"),
        ("vars", "A_VAR"),
        ("secrets", "BRACKET"),
    }
    assert undocumented(names, DOC) == [
        "A_VAR (variabel) is not in the table",
        "BRACKET (secret) is not in the table",
        "LATER (secret) is not in the table",
        "NEW_TOKEN (secret) is not in the table",
        "SOME_ID is a variabel in the workflows, secret in the doc",
    ]


@pytest.mark.parametrize(
    ("literal", "words"),
    [
        ("video.publish,video.list", {"video.publish", "video.list"}),
        ("tweet.read tweet.write offline.access", {"tweet.read", "tweet.write", "offline.access"}),
        ("pages_manage_posts", {"pages_manage_posts"}),
        ("instagram_story", set()),  # a platform name, not a scope
        ("scope_not_authorized", set()),
        ("build/site-pages.json", set()),
    ],
)
def test_scope_shaped_words(literal: str, words: set[str]) -> None:
    assert scope_words(literal) == words


def test_a_scope_in_the_code_is_found_and_must_be_documented(tmp_path: Path) -> None:
    module = tmp_path / "pipeline" / "publish" / "platforms" / "new.py"
    module.parent.mkdir(parents=True)
    module.write_text('WANTED = "like.read"\nOTHER = ("x", "instagram_story")\n', "utf-8")
    assert "like.read" in code_scopes(tmp_path)
    assert "like.read" not in code_words(DOC)
    assert {"tweet.read", "users.read", "video.publish", "video.list"} <= code_words(DOC)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("## Secret dan variabel", "secret-dan-variabel"),
        ("## 9. Connecting accounts", "9-connecting-accounts"),
        ("### `pipeline setup`", "pipeline-setup"),
        ("## The office's setup (once)", "the-offices-setup-once"),
        ("## Uji: `pipeline publish --trial private`", "uji-pipeline-publish---trial-private"),
    ],
)
def test_github_anchor_of_a_heading(heading: str, anchor: str) -> None:
    assert slug(heading.lstrip("#")) == anchor
