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
