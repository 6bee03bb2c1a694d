"""The pinned install: constraints.txt (what `make` installs into .venv) and constraints-compat.txt (the
fallback stack's .venv-compat) pin every package exactly, never to a pre-release, within pyproject's ranges."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins(name: str) -> dict[str, Version]:
    found: dict[str, Version] = {}
    for n, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        pinned = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line)
        assert pinned, f"{name}:{n}: {line!r} is not an exact pin (name==version)"
        version = Version(pinned[2])
        assert not version.is_prerelease and not version.is_devrelease, f"{name}:{n}: {line} is a pre-release"
        found[canonicalize_name(pinned[1])] = version
    return found


def requirements(*, extras: bool) -> list[Requirement]:
    extra = [r for group in PROJECT["optional-dependencies"].values() for r in group]  # test and mutation
    listed = PROJECT["dependencies"] + (extra if extras else [])
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize("name", ["constraints.txt", "constraints-compat.txt"])
def test_every_pin_is_exact_and_a_release(name: str) -> None:
    assert len(pins(name)) > 30  # transitive dependencies included


def test_make_installs_every_dependency_at_a_version_pyproject_allows() -> None:
    pinned = pins("constraints.txt")
    for req in requirements(extras=True):
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in constraints.txt: run `make constraints`"
        assert req.specifier.contains(pinned[name]), f"constraints.txt pins {req.name}=={pinned[name]}, outside {req}"
    assert pinned["mkdocs"].major == 1 and "properdocs" not in pinned and "mkdocs-materialx" not in pinned


def test_the_fallback_stack_is_pinned_apart_from_material() -> None:
    pinned = pins("constraints-compat.txt")
    assert pinned["properdocs"] == Version("1.6.7") and pinned["mkdocs-materialx"] == Version("10.2.2")
    assert "mkdocs-material" not in pinned  # materialx installs a `material` package of its own
    for req in requirements(extras=False):
        name = canonicalize_name(req.name)
        if name != "mkdocs-material":
            assert name in pinned and req.specifier.contains(pinned[name]), f"constraints-compat.txt: {req}"
