"""`make lock`: the hash-locked requirement files every install uses, made from pyproject.toml.

- requirements/runtime.lock.txt: what `pipeline` needs to run (the publish, inbox and report
  jobs, the PR check), plus setuptools to install the project itself without build isolation
  and pip itself, so no install step takes anything the lock does not name.
- requirements/dev.lock.txt: the same pins plus the test and lint tools (`make test`, `.ci/run`).

Both come from `uv pip compile --universal --generate-hashes` (uv is pinned in the dev extra,
so the lock tool is itself locked): one resolution for every platform and Python the project
supports (this machine's Debian and GitHub's ubuntu-24.04, Python 3.11 and later), every file
of every pinned release with its sha256. `--exclude-newer` keeps a release out until it is
COOLDOWN old, like Dependabot's cooldown on the pinned actions: a compromised release is
usually pulled within days. The dev lock is resolved with the runtime lock as constraints, so
a package has one version in both.

The first line after uv's header records a sha256 of the inputs (build-system requires,
requires-python, dependencies, the dev extra): tests/test_lock.py recomputes it offline and
fails with "run make lock" when pyproject.toml changed and the locks did not.

Usage: `make lock` (or `.venv/bin/python scripts/lock.py [--uv PATH]`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path("requirements") / "build.lock.txt"
RUNTIME = Path("requirements") / "runtime.lock.txt"
DEV = Path("requirements") / "dev.lock.txt"
COOLDOWN = "7 days"
PYTHON = "3.11"  # the workflows' setup-python and the CI machine's python3
INPUTS = "# inputs sha256:"
# Installed beside the project's own requirements: pip upgrades itself from the lock, and the
# editable install of the project runs without build isolation on the locked setuptools.
TOOLS = ("pip",)
# Releases PyPI serves only as source, built on the machine: with build isolation pip would
# fetch their build requirements unlocked, so they are built with `--no-binary NAME
# --no-build-isolation` after requirements/build.lock.txt put these in the venv. Everything
# else installs with `--only-binary :all:` (no code of a package runs at install time).
SDIST_ONLY = {
    # pyvips 3 ships no wheel; its own pyproject.toml's build-system.requires:
    "pyvips": ("setuptools>=61.0.0", "cffi>=1.0.0", "pkgconfig>=1.5"),
}


def inputs(pyproject: Path) -> dict[str, Any]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data["project"]
    return {
        "build": sorted(data["build-system"]["requires"]),
        "requires-python": project.get("requires-python", ""),
        "dependencies": sorted(project.get("dependencies", [])),
        "dev": sorted(project.get("optional-dependencies", {}).get("dev", [])),
        "tools": list(TOOLS),
        "sdist-only": {name: list(needs) for name, needs in sorted(SDIST_ONLY.items())},
        "cooldown": COOLDOWN,
        "python": PYTHON,
    }


def fingerprint(pyproject: Path) -> str:
    text = json.dumps(inputs(pyproject), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def build_requirements(pyproject: Path) -> list[str]:
    """What installing needs before the project's own requirements: pip, the project's build
    backend, and what the source-only releases need to be built."""
    needs = [need for names in SDIST_ONLY.values() for need in names]
    return [*TOOLS, *inputs(pyproject)["build"], *needs]


def compile_lock(uv: str, root: Path, output: Path, sources: list[str], extra: list[str]) -> None:
    pyproject = root / "pyproject.toml"
    command = [
        uv,
        "pip",
        "compile",
        "--quiet",
        "--universal",
        "--python-version",
        PYTHON,
        "--generate-hashes",
        "--exclude-newer",
        COOLDOWN,
        "--custom-compile-command",
        "make lock",
        "--output-file",
        str(output),
        *sources,
        "-",
        *extra,
    ]
    stdin = "".join(f"{line}\n" for line in build_requirements(pyproject))
    subprocess.run(command, cwd=root, input=stdin, text=True, check=True)
    path = root / output
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    stamp = f"{INPUTS}{fingerprint(pyproject)} (see scripts/lock.py)\n"
    path.write_text("".join([*lines[:header], stamp, *lines[header:]]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default=str(Path(sys.executable).parent / "uv"))
    args = parser.parse_args(argv)
    (ROOT / RUNTIME).parent.mkdir(exist_ok=True)
    project = ["pyproject.toml"]
    constrained = ["--constraint", str(RUNTIME)]
    compile_lock(args.uv, ROOT, RUNTIME, project, [])
    compile_lock(args.uv, ROOT, BUILD, [], constrained)
    compile_lock(args.uv, ROOT, DEV, project, ["--extra", "dev", *constrained])
    print(f"{BUILD}, {RUNTIME} and {DEV} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
