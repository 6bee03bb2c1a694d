from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "sample"


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the sample briefing at ./content, with the working directory set to its parent."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    monkeypatch.chdir(tmp_path)
    return content


import sys

sys.path.insert(0, str(Path(__file__).parent))  # tests/sitebuild.py


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Sites built once per test session: 'real' (content/) and 'sample' (tests/sample/)."""
    from sitebuild import build_site

    sites = {}
    for name, content in {"real": ROOT / "content", "sample": SAMPLE}.items():
        out = tmp_path_factory.mktemp(name) / "site"
        result = build_site(content, out)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stderr, result.stderr
        sites[name] = out
    return sites
