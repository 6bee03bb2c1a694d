"""Stage 5: claims on prose, checked against their evidence (after ``derive``: it needs the computed values).

A verified quote proves that the document says the quote; this stage proves that what we write says
no more than the quotes in four respects a program can check:

- **figures**: every number, percentage, amount, date and year written in a fact's statement is in one
  of its quotes (in any written form, ``figures``) or computed from a table it cites; every figure of a
  paragraph, an analysis, a headline or a description is in the quotes, statements or dates of the facts
  it cites. A figure that needs no evidence is declared under ``own_figures`` with a reason.
- **quoted words**: a passage in quotation marks occurs, normalised and nothing more, in a quote cited;
- **negations**: a statement that negates has a negating quote, and one that does not negate has a
  quote that does not either, unless the fact says why (``negation``);
- **dates**: a fact's date is in its evidence at that precision or finer (a quote, the source's
  published date or covered period, a date of a cited table).

Derived statements are checked apart: their figures come from placeholders, never typed.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .dates import DateError, PartialDate, When, parse_day
from .derive import Derivation
from .errors import Problems
from .errors import shorten as _short
from .figures import Figure, Known, figures
from .figures import known as known_of
from .markdown import EDITORIAL, markers, paragraphs
from .normalise import normalise, quote_parts
from .schema import Citation, DeclaredChart, Fact, Model, OwnFigure, Settings, Table
from .validate import Content

_QUOTED = re.compile(r"\"([^\"\n]+?)\"|\u201c([^\u201c\u201d]+?)\u201d")
_NEGATION = re.compile(r"\b(?:no|not|never|neither|nor|none|nothing|nobody|without|unable|cannot)\b|n['\u2019]t\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?P<before>\w+)\s+(?:not|never)\s+(?P<after>\w+)|\b(?P<b2>\w+)n't\s+(?P<a2>\w+)", re.IGNORECASE)
"""A negated phrase of a quote ('was not adopted'): a statement that says 'was adopted' affirms what it negates."""
_MARKER = re.compile(r"<(script|style)\b[^<>]*>[^<]*</(?:script|style)>|\[@[^\]]*\]|<[^<>\n]*>|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|`[^`\n]*`")
"""What is not a claim: citation markers, HTML tags, link targets and inline code (readers never see a tag's
attributes or a link's address as a sentence)."""
_OWN_HINT = "write the figure its evidence gives, cite the passage that gives it, or declare it under own_figures with a reason."


@dataclass
class _Evidence:
    """What one fact's claims may rest on."""

    known: Known
    quotes: list[str]
    """The fact's quotes, normalised (each elision's parts apart)."""
    dates: list[PartialDate]


def _in_quotes(passage: str, quotes: Iterable[str]) -> bool:
    """Whether ``passage`` (normalised) occurs at word boundaries in one of the normalised quotes."""
    parts = quote_parts(passage)
    if not parts:
        return True
    for quote in quotes:
        at = 0
        for part in parts:
            found = _word_find(quote, part, at)
            if found < 0:
                break
            at = found + len(part)
        else:
            return True
    return False


def _word_find(text: str, part: str, start: int) -> int:
    at = text.find(part, start)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(part)] if at + len(part) < len(text) else " "
        if not (before.isalnum() and part[0].isalnum()) and not (after.isalnum() and part[-1].isalnum()):
            return at
        at = text.find(part, at + 1)
    return -1


def _without_markers(text: str) -> str:
    """The text with its citation markers, tags, link targets and code blanked (same length, so offsets stay)."""
    return _MARKER.sub(lambda m: " " * len(m.group(0)), text)


def _line_of(model: Model, fields: tuple[str | int, ...], value: str, at: int) -> int:
    """The file line of the character ``at`` of a field's value (inside a folded block too)."""
    start = model.line(*fields)
    where = getattr(model, "_where", None)
    token = (value[at:].split() or [""])[0]
    if not where or not token:
        return start
    raw = where[0]
    before = value[:at].count(token)
    lines = raw.text.splitlines()
    seen = 0
    for i in range(start - raw.first_line, min(len(lines), start - raw.first_line + 400)):
        seen += lines[i].count(token)
        if seen > before:
            return int(i + raw.first_line)
    return start


class Claims:
    def __init__(self, content: Content, derivations: Sequence[Derivation], problems: Problems) -> None:
        self.content, self.problems = content, problems
        self.sources = {s.id: s for s in content.sources}
        self.tables_by_citation = {(t.citation.source, normalise(t.citation.quote)): t for t in content.tables}
        self.derived = {d.fact.id: d for d in derivations}
        self.facts: dict[str, Fact] = {f.id: f for f in content.facts} | {d.fact.id: d.fact for d in derivations}
        self._evidence: dict[str, _Evidence] = {}
        self._table_known: dict[str, Known] = {}

    # -- evidence ----------------------------------------------------------------------------------
    def table_known(self, table: Table) -> Known:
        """The figures of a table: its cells, labels, headings, printed totals and derived values."""
        found = self._table_known.get(table.id)
        if found is None:
            found = Known()
            texts = [table.citation.quote, *(c.name for c in table.columns), table.row_header or ""]
            for row in table.rows:
                texts.append(row.label or "")
                for column, cell in zip(table.columns, row.values):
                    if isinstance(cell, int):
                        found.add_number(cell)
                    elif column.type == "date" and cell is not None:
                        try:
                            day = parse_day(str(cell), column.format)
                        except DateError:
                            continue
                        found.add_date(day.year, day.month, day.day)
                    elif cell is not None:
                        texts.append(str(cell))
            if table.totals:
                for value in table.totals.columns:
                    if value is not None:
                        found.add_number(value)
                if table.totals.grand:
                    found.add_number(table.totals.grand.value)
                    texts.append(table.totals.grand.citation.quote)
            for d in self.derived.values():
                if d.table is table:
                    texts.append(d.fact.statement)
            for text in texts:
                found.add_text(text)
            self._table_known[table.id] = found
        return found

    def table_base(self, table: Table) -> _Evidence:
        """What prose about a table may say: its quote, cells, labels, totals, derived values and its source's dates."""
        base = _Evidence(Known(), [normalise(table.citation.quote)], [])
        base.known.extend(self.table_known(table))
        source = self.sources.get(table.citation.source)
        for point in (_points(source.published) + (_points(source.covers) if source.covers else [])) if source else []:
            base.known.add_date(point.year, point.month, point.day)
        return base

    def cited_table(self, citation: Citation) -> Table | None:
        return self.tables_by_citation.get((citation.source, normalise(citation.quote)))

    def evidence(self, fact: Fact) -> _Evidence:
        """The evidence of a fact's own statement: its quotes, and the tables they are the citations of."""
        found = self._evidence.get(fact.id)
        if found is None:
            known, quotes, dates = Known(), [], []
            for citation in fact.citations:
                known.add_text(citation.quote)
                quotes.append(" \u2026 ".join(quote_parts(citation.quote)))
                table = self.cited_table(citation)
                if table is not None:
                    known.extend(self.table_known(table))
                source = self.sources.get(citation.source)
                if source is not None:
                    for point in _points(source.published) + (_points(source.covers) if source.covers else []):
                        dates.append(point)
                        known.add_date(point.year, point.month, point.day)
            derivation = self.derived.get(fact.id)
            if derivation is not None:
                known.add_text(fact.statement)
            found = self._evidence[fact.id] = _Evidence(known, quotes, dates)
        return found

    def cited(self, ids: Iterable[str]) -> _Evidence:
        """The evidence of prose citing facts: their quotes, statements and dates."""
        known, quotes = Known(), []
        for ref in ids:
            fact = self.facts.get(ref)
            if fact is None:
                continue
            own = self.evidence(fact)
            known.extend(own.known)
            known.add_text(fact.statement)
            quotes += own.quotes
            if fact.date:
                for point in _points(fact.date):
                    known.add_date(point.year, point.month, point.day)
        return _Evidence(known, quotes, [])

    # -- checks ------------------------------------------------------------------------------------
    def check_text(self, owner: Model, fields: tuple[str | int, ...], text: str, evidence: _Evidence, what: str,
                   own: dict[str, OwnFigure], *, line: int | None = None, offset_line: bool = False) -> None:
        """Every figure and quoted passage of ``text`` is in ``evidence``."""
        plain = _without_markers(text)
        if isinstance(owner, Fact):
            said_by = "its quotes"
        elif isinstance(owner, Table) or (isinstance(owner, DeclaredChart) and owner.table):
            said_by = "its table and the facts it cites"
        else:
            said_by = "the facts it draws and cites" if isinstance(owner, DeclaredChart) else "the facts it cites"

        def where(at: int) -> int:
            if line is not None:
                return line + plain[:at].count("\n")
            return _line_of(owner, fields, text, at)

        def add(at: int, message: str, hint: str) -> None:
            self.problems.add(owner.path if line is None or self._page_path is None else self._page_path, where(at), message, hint)

        for f in figures(plain):
            if evidence.known.backs(f) or _declared(own, f):
                continue
            near = evidence.known.nearest(f)
            says = (f"; {said_by} say {near[0]}: \"{_short(near[1], 120)}\"" if near else f"; {said_by} give no such figure")
            add(f.start, f"{what} says {f.text}{says}.", _OWN_HINT)
        for m in _QUOTED.finditer(plain):
            passage = m.group(1) or m.group(2)
            if not _in_quotes(normalise(passage), evidence.quotes):
                add(m.start(), f"{what} quotes \"{_short(passage)}\", which is not in the quotes it cites.",
                    "quote the source's words exactly (only white space, quote marks and dashes may differ), or do not put them in quotation marks.")

    _page_path: Path | None = None  # set while checking a page

    def check_fact(self, fact: Fact) -> None:
        evidence = self.evidence(fact)
        own = {o.figure: o for o in fact.own_figures}
        self.check_text(fact, ("statement",), fact.statement, evidence, f"fact '{fact.id}': the statement", own)
        if fact.label:
            self.check_text(fact, ("label",), fact.label, evidence, f"fact '{fact.id}': the label", own)
        self.check_own(fact, own, fact.statement, fact.label or "")
        self.check_negation(fact, evidence)
        self.check_date(fact, ("date",), fact.date, evidence, f"fact '{fact.id}'")

    def check_own(self, owner: Model, own: dict[str, OwnFigure], *texts: str) -> None:
        written = {f.text.lower() for text in texts for f in figures(_without_markers(text))}
        for i, o in enumerate(getattr(owner, "own_figures", [])):
            if o.figure.lower() not in written:
                self.problems.add(owner.path, owner.line("own_figures", i, "figure"),
                                  f"own_figures declares '{o.figure}', which the text does not write.",
                                  "remove the declaration, or write the figure as the text does.")

    def check_negation(self, fact: Fact, evidence: _Evidence) -> None:
        if fact.negation:
            return
        statement = _without_markers(fact.statement)
        said = _NEGATION.search(_unquoted(statement))
        quoted = [bool(_NEGATION.search(q)) for q in evidence.quotes]
        if said and not any(quoted):
            self.problems.add(fact.path, _line_of(fact, ("statement",), fact.statement, said.start()),
                              f"fact '{fact.id}': the statement negates ('{said.group()}') but none of its quotes does.",
                              "say what the quotes say, cite the passage that negates, or explain under negation: why it is faithful.")
        elif not said:
            for quote in evidence.quotes:
                for m in _NEGATED.finditer(quote):
                    affirmed = re.search(rf"\b{re.escape(m['before'])}\s+{re.escape(m['after'])}\b", statement, re.IGNORECASE)
                    if affirmed:
                        self.problems.add(fact.path, _line_of(fact, ("statement",), fact.statement, affirmed.start()),
                                          f"fact '{fact.id}': the statement says \"{affirmed.group()}\" where its quote says \"{m.group()}\".",
                                          "say what the quote says, or explain under negation: why the statement is faithful to it.")
                        return

    def check_date(self, owner: Model, fields: tuple[str | int, ...], when: When | None, evidence: _Evidence, what: str) -> None:
        if when is None:
            return
        for point in _points(when):
            if _supported(point, evidence):
                continue
            coarser = [p for p in (PartialDate(point.year, point.month), PartialDate(point.year)) if p != point and _supported(p, evidence)]
            says = f" its evidence says only {coarser[0].display()}" if coarser else " none of its quotes, its sources' dates or a cited table gives it"
            self.problems.add(owner.path, owner.line(*fields), f"{what} is dated {point.display()}, but{says}.",
                              f"date it as precisely as its evidence ({coarser[0].iso()})." if coarser else
                              "date it as its evidence does, or cite the passage that gives the date.")

    def check_derived(self, table: Table, n: int) -> None:
        spec = table.derived[n]
        fields = ("derived", n, "statement")
        template = spec.statement
        typed = "".join(literal + (" " * (len(name) + 2) if name is not None else "")
                        for literal, name, _, _ in string.Formatter().parse(template))
        labels = Known()
        for row in table.rows:
            labels.add_text(row.label or "")
        for column in table.columns:
            labels.add_text(column.name)
        own_date = Known()
        for point in _points(spec.date) if spec.date else []:
            own_date.add_date(point.year, point.month, point.day)
        for f in figures(_without_markers(typed)):
            if labels.backs(f) or (f.kind == "date" and own_date.backs(f)) or (f.kind == "number" and own_date.backs(f) and f.number > 31):
                continue
            self.problems.add(table.path, _line_of(table, fields, template, f.start),
                              f"table '{table.id}', derived fact '{spec.id}': the statement types the figure {f.text}; "
                              "a derived statement's figures come from placeholders.",
                              "write {value} (or {count}, {list}, {min}, {max}, {part}, {whole}) for what the build computes; never type it.")
        derivation = self.derived.get(spec.id)
        if derivation is not None:
            evidence = self.evidence(derivation.fact)
            known = Known()
            known.extend(self.table_known(table))
            self.check_date(table, ("derived", n, "date"), spec.date, _Evidence(known, evidence.quotes, evidence.dates),
                            f"table '{table.id}', derived fact '{spec.id}'")

    def check_prose(self, owner: Model, fields: tuple[str | int, ...], text: str | None, what: str,
                    extra: Iterable[str] = (), base: _Evidence | None = None) -> None:
        if not text:
            return
        own = {o.figure: o for o in getattr(owner, "own_figures", [])}
        evidence = self.cited([*markers(text), *extra])
        if base is not None:
            evidence.known.extend(base.known)
            evidence.quotes += base.quotes
        self.check_text(owner, fields, text, evidence, what, own)

    def check_page(self, page: object) -> None:
        from .validate import Page

        assert isinstance(page, Page)
        own = {o.figure: o for o in page.meta.own_figures}
        self._page_path = page.path
        try:
            for start, text in paragraphs(page.body):
                refs = [r for r in markers(text) if r != EDITORIAL]
                self.check_text(page.meta, (), text, self.cited(refs), "this paragraph", own, line=page.body_line + start)
        finally:
            self._page_path = None

    def run(self) -> None:
        c = self.content
        for fact in c.facts:
            self.check_fact(fact)
        tables = {t.id: t for t in c.tables}
        for table in c.tables:
            for n in range(len(table.derived)):
                self.check_derived(table, n)
            self.check_prose(table, ("description",), table.description, f"table '{table.id}': the description", base=self.table_base(table))
            self.check_own(table, {}, table.description or "")
        for chart in c.charts:
            drawn_table = tables.get(chart.table or "")
            drawn = [f.id for f in self.facts.values() if chart.draws(f)] if chart.kind == "periods" else []
            for part in ("title", "caption"):
                self.check_prose(chart, (part,), getattr(chart, part), f"chart '{chart.id}': the {part}", extra=drawn,
                                 base=self.table_base(drawn_table) if drawn_table else None)
        for finding in c.findings:
            side_facts = finding.side_facts
            self.check_prose(finding, ("analysis",), finding.analysis, f"finding '{finding.id}': the analysis")
            self.check_prose(finding, ("title",), finding.title, f"finding '{finding.id}': the headline", extra=side_facts)
            self.check_own(finding, {}, finding.analysis, finding.title)
        for entity in c.entities:
            self.check_prose(entity, ("description",), entity.description, f"entity '{entity.id}': the description")
            self.check_own(entity, {}, entity.description or "")
        for question in c.questions:
            asked = _Evidence(known_of([question.asked.quote]), [normalise(" \u2026 ".join(quote_parts(question.asked.quote)))], [])
            self.check_prose(question, ("note",), question.note, f"question '{question.id}': the note", extra=question.answer, base=asked)
        for page in c.pages:
            self.check_page(page)
        if c.settings:
            self.check_settings(c.settings)

    def check_settings(self, st: Settings) -> None:
        """briefing.yaml's headline, standfirst, lead findings' lines, key figures and questions to ask."""
        findings = {f.id: f for f in self.content.findings}
        lead_facts = [ref for lead in st.lead_findings if lead.finding in findings for ref in findings[lead.finding].side_facts]
        self.check_prose(st, ("standfirst",), st.standfirst, "briefing.yaml: the standfirst")
        self.check_prose(st, ("headline",), st.headline, "briefing.yaml: the headline",
                         extra=[*lead_facts, *markers(st.standfirst or "")])
        for n, lead in enumerate(st.lead_findings):
            sides = findings[lead.finding].side_facts if lead.finding in findings else []
            self.check_prose(st, ("lead_findings", n, "why"), lead.why, f"briefing.yaml: lead finding '{lead.finding}', why it matters", extra=sides)
        for n, kf in enumerate(st.key_figures):
            if not figures(kf.figure):
                self.problems.add(st.path, st.line("key_figures", n, "figure"), f"key figure '{kf.figure}' has no number in it.",
                                  "a key figure is a number its fact gives (e.g. '88'); put the words in its label.")
                continue
            evidence = self.cited([kf.fact])
            self.check_text(st, ("key_figures", n, "figure"), kf.figure, evidence, f"briefing.yaml: key figure '{kf.figure}'", {})
            self.check_text(st, ("key_figures", n, "label"), kf.label, evidence, f"briefing.yaml: the label of key figure '{kf.figure}'", {})
        for n, ask in enumerate(st.questions_to_ask):
            self.check_prose(st, ("questions_to_ask", n, "question"), ask.question, f"briefing.yaml: question to ask {n + 1}", extra=ask.facts)


def _declared(own: dict[str, OwnFigure], f: Figure) -> bool:
    return f.text in own or f.text.lower() in {k.lower() for k in own}


def _unquoted(text: str) -> str:
    """The text without its quoted passages (a negation inside quoted words is the source's)."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def _around(text: str, at: int, width: int = 40) -> str:
    return text[max(0, at - width): at + width].strip()


def _points(when: When) -> list[PartialDate]:
    return [when.start] + ([when.end] if when.end else [])


def _supported(point: PartialDate, evidence: _Evidence) -> bool:
    if (point.year, point.month, point.day) in evidence.known.dates:
        return True
    if point.precision == "year" and float(point.year) in evidence.known.numbers:
        return True
    return any(e.year == point.year and (point.month is None or (e.month == point.month and (point.day is None or e.day == point.day)))
               for e in evidence.dates)


def check_claims(content: Content, derivations: Sequence[Derivation], problems: Problems) -> None:
    """Check the prose against its evidence; only once the quotes and tables verify (a quote not found
    is its own problem, not a cause of others)."""
    if problems.items:
        return
    Claims(content, derivations, problems).run()
