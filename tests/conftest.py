from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import Phase, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "sample"

sys.path.insert(0, str(Path(__file__).parent))  # tests/sitebuild.py

from sitebuild import CONTENTS, build_site

# Under `make mutate` (mutmut sets MUTANT_UNDER_TEST) a failing example only needs to be found, not shrunk,
# and every run draws the same examples: the mutation score does not change from one run to the next.
settings.register_profile("mutation", phases=[Phase.explicit, Phase.generate], derandomize=True, database=None)
if "MUTANT_UNDER_TEST" in os.environ:
    settings.load_profile("mutation")


@pytest.fixture(scope="module", autouse=True)
def environment_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test module must leave the environment as it found it (SOURCE_DATE_EPOCH once leaked from the PDF
    tests into every later module's builds): the last test of a module that changes it errors."""
    before = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    yield
    after = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        pytest.fail(f"{request.module.__name__} left the environment changed: {', '.join(changed)}")


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the sample briefing at ./content, with the working directory set to its parent."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    monkeypatch.chdir(tmp_path)
    return content


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``built_site(name)``: the site of ``CONTENTS[name]``, built once per test session."""
    cache: dict[str, Path] = {}

    def build(name: str) -> Path:
        if name not in cache:
            out = tmp_path_factory.mktemp(name) / "site"
            result = build_site(CONTENTS[name], out)
            assert result.returncode == 0, result.stdout + result.stderr
            assert "WARNING" not in result.stderr, result.stderr
            cache[name] = out
        return cache[name]

    return build


@pytest.fixture(scope="session")
def built_sites(built_site: Callable[[str], Path]) -> dict[str, Path]:
    """Sites built once per test session: 'real' (content/) and 'sample' (tests/sample/)."""
    return {name: built_site(name) for name in ("real", "sample")}
