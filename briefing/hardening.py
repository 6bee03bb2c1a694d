"""What every HTML page gets after MkDocs has rendered it: a Content-Security-Policy and the quick exit.

Pure functions on strings; ``briefing.mkdocs.events`` calls them for each page (and for 404.html).

Both are put in by the page's structure, never by finding a marker string that content could also
contain: the page is read as HTML (``html.parser``, which sees tags, not text that looks like them)
until its ``<body>`` start tag. The policy becomes the first child of ``<head>`` (after the
``<meta charset>`` only, which HTML wants in the first 1024 bytes), before anything derived from
content (the title, the description) and before every stylesheet and script; only the doctype and
the ``<html>`` tag may precede ``<head>``. The quick exit goes right after the ``<body>`` start tag.

The policy allows scripts, styles, images, fonts, workers and connections from the site's own
origin only. Material's base template emits a few small inline scripts (``__md_scope``, the palette,
the tab/target restore); they are allowed by their SHA-256 hashes, computed from the page itself,
and only when each one is exactly a script the theme renders (``theme_scripts``): an inline script
that came from anywhere else (content included) stops the build. Never ``'unsafe-inline'`` or
``'unsafe-eval'`` for scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
#: Script types a browser executes; any other type (application/json...) is an inert data block.
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


class UnsafePage(ValueError):
    """A page holds something the policy must not allow (an inline script the theme did not emit)."""


def inline_scripts(html: str) -> list[str]:
    """The text of every executable inline ``<script>`` in ``html``, in order."""
    scripts = []
    for attrs, body in _SCRIPT.findall(html):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in _EXECUTABLE:
            scripts.append(body)
    return scripts


def sha256_source(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(script_hashes: Iterable[str] = (), *, preview: bool = False) -> str:
    """The Content-Security-Policy: everything from 'self'; the theme's inline scripts by hash.

    ``preview``: the editors' local preview (``mkdocs serve``), whose live-reload script MkDocs injects
    inline into every response, different each time: there scripts may be inline. Never in a build.
    """
    scripts = "'self' 'unsafe-inline'" if preview else " ".join(["'self'", *sorted(set(script_hashes))])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",  # Material's icons are data: SVGs in its stylesheet; data: never leaves the page
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",  # the search index runs in a web worker served by the site
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


class _Frame(HTMLParser):
    """Reads a page up to its ``<body>`` start tag: where its policy and its quick exit go (offsets in the page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.policy_at: int | None = None
        self.body_at: int | None = None
        self.before_head: list[str] = []
        """Anything but the doctype, the <html> tag and white space before <head> (there should be nothing)."""
        self._line_starts = [0]
        self._after_head = False
        """The last thing read was the <head> start tag (the <meta charset> may follow it, then the policy)."""

    def read(self, html: str, chunk: int = 8192) -> None:
        for start in range(0, len(html), chunk):
            piece = html[start : start + chunk]
            self._line_starts += [start + m.end() for m in re.finditer("\n", piece)]
            self.feed(piece)
            if self.body_at is not None:
                return
        self.close()

    def _end_of_tag(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column + len(self.get_starttag_text() or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("title", "textarea"):
            self.set_cdata_mode(tag)  # text up to its end tag, as a browser reads it (html.parser does so only for script and style)
        if self.body_at is not None:
            return
        if self.policy_at is None:
            if tag == "head":
                self.policy_at = self._end_of_tag()
                self._after_head = True
                return
            if tag != "html":
                self.before_head.append(f"<{tag}>")
            return
        if self._after_head:
            self._after_head = False
            if tag == "meta" and any(name == "charset" for name, _ in attrs):
                self.policy_at = self._end_of_tag()
        if tag == "body":
            self.body_at = self._end_of_tag()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.policy_at is None and data.strip():
            self.before_head.append(data.strip()[:40])

    def handle_endtag(self, tag: str) -> None:
        self._after_head = False


def harden(html: str, theme_scripts: Iterable[str], quick_exit: str, *, preview: bool = False) -> str:
    """``html`` with its policy as the first child of ``<head>`` and ``quick_exit`` as the first thing in the body.

    ``theme_scripts`` are the inline scripts the theme renders for this page; any other inline
    script raises ``UnsafePage`` (in the preview too), as does a page whose structure is not
    doctype, ``<html>``, ``<head>``, ..., ``<body>``. ``preview``: see ``policy``.
    """
    allowed = set(theme_scripts)
    found = inline_scripts(html)
    strangers = [s for s in found if s not in allowed]
    if strangers:
        raise UnsafePage("an inline script the theme did not emit: " + strangers[0][:120])
    frame = _Frame()
    frame.read(html)
    if frame.before_head:
        raise UnsafePage(f"something before <head> ({frame.before_head[0]!r}): the policy must come first")
    if frame.policy_at is None:
        raise UnsafePage("no <head> to put the Content-Security-Policy in")
    if frame.body_at is None:
        raise UnsafePage("no <body> to put the quick exit in")
    csp = policy((sha256_source(s) for s in found), preview=preview)  # keywords in ' marks and base64 hashes: nothing to escape in an attribute
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    return html[: frame.policy_at] + meta + html[frame.policy_at : frame.body_at] + quick_exit + html[frame.body_at :]
