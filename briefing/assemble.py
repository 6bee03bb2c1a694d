"""Stage 4: the Briefing, the one verified model every output is rendered from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .dates import PartialDate, When, parse_day
from .derive import Derivation
from .schema import Citation, Entity, Fact, Finding, Question, Settings, Source, Table, Term
from .sources import Capture, Match
from .validate import Content, Page, term_id
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


@dataclass(frozen=True)
class Entry:
    """One entry of the timeline: a dated fact, a date from a table, or a source's publication."""

    id: str
    when: When
    kind: Literal["fact", "table", "publication"]
    text: str
    """Markdown: the fact's statement, the table event's label, or the publication line."""
    topics: tuple[str, ...]
    cited: tuple[Cited, ...]
    fact: str | None = None
    table: str | None = None
    source: str | None = None


@dataclass
class Briefing:
    settings: Settings
    sources: list[Source]
    facts: list[Fact]
    tables: list[Table]
    findings: list[Finding]
    questions: list[Question]
    entities: list[Entity]
    terms: list[Term]
    pages: list[Page]
    captures: dict[str, Capture]
    cited: dict[str, list[Cited]] = field(default_factory=dict)
    """Citations by the id of what they support (a fact, a table, a question, a glossary term)."""
    derivations: dict[str, Derivation] = field(default_factory=dict)
    """How each derived fact was computed, by fact id."""
    timeline: list[Entry] = field(default_factory=list)

    @property
    def fact_by_id(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    @property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def cited_in(self, source_id: str) -> list[Cited]:
        """Every verified citation of one source, in the order of the document."""
        return list(self._cited_by_source.get(source_id, []))

    @cached_property
    def _cited_by_source(self) -> dict[str, list[Cited]]:
        """One pass over every citation (not one per source: that was quadratic at scale)."""
        by_source: dict[str, list[Cited]] = defaultdict(list)
        for items in self.cited.values():
            for c in items:
                by_source[c.source.id].append(c)
        return {s: sorted(found, key=lambda c: (c.match.spans[0][0], c.anchor)) for s, found in by_source.items()}


def timeline(facts: list[Fact], tables: list[Table], sources: list[Source], cited: dict[str, list[Cited]]) -> list[Entry]:
    """Every dated fact, every date of a table's event columns, and every source's publication, in time order."""
    entries = [Entry(f.id, f.date, "fact", f.statement, tuple(f.topics), tuple(cited[f.id]), fact=f.id) for f in facts if f.date]
    for table in tables:
        for event in table.events:
            index = next(i for i, c in enumerate(table.columns) if c.name == event.column)
            column = table.columns[index]
            for r, row in enumerate(table.rows, start=1):
                if row.values[index] is None:
                    continue
                day = parse_day(str(row.values[index]), column.format)
                entries.append(Entry(
                    f"{table.id}-row-{r}-{index + 1}", When("on", PartialDate(day.year, day.month, day.day)), "table",
                    f"{event.label} (row {r} of the table)", tuple(event.topics or table.topics), tuple(cited[table.id][:1]),
                    table=table.id,
                ))
    for source in sources:
        name = source.reference or source.title
        entries.append(Entry(f"published-{source.id}", source.published, "publication", f"{name} published: {source.title}",
                             (), (), source=source.id))
    order = {"publication": 0, "fact": 1, "table": 2}
    return sorted(entries, key=lambda e: (e.when.sort_key(), order[e.kind], e.id))


def assemble(content: Content, evidence: Evidence, derivations: list[Derivation]) -> Briefing:
    assert content.settings is not None
    sources = {s.id: s for s in content.sources}
    cited: dict[str, list[Cited]] = defaultdict(list)

    def add(owner: str, anchor: str, citation: Citation) -> None:
        cited[owner].append(Cited(anchor, owner, citation, sources[citation.source], evidence.matches[citation]))

    facts = content.facts + [d.fact for d in derivations]
    for fact in facts:
        for n, citation in enumerate(fact.citations, start=1):
            add(fact.id, f"cite-{fact.id}-{n}", citation)
    for table in content.tables:
        add(table.id, f"cite-{table.id}", table.citation)
        if table.totals and table.totals.grand:
            add(table.id, f"cite-{table.id}-total", table.totals.grand.citation)
    for question in content.questions:
        add(question.id, f"cite-{question.id}", question.asked)
    for term in content.terms:
        if term.citation:
            add(term_id(term), f"cite-{term_id(term)}", term.citation)
    ordered_sources = sorted(content.sources, key=lambda s: (s.published.sort_key(), s.id))
    return Briefing(
        settings=content.settings,
        sources=ordered_sources,
        facts=facts,
        tables=content.tables,
        findings=content.findings,
        questions=content.questions,
        entities=sorted(content.entities, key=lambda e: e.name.lower()),
        terms=sorted(content.terms, key=lambda t: t.term.lower()),
        pages=sorted(content.pages, key=lambda p: (p.meta.order, p.slug)),
        captures=evidence.captures,
        cited=dict(cited),
        derivations={d.fact.id: d for d in derivations},
        timeline=timeline(facts, content.tables, ordered_sources, cited),
    )
