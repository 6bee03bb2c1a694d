"""Markdown from content fields and pages, rendered safely with markdown-it-py.

Raw HTML is never passed through (it is shown as text) and markdown-it's link validation
refuses ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` URLs (except images).
Citation markers ``[@fact-id]`` are left in the text by Markdown and replaced afterwards
by ``cite``, a function the caller supplies, so each output decides what a citation looks like.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

#: A citation marker in Markdown: ``[@fact-id]`` or ``[@a; @b]``; ``[@editorial]`` marks our own words.
MARKER = re.compile(r"\[(@[a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*)\]")
EDITORIAL = "editorial"


def markers(text: str) -> list[str]:
    """Ids cited in Markdown with ``[@id]`` or ``[@a; @b]``, in order."""
    return [ref.strip()[1:] for group in MARKER.findall(text) for ref in group.split(";")]


def uncited_paragraphs(text: str) -> list[int]:
    """0-based lines of paragraphs (list items included) that neither cite a fact nor say they are editorial."""
    tokens = _md.parse(text)
    lines = []
    for opening, token in pairwise(tokens):
        if token.type == "inline" and opening.type == "paragraph_open" and opening.map and not markers(token.content):
            lines.append(opening.map[0])
    return lines


_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["table", "replacements", "smartquotes"])
_CODE = re.compile(r"(<code[^>]*>.*?</code>)", re.DOTALL)

Cite = Callable[[list[str]], str]


def _with_citations(html: str, cite: Cite) -> str:
    parts = _CODE.split(html)
    for i in range(0, len(parts), 2):  # even parts are outside <code>
        parts[i] = MARKER.sub(lambda m: cite(markers(m.group(0))), parts[i])
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def _render_inline(text: str) -> str:
    return str(_md.renderInline(text))


def inline(text: str, cite: Cite | None = None) -> Markup:
    html = _render_inline(text)
    return Markup(_with_citations(html, cite) if cite else html)


_TAG = re.compile(r"(<[^>]+>)")


@functools.lru_cache(maxsize=8)
def _abbreviation_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # not inside a reference such as 01.FOI.22.027745 (a dot and a word on either side)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                      + r")(?=s?(?!\w|\.\w))")


def abbreviate(html: str, terms: dict[str, str]) -> str:
    """Wrap each abbreviation of ``terms`` found in the text of ``html`` in <abbr title="meaning">.

    Text inside tags, <code> and existing <abbr> is left alone; a plural or possessive
    ("CPWs", "CPW's") keeps its ending outside the element.
    """
    if not terms:
        return html
    pattern = _abbreviation_pattern(tuple(sorted(terms)))
    out, skip = [], 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in {"code", "abbr", "pre"}:
                skip += -1 if part.startswith("</") else 1
            out.append(part)
        elif skip:
            out.append(part)
        else:
            out.append(pattern.sub(lambda m: f'<abbr title="{escape(terms[m.group(1)])}">{m.group(1)}</abbr>', part))
    return "".join(out)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


@dataclass
class Rendered:
    html: str
    toc: list[dict[str, object]] = field(default_factory=list)
    """Headings as MkDocs toc tokens: level, id, name, children."""


def page(text: str, cite: Cite, used_ids: set[str] | None = None, link: Callable[[str], str] | None = None) -> Rendered:
    """A narrative page: HTML with ids on headings, and the headings as a table of contents.

    ``link`` rewrites each link's href (e.g. ``method.md`` to the URL of that page).
    """
    tokens = _md.parse(text)
    if link is not None:
        for token in tokens:
            for child in token.children or []:
                if child.type == "link_open" and isinstance(href := child.attrGet("href"), str):
                    child.attrSet("href", link(href))
    used = set(used_ids or ())
    flat: list[dict[str, object]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[i + 1].content
            anchor, n = slugify(title), 1
            while anchor in used:
                n += 1
                anchor = f"{slugify(title)}-{n}"
            used.add(anchor)
            token.attrSet("id", anchor)
            flat.append({"level": int(token.tag[1]), "id": anchor, "name": str(inline(title)), "children": []})
    html = _md.renderer.render(tokens, _md.options, {})
    return Rendered(_with_citations(html, cite), _nest(flat))


def _nest(flat: list[dict[str, object]]) -> list[dict[str, object]]:
    root: list[dict[str, object]] = []
    stack: list[dict[str, object]] = []
    for item in flat:
        while stack and int(stack[-1]["level"]) >= int(item["level"]):  # type: ignore[call-overload]
            stack.pop()
        (stack[-1]["children"] if stack else root).append(item)  # type: ignore[attr-defined]
        stack.append(item)
    return root
