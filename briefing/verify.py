"""Stage 3: prove the content. Hashes of captures, quotes in documents, ids and references,
table rows against their source and printed totals against the rows."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .dates import DateError, parse_day
from .errors import Problems, display_path
from .markdown import EDITORIAL, malformed_markers, malformed_markers_by_line, markers, uncited_paragraphs
from .normalise import char_name, invisible_characters, normalise, quote_parts
from .schema import Citation, Model, Table
from .sources import MAX_QUOTE_CHARS, Capture, CaptureProblem, Match, open_capture
from .validate import Content


@dataclass
class Evidence:
    """What verification established: each capture, and where each citation's quote is."""

    captures: dict[str, Capture] = field(default_factory=dict)
    matches: dict[Citation, Match] = field(default_factory=dict)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


class Verifier:
    def __init__(self, content: Content, problems: Problems) -> None:
        self.content = content
        self.problems = problems
        self.evidence = Evidence()

    def problem(self, model: Model, fields: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.problems.add(model.path, model.line(*fields), message, hint)

    # -- sources ---------------------------------------------------------------
    def check_sources(self) -> None:
        for source in self.content.sources:
            if source.path.stem != source.id:
                self.problem(source, ("id",), f"source id '{source.id}' differs from its file name '{source.path.name}'.",
                             f"rename the file to {source.id}.yaml or the id to '{source.path.stem}'.")
            try:
                self.evidence.captures[source.id] = open_capture(source)
            except CaptureProblem as problem:  # not searched, not shown: its citations get no other message
                self.problem(source, problem.fields, problem.message, problem.hint)

    # -- quotes ----------------------------------------------------------------
    def check_citation(self, owner: Model, fields: tuple[str | int, ...], citation: Citation) -> None:
        capture = self.evidence.captures.get(citation.source)
        if capture is None:
            if citation.source not in {s.id for s in self.content.sources} | self.content.invalid_ids:
                self.problem(owner, (*fields, "source"), f"unknown source '{citation.source}'.",
                             _suggest(citation.source, [s.id for s in self.content.sources]) or "add the source under content/sources/ first.")
            return
        if len(citation.quote) > MAX_QUOTE_CHARS:
            self.problem(owner, (*fields, "quote"),
                         f"the quote is {len(citation.quote):,} characters long; quotes over {MAX_QUOTE_CHARS:,} characters are not searched.",
                         "quote the passage that supports the claim, or cite it in shorter parts.")
            return
        match = capture.find(citation.quote)
        if match is not None:
            self.evidence.matches[citation] = match
            return
        where = f"quote not found in source '{citation.source}'"
        parts = quote_parts(citation.quote)
        if not parts:
            self.problem(owner, (*fields, "quote"), f"{where}: the quote has no words.", "copy the passage from the source.")
            return
        if capture.in_chrome(citation.quote):
            first = capture.source.body.first_line
            self.problem(owner, (*fields, "quote"),
                         f"{where}: it is in the web-page chrome (lines 1\u2013{first - 1}), not in the document.",
                         "quote the document itself; the chrome is the archived site's banners and cookie notices.")
            return
        missing = next((p for p in parts if capture.find(p) is None), None)
        if len(parts) > 1 and missing is None:
            self.problem(owner, (*fields, "quote"), f"{where}: each part is there but not in this order.",
                         "the parts of a quote with '\u2026' must occur in the order given.")
            return
        line, passage, difference = capture.nearest(missing or parts[0])
        hint = f"nearest passage, line {line}: \"{_short(passage, 160)}\""
        if difference:
            hint += f" ({difference})"
        unseen = [c for c in invisible_characters(missing or parts[0]) if char_name(c) not in difference]
        if unseen:
            hint += f"; the quote contains {', '.join(map(char_name, unseen))}, invisible and never ignored"
        part = f" (the part \"{_short(missing)}\")" if len(parts) > 1 and missing else ""
        self.problem(owner, (*fields, "quote"), f"{where}{part}: \"{_short(citation.quote)}\".", hint + ".")

    # -- ids and references ----------------------------------------------------
    def check_ids(self) -> None:
        seen: dict[str, Model] = {}
        derived = [d for t in self.content.tables for d in t.derived]
        kinds: list[tuple[str, list[Any]]] = [("source", self.content.sources), ("fact", self.content.facts), ("fact", derived),
                 ("table", self.content.tables), ("finding", self.content.findings), ("question", self.content.questions),
                 ("entity", self.content.entities)]
        for kind, items in kinds:
            for item in items:
                ident = item.id
                if ident in seen:
                    first = seen[ident]
                    self.problem(item, ("id",), f"duplicate id '{ident}': {kind} ids must be unique across the briefing "
                                 f"(also used at {display_path(first.path)}:{first.line('id')}).", "rename one of them.")
                else:
                    seen[ident] = item

    def check_references(self) -> None:
        c = self.content
        facts = [f.id for f in c.facts] + [d.id for t in c.tables for d in t.derived]
        fact_set = set(facts)
        topics = [t.id for t in c.settings.topics] if c.settings else []
        entities = [e.id for e in c.entities]

        known = {"fact": facts, "topic": topics, "entity": entities}
        # Membership in sets (in the lists it was quadratic: 100x content took 15 s here); suggestions from the lists.
        known_set = {what: set(ids) for what, ids in known.items()}
        declared_in = {"topic": "content/briefing.yaml under topics", "entity": "content/entities.yaml", "fact": "content/facts/"}

        def check(owner: Model, fields: tuple[str | int, ...], ref: str, what: str) -> None:
            if ref not in known_set[what] and ref not in c.invalid_ids:
                self.problem(owner, fields, f"unknown {what} '{ref}'.", _suggest(ref, known[what]) or f"{what}s are declared in {declared_in[what]}.")

        # (owner, where its list of ids is, the ids, what they name)
        lists: list[tuple[Model, tuple[str | int, ...], list[str], str]] = []
        for fact in c.facts:
            lists += [(fact, ("topics",), fact.topics, "topic"), (fact, ("entities",), fact.entities, "entity")]
        for table in c.tables:
            lists.append((table, ("topics",), table.topics, "topic"))
            for d, derived in enumerate(table.derived):
                lists += [(table, ("derived", d, "topics"), derived.topics, "topic"),
                          (table, ("derived", d, "entities"), derived.entities, "entity")]
            lists += [(table, ("events", e, "topics"), event.topics, "topic") for e, event in enumerate(table.events)]
        for question in c.questions:
            lists += [(question, ("topics",), question.topics, "topic"), (question, ("answer",), question.answer, "fact")]
        for finding in c.findings:
            lists.append((finding, ("topics",), finding.topics, "topic"))
            lists += [(finding, ("sides", s, "facts"), side.facts, "fact") for s, side in enumerate(finding.sides)]
        for owner, where, refs, what in lists:
            for i, ref in enumerate(refs):
                check(owner, (*where, i), ref, what)
        markdown: list[tuple[Model, tuple[str | int, ...], str]] = [(f, ("analysis",), f.analysis) for f in c.findings]
        markdown += [(e, ("description",), e.description) for e in c.entities if e.description]
        markdown += [(t, ("description",), t.description) for t in c.tables if t.description]
        markdown += [(f, ("statement",), f.statement) for f in c.facts]
        markdown += [(q, ("note",), q.note) for q in c.questions if q.note]
        for owner, fields, text in markdown:
            for bad in malformed_markers(text):
                self.problem(owner, fields, f"malformed citation marker '{bad}'.",
                             "write [@fact-id] or [@a; @b]; in folded YAML (>-) do not break a line inside an id.")
            for ref in markers(text):
                if ref != EDITORIAL:
                    check(owner, fields, ref, "fact")
        for page in c.pages:
            for offset, bad in malformed_markers_by_line(page.body):
                self.problems.add(page.path, page.body_line + offset, f"malformed citation marker '{bad}'.",
                                  "write [@fact-id] or [@a; @b], with no line break inside.")
            for offset in uncited_paragraphs(page.body):
                self.problems.add(page.path, page.body_line + offset,
                                  "this paragraph cites no fact: every paragraph and list item must cite its evidence.",
                                  "add [@fact-id] after the claim, or mark the paragraph as our own words with [@editorial].")
            for number, line in enumerate(page.body.splitlines(), start=page.body_line):
                for ref in markers(line):
                    if ref != EDITORIAL and ref not in fact_set and ref not in c.invalid_ids:
                        self.problems.add(page.path, number, f"unknown fact '{ref}'.", _suggest(ref, facts) or "facts are in content/facts/.")

    # -- tables ----------------------------------------------------------------
    def check_table(self, table: Table) -> None:
        self.check_citation(table, ("citation",), table.citation)
        width = len(table.columns)
        problems_before = len(self.problems.items)
        for r, row in enumerate(table.rows):
            if len(row.values) != width:
                self.problem(table, ("rows", r, "values"),
                             f"table '{table.id}': row {_row_name(row.label, r)} has {len(row.values)} cell{'s' if len(row.values) != 1 else ''} "
                             f"but the table has {width} column{'s' if width != 1 else ''}.", "give one value per column; null for an empty cell.")
                return
            for c, (column, cell) in enumerate(zip(table.columns, row.values)):
                if cell is None:
                    continue
                if column.type == "number" and not isinstance(cell, int):
                    self.problem(table, ("rows", r, "values", c), f"table '{table.id}': '{column.name}' is a number column but row {_row_name(row.label, r)} has {cell!r}.")
                elif column.type == "date":
                    try:
                        parse_day(str(cell), column.format)
                    except DateError as exc:
                        self.problem(table, ("rows", r, "values", c), f"table '{table.id}': row {_row_name(row.label, r)}, column '{column.name}': {exc}")
        names = [c.name for c in table.columns]
        for e, event in enumerate(table.events):
            event_column = next((c for c in table.columns if c.name == event.column), None)
            if event_column is None or event_column.type != "date":
                self.problem(table, ("events", e, "column"),
                             f"table '{table.id}': events name column '{event.column}', which is not a date column of the table.",
                             _suggest(event.column, names) or "date columns have type: date.")
        match = self.evidence.matches.get(table.citation)
        capture = self.evidence.captures.get(table.citation.source)
        if match is not None and capture is not None and len(self.problems.items) == problems_before:
            self.check_rows(table, capture, match.last_line + 1)
        self.check_totals(table)

    def check_rows(self, table: Table, capture: Capture, start: int) -> None:
        lines = capture.lines()
        body = capture.body_lines()
        position = start

        @cache
        def cells_of(n: int) -> list[str]:  # only the lines looked at (a table is a few lines of a long document)
            return _cells(lines[n - 1])

        for r, row in enumerate(table.rows):
            wanted: list[object] = [row.label] if row.label is not None else []
            wanted += row.values
            found = next((n for n in range(position, body.stop) if _row_matches(wanted, cells_of(n))), None)
            if found is not None:
                position = found + 1
                continue
            candidates = [n for n in range(position, body.stop) if row.label is not None and cells_of(n)[:1] == [_text(row.label)]]
            near = candidates[0] if candidates else position if position in body and position >= start else None
            c = max(0, _first_mismatch(wanted, cells_of(near))) if near else 0
            field_path: tuple[str | int, ...] = ("rows", r, "values", c - (row.label is not None)) if c >= (row.label is not None) else ("rows", r, "label")
            shown = f"; source line {near} reads \"{_short(lines[near - 1].strip(), 120)}\"" if near else ""
            self.problem(table, field_path, f"table '{table.id}': row {_row_name(row.label, r)} does not match the source{shown}.",
                         "copy each cell exactly as printed, in order after the table's heading line.")
            return

    def check_totals(self, table: Table) -> None:
        if table.totals is None:
            return
        acknowledged = {d.total: d for d in table.discrepancies}
        used: set[str] = set()
        numbers = [c.type == "number" for c in table.columns]

        def compare(what: str, printed: int, computed: int, fields: tuple[str | int, ...]) -> None:
            if printed == computed:
                if what in acknowledged:
                    d = acknowledged[what]
                    self.problem(table, ("discrepancies", table.discrepancies.index(d)),
                                 f"table '{table.id}': a discrepancy is acknowledged for '{what}', but its total ({printed}) agrees with the rows.",
                                 "remove the acknowledgement.")
                    used.add(what)
                return
            if what in acknowledged:
                used.add(what)
                return
            described = "the printed grand total" if what == "grand" else f"the printed total of column '{what}'"
            self.problem(table, fields,
                         f"table '{table.id}': {described} is {printed} but the rows add up to {computed}.",
                         "check the transcription against the source; if the source itself is wrong, acknowledge it under "
                         f"discrepancies with total: '{what}' and a note.")

        if table.totals.columns:
            if len(table.totals.columns) != len(table.columns):
                self.problem(table, ("totals", "columns"), f"table '{table.id}': {len(table.totals.columns)} printed column totals for {len(table.columns)} columns.")
            else:
                for c, (column, printed) in enumerate(zip(table.columns, table.totals.columns)):
                    if printed is not None and numbers[c]:
                        computed = sum(v for row in table.rows if isinstance(v := row.values[c], int))
                        compare(column.name, printed, computed, ("totals", "columns", c))
        if table.totals.grand is not None:
            grand = table.totals.grand
            self.check_citation(table, ("totals", "grand", "citation"), grand.citation)
            if str(grand.value) not in re.findall(r"\d+", grand.citation.quote):
                self.problem(table, ("totals", "grand", "value"), f"table '{table.id}': the grand total {grand.value} is not in its quote.",
                             "quote the passage that prints the total.")
            computed = sum(v for row in table.rows for c, v in enumerate(row.values) if numbers[c] and isinstance(v, int))
            compare("grand", grand.value, computed, ("totals", "grand", "value"))
        for d in table.discrepancies:
            if d.total not in used:
                self.problem(table, ("discrepancies", table.discrepancies.index(d)),
                             f"table '{table.id}': the acknowledged discrepancy '{d.total}' names no printed total.",
                             "use a column name with a printed total, or 'grand'.")

    def check_findings(self) -> None:
        """A finding cross-references documents: its facts must come from at least two sources."""
        sources_of = {f.id: {c.source for c in f.citations} for f in self.content.facts}
        for table in self.content.tables:
            sources_of.update({d.id: {table.citation.source} for d in table.derived})
        for finding in self.content.findings:
            cited = {s for side in finding.sides for ref in side.facts for s in sources_of.get(ref, set())}
            known = all(ref in sources_of for side in finding.sides for ref in side.facts)
            if known and len(cited) < 2:
                self.problem(finding, ("sides",),
                             f"finding '{finding.id}' draws on only one source ({', '.join(sorted(cited)) or 'none'}).",
                             "a finding cross-references documents: add facts from at least one other source.")

    def run(self) -> Evidence:
        self.check_sources()
        self.check_ids()
        self.check_references()
        self.check_findings()
        for fact in self.content.facts:
            for i, citation in enumerate(fact.citations):
                self.check_citation(fact, ("citations", i), citation)
        for question in self.content.questions:
            self.check_citation(question, ("asked",), question.asked)
        for term in self.content.terms:
            if term.citation:
                self.check_citation(term, ("citation",), term.citation)
        for table in self.content.tables:
            self.check_table(table)
        return self.evidence


def _text(value: object) -> str:
    return normalise(str(value))


def _cells(line: str) -> list[str]:
    """A source line split into cells: at '|' where it has them, else at tabs and '=' signs."""
    if "|" in line:
        cells = line.split("|")
        if cells and not cells[-1].strip():
            cells = cells[:-1]
        return [_text(c) for c in cells]
    return [_text(c) for c in re.split(r"\t+", line) if _text(c) not in {"", "="}]


def _row_matches(wanted: Sequence[object], cells: list[str]) -> bool:
    """Each wanted cell equals the line's cell in the same position (None: an empty cell)."""
    return _first_mismatch(wanted, cells) < 0


def _first_mismatch(wanted: Sequence[object], cells: list[str]) -> int:
    for i, value in enumerate(wanted):
        cell = cells[i] if i < len(cells) else ""
        if cell != ("" if value is None else _text(value)):
            return i
    return -1


def _row_name(label: str | None, index: int) -> str:
    return f"'{label}'" if label else f"{index + 1}"


def verify(content: Content, problems: Problems) -> Evidence:
    return Verifier(content, problems).run()

