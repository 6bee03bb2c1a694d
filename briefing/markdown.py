"""Markdown from content fields and pages, rendered safely with markdown-it-py.

Raw HTML is never passed through (it is shown as text) and markdown-it's link validation
refuses ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` URLs (except images).
Citation markers ``[@fact-id]`` are left in the text by Markdown and replaced afterwards
by ``cite``, a function the caller supplies, so each output decides what a citation looks like.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from markupsafe import Markup, escape

#: A citation marker in Markdown: ``[@fact-id]`` or ``[@a; @b]``; ``[@editorial]`` marks our own words.
MARKER = re.compile(r"\[(@[a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*)\]")
EDITORIAL = "editorial"


def markers(text: str) -> list[str]:
    """Ids cited in Markdown with ``[@id]`` or ``[@a; @b]``, in order."""
    return [ref.strip()[1:] for group in MARKER.findall(text) for ref in group.split(";")]


_BRACKET = re.compile(r"\[@[^\]]*\]?")


def malformed_markers(text: str) -> list[str]:
    """Things that look like a citation marker (``[@...``) but are not one, e.g. an id broken by a line."""
    return [m.group(0) for m in _BRACKET.finditer(text) if not MARKER.fullmatch(m.group(0))]


def malformed_markers_by_line(text: str) -> list[tuple[int, str]]:
    """Malformed markers of a page, with their 0-based line (a marker must not span lines)."""
    return [(n, bad) for n, line in enumerate(text.splitlines()) for bad in malformed_markers(line)]


def uncited_paragraphs(text: str) -> list[int]:
    """0-based lines of paragraphs (list items included) that neither cite a fact nor say they are editorial."""
    return [line for line, content in _paragraphs(text) if not markers(content)]


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Each paragraph (list items included) of Markdown: its 0-based first line and its raw text."""
    return list(_paragraphs(text))


@functools.lru_cache(maxsize=256)
def _paragraphs(text: str) -> tuple[tuple[int, str], ...]:
    """One parse of a page for both of the above (the check asks each of every page)."""
    tokens = _md_blocks.parse(text)
    return tuple((opening.map[0], token.content) for opening, token in pairwise(tokens)
                 if token.type == "inline" and opening.type == "paragraph_open" and opening.map)


_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["table", "replacements", "smartquotes"])
_md_blocks = MarkdownIt("commonmark", {"html": False}).enable("table").disable("inline")
"""The same blocks, not parsed inside: finding uncited paragraphs needs only their lines and raw text."""
_CODE = re.compile(r"(<code[^>]*>.*?</code>)", re.DOTALL)

Cite = Callable[[list[str]], str]
_SPACED_MARKER = re.compile(r"[ \t]*(" + MARKER.pattern + ")")
"""A marker with the spaces before it: a citation sits against the word it follows, as a footnote number does."""


def _with_citations(html: str, cite: Cite) -> str:
    parts = _CODE.split(html)
    for i in range(0, len(parts), 2):  # even parts are outside <code>
        parts[i] = _SPACED_MARKER.sub(lambda m: cite(markers(m.group(1))), parts[i])
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def _render_inline(text: str) -> str:
    return str(_md.renderInline(text))


def inline(text: str, cite: Cite | None = None) -> Markup:
    html = _render_inline(text)
    return Markup(_with_citations(html, cite) if cite else html)


_TAG = re.compile(r"(<[^>]+>)")


class Abbreviations:
    """Abbreviations and their meanings, found by one pattern compiled once (not once per text: at 100x,
    with 4,600 terms, building it took most of the site's rendering)."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms
        # not inside a reference such as 01.FOI.22.027745 or 01-FOI-22-025612 (a dot or hyphen and a word on either side)
        self.pattern = re.compile(r"(?<![\w.])(?<!\w-)(" + _longest_first(terms) + r")(?=s?(?!\w|[.-]\w))") if terms else None

    def __call__(self, html: str) -> str:
        """Wrap each abbreviation found in the text of ``html`` in <abbr title="meaning">.

        Text inside tags, <code> and existing <abbr> is left alone; a plural or possessive
        ("CPWs", "CPW's") keeps its ending outside the element.
        """
        if self.pattern is None:
            return html
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
                out.append(self.pattern.sub(lambda m: f'<abbr title="{escape(self.terms[m.group(1)])}">{m.group(1)}</abbr>', part))
        return "".join(out)


_ABBR = re.compile(r'<abbr title="[^"]*">([^<]*)</abbr>')
_HIDDEN = re.compile(r'(<span class="visually-hidden">)((?:(?!</span>).)*)(</span>)', re.DOTALL)


def first_use_only(html: str) -> str:
    """``html`` with each abbreviation explained (<abbr title>) at its first use only: a page that explains
    "MPS" at every use marks it dozens of times, and a reader needs the meaning once (the glossary has it)."""
    html = _HIDDEN.sub(lambda m: m.group(1) + _ABBR.sub(r"\1", m.group(2)) + m.group(3), html)  # not in text only a screen reader meets
    seen: set[str] = set()

    def keep_first(m: re.Match[str]) -> str:
        if m.group(1) in seen:
            return m.group(1)
        seen.add(m.group(1))
        return m.group(0)

    return _ABBR.sub(keep_first, html)


def _longest_first(words: Iterable[str]) -> str:
    """A pattern matching any of ``words``, preferring the longest, as a trie: ``A(?:B(?:C)?|D)``.

    It behaves like the alternation of the words sorted longest first (the words that match at one
    place are prefixes of one another, so they lie on one branch, tried longest first), but its cost
    does not grow with the number of words: a plain alternation of 4,600 terms was tried term by term
    at every word of the 100x site.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def abbreviate(html: str, terms: dict[str, str]) -> str:
    """``Abbreviations(terms)(html)``, for one text; keep an ``Abbreviations`` to abbreviate many."""
    return Abbreviations(terms)(html)


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


# -- Markdown as data, for outputs that are not HTML (the PDF) ------------------------------------
Run = dict[str, Any]
"""An inline run: ``{"text": ..., "emph"?: True, "strong"?: True, "code"?: True, "link"?: url}``,
``{"cite": [fact ids]}`` for a ``[@fact-id]`` marker, or ``{"break": True}`` for a hard line break."""
Block = dict[str, Any]
"""A block: ``{"kind": "para" | "heading" | "list" | "quote" | "code" | "rule" | "table", ...}``."""


def runs(text: str) -> list[Run]:
    """Inline Markdown as a flat list of runs; every character of content stays plain text."""
    return _runs(_md.parseInline(text)[0].children or [])


def blocks(text: str) -> list[Block]:
    """A narrative page as a list of blocks whose text is made of runs."""
    return _blocks(SyntaxTreeNode(_md.parse(text)).children)


_PUNCTUATION = re.compile(r"([!#$%&()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def typographic(text: str) -> str:
    """Plain text (a title, a label) with the same curly quotes and apostrophes Markdown fields get,
    and nothing else changed: every other punctuation mark is escaped before markdown-it sees it."""
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    return "".join(r.get("text", "") for r in _runs(_md.parseInline(escaped)[0].children or [], cites=False))


def plain(text: str) -> str:
    """The text a reader sees of inline Markdown, without citation markers."""
    return "".join(r.get("text", " " if "break" in r else "") for r in runs(text))


def _runs(tokens: list[Token], cites: bool = True) -> list[Run]:
    out: list[Run] = []
    depth = {"em": 0, "strong": 0}
    links: list[str] = []

    def add(text: str, code: bool = False) -> None:
        style: Run = {k: True for k, on in (("emph", depth["em"]), ("strong", depth["strong"]), ("code", code)) if on}
        if links:
            style["link"] = links[-1]
        pieces = MARKER.split(text) if cites and not code else [text]  # split() keeps the marker's group at odd positions
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append({"cite": markers(f"[{piece}]")})
            elif piece and out and "text" in out[-1] and {k: v for k, v in out[-1].items() if k != "text"} == style:
                out[-1]["text"] += piece
            elif piece:
                out.append({"text": piece, **style})

    for token in tokens:
        kind, _, edge = token.type.rpartition("_")
        if kind in depth and edge in ("open", "close"):
            depth[kind] += 1 if edge == "open" else -1
        elif token.type == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif token.type == "link_close":
            links.pop()
        elif token.type == "code_inline":
            add(token.content, code=True)
        elif token.type == "softbreak":
            add(" ")
        elif token.type == "hardbreak":
            out.append({"break": True})
        else:  # text, an image's alt text, and anything else is shown as the text it holds
            add(token.content)
    return out


def _blocks(nodes: list[SyntaxTreeNode]) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        if node.type in ("paragraph", "heading"):
            block: Block = {"kind": "para" if node.type == "paragraph" else "heading", "runs": _inline(node)}
            if node.type == "heading":
                block["level"] = int(node.tag[1])
            out.append(block)
        elif node.type in ("bullet_list", "ordered_list"):
            start = node.attrs.get("start", 1)
            out.append({"kind": "list", "ordered": node.type == "ordered_list", "start": int(start) if isinstance(start, (int, float, str)) else 1,
                        "items": [_blocks(item.children) for item in node.children]})
        elif node.type == "blockquote":
            out.append({"kind": "quote", "blocks": _blocks(node.children)})
        elif node.type in ("fence", "code_block"):
            out.append({"kind": "code", "text": node.content})
        elif node.type == "hr":
            out.append({"kind": "rule"})
        elif node.type == "table":
            rows = [[_inline(cell) for cell in row.children] for part in node.children for row in part.children]
            out.append({"kind": "table", "header": rows[0], "rows": rows[1:]})
        else:  # anything else markdown-it may produce is kept as its text
            out.append({"kind": "para", "runs": [{"text": node.content}] if node.content else []})
    return out


def _inline(node: SyntaxTreeNode) -> list[Run]:
    inline = node.children[0] if node.children else None
    return _runs(inline.token.children or []) if inline is not None and inline.token is not None else []
