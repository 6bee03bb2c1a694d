"""The editors' preview (mkdocs serve --livereload) under the site's policy: its live-reload script runs."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitebuild import ROOT, fetch, serving, write_config


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[str]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "sample", content)
    with serving(write_config(content, tmp_path / "site")) as base:
        deadline = time.monotonic() + 40
        while "Content-Security-Policy" not in fetch(base + "/") and time.monotonic() < deadline:
            time.sleep(0.3)
        yield base + "/"


def test_the_live_reload_script_runs_in_the_preview(preview: str, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(preview)
    assert page.evaluate("() => typeof livereload") == "function", "the live-reload script did not run"
    assert page.locator("a[data-quick-exit]").is_visible()
    assert not errors, errors
    page.close()
