"""The hash-locked requirements match the pinned direct dependencies.

`make install` and CI install only from the ``.lock`` files with ``--require-hashes``;
a pin edited in ``requirements*.txt`` without re-running ``scripts/lock.sh`` would
otherwise be silently ignored.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?==([^\s;\\]+)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _direct_pins(path: Path) -> dict[str, str]:
    pins = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(_direct_pins(path.parent / line[3:].strip()))
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: every requirement is pinned with ==, not {line!r}"
        pins[_canonical(match[1])] = match[3]
    return pins


def _locked(path: Path) -> dict[str, tuple[str, int]]:
    """Each locked package's version and how many hashes it carries."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _canonical(match[1])
            entries[current] = (match[3], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


@pytest.mark.parametrize("name", ["requirements-pip", "requirements", "requirements-dev"])
def test_every_direct_pin_is_locked_at_its_version(name):
    locked = _locked(ROOT / f"{name}.lock")
    for package, version in _direct_pins(ROOT / f"{name}.txt").items():
        assert package in locked, f"{package} is missing from {name}.lock: run scripts/lock.sh"
        assert locked[package][0] == version, (
            f"{package}=={version} in {name}.txt but {locked[package][0]} in {name}.lock: "
            "run scripts/lock.sh"
        )


@pytest.mark.parametrize("name", ["requirements-pip", "requirements", "requirements-dev"])
def test_every_locked_package_carries_a_hash(name):
    locked = _locked(ROOT / f"{name}.lock")
    assert locked, f"{name}.lock lists no package"
    unhashed = sorted(package for package, (_, hashes) in locked.items() if hashes == 0)
    assert not unhashed, f"{name}.lock has packages without hashes: {unhashed}"


def test_make_installs_only_from_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "$(PIP) install" in line]
    assert installs
    for line in installs:
        assert "--require-hashes" in line and ".lock" in line, line
