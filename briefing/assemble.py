"""Stage 4: the Briefing, the one verified model every output is rendered from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .dates import PartialDate, When, parse_day
from .derive import Derivation
from .schema import (
    VOICE_LABELS,
    Caveat,
    Citation,
    DeclaredChart,
    Entity,
    Fact,
    Finding,
    Question,
    Reply,
    Settings,
    Source,
    Table,
    Term,
    Voice,
)
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
    voice: Voice | None = None
    """Who speaks in the quoted lines (``Source.voices``); None: the authority's own answer."""

    @property
    def voice_name(self) -> str:
        return self.voice.voice if self.voice else "authority"

    @property
    def voice_label(self) -> str:
        """How readers see the voice: 'the requester's words (the requester)', or the authority's answer."""
        if self.voice is None:
            return f"{VOICE_LABELS['authority']} ({self.source.authority})"
        return VOICE_LABELS[self.voice.voice] + (f" ({self.voice.who})" if self.voice.who else "")

    @property
    def cells(self) -> tuple[str, ...] | None:
        """A quote of a table row as the cells it quotes ('Totals | 41 | 16 |' gives 'Totals', '41', '16'), for
        readers, who should never see the pipes; None for a quote of prose. An empty cell stays, as ''."""
        quote = self.citation.quote
        if "|" not in quote:
            return None
        parts = [part.strip() for part in quote.split("|")]
        if parts and not parts[0]:
            parts = parts[1:]
        if parts and not parts[-1]:
            parts = parts[:-1]
        return tuple(parts)

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
    row: int | None = None
    """For a table's date: the number of its row in the table (1 for the first)."""
    key: bool = False
    """A key event (the fact's ``key_event``): the timeline shows it prominently; the PDF lists it."""


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
    caveats: list[Caveat] = field(default_factory=list)
    caveats_of: dict[str, list[Caveat]] = field(default_factory=dict)
    """The caveats that apply to each fact or table, by its id (a table's reach its derived facts and the
    facts quoting its rows; a source's, every fact citing it)."""
    replies: list[Reply] = field(default_factory=list)
    """The right-of-reply register; only entries that were sent are shown to readers (``replies_to``)."""

    def replies_to(self, finding_id: str) -> list[Reply]:
        """The questions put (sent) to the subject of a finding, with their responses."""
        return [r for r in self.replies if r.sent is not None and finding_id in r.findings]

    def caveats_in(self, fact_ids: list[str]) -> list[Caveat]:
        """Every caveat of the facts named, once each, in the order of the register."""
        wanted = {c.id for f in fact_ids for c in self.caveats_of.get(f, [])}
        return [c for c in self.caveats if c.id in wanted]
    charts: list[DeclaredChart] = field(default_factory=list)
    """The charts declared in charts.yaml, in order (``briefing.chart_kinds`` draws them)."""

    @property
    def ranked_findings(self) -> list[Finding]:
        """Every finding in the editors' order: the lead findings (``lead_findings``) first, in that order, then the
        others in the order of their files. Every list of findings, on the site and in the PDF, uses it."""
        rank = {lead.finding: n for n, lead in enumerate(self.settings.lead_findings)}
        return sorted(self.findings, key=lambda f: rank.get(f.id, len(rank)))

    def why(self, finding_id: str) -> str | None:
        """The line on why a lead finding matters (Markdown), or None for a finding that is not a lead."""
        return next((lead.why for lead in self.settings.lead_findings if lead.finding == finding_id), None)

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


def row_anchor(table_id: str, row: int) -> str:
    """The id of a table's row on the tables page (1 for the first row), which a timeline date from it links to;
    the date's own entry is ``<row anchor>-<column>`` (validate.ANCHOR_FORMS reserves both forms)."""
    return f"{table_id}-row-{row}"


def timeline(facts: list[Fact], tables: list[Table], sources: list[Source], cited: dict[str, list[Cited]]) -> list[Entry]:
    """Every dated fact, every date of a table's event columns, and every source's publication, in time order."""
    entries = [Entry(f.id, f.date, "fact", f.statement, tuple(f.topics), tuple(cited[f.id]), fact=f.id, key=f.key_event)
               for f in facts if f.date]
    for table in tables:
        for event in table.events:
            index = next(i for i, c in enumerate(table.columns) if c.name == event.column)
            column = table.columns[index]
            for r, row in enumerate(table.rows, start=1):
                if row.values[index] is None:
                    continue
                day = parse_day(str(row.values[index]), column.format)
                entries.append(Entry(
                    f"{row_anchor(table.id, r)}-{index + 1}", When("on", PartialDate(day.year, day.month, day.day)), "table",
                    event.label, tuple(event.topics or table.topics), tuple(cited[table.id][:1]),
                    table=table.id, row=r,
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
        match = evidence.matches[citation]
        voice = evidence.captures[citation.source].voice_at(match.first_line)
        cited[owner].append(Cited(anchor, owner, citation, sources[citation.source], match, voice))

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
    for caveat in content.caveats:
        if caveat.citation:
            add(f"caveat-{caveat.id}", f"cite-caveat-{caveat.id}", caveat.citation)
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
        caveats=content.caveats,
        caveats_of=caveats_of(content, facts, evidence),
        replies=content.replies,
        charts=content.charts,
    )


def caveats_of(content: Content, facts: list[Fact], evidence: Evidence) -> dict[str, list[Caveat]]:
    """Each caveat attached to what it applies to, and to every fact that uses those figures."""
    direct: dict[str, list[Caveat]] = defaultdict(list)
    for caveat in content.caveats:
        for ref in caveat.applies_to:
            direct[ref].append(caveat)
    row_line_of_table = defaultdict(set)
    for (table_id, _), line in evidence.row_lines.items():
        row_line_of_table[table_id].add(line)
    attached: dict[str, list[Caveat]] = {}
    for table in content.tables:
        attached[table.id] = list(direct.get(table.id, [])) + list(direct.get(table.citation.source, []))
    derived_from = {d.id: t.id for t in content.tables for d in t.derived}
    tables_of_source: dict[str, list[Table]] = defaultdict(list)  # not every table per citation: quadratic at scale
    for table in content.tables:
        tables_of_source[table.citation.source].append(table)
    for fact in facts:
        found = list(direct.get(fact.id, []))
        if fact.id in derived_from:
            found += attached[derived_from[fact.id]]
        for citation in fact.citations:
            found += direct.get(citation.source, [])
            match = evidence.matches.get(citation)
            if match is None:
                continue
            for table in tables_of_source.get(citation.source, ()):
                if match.first_line in row_line_of_table[table.id]:
                    found += direct.get(table.id, [])
        if found:
            attached[fact.id] = list({c.id: c for c in found}.values())
    return {k: v for k, v in attached.items() if v}
