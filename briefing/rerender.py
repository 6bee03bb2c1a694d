"""The site's pages after an edit, for the editors' preview: only the pages an edited fact appears on are rendered again.

A save in `mkdocs serve` rebuilds the whole Briefing; rendering every page from it again was most of the time
an edit took at ten times this briefing's content (1 s of 2.6 s), although a one-fact edit changes a handful of
pages. ``render_again`` compares the new Briefing with the one the last pages were rendered from:

- if only facts' contents changed (a statement, a quote, a note: any field but those that decide where a fact
  is shown, ``PLACEMENT``) and the timeline entries those facts make, the pages rendered again are those whose
  last HTML names one of those facts or entries (every place a fact is shown carries its id: ``data-fact``,
  ``data-cites-fact``, a link to ``#id``); every other page is the same as last time and is kept;
- anything else (a fact added, removed, moved to another topic, entity, date or source; a setting, a source, a
  table, a finding, a page, a chart, a glossary term) renders every page again.

On a page rendered again, a fact, timeline entry, finding or question shown as a block (``Renderer.block``) that is not edited, does not
name an edited one, and whose citations keep their numbers is not rendered again either: its last HTML is reused.

The pages are those ``render_site`` gives for the new Briefing, page by page (tests/test_rerender.py checks it
for random edits). ``mkdocs build`` always renders every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .assemble import Briefing
from .charts import Chart
from .schema import Fact
from .site import Block, Renderer, SitePage

PLACEMENT = ("id", "kind", "date", "topics", "entities", "key_event")
"""The fields of a fact that decide which pages show it (and where): a change to one renders every page again."""

SHARED = ("settings", "sources", "tables", "findings", "questions", "entities", "terms", "pages", "caveats", "replies", "charts")
"""What every page may show, besides facts and timeline entries: a change to any renders every page again."""


@dataclass
class Rendered:
    """Pages, and what they were rendered from."""

    briefing: Briefing
    charts: list[Chart]
    preview: bool
    pages: list[SitePage]
    again: int
    """How many of the pages were rendered (the others were kept from the previous ``Rendered``)."""
    edited: set[str] | None = None
    """The facts and timeline entries edited since the previous ``Rendered``, when nothing else changed; None when
    every page was rendered because something else did (or there was no previous one)."""
    blocks: dict[tuple[str, str, str], Block] = field(default_factory=dict)
    """Every page's blocks (``Renderer.block``: a fact, an entry, a finding or a question as a page shows it), for the next ``Rendered``."""


def render_again(briefing: Briefing, charts: Sequence[Chart] = (), preview: bool = False, last: Rendered | None = None) -> Rendered:
    """Every page of the site for ``briefing``, rendering again only the pages that differ from ``last``'s."""
    renderer = Renderer(briefing, charts, preview)
    makers = renderer.makers()
    edited = edited_ids(last, briefing, list(charts), preview) if last is not None else None
    if last is None or edited is None or [p.path for p in last.pages] != [path for path, _ in makers]:
        pages = [renderer.finished(make()) for _, make in makers]
        return Rendered(briefing, list(charts), preview, pages, len(pages), None, renderer.blocks)
    renderer.reuse_blocks(last.blocks, edited)
    pages, again = [], 0
    for (_, make), before in zip(makers, last.pages, strict=True):
        if any(i in before.html for i in edited):
            pages.append(renderer.finished(make()))
            again += 1
        else:
            pages.append(before)
    return Rendered(briefing, list(charts), preview, pages, again, edited, {**last.blocks, **renderer.blocks})


def edited_ids(last: Rendered, new: Briefing, charts: list[Chart], preview: bool) -> set[str] | None:
    """The ids of the facts and timeline entries whose content differs between ``last`` and ``new``, or None when
    something else differs (then every page is rendered again)."""
    old = last.briefing
    drawn = [(c.spec, c.vega) for c in charts] != [(c.spec, c.vega) for c in last.charts]  # not compared by Chart's ==
    if preview != last.preview or charts != last.charts or drawn or any(getattr(old, name) != getattr(new, name) for name in SHARED):
        return None
    if [(k, c.source.id, c.data) for k, c in old.captures.items()] != [(k, c.source.id, c.data) for k, c in new.captures.items()]:
        return None
    if [f.id for f in old.facts] != [f.id for f in new.facts] or [e.id for e in old.timeline] != [e.id for e in new.timeline]:
        return None
    differing = [(f, g) for f, g in zip(old.facts, new.facts, strict=True) if fact_differs(old, f, new, g)]
    if any(placement(old, f) != placement(new, g) for f, g in differing):
        return None
    edited = {f.id for f, _ in differing}
    facts = {f.id for f in new.facts}
    for owner in old.cited.keys() | new.cited.keys():  # a table's, a question's or a term's citations: shared
        if owner not in facts and old.cited.get(owner) != new.cited.get(owner):
            return None
    for owner in old.caveats_of.keys() | new.caveats_of.keys():
        if owner not in facts and old.caveats_of.get(owner) != new.caveats_of.get(owner):
            return None
    edited |= {e.id for e, n in zip(old.timeline, new.timeline, strict=True) if e != n}
    return edited


def fact_differs(old: Briefing, f: Fact, new: Briefing, g: Fact) -> bool:
    """Whether a fact is shown differently: its fields, its verified citations, caveats or derivation."""
    return (f != g or old.cited.get(f.id) != new.cited.get(g.id) or old.caveats_of.get(f.id) != new.caveats_of.get(g.id)
            or old.derivations.get(f.id) != new.derivations.get(g.id))


def placement(b: Briefing, fact: Fact) -> tuple[object, ...]:
    """Where a fact is shown: its placing fields, the sources it cites (their pages list it), whether it is derived."""
    return (*(getattr(fact, name) for name in PLACEMENT), [c.source.id for c in b.cited.get(fact.id, [])], fact.id in b.derivations)
