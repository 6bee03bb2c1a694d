"""Browser fixtures: Playwright (Python) driving Debian's Chromium against the built sites.

Each site is built once per session (``built_site``) and served by a local HTTP server in a thread;
one browser serves each test module. Every request to another origin is aborted and recorded.

Chromium is looked for at $BRIEFING_CHROMIUM, /usr/bin/chromium, then on the PATH (``playwright
install`` cannot download browsers here). axe-core comes from node_modules (``npm ci``, run by
``make test`` when npm is present). When either is missing the tests that need it are skipped with the
command that installs it (tests/chromium.py), except under CI=true, where that is a failure.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from chromium import INSTALL, chromium_or_skip, missing

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
#: Where the quick exit leads in the test briefings' settings; the tests answer it with a stub page.
NEUTRAL_ORIGINS = ("https://www.bbc.co.uk", "https://neutral.example")
NEUTRAL_PAGE = "<!doctype html><html lang=en><title>Neutral</title><p>Weather"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    """A built site served over HTTP: its folder, its origin, and the pages to visit."""

    name: str
    root: Path
    origin: str

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path}"

    def pages(self) -> list[str]:
        """Every HTML page of the site, as URL paths (``facts/`` for facts/index.html)."""
        paths = []
        for p in sorted(self.root.rglob("*.html")):
            rel = p.relative_to(self.root).as_posix()
            paths.append(rel.removesuffix("index.html"))
        return paths


@pytest.fixture(scope="session")
def serve(built_site: Callable[[str], Path]) -> Iterator[Callable[[str], Served]]:
    servers: dict[str, tuple[ThreadingHTTPServer, Served]] = {}

    def get(name: str) -> Served:
        if name not in servers:
            root = built_site(name)
            server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[name] = (server, Served(name, root, f"http://127.0.0.1:{server.server_address[1]}"))
        return servers[name][1]

    yield get
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module (not per session: Playwright's sync API allows one instance per
    thread at a time, and other modules (tests/test_charts.py) start their own)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed: run `make test` (it installs .venv)")
    path = chromium_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        where = f"axe-core not found at {AXE.relative_to(ROOT)}"
        if shutil.which("npm") is None:
            missing(f"{where} and npm is not installed: install it with `{INSTALL}`, then run `make test` (it runs npm ci)")
        missing(f"{where}: run `npm ci --ignore-scripts` (make test does)")
    return AXE.read_text(encoding="utf-8")


@dataclass
class Watch:
    """What a browser context saw: requests to other origins, console errors, uncaught errors, dialogs."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    neutral: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"request to another origin: {u}" for u in self.foreign] + [f"console: {e}" for e in self.errors]
                + [f"dialog: {d}" for d in self.dialogs])

    def clear(self) -> None:
        self.foreign.clear()
        self.errors.clear()
        self.dialogs.clear()


def open_context(browser: Any, site: Served, **options: Any) -> tuple[Any, Watch]:
    """A fresh browser context for ``site`` that aborts and records every request to another origin.

    The quick exit's neutral page is answered with a stub (and recorded in ``watch.neutral``),
    so the tests never reach the network.
    """
    context = browser.new_context(**options)
    watch = Watch(site.origin)

    def route(r: Any) -> None:
        url = r.request.url
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if origin == site.origin or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        elif origin in NEUTRAL_ORIGINS and r.request.is_navigation_request():
            watch.neutral.append(url)
            r.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
        else:
            watch.foreign.append(url)
            r.abort()

    context.route("**/*", route)

    def on_page(page: Any) -> None:
        page.on("console", lambda m: watch.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.errors.append(f"{page.url}: uncaught {e}"))

        def dialog(d: Any) -> None:
            watch.dialogs.append(f"{page.url}: {d.type} {d.message}")
            d.dismiss()

        page.on("dialog", dialog)

    context.on("page", on_page)
    return context, watch


@pytest.fixture
def context_for(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """``context_for(site, **options)``: a watched context, closed after the test."""
    contexts: list[Any] = []

    def make(site: Served, **options: Any) -> tuple[Any, Watch]:
        context, watch = open_context(browser, site, **options)
        contexts.append(context)
        return context, watch

    yield make
    for context in contexts:
        context.close()
