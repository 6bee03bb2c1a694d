"""The Content-Security-Policy and the quick exit in the built HTML (no browser needed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.hardening import UnsafePage, harden, inline_scripts, policy, sha256_source

PAGE = '<html><head><meta http-equiv="Content-Security-Policy" content="briefing:csp"><script>var a=1</script></head><body class="x"><p>hi</p></body></html>'


def test_the_policy_allows_only_the_origin() -> None:
    csp = policy([sha256_source("var a=1")])
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    for name in ("default-src", "style-src", "font-src", "connect-src", "worker-src"):
        assert directives[name] == "'self'", name
    assert directives["script-src"].startswith("'self' 'sha256-")
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp and "*" not in csp and "http" not in csp


def test_harden_fills_the_policy_and_puts_the_quick_exit_first() -> None:
    html = harden(PAGE, ["var a=1"], '<a data-quick-exit href="https://n.example/">Leave</a>')
    assert sha256_source("var a=1") in html and "briefing:csp" not in html
    assert '<body class="x"><a data-quick-exit' in html


def test_an_inline_script_the_theme_did_not_emit_stops_the_build() -> None:
    with pytest.raises(UnsafePage, match="did not emit"):
        harden(PAGE.replace("<p>hi</p>", "<script>alert(1)</script>"), ["var a=1"], "")
    with pytest.raises(UnsafePage, match="placeholder"):
        harden("<html><body></body></html>", [], "")


def test_only_executable_inline_scripts_count() -> None:
    html = '<script src="a.js"></script><script type="application/json">{"a": 1}</script><script type="module">m()</script><script>s()</script>'
    assert inline_scripts(html) == ["m()", "s()"]


@pytest.mark.parametrize("name", ["real", "sample", "hostile"])
def test_every_page_has_the_policy_first_and_the_quick_exit_first(name: str, built_site: Callable[[str], Path]) -> None:
    site = built_site(name)
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        head = text[: text.index("</head>")]
        assert head.index("Content-Security-Policy") < min(head.index("<link rel=\"stylesheet\""), head.index("<script")), \
            f"{path}: the policy must come before every stylesheet and script"
        allowed = set(re.findall(r"'(sha256-[^']+)'", meta["content"]))
        scripts = {sha256_source(s).strip("'") for s in inline_scripts(text)}
        assert scripts == allowed, f"{path}: the hashes do not match the inline scripts"
        assert len(scripts) <= 3, f"{path}: more inline scripts than the theme's three"
        body = soup.body
        assert body is not None
        first = body.find(True)
        assert first is not None and first.find("a", attrs={"data-quick-exit": True}) is not None, f"{path}: the quick exit is not first"
        assert soup.find("meta", attrs={"name": "referrer", "content": "no-referrer"}) is not None


def test_only_the_preview_allows_inline_scripts() -> None:
    # mkdocs serve injects its live-reload script inline, different in every response
    assert "'unsafe-inline'" in policy(preview=True)
    assert "unsafe" not in harden(PAGE, ["var a=1"], "")
