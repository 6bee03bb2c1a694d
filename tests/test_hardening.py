"""The Content-Security-Policy and the quick exit in the built HTML (no browser needed)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from briefing.hardening import UnsafePage, harden, inline_scripts, policy, sha256_source

PAGE = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>T</title><script>var a=1</script></head><body class="x"><p>hi</p></body></html>'


def test_the_policy_allows_only_the_origin() -> None:
    csp = policy([sha256_source("var a=1")])
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    for name in ("default-src", "style-src", "font-src", "connect-src", "worker-src"):
        assert directives[name] == "'self'", name
    assert directives["script-src"].startswith("'self' 'sha256-")
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp and "*" not in csp and "http" not in csp


def test_harden_puts_the_policy_first_in_head_and_the_quick_exit_first_in_body() -> None:
    html = harden(PAGE, ["var a=1"], '<a data-quick-exit href="https://n.example/">Leave</a>')
    assert html.startswith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="')
    assert sha256_source("var a=1") in html
    assert '<body class="x"><a data-quick-exit' in html


@pytest.mark.parametrize("text", [
    "briefing:csp", '<meta http-equiv="Content-Security-Policy" content="script-src *">', "</head><body>", "<head>", "<body class=y>",
])
def test_text_that_looks_like_markup_cannot_take_the_policy_or_the_quick_exit(text: str) -> None:
    """Only the page's real tags count: not text in an attribute, a comment, a title or a script."""
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="description" content="{text}">'
            f"<title>{text}</title><!-- {text} --><script>var a='{text}'</script></head>"
            f'<body class="x"><p title="{text}">{text}</p></body></html>')
    html = harden(page, [f"var a='{text}'"], "<a data-quick-exit>Leave</a>")
    assert html.startswith('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src')
    assert html.count("<a data-quick-exit>") == 1 and '<body class="x"><a data-quick-exit>Leave</a><p title=' in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.head is not None and soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is soup.head.find_all("meta")[1]


@pytest.mark.parametrize("page, message", [
    ("<p>first</p><html><head></head><body></body></html>", "before <head>"),
    ("<html><title>t</title><head></head><body></body></html>", "before <head>"),
    ("<html></html>", "no <head>"),
    ("<html><body></body></html>", "before <head>"),
    ("<html><head></head></html>", "no <body>"),
])
def test_a_page_whose_structure_is_not_the_themes_stops_the_build(page: str, message: str) -> None:
    with pytest.raises(UnsafePage, match=message):
        harden(page, [], "")


def test_an_inline_script_the_theme_did_not_emit_stops_the_build() -> None:
    with pytest.raises(UnsafePage, match="did not emit"):
        harden(PAGE.replace("<p>hi</p>", "<script>alert(1)</script>"), ["var a=1"], "")


def test_only_executable_inline_scripts_count() -> None:
    html = '<script src="a.js"></script><script type="application/json">{"a": 1}</script><script type="module">m()</script><script>s()</script>'
    assert inline_scripts(html) == ["m()", "s()"]


@pytest.mark.parametrize("name", ["real", "sample", "hostile"])
def test_every_page_has_the_policy_first_and_the_quick_exit_first(name: str, built_site: Callable[[str], Path]) -> None:
    site = built_site(name)
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.IGNORECASE)})
        assert len(metas) == 1, f"{path}: {len(metas)} policies"
        meta = metas[0]
        assert re.match(r"\s*<!doctype html>\s*<html[^<>]*>\s*<head>", text, re.IGNORECASE), f"{path}: something precedes <head>"
        assert soup.head is not None
        charset, csp = [child for child in soup.head.children if isinstance(child, Tag)][:2]
        assert charset.name == "meta" and charset.get("charset") == "utf-8" and csp is meta, f"{path}: the policy is not first in <head>"
        head = text[: text.index("</head>")]
        assert head.index("Content-Security-Policy") < min(head.index("<link rel=\"stylesheet\""), head.index("<script")), \
            f"{path}: the policy must come before every stylesheet and script"
        allowed = set(re.findall(r"'(sha256-[^']+)'", meta["content"]))
        scripts = {sha256_source(s).strip("'") for s in inline_scripts(text)}
        assert scripts == allowed, f"{path}: the hashes do not match the inline scripts"
        assert meta["content"] == policy(sha256_source(s) for s in inline_scripts(text)), f"{path}: not the full policy"
        assert len(scripts) <= 3, f"{path}: more inline scripts than the theme's three"
        body = soup.body
        assert body is not None
        first = body.find(True)
        assert first is not None and first.find("a", attrs={"data-quick-exit": True}) is not None, f"{path}: the quick exit is not first"
        assert len(soup.find_all("a", attrs={"data-quick-exit": True})) == 1, f"{path}: more than one quick exit"
        assert soup.find("meta", attrs={"name": "referrer", "content": "no-referrer"}) is not None
    if name == "hostile":  # its titles, description, body, statement and source title pretend to be the policy and the page's tags
        index = (site / "index.html").read_text(encoding="utf-8")
        assert "briefing:csp &lt;meta http-equiv=Content-Security-Policy content=script-src&gt; &lt;/head&gt;&lt;body&gt;" in index


def test_only_the_preview_allows_inline_scripts() -> None:
    # mkdocs serve injects its live-reload script inline, different in every response
    assert "'unsafe-inline'" in policy(preview=True)
    assert "unsafe" not in harden(PAGE, ["var a=1"], "")


@pytest.mark.parametrize("name", ["real", "sample", "hostile"])
def test_element_ids_are_unique_on_every_page(name: str, built_site: Callable[[str], Path]) -> None:
    pages = sorted(built_site(name).rglob("*.html"))
    assert pages
    for path in pages:
        ids = Counter(str(tag["id"]) for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(id=True))
        repeated = sorted(i for i, n in ids.items() if n > 1)
        assert not repeated, f"{path}: the ids {repeated} occur more than once"


def test_no_content_made_handler_script_or_javascript_url_in_the_hostile_site(built_site: Callable[[str], Path]) -> None:
    """Read as HTML, with no policy to rely on: every field of the hostile briefing tries an event handler,
    a script (``window.__pwned=N``, ``alert(N)``) or a javascript: URL; none may be a real attribute or element."""
    pages = sorted(built_site("hostile").rglob("*.html"))
    assert len(pages) > 5
    found = []
    for path in pages:
        for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(True):
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if name.lower().startswith("on"):
                    found.append(f"{path.name}: handler {name} on <{tag.name}>")
                if re.match(r"\s*javascript:", text, re.IGNORECASE) and name.lower() in {"href", "src", "action", "formaction", "xlink:href"}:
                    found.append(f"{path.name}: javascript: URL in <{tag.name} {name}>")
            if tag.name == "script" and re.search(r"__pwned|alert\(", f"{tag.get('src', '')} {tag.string or ''}"):
                found.append(f"{path.name}: a content-made script")
    assert not found, "\n".join(found)


def test_the_preview_policy_and_the_build_policy_in_full() -> None:
    """Every directive, exactly: a change to any of them is a change to what readers' browsers allow."""
    rest = ("style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
            "media-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")
    assert policy(preview=True) == f"default-src 'self'; script-src 'self' 'unsafe-inline'; {rest}"
    assert policy(["'sha256-b'", "'sha256-a'", "'sha256-b'"]) == f"default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; {rest}"
    assert sha256_source("var a=1") == "'sha256-" + __import__("base64").b64encode(__import__("hashlib").sha256(b"var a=1").digest()).decode() + "'"


def test_the_reasons_a_page_is_refused_are_stated_in_full() -> None:
    with pytest.raises(UnsafePage) as stranger:
        harden(PAGE.replace("<p>hi</p>", "<script>alert(1)</script>"), ["var a=1"], "")
    assert str(stranger.value) == "an inline script the theme did not emit: alert(1)"
    with pytest.raises(UnsafePage) as before:
        harden("<!doctype html><html>stray text<head></head><body></body></html>", [], "")
    assert str(before.value) == "something before <head> ('stray text'): the policy must come first"
    with pytest.raises(UnsafePage) as no_head:
        harden("<html></html>", [], "")
    assert str(no_head.value) == "no <head> to put the Content-Security-Policy in"
    with pytest.raises(UnsafePage) as no_body:
        harden("<html><head></head></html>", [], "")
    assert str(no_body.value) == "no <body> to put the quick exit in"


def test_a_textarea_or_title_holding_a_body_tag_is_text() -> None:
    """A browser reads a title's and a textarea's content as text: a '<body>' in them is not where the quick exit goes."""
    page = ('<!doctype html><html><head><meta charset="utf-8"><title><body class="fake"></title></head>'
            '<body class="x"><textarea><body class="fake2"></textarea></body></html>')
    html = harden(page, [], "<a data-quick-exit>Leave</a>")
    assert '<body class="x"><a data-quick-exit>Leave</a><textarea>' in html and html.count("data-quick-exit") == 1


def test_a_policy_after_a_head_end_tag_never_follows_a_later_meta_charset() -> None:
    """The policy goes after <meta charset> only when that is the first thing in <head>."""
    page = '<!doctype html><html><head><title>t</title><meta charset="utf-8"></head><body></body></html>'
    html = harden(page, [], "")
    assert html.startswith('<!doctype html><html><head><meta http-equiv="Content-Security-Policy"')


@pytest.mark.parametrize("chunk", [1, 7, 64, 8192])
def test_a_page_read_in_pieces_puts_everything_where_it_would_in_one_piece(chunk: int) -> None:
    """The frame is read in chunks (a page may be megabytes); a tag split across chunks lands in the same place."""
    from briefing.hardening import _Frame

    page = PAGE.replace("<p>hi</p>", "<p>" + "x" * 300 + "</p>") + "\n<!-- after -->" * 40
    whole, pieces = _Frame(), _Frame()
    whole.read(page, chunk=len(page) + 1)
    pieces.read(page, chunk=chunk)
    assert (pieces.policy_at, pieces.body_at) == (whole.policy_at, whole.body_at) == (page.index("<title>"), page.index("<p>"))


def test_a_self_closing_head_tag_still_counts() -> None:
    html = harden('<!doctype html><html><head/><meta charset="utf-8"><body></body></html>', [], "<a data-quick-exit>L</a>")
    assert html.startswith('<!doctype html><html><head/><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert html.endswith("<body><a data-quick-exit>L</a></body></html>")


def test_the_policy_is_written_into_the_page_as_it_is() -> None:
    """The meta's content is the policy itself, with the hashes of the page's own inline scripts: no mark
    escaped away (a browser reads ``&#x27;self&#x27;`` as 'self' too, but the page must be what the
    policy says, byte for byte), and the preview's policy only in the preview."""
    two = PAGE.replace("</head>", "<script>var b=2</script></head>")
    html = harden(two, ["var a=1", "var b=2"], "")
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy([sha256_source("var a=1"), sha256_source("var b=2")])}">' in html
    assert f'content="{policy(preview=True)}"' in harden(two, ["var a=1", "var b=2"], "", preview=True)
    for csp in (policy([sha256_source(chr(c) * 3) for c in range(32, 127)]), policy(preview=True)):
        assert not set(csp) & set('"<>&'), csp  # nothing an attribute would need escaped
