"""Stage 4: the Briefing, the one verified model every output is rendered from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .schema import Citation, Entity, Fact, Finding, Settings, Source, Table, Term
from .sources import Capture, Match
from .validate import Content, Page
from .verify import Evidence


@dataclass(frozen=True)
class Cited:
    """A citation whose quote was found: the anchor of its highlighted passage on the source page."""

    anchor: str
    owner: str
    citation: Citation
    source: Source
    match: Match

    @property
    def source_url(self) -> str:
        """Site-relative URL of the highlighted passage."""
        return f"sources/{self.source.id}/#{self.anchor}"


@dataclass
class Briefing:
    settings: Settings
    sources: list[Source]
    facts: list[Fact]
    tables: list[Table]
    findings: list[Finding]
    entities: list[Entity]
    terms: list[Term]
    pages: list[Page]
    captures: dict[str, Capture]
    cited: dict[str, list[Cited]] = field(default_factory=dict)
    """Citations by the id of what they support (a fact, a table, a glossary term)."""

    @property
    def fact_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    def cited_in(self, source_id: str) -> list[Cited]:
        """Every verified citation of one source, in the order of the document."""
        found = [c for items in self.cited.values() for c in items if c.source.id == source_id]
        return sorted(found, key=lambda c: (c.match.spans[0][0], c.anchor))


def term_id(term: Term) -> str:
    return "term-" + "".join(ch.lower() if ch.isalnum() else "-" for ch in term.term).strip("-")


def assemble(content: Content, evidence: Evidence) -> Briefing:
    assert content.settings is not None
    sources = {s.id: s for s in content.sources}
    cited: dict[str, list[Cited]] = defaultdict(list)

    def add(owner: str, anchor: str, citation: Citation) -> None:
        cited[owner].append(Cited(anchor, owner, citation, sources[citation.source], evidence.matches[citation]))

    for fact in content.facts:
        for n, citation in enumerate(fact.citations, start=1):
            add(fact.id, f"cite-{fact.id}-{n}", citation)
    for table in content.tables:
        add(table.id, f"cite-{table.id}", table.citation)
        if table.totals and table.totals.grand:
            add(table.id, f"cite-{table.id}-total", table.totals.grand.citation)
    for term in content.terms:
        if term.citation:
            add(term_id(term), f"cite-{term_id(term)}", term.citation)
    return Briefing(
        settings=content.settings,
        sources=sorted(content.sources, key=lambda s: (s.published.sort_key(), s.id)),
        facts=content.facts,
        tables=content.tables,
        findings=content.findings,
        entities=sorted(content.entities, key=lambda e: e.name.lower()),
        terms=sorted(content.terms, key=lambda t: t.term.lower()),
        pages=sorted(content.pages, key=lambda p: (p.meta.order, p.slug)),
        captures=evidence.captures,
        cited=dict(cited),
    )
