"""CODEOWNERS from office.yml: the golden text, the committed file, GitHub's last-match rule."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import Config, Roles, load_config
from pipeline.errors import PipelineError
from pipeline.github import codeowners

ROOT = Path(__file__).parent.parent.parent
HEAD = ("@kepala-balai-contoh",)
TECH = ("@bpsip-jabar/tim-teknis",)


def office(**roles: tuple[str, ...]) -> Config:
    base = {"kepala_balai": HEAD, "teknis": TECH}
    return Config(roles=Roles(**{**base, **roles}))


def test_render_golden(golden: Callable[[str, str], None]) -> None:
    golden("CODEOWNERS", codeowners.render(office()))


def test_committed_codeowners_matches_office_yml() -> None:
    config, problems = load_config(ROOT)
    assert [p for p in problems if p.severity == "error"] == []
    committed = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert committed == codeowners.render(config), "run `pipeline codeowners` and commit"


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("content/posts/2026/11/panen/index.md", HEAD),
        ("content/posts/2026/11/panen/foto.jpg", HEAD),
        ("content/.authors.yml", HEAD),
        ("office.yml", HEAD),
        ("pipeline/main.py", TECH),
        ("pipeline/publish/runner.py", TECH),
        (".github/workflows/publish.yml", TECH),
        (".github/CODEOWNERS", TECH),
        (".github/rulesets/main.json", TECH),
        ("Makefile", TECH),
        ("pyproject.toml", TECH),
        ("mkdocs.yml", TECH),
        ("overrides/partials/search.html", TECH),
        ("tests/conftest.py", TECH),  # the catch-all: code that runs in CI
        (".ci/run", TECH),
        ("README.md", TECH),
        ("pipeline/content/x.md", TECH),  # /content/ is anchored at the root
    ],
)
def test_last_matching_line_gives_the_owner(path: str, owners: tuple[str, ...]) -> None:
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert codeowners.owners(text, path) == owners


def test_every_line_has_owners_and_several_share_one_line() -> None:
    config = office(kepala_balai=("@kepala", "@org/pimpinan"), teknis=("@org/teknis", "@kepala"))
    text = codeowners.render(config)
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rules) == len(codeowners.RULES)
    assert all(len(line.split()) >= 2 for line in rules)
    assert "/content/** @kepala @org/pimpinan" in rules
    assert "* @org/teknis @kepala" in rules


@pytest.mark.parametrize("missing", ["kepala_balai", "teknis"])
def test_a_role_without_anyone_is_refused(missing: str) -> None:
    config = replace(office(), roles=replace(office().roles, **{missing: ()}))
    with pytest.raises(PipelineError, match=f"roles.{missing} kosong"):
        codeowners.render(config)


def test_patterns_follow_gitignore_rules() -> None:
    text = "* @a\n/docs/ @b\nlogs @c\n/src/*.py @d\n"
    assert codeowners.owners(text, "x/y.txt") == ("@a",)
    assert codeowners.owners(text, "docs/a/b.md") == ("@b",)
    assert codeowners.owners(text, "docs") == ("@a",)  # docs/ names a directory
    assert codeowners.owners(text, "a/logs/today.txt") == ("@c",)  # unanchored: any depth
    assert codeowners.owners(text, "src/main.py") == ("@d",)
    assert codeowners.owners(text, "src/sub/main.py") == ("@a",)  # * stops at /


def _repo(tmp_path: Path, roles: str) -> Path:
    (tmp_path / "office.yml").write_text(f"roles:\n{roles}", encoding="utf-8")
    return tmp_path


def test_run_writes_then_check_passes(tmp_path: Path) -> None:
    root = _repo(tmp_path, '  kepala_balai: ["@kepala"]\n  teknis: ["@org/teknis"]\n')
    out = io.StringIO()
    assert codeowners.run(check=True, root=root, out=out) == 1
    assert not (root / ".github" / "CODEOWNERS").exists()
    assert codeowners.run(root=root, out=out) == 0
    assert "ditulis: .github/CODEOWNERS" in out.getvalue()
    assert codeowners.run(check=True, root=root, out=out) == 0


def test_check_fails_with_a_message_when_office_yml_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, '  kepala_balai: ["@kepala"]\n  teknis: ["@org/teknis"]\n')
    assert codeowners.run(root=root, out=io.StringIO()) == 0
    _repo(tmp_path, '  kepala_balai: ["@kepala-baru"]\n  teknis: ["@org/teknis"]\n')
    before = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert codeowners.run(check=True, root=root, out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "tidak sesuai dengan roles di office.yml" in err
    assert "Jalankan 'pipeline codeowners'" in err
    assert (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == before


def test_run_refuses_an_invalid_office_yml_or_a_missing_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, '  kepala_balai: ["bukan-handle"]\n  teknis: ["@org/teknis"]\n')
    assert codeowners.run(root=root, out=io.StringIO()) == 1
    assert "office.yml" in capsys.readouterr().err
    root = _repo(tmp_path, '  kepala_balai: ["@kepala"]\n')
    assert codeowners.run(root=root, out=io.StringIO()) == 1
    assert "roles.teknis kosong" in capsys.readouterr().err
    assert not (root / ".github" / "CODEOWNERS").exists()
