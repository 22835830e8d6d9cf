"""The hash-locked requirements (scripts/lock.py, `make lock`) are in sync with pyproject.toml,
checked offline: the inputs' fingerprint, every pin exact and hashed, every requirement of
pyproject.toml met by its pin on the machines the project installs on (this Debian's Python
3.11 and GitHub's ubuntu-24.04 with setup-python 3.11), one version of a package across the
three locks, and the lock tool itself pinned."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# The machines that install from the locks: CI here (Debian 12, CPython 3.11.7) and GitHub's
# ubuntu-24.04 runners with actions/setup-python "3.11" (the newest 3.11.x).
MACHINES = [
    {"python_version": "3.11", "python_full_version": full, "sys_platform": "linux"}
    | {"platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"}
    | {"implementation_name": "cpython", "platform_python_implementation": "CPython"}
    for full in ("3.11.7", "3.11.14")
]
OPTIONS = re.compile(r"^\s*--(index-url|extra-index-url|find-links|trusted-host|pre)\b", re.M)


@pytest.fixture(scope="module")
def lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]


def pins(path: Path) -> list[Pin]:
    """The entries of a uv/pip-compile requirements file (continuation lines joined)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        line = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
        if not line.strip():
            continue
        spec, _, rest = line.partition("--hash=")
        requirement = Requirement(spec.strip())
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{path.name}: {line[:80]} is not an exact pin"
        hashes = tuple(re.findall(r"sha256:([0-9a-f]{64})", "--hash=" + rest))
        found.append(
            Pin(
                canonicalize_name(requirement.name),
                Version(specifier.version),
                requirement.marker,
                hashes,
            )
        )
    return found


def pinned_on(entries: list[Pin], name: str, machine: dict[str, str]) -> list[Pin]:
    return [
        p for p in entries if p.name == name and (p.marker is None or p.marker.evaluate(machine))
    ]


def locks(module: ModuleType) -> dict[str, Path]:
    return {
        "build": ROOT / module.BUILD,
        "runtime": ROOT / module.RUNTIME,
        "dev": ROOT / module.DEV,
    }


def test_every_lock_records_the_current_inputs(lock: ModuleType) -> None:
    wanted = f"{lock.INPUTS}{lock.fingerprint(PYPROJECT)}"
    for path in locks(lock).values():
        head = path.read_text(encoding="utf-8").splitlines()[:5]
        assert any(line.startswith(wanted) for line in head), (
            f"{path.relative_to(ROOT)} was made from another pyproject.toml: run `make lock`"
        )


def test_every_pin_is_exact_and_hashed_and_no_index_is_named(lock: ModuleType) -> None:
    for path in locks(lock).values():
        entries = pins(path)
        assert entries, path
        assert all(p.hashes for p in entries), [p.name for p in entries if not p.hashes]
        assert OPTIONS.search(path.read_text(encoding="utf-8")) is None, path
        assert "-e " not in path.read_text(encoding="utf-8") and "git+" not in path.read_text()


def requirements(lock: ModuleType) -> dict[str, list[str]]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    runtime = data["project"]["dependencies"]
    dev = data["project"]["optional-dependencies"]["dev"]
    build = lock.build_requirements(PYPROJECT)
    return {"runtime": [*runtime, *build], "dev": [*runtime, *dev, *build], "build": build}


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m["python_full_version"])
def test_every_requirement_of_pyproject_is_met_by_its_pin(
    lock: ModuleType, machine: dict[str, str]
) -> None:
    for kind, path in locks(lock).items():
        entries = pins(path)
        for line in requirements(lock)[kind]:
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate(machine):
                continue
            found = pinned_on(entries, canonicalize_name(requirement.name), machine)
            assert len(found) == 1, f"{path.name}: {requirement.name} pinned {len(found)} times"
            assert requirement.specifier.contains(found[0].version, prereleases=True), (
                f"{path.name}: {requirement.name}=={found[0].version} does not meet '{line}' "
                "of pyproject.toml: run `make lock`"
            )


def test_one_version_of_a_package_in_every_lock(lock: ModuleType) -> None:
    seen: dict[tuple[str, str], set[Version]] = {}
    for path in locks(lock).values():
        for pin in pins(path):
            seen.setdefault((pin.name, str(pin.marker)), set()).add(pin.version)
    assert {key: versions for key, versions in seen.items() if len(versions) > 1} == {}
    runtime = {(p.name, str(p.marker)) for p in pins(ROOT / lock.RUNTIME)}
    assert runtime <= {(p.name, str(p.marker)) for p in pins(ROOT / lock.DEV)}


def test_the_lock_tool_is_pinned_and_the_source_builds_are_the_listed_ones(
    lock: ModuleType,
) -> None:
    dev = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    (uv,) = [Requirement(r) for r in dev["dev"] if Requirement(r).name == "uv"]
    assert str(uv.specifier).startswith("=="), "the lock tool is pinned"
    install = (ROOT / ".ci" / "install").read_text(encoding="utf-8")
    built = set(re.findall(r"--no-binary (\S+)", install))
    assert built == set(lock.SDIST_ONLY)
    runtime = {p.name for p in pins(ROOT / lock.RUNTIME)}
    assert set(lock.SDIST_ONLY) <= runtime


def test_a_lock_out_of_sync_is_caught(lock: ModuleType, tmp_path: Path) -> None:
    """A dependency added to pyproject.toml without `make lock` changes the fingerprint; a
    pin edited below pyproject's bound is not met."""
    changed = tmp_path / "pyproject.toml"
    text = PYPROJECT.read_text(encoding="utf-8")
    changed.write_text(text.replace('"httpx>=0.27",', '"httpx>=0.27",\n    "rich",'))
    assert lock.fingerprint(changed) != lock.fingerprint(PYPROJECT)
    stale = tmp_path / "runtime.lock.txt"
    stale.write_text("httpx==0.26.0 \\\n    --hash=sha256:" + "0" * 64 + "\n", encoding="utf-8")
    (pin,) = pins(stale)
    assert not Requirement("httpx>=0.27").specifier.contains(pin.version)
