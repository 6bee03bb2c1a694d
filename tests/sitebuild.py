"""Build a site from any content folder with the project's real mkdocs.yml, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The content folders the site tests build: the real briefing, the small sample, and the hostile one
#: (every text field carries HTML, scripts, javascript: URLs and event handlers).
CONTENTS = {"real": ROOT / "content", "sample": ROOT / "tests" / "sample", "hostile": ROOT / "tests" / "hostile"}


def write_config(content: Path, out: Path, project: Path = ROOT) -> Path:
    """A config for ``content`` that inherits the project's mkdocs.yml and builds into ``out``. ``project``: another
    copy of the package, for benchmarks/compare.py (put first on PYTHONPATH); one from before the plugin gets its hook."""
    config = out.parent / f"{out.name}-mkdocs.yml"
    pages = content / "pages"
    pages.mkdir(exist_ok=True)
    head = f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {pages}\nsite_dir: {out}\n"
    hook = project / "briefing" / "mkdocs_hook.py"
    if hook.is_file():  # a version of the package from before the plugin
        config.write_text(
            head + f"plugins:\n  - search\nhooks:\n  - {hook}\nextra:\n  content: {content}\n  generator: false\n"
            f"theme:\n  name: material\n  font: false\n  custom_dir: {project / 'theme_overrides'}\nwatch:\n  - {content}\n",
            encoding="utf-8",
        )
        return config
    config.write_text(head + f"plugins:\n  - search\n  - briefing:\n      content: {content}\n", encoding="utf-8")
    return config


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(content: Path, out: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``content`` into ``out`` (the config inherits the project's mkdocs.yml)."""
    config = write_config(content, out)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)] + (["--strict"] if strict else [])
    return subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> str:
    """The page's text, or "" while the server cannot answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, ok: Callable[[str], bool], timeout: float = 60.0) -> str:
    """The page at ``url`` once ``ok`` holds of its text; fails with what was last seen after ``timeout`` seconds."""
    deadline, text = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        text = fetch(url)
        if ok(text):
            return text
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show the expected page in {timeout:.0f} s; last seen:\n{text[:2000]}")


@contextmanager
def running(command: list[str], cwd: Path, log: Path | None = None, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` started in ``cwd`` (with ``env``, by default ``ENV``), its output to ``log``; stopped afterwards
    (killed if it will not stop)."""
    with open(log or os.devnull, "w") as out:
        server = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def mkdocs_serve(config: Path, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`mkdocs serve --livereload` of ``config`` on a free local port, its output to ``log``; yields its
    base URL and the process at once (it may not answer yet), and stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--livereload"]
    with running(command, ROOT, log) as server:
        yield f"http://127.0.0.1:{port}", server


@contextmanager
def serving(config: Path) -> Iterator[str]:
    """`mkdocs serve --livereload` of ``config`` on a free local port; yields its base URL once it answers."""
    with mkdocs_serve(config) as (base, server):
        deadline = time.monotonic() + 40
        while not fetch(base + "/") and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.3)
        yield base
