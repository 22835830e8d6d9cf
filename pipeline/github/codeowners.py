"""`.github/CODEOWNERS` generated from office.yml's `roles`: whose approval each path needs.

With the ruleset's "require review from Code Owners" (.github/rulesets/main.json), a pull
request that touches `content/` cannot merge without the *Kepala Balai*'s approval (SOP 1.3),
and one that touches the pipeline, the workflows, the site's configuration or this file needs
the technical owner's (`roles.teknis`).

The file is generated, never edited by hand, because GitHub's rules are unforgiving
(docs/publishing-model.md §2.8): it reads the file from the base branch, silently skips an
invalid line, lets the *last* matching pattern win (so a later line can quietly remove the
head), and wants every owner of a pattern on the same line. `owners()` applies the same
last-match rule, so tests can assert who owns a path.

    pipeline codeowners           write .github/CODEOWNERS
    pipeline codeowners --check   exit 1 if it differs from office.yml (what `make lint` runs)
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pipeline import messages
from pipeline.config import CONFIG_FILE, Config, Roles, find_root, load_config
from pipeline.errors import PipelineError

CODEOWNERS = Path(".github") / "CODEOWNERS"
COMMAND = "pipeline codeowners"


@dataclass(frozen=True, slots=True)
class Rule:
    """One CODEOWNERS line: a pattern, the roles that own it, and why (the comment above it)."""

    pattern: str
    roles: tuple[str, ...]
    why: str


# Order matters: the last matching line wins, so the catch-all comes first.
RULES: tuple[Rule, ...] = (
    Rule("*", ("teknis",), "Bawaan: semua yang tidak disebut di bawah (tes, skrip, CI, dokumen)"),
    Rule("/content/**", ("kepala_balai",), "Tulisan dan media: persetujuan Kepala Balai (SOP 1.3)"),
    Rule("/office.yml", ("kepala_balai",), "Konfigurasi kantor: akun, jabatan, tombol darurat"),
    Rule(
        "/inbox/answers/kebijakan/**",
        ("kepala_balai",),
        "Jawaban atas pertanyaan kebijakan: persetujuan Kepala Balai (SOP 2)",
    ),
    Rule("/pipeline/**", ("teknis",), "Kode alur terbit: pemeriksa, render, pengunggah"),
    Rule("/.github/**", ("teknis",), "Workflow, ruleset, templat PR"),
    Rule("/Makefile", ("teknis",), "make test dan make lint"),
    Rule("/pyproject.toml", ("teknis",), "Dependensi dan alat pemeriksa"),
    Rule("/mkdocs.yml", ("teknis",), "Konfigurasi situs"),
    Rule("/overrides/**", ("teknis",), "Templat situs"),
    Rule("/.github/CODEOWNERS", ("teknis",), "Berkas ini sendiri (baris terakhir: selalu berlaku)"),
)

HEADER = f"""\
# Pemilik kode (CODEOWNERS): persetujuan siapa yang wajib untuk setiap path.
# DIBUAT OTOMATIS dari `roles` di office.yml dengan `{COMMAND}`; jangan diubah
# dengan tangan: ubah office.yml, jalankan `{COMMAND}`, lalu commit keduanya.
# `make lint` gagal bila berkas ini berbeda dari office.yml.
# Aturan GitHub: baris terakhir yang cocok yang berlaku; beberapa pemilik pada satu baris
# berarti persetujuan salah satu dari mereka cukup.
"""


def render(config: Config) -> str:
    """The CODEOWNERS text for this config; PipelineError if a role it needs has no one."""
    roles = config.roles
    empty = sorted({r for rule in RULES for r in rule.roles if not getattr(roles, r)})
    if empty:
        names = ", ".join(f"roles.{r}" for r in empty)
        raise PipelineError(
            f"{CONFIG_FILE}: {names} kosong. CODEOWNERS memerlukan pemiliknya: path tanpa "
            "pemilik tidak meminta persetujuan siapa pun. Isi akun atau tim GitHub-nya, "
            'mis. teknis: ["@organisasi/tim-teknis"].'
        )
    lines = [HEADER]
    for rule in RULES:
        handles = _handles(roles, rule.roles)
        source = ", ".join(f"roles.{r}" for r in rule.roles)
        lines.append(f"# {rule.why} [{source}]\n{rule.pattern} {handles}\n")
    return "\n".join(lines)


def _handles(roles: Roles, names: tuple[str, ...]) -> str:
    seen: dict[str, None] = {}
    for name in names:
        seen.update(dict.fromkeys(getattr(roles, name)))
    return " ".join(seen)


def owners(text: str, path: str) -> tuple[str, ...]:
    """The owners GitHub would require for `path` (relative, with /): the last matching line."""
    found: tuple[str, ...] = ()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pattern, *handles = line.split()
        if _regex(pattern).match(path):
            found = tuple(handles)
    return found


def _regex(pattern: str) -> re.Pattern[str]:
    """The subset of gitignore rules CODEOWNERS uses: `/` anchors, `*`, `**`, `?`, dir/."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    parts = re.split(r"(\*\*|\*|\?)", body)
    wild = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    regex = "".join(wild.get(p, re.escape(p)) for p in parts)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if pattern.endswith("/") else "(?:/.*)?"
    return re.compile(prefix + regex + suffix + r"\Z")


def run(check: bool = False, *, root: Path | None = None, out: TextIO | None = None) -> int:
    """Write .github/CODEOWNERS from office.yml, or with `check` exit 1 if it differs."""
    out = out or sys.stdout
    root = root or find_root(Path.cwd())
    config, problems = load_config(root)
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors:
        print(messages.line(problem, config.office.language), file=sys.stderr)
    if errors:
        return 1
    try:
        text = render(config)
    except PipelineError as exc:
        print(f"pipeline: {exc}", file=sys.stderr)
        return 1
    path = root / CODEOWNERS
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        return 0
    if check:
        state = "belum ada" if current is None else f"tidak sesuai dengan roles di {CONFIG_FILE}"
        print(
            f"pipeline: {CODEOWNERS.as_posix()} {state}. Jalankan '{COMMAND}', "
            f"lalu commit {CODEOWNERS.as_posix()} bersama {CONFIG_FILE}.",
            file=sys.stderr,
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    out.write(f"ditulis: {CODEOWNERS.as_posix()}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=COMMAND, description=f"tulis {CODEOWNERS.as_posix()} dari roles di {CONFIG_FILE}"
    )
    parser.add_argument(
        "--check", action="store_true", help="hanya periksa apakah berkas sudah sesuai"
    )
    args = parser.parse_args(argv)
    return run(check=args.check)


if __name__ == "__main__":
    raise SystemExit(main())
