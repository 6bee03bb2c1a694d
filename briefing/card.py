"""The site's link-preview card (Open Graph image): the briefing's title and headline on a plain panel, as a PNG
the site serves itself (a preview never fetches an image from another origin).

Drawn as SVG text in the project's bundled font and rasterised by vl-convert (already used for the charts),
so the same content gives the same bytes on every machine.
"""

from __future__ import annotations

import textwrap

from markupsafe import escape

from . import markdown
from .assemble import Briefing

WIDTH, HEIGHT = 1200, 630


def card_svg(briefing: Briefing) -> str:
    s = briefing.settings
    title = textwrap.wrap(markdown.typographic(s.title), 38)[:2]
    headline = textwrap.wrap(markdown.typographic(s.headline or s.subtitle or ""), 52)[:5]
    lines = [f'<text x="72" y="{120 + 58 * i}" font-size="48" font-weight="bold" fill="#ffffff">{escape(t)}</text>'
             for i, t in enumerate(title)]
    top = 120 + 58 * len(title) + 40
    lines += [f'<text x="72" y="{top + 46 * i}" font-size="34" fill="#e8eaf6">{escape(t)}</text>' for i, t in enumerate(headline)]
    by = escape(f"A cited briefing by {s.prepared_by}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'font-family="DejaVu Sans"><rect width="{WIDTH}" height="{HEIGHT}" fill="#283593"/>'
            f'<rect x="0" y="{HEIGHT - 12}" width="{WIDTH}" height="12" fill="#a8001b"/>'
            + "".join(lines) + f'<text x="72" y="{HEIGHT - 56}" font-size="26" fill="#c5cae9">{by}</text></svg>')


def card_png(briefing: Briefing) -> bytes:
    import vl_convert

    from .charts import _register_fonts

    _register_fonts()
    return bytes(vl_convert.svg_to_png(card_svg(briefing)))
