"""What every HTML page gets after MkDocs has rendered it: a Content-Security-Policy and the quick exit.

Pure functions on strings; ``mkdocs_hook`` calls them for each page (and for 404.html).

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

#: What the theme override (theme_overrides/main.html) writes as the policy; the hook replaces it.
PLACEHOLDER = "briefing:csp"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
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


def harden(html: str, theme_scripts: Iterable[str], quick_exit: str, *, preview: bool = False) -> str:
    """``html`` with its policy filled in and ``quick_exit`` as the first thing in the body.

    ``theme_scripts`` are the inline scripts the theme renders for this page; any other inline
    script raises ``UnsafePage`` (in the preview too). ``preview``: see ``policy``.
    """
    if PLACEHOLDER not in html:
        raise UnsafePage(f"no Content-Security-Policy placeholder ({PLACEHOLDER!r}): is theme_overrides/main.html in use?")
    allowed = set(theme_scripts)
    found = inline_scripts(html)
    strangers = [s for s in found if s not in allowed]
    if strangers:
        raise UnsafePage("an inline script the theme did not emit: " + strangers[0][:120])
    html = html.replace(PLACEHOLDER, policy((sha256_source(s) for s in found), preview=preview), 1)
    body = _BODY.search(html)
    if body is None:
        raise UnsafePage("no <body> to put the quick exit in")
    return html[: body.end()] + quick_exit + html[body.end():]
