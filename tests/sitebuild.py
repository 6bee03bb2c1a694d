"""Build a site from any content folder with the project's real mkdocs.yml, for tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The content folders the site tests build: the real briefing, the small sample, and the hostile one
#: (every text field carries HTML, scripts, javascript: URLs and event handlers).
CONTENTS = {"real": ROOT / "content", "sample": ROOT / "tests" / "sample", "hostile": ROOT / "tests" / "hostile"}


def write_config(content: Path, out: Path) -> Path:
    """A config for ``content`` that inherits the project's mkdocs.yml and builds into ``out``."""
    config = out.parent / f"{out.name}-mkdocs.yml"
    pages = content / "pages"
    pages.mkdir(exist_ok=True)
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {pages}\n"
        f"site_dir: {out}\n"
        f"hooks:\n  - {ROOT / 'briefing' / 'mkdocs_hook.py'}\n"
        f"extra:\n  content: {content}\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'theme_overrides'}\n"
        f"watch:\n  - {content}\n",
        encoding="utf-8",
    )
    return config


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(content: Path, out: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``content`` into ``out`` (the config inherits the project's mkdocs.yml)."""
    config = write_config(content, out)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)] + (["--strict"] if strict else [])
    return subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
