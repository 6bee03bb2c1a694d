"""Material's search-index entries of each page, kept between the preview's rebuilds, section by section.

Material's search plugin parses every page's HTML as it is rendered (``SearchIndex.add_entry_from_context``): its
``Parser`` divides the page into sections, one per heading with an id, and each section becomes an entry. At ten
times this briefing's content, parsing the few pages that show every fact (5 MB of HTML) was the largest part of
a one-fact edit in the preview, although the edit changes one section of each.

So the preview remembers each page's entries in chunks. A chunk begins at a clean heading, one with an id that the
parser meets with nothing skipped but Material's own ``script``, ``style`` and ``object`` and a section already
made, at whatever depth (the pages wrap their content in one ``div``), and runs to the next. From there the parse of
the chunk depends on its own text and on the elements open at its heading only: the heading opens a new section,
nothing before it receives text from it, and no end tag looks back past it, unless one of those open elements
closes; what comes after that, up to the next clean heading, may then reach an earlier section, and is allowed
only where it is white space (which every entry strips) and elements Material neither keeps nor skips (the end of
a page, ``</section><section>`` between two headings); anything else, the closing of a kept element among those
open at the heading (a ``<p>`` left open before it) included, ``spilled``. When a page comes again, the chunks it still begins
and ends with are reused, and only the text between them is parsed, by Material's parser, from the state it is
read in: a fresh parser at the start of the page, else one with a section made and the chunk's open elements, the
text beginning with a clean heading of its own, and ending with the open elements the next chunk began with. Any
text that is not so is parsed again whole, with the page. The entries are those of a whole parse, entry for
entry (tests/test_search_entries.py compares them for random pages and edits; tests/test_incremental.py the
written index).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from material.plugins.search.plugin import Element, Parser, Section  # type: ignore[import-untyped]  # Material has no type hints
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

Entry = dict[str, Any]
Opened = tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...]
"""The elements open at a point of a parse: each one's tag and attributes."""
Chunk = tuple[str, Opened, list[Entry]]
"""A chunk of a page's HTML, the elements open where it begins and the entries of the sections it makes."""

HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
MATERIAL_SKIPS = frozenset(Parser().skip)
"""What Material's parser skips before it has read anything (``script``, ``style``, ``object``)."""


class ChunkingParser(Parser):  # type: ignore[misc]  # an untyped base
    """Material's parser, noting also where each clean heading begins (see the module's docstring): ``starts`` holds
    its offset in the text fed, how many sections there were before it and the elements open there; ``spilled``
    whether text, or an element Material keeps or skips, came after an element open at a chunk's heading closed."""

    def __init__(self, text: str, opened: Opened = ()) -> None:
        super().__init__()
        self.starts: list[tuple[int, int, Opened]] = []
        self.spilled = False
        self.context = [Element(tag, dict(attrs)) for tag, attrs in opened]
        self._seeded = bool(opened)
        """Whether elements were open before the text: their sections are not in this parse."""
        self._base, self._below = len(self.context), False
        self._lines = [0, *(m.end() for m in re.finditer("\n", text))]  # HTMLParser counts lines by "\n" alone

    def opened(self) -> Opened:
        return tuple((el.tag, tuple(el.attrs.items())) for el in self.context)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADINGS and self.data and self.skip == MATERIAL_SKIPS and any(k == "id" for k, _ in attrs):
            line, column = self.getpos()
            self.starts.append((self._lines[line - 1] + column, len(self.data), self.opened()))
            self._base, self._below = len(self.context), False
        elif self._below and (tag in HEADINGS or tag in self.keep or any(k == "data-search-exclude" or (k, v) == ("class", "linenodiv") for k, v in attrs)):
            self.spilled = True  # text may follow into an earlier section, or what is skipped change (unlike <section>, <div>)
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.context and self.context[-1] == tag and len(self.context) <= self._base:
            self._below = True  # an element open at the chunk's heading closes: the section may be an earlier one's
            if tag in self.keep:  # its closing tag goes to (or its empty opening is taken from) an earlier section
                self.spilled = True
                if self._seeded:  # that section is not here: Material would look for its opening tag in vain
                    self.context.pop()
                    return
        super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._below and not data.isspace():
            self.spilled = True
        super().handle_data(data)


def page_key(page: Page) -> tuple[str, ...]:
    """What a page's entries depend on besides its HTML: its URL, title, metadata and table of contents."""
    meta = {k: v for k, v in page.meta.items() if k != "template"}  # the preview's UNCHANGED_TEMPLATE: not what the index reads
    return page.url, str(page.title), repr(meta), str(page.toc)


class SearchEntries:
    """Each page's entries from the previous rebuild, in chunks, for the search index of the next (see the module)."""

    def __init__(self, previous: dict[str, tuple[tuple[str, ...], list[Chunk]]] | None = None) -> None:
        self.pages: dict[str, tuple[tuple[str, ...], list[Chunk]]] = previous or {}
        """Each page's key (``page_key``) and chunks, by URL."""
        self.config = ""
        self.parsed = 0
        """Characters of HTML parsed since the last ``attach`` (the rest were reused)."""
        self._index: Any = None

    def attach(self, config: MkDocsConfig) -> bool:
        """Make this build's search index take each page's entries from here (False: no index to wrap). The entries
        remembered under other search options are not reused."""
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is None or not callable(getattr(index, "create_entry_for_section", None)):
            return False  # no search plugin, or a Material without the method: every page is indexed as usual
        options = search_config(config)
        if options != self.config:
            self.pages = {}
        self.config, self._index, self.parsed = options, index, 0
        index.add_entry_from_context = lambda page: index.entries.extend(self.entries(page))
        return True

    def reindex(self, pages: Iterable[Page]) -> None:
        """The index's entries again, page by page in order, as a full rebuild adds them (after a page update, whose
        pages rendered again added theirs at the end)."""
        self._index.entries = []
        for page in pages:
            self._index.add_entry_from_context(page)

    def entries(self, page: Page) -> list[Entry]:
        """The page's entries, as Material's ``add_entry_from_context`` makes them, parsing only what changed."""
        if (page.meta.get("search") or {}).get("exclude"):
            return []
        html, key = page.content or "", page_key(page)
        key_before, chunks_before = self.pages.get(page.url, (None, []))
        chunks = reused(html, chunks_before if key_before == key else [],
                        lambda text, opened, then: self._parse(page, text, opened, then))
        self.pages[page.url] = (key, chunks)
        return [entry for _, _, entries in chunks for entry in entries]

    def _parse(self, page: Page, text: str, opened: Opened | None, then: Opened | None) -> list[Chunk] | None:
        """``text``'s chunks, parsed from the start of the page (``opened`` None) or from a chunk's heading with the
        elements ``opened`` open. None when that cannot stand for a whole parse: after a chunk, the text does not
        begin with a clean heading, or something spilled; followed by a chunk (``then``: the elements open where it begins), the parse does
        not end with those open and a section made, or something spilled. A whole parse is never refused: if
        anything spilled, the page is one chunk."""
        self.parsed += len(text)
        parser = ChunkingParser(text, opened or ())
        if opened is not None:  # as after a chunk: a section made
            parser.section = Section(Element("hx"))
            parser.data.append(parser.section)
        try:
            parser.feed(text)
            parser.close()
        except ValueError:  # Material's parser, fed a part of a page from a state it cannot reproduce: parse it whole
            if opened is None:
                raise
            return None
        if opened is not None and (parser.spilled or not (parser.starts and parser.starts[0][0] == 0)):
            return None  # what spilled went to a section before the text
        if then is not None and (parser.spilled or parser.opened() != then or parser.skip != MATERIAL_SKIPS or not parser.data):
            return None
        starts = [(0, 0, ()), *parser.starts] if opened is None else parser.starts
        if parser.spilled:
            starts = starts[:1]
        bounds = [*starts, (len(text), len(parser.data), ())]
        return [(text[a:b], where, self._entries(page, parser.data[m:n])) for (a, m, where), (b, n, _) in itertools.pairwise(bounds)]

    def _entries(self, page: Page, sections: list[Section]) -> list[Entry]:
        """The entries of a page's sections, as ``add_entry_from_context`` adds them (one per section not excluded)."""
        index = self._index
        before = len(index.entries)
        for section in sections:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
        made: list[Entry] = index.entries[before:]
        del index.entries[before:]
        return made


def reused(html: str, chunks: list[Chunk], parse: Callable[[str, Opened | None, Opened | None], list[Chunk] | None]) -> list[Chunk]:
    """The chunks of ``html``: those of ``chunks`` it begins and ends with, and ``parse(text, opened, then)`` of the text
    between (from the start of the page or after a chunk, followed by a chunk or not); a whole parse when that
    cannot stand for it."""
    start, i = 0, 0
    while i < len(chunks) and html.startswith(chunks[i][0], start):
        start, i = start + len(chunks[i][0]), i + 1
    if i == len(chunks) > 0 and start < len(html):  # text after the last chunk: the chunk may end inside an element
        i -= 1
        start -= len(chunks[i][0])
    end, j = len(html), len(chunks)
    while j > max(i, 1) and html.endswith(chunks[j - 1][0], start, end):  # the first chunk begins the page: never a suffix
        end, j = end - len(chunks[j - 1][0]), j - 1
    if start == end and (not html or (i > 0 and (j == len(chunks) or chunks[i][1] == chunks[j][1]))):
        return [*chunks[:i], *chunks[j:]]
    between = None
    if start < end:
        between = parse(html[start:end], chunks[i][1] if start > 0 else None, chunks[j][1] if j < len(chunks) else None)
    if between is not None:
        return [*chunks[:i], *between, *chunks[j:]]
    return parse(html, None, None) or []  # a whole parse is never refused


def search_config(config: MkDocsConfig) -> str:
    """The search plugin's options: entries remembered under other options are not reused."""
    plugin = config.plugins.get("material/search")
    return repr(sorted(dict(plugin.config).items(), key=repr)) if plugin is not None else ""

