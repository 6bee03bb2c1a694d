"""The site's link-preview cards (Open Graph images): each section's own title and description on a plain
panel, as PNGs the site serves itself (a preview never fetches an image from another origin).

The home page's card (``assets/cards/index.png``) gives the briefing's title and headline; every page of the
navigation gets a card of its own title and description under the briefing's title; a page outside the
navigation (an entity's page, a source's when the sidebar lists only the sources' index) shows the home
page's card. Drawn as SVG text in the project's bundled font and rasterised by vl-convert (already used for
the charts), so the same content gives the same bytes on every machine. A card takes about 0.15 s to draw,
so each is kept in the investigation's ``.cache/cards/``, keyed by its SVG and the vl-convert version.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from markupsafe import escape

from . import cache as entries
from . import markdown
from .schema import Settings

WIDTH, HEIGHT = 1200, 630
HOME = "assets/cards/index.png"
"""The home page's card, which pages without a card of their own show too."""


def card_of(page_path: str, in_nav: bool) -> str:
    """Where the card of the page generated from ``page_path`` is served: 'sources/x.md' -> 'assets/cards/sources/x.png'
    for a page of the navigation, else the home page's card."""
    return "assets/cards/" + page_path.removesuffix(".md") + ".png" if in_nav else HOME


def _lines(text: str, width: int, most: int) -> list[str]:
    """``text`` wrapped at ``width`` characters, at most ``most`` lines, the last ending in '…' when cut."""
    return textwrap.wrap(text, width, max_lines=most, placeholder=" …")


def card_svg(settings: Settings, title: str | None = None, text: str | None = None) -> str:
    """The home page's card (no ``title``): the briefing's title and headline; else the briefing's title small
    above the page's ``title`` and ``text`` (its description)."""
    name = markdown.typographic(settings.title)
    parts: list[tuple[str, int, str, str]] = []  # (line, size, weight, colour)
    if title is None:
        parts += [(t, 48, "bold", "#ffffff") for t in _lines(name, 38, 2)]
        parts += [(t, 34, "normal", "#e8eaf6") for t in _lines(markdown.typographic(settings.headline or settings.subtitle or ""), 52, 5)]
    else:
        parts += [(t, 26, "bold", "#c5cae9") for t in _lines(name, 70, 1)]
        parts += [(t, 56, "bold", "#ffffff") for t in _lines(markdown.typographic(title), 32, 3)]
        parts += [(t, 32, "normal", "#e8eaf6") for t in _lines(markdown.typographic(text or ""), 56, 4)]
    y, drawn = 72, []
    for n, (line, size, weight, colour) in enumerate(parts):
        y += round(size * 1.25) + (24 if n and parts[n - 1][1] != size else 0)
        drawn.append(f'<text x="72" y="{y}" font-size="{size}" font-weight="{weight}" fill="{colour}">{escape(line)}</text>')
    by = escape(f"A cited briefing by {settings.prepared_by}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'font-family="DejaVu Sans"><rect width="{WIDTH}" height="{HEIGHT}" fill="#283593"/>'
            f'<rect x="0" y="{HEIGHT - 12}" width="{WIDTH}" height="12" fill="#a8001b"/>'
            + "".join(drawn) + f'<text x="72" y="{HEIGHT - 56}" font-size="26" fill="#c5cae9">{by}</text></svg>')


def card_png(svg: str, cache_dir: Path | None) -> bytes:
    """The card drawn to PNG; from ``cache_dir`` when the same SVG was drawn before by the same vl-convert."""
    import vl_convert

    from .charts import VL_CONVERT, _register_fonts
    from .glyphs import font_digest

    key = hashlib.sha256(f"{VL_CONVERT}\0{font_digest()}\0{svg}".encode()).hexdigest()[:32]
    path = cache_dir / f"{key}.png" if cache_dir else None
    if path and (kept := entries.read(path)) is not None:
        return bytes(kept)
    _register_fonts()
    png = bytes(vl_convert.svg_to_png(svg))
    if path:
        entries.write(path, png)
    return png
