"""The editors' preview (mkdocs serve --livereload) under the site's policy: its live-reload script runs."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitebuild import ENV, ROOT, write_config


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[str]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "sample", content)
    config = write_config(content, tmp_path / "site")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--livereload"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if b"Content-Security-Policy" in response.read():
                        break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_the_live_reload_script_runs_in_the_preview(preview: str, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(preview)
    assert page.evaluate("() => typeof livereload") == "function", "the live-reload script did not run"
    assert page.locator("a[data-quick-exit]").is_visible()
    assert not errors, errors
    page.close()
