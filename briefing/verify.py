"""Stage 3: prove the content. Hashes of captures, quotes in documents, ids and references,
table rows against their source and printed totals against the rows."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .dates import DateError, parse_day
from .errors import Problems, display_path
from .errors import shorten as _short
from .markdown import EDITORIAL, malformed_markers, malformed_markers_by_line, markers, uncited_paragraphs
from .normalise import char_name, invisible_characters, normalise, quote_parts
from .schema import Citation, Model, Row, Table
from .sources import MAX_QUOTE_CHARS, Capture, CaptureProblem, Match, open_capture, voice_problems
from .validate import Content


@dataclass
class Evidence:
    """What verification established: each capture, and where each citation's quote is."""

    captures: dict[str, Capture] = field(default_factory=dict)
    matches: dict[Citation, Match] = field(default_factory=dict)
    row_lines: dict[tuple[str, int], int] = field(default_factory=dict)
    """The source line of each transcribed row: (table id, row index) -> line."""
    bad_voices: set[str] = field(default_factory=set)
    """Sources whose declared voices have a problem: their voices are not used by the framing checks."""


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


LABEL_LENGTH = 40
"""The longest short label of a fact (a periods chart's bar) that fits beside the chart."""


class Verifier:
    def __init__(self, content: Content, problems: Problems) -> None:
        self.content = content
        self.problems = problems
        self.evidence = Evidence()
        self._row_lines: dict[str, dict[str, int]] = {}

    def problem(self, model: Model, fields: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.problems.add(model.path, model.line(*fields), message, hint)

    # -- sources ---------------------------------------------------------------
    def check_sources(self) -> None:
        for source in self.content.sources:
            if source.path.stem != source.id:
                self.problem(source, ("id",), f"source id '{source.id}' differs from its file name '{source.path.name}'.",
                             f"rename the file to {source.id}.yaml or the id to '{source.path.stem}'.")
            try:
                self.evidence.captures[source.id] = capture = open_capture(source)
            except CaptureProblem as problem:  # not searched, not shown: its citations get no other message
                self.problem(source, problem.fields, problem.message, problem.hint)
                continue
            for wrong in voice_problems(source, capture):
                self.problem(source, wrong.fields, wrong.message, wrong.hint)
                self.evidence.bad_voices.add(source.id)

    # -- quotes ----------------------------------------------------------------
    def check_citation(self, owner: Model, fields: tuple[str | int, ...], citation: Citation) -> None:
        capture = self.evidence.captures.get(citation.source)
        if capture is None:
            if citation.source not in {s.id for s in self.content.sources} | self.content.invalid_ids:
                self.problem(owner, (*fields, "source"), f"unknown source '{citation.source}'.",
                             _suggest(citation.source, [s.id for s in self.content.sources]) or f"add the source under {display_path(self.content.root / 'sources')}/ first.")
            return
        if len(citation.quote) > MAX_QUOTE_CHARS:
            self.problem(owner, (*fields, "quote"),
                         f"the quote is {len(citation.quote):,} characters long; quotes over {MAX_QUOTE_CHARS:,} characters are not searched.",
                         "quote the passage that supports the claim, or cite it in shorter parts.")
            return
        match = capture.find(citation.quote)
        if match is not None:
            self.evidence.matches[citation] = match
            self.check_evidence(owner, (*fields, "quote"), citation, capture, match)
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

    def check_evidence(self, owner: Model, fields: tuple[str | int, ...], citation: Citation, capture: Capture, match: Match) -> None:
        """A found quote must also be evidence: within one row of a table, long enough, its elisions
        skipping no negation and no number."""
        lines = capture.lines()
        rows = [n for n in range(match.first_line, match.last_line + 1) if _is_row(lines[n - 1])]
        if len(rows) > 1:
            self.problem(owner, fields, f"the quote runs across rows of a table (source '{citation.source}', lines {rows[0]}\u2013{rows[-1]}).",
                         "a quote is evidence for one row: cite one row of cells, or the table's heading.")
            return
        quoted = " ".join(quote_parts(citation.quote))
        words = len(_WORD.findall(quoted))
        if words < MIN_WORDS and not (bool(rows) and match.first_line == match.last_line and normalise(lines[match.first_line - 1]) == quoted):
            # a short quote is evidence only as a whole row of a table: found as that row ("Irish |" is a row of
            # one table, and part of another's header row above it)
            row = self.row_lines(capture).get(quoted)
            if row is not None:
                start = capture.line_starts[row - 1]
                text = lines[row - 1]
                lead = len(text) - len(text.lstrip())
                self.evidence.matches[citation] = Match(((start + lead, start + len(text.rstrip())),), row, row)
                return
            self.problem(owner, fields, f"the quote \"{_short(citation.quote)}\" is too short to be evidence "
                         f"({words} word{'s' if words != 1 else ''}; at least {MIN_WORDS}).",
                         "quote the sentence that says it, or a whole row of a table.")
            return
        text = capture.text
        for (_, end), (start, _) in itertools.pairwise(match.spans):
            found = _NEGATION.search(text, end, start) or next((m for m in _NUMBER.finditer(text, end, start) if _is_figure(text, m)), None)
            if found:
                what = "the negation" if _NEGATION.fullmatch(found.group()) else "the number"
                around = normalise(text[max(end, found.start() - 40): min(start, found.end() + 40)])
                self.problem(owner, fields, f"the elision skips {what} '{found.group()}' on line {capture.line_of(found.start())} "
                             f"of source '{citation.source}': \"\u2026{around}\u2026\".",
                             "an elision may not leave out a negation or a number: quote that passage whole, or end the quote before it.")
                return

    def row_lines(self, capture: Capture) -> dict[str, int]:
        """The rows of cells of a capture's body: each normalised line, and its first line number."""
        rows = self._row_lines.get(capture.source.id)
        if rows is None:
            lines = capture.lines()
            rows = {}
            for n in capture.body_lines():
                if _is_row(lines[n - 1]):
                    rows.setdefault(normalise(lines[n - 1]), n)
            self._row_lines[capture.source.id] = rows
        return rows

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
        folder = display_path(c.root)
        declared_in = {"topic": f"{folder}/briefing.yaml under topics", "entity": f"{folder}/entities.yaml", "fact": f"{folder}/facts/"}

        def check(owner: Model, fields: tuple[str | int, ...], ref: str, what: str) -> None:
            if what == "topic" and c.settings is None:
                return  # briefing.yaml, where topics are declared, is missing or invalid: that is its one problem
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
        if c.settings:
            st = c.settings
            lists += [(st, ("key_figures", k, "fact"), [kf.fact], "fact") for k, kf in enumerate(st.key_figures)]
            lists += [(st, ("questions_to_ask", q, "facts"), ask.facts, "fact") for q, ask in enumerate(st.questions_to_ask)]
        for owner, where, refs, what in lists:
            for i, ref in enumerate(refs):
                check(owner, (*where, i), ref, what)
        markdown: list[tuple[Model, tuple[str | int, ...], str]] = [(f, ("analysis",), f.analysis) for f in c.findings]
        markdown += [(e, ("description",), e.description) for e in c.entities if e.description]
        markdown += [(t, ("description",), t.description) for t in c.tables if t.description]
        markdown += [(f, ("statement",), f.statement) for f in c.facts]
        markdown += [(q, ("note",), q.note) for q in c.questions if q.note]
        markdown += [(ch, ("caption",), ch.caption) for ch in c.charts if ch.caption]
        if c.settings:
            st = c.settings
            markdown += [(st, ("standfirst",), st.standfirst)] if st.standfirst else []
            markdown += [(st, ("lead_findings", n, "why"), lead.why) for n, lead in enumerate(st.lead_findings)]
            markdown += [(st, ("questions_to_ask", n, "question"), ask.question) for n, ask in enumerate(st.questions_to_ask)]
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
                        self.problems.add(page.path, number, f"unknown fact '{ref}'.", _suggest(ref, facts) or f"facts are in {display_path(c.root / 'facts')}/.")

    # -- tables ----------------------------------------------------------------
    def check_table(self, table: Table) -> None:
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
                if column.type in {"number", "total"} and not isinstance(cell, int):
                    self.problem(table, ("rows", r, "values", c), f"table '{table.id}': '{column.name}' is a {column.type} column but row {_row_name(row.label, r)} has {cell!r}.",
                                 "write the number in digits, as the source prints it (e.g. 12), or null for an empty cell.")
                elif column.type == "date":
                    try:
                        parse_day(str(cell), column.format)
                    except DateError as exc:
                        self.problem(table, ("rows", r, "values", c), f"table '{table.id}': row {_row_name(row.label, r)}, column '{column.name}': {exc}")
        cells_ok = len(self.problems.items) == problems_before
        names = [c.name for c in table.columns]
        for e, event in enumerate(table.events):
            event_column = next((c for c in table.columns if c.name == event.column), None)
            if event_column is None or event_column.type != "date":
                self.problem(table, ("events", e, "column"),
                             f"table '{table.id}': events name column '{event.column}', which is not a date column of the table.",
                             _suggest(event.column, names) or "date columns have type: date.")
        if table.computed_totals and table.totals and table.totals.columns:
            self.problem(table, ("computed_totals",), f"table '{table.id}': computed_totals is set, but the table also types a printed totals row.",
                         "keep one: the totals row the document prints (totals.columns), or the build's (computed_totals: true).")
        match = self.evidence.matches.get(table.citation)
        capture = self.evidence.captures.get(table.citation.source)
        printed_totals = None
        if match is not None and capture is not None and cells_ok:
            printed_totals = self.check_rows(table, capture, match)
        if cells_ok:  # a bad cell is its one problem, not also every total it is part of
            self.check_totals(table, printed_totals)

    def check_header(self, table: Table, line: str, head: int) -> None:
        """The cited line is the header row (its cells are the row header and the column names, as printed)
        or a heading (then no name is printed, and each column says so)."""
        if not _is_row(line):
            if table.row_header is not None:
                self.problem(table, ("row_header",), f"table '{table.id}': row_header '{table.row_header}' is not printed: the table cites "
                             f"a heading (source line {head}), not a header row.", "remove row_header, or cite the table's header row.")
            for c, column in enumerate(table.columns):
                if column.printed:
                    self.problem(table, ("columns", c, "name"), f"table '{table.id}': column '{column.name}' has no printed heading: the table "
                                 f"cites a heading (source line {head}), not a header row.",
                                 "mark the column printed: false (its name is then ours, and readers are told so), or cite the header row.")
            return
        cells = _cells(line)
        labelled = table.row_header is not None or any(r.label is not None for r in table.rows)
        headings: list[tuple[tuple[str | int, ...], str, str | None]] = [(("row_header",), "row_header", table.row_header)] if labelled else []
        headings += [(("columns", c, "name"), f"column '{column.name}'", column.name if column.printed else None)
                     for c, column in enumerate(table.columns)]
        for k, (fields, what, typed) in enumerate(headings):
            printed = cells[k] if k < len(cells) else ""
            if printed == ("" if typed is None else _text(typed)):
                continue
            if not printed:
                hint = "remove row_header" if fields[0] == "row_header" else "mark the column printed: false (its name is then ours, and readers are told so)"
                message = f"{what} is not printed: the header row (source line {head}) has no heading there"
            elif typed is None and fields[0] == "row_header":
                message, hint = f"the row labels are headed '{printed}' in the header row (source line {head})", f"set row_header: '{printed}'"
            elif typed is None:
                message, hint = f"{what} is marked printed: false, but the header row (source line {head}) prints '{printed}'", f"name the column '{printed}' and remove printed: false"
            else:
                message, hint = f"{what} is headed '{printed}' in the header row (source line {head})", "name it exactly as printed"
            self.problem(table, fields, f"table '{table.id}': {message}.", hint + ".")
        extra = [c for c in cells[len(headings):] if c]
        if extra:
            self.problem(table, ("columns",), f"table '{table.id}': the header row (source line {head}) prints {len(cells)} headings and the table has "
                         f"{len(headings)}: '{extra[0]}' is not transcribed.", "add the column, with its cell in every row, or cite the right header row.")

    def check_rows(self, table: Table, capture: Capture, match: Match) -> bool | None:
        """Every printed row, in order after the cited header or heading, is transcribed or excluded with a
        reason. The printed table starts on the first line after the citation that is not blank and ends at
        its totals row, at a line that is not a row of cells (a blank line too), or at the header another table cites. Returns whether the typed totals row is printed
        (None when there is none, or the rows could not be checked)."""
        lines = capture.lines()
        body = capture.body_lines()
        head = match.last_line
        heads = {cited.last_line for t in self.content.tables
                 if t.citation.source == table.citation.source and (cited := self.evidence.matches.get(t.citation))}
        totals = table.totals if table.totals and table.totals.columns else None
        typed_totals: list[object] = ([totals.label] if totals.label else []) + list(totals.columns) if totals else []
        printed: list[int] = []
        n = head + 1
        while n in body and n not in heads and (_is_row(lines[n - 1]) or not (printed or lines[n - 1].strip())):
            if lines[n - 1].strip():
                printed.append(n)
                if totals and _is_totals(_cells(lines[n - 1]), totals.label):
                    break
            n += 1
        rows = table.rows
        if not printed:
            after = next((m for m in range(head + 1, body.stop) if lines[m - 1].strip()), None)
            shown = f": source line {after} reads \"{_short(lines[after - 1].strip(), 120)}\"" if after else ""
            self.problem(table, ("citation", "quote"), f"table '{table.id}': no printed row follows its citation (source line {head}){shown}.",
                         "cite the table's header row, or the heading line directly above its rows.")
            return None
        self.check_header(table, lines[head - 1], head)
        cells = {m: _cells(lines[m - 1]) for m in printed}
        wanted = [_wanted(row) for row in rows]
        excluded = {_text(e.row): e for e in table.excluded}
        used: set[str] = set()
        totals_line: int | None = None
        totals_found = False
        i = 0
        for k, m in enumerate(printed):
            if i < len(rows) and _row_matches(wanted[i], cells[m]):
                self.evidence.row_lines[(table.id, i)] = m
                period = rows[i].period
                if period is not None and normalise(period.printed) not in normalise(lines[m - 1]):
                    self.problem(table, ("rows", i, "period", "printed"),
                                 f"table '{table.id}': row {_row_name(rows[i].label, i)} gives the period \"{_short(period.printed)}\", "
                                 f"which is not printed on its line; source line {m} reads \"{_short(lines[m - 1].strip(), 120)}\".",
                                 "copy the period exactly as printed beside the row; a row with no printed period has none.")
                i += 1
                continue
            key = next((key for key in (cells[m][0] if cells[m] else "", normalise(lines[m - 1])) if key in excluded and key not in used), None)
            if key is not None:
                used.add(key)
                continue
            if totals and _is_totals(cells[m], totals.label):
                totals_line, totals_found = m, _row_matches(typed_totals, cells[m])
                continue
            if i < len(rows) and not any(_row_matches(wanted[i], cells[later]) for later in printed[k + 1:]):
                self.row_mismatch(table, i, m, lines[m - 1])
                return None
            where = f", before row {_row_name(rows[i].label, i)}" if i < len(rows) else ", after the last row"
            hint = ("it is the totals row: type it under totals (label and columns), as printed" if _is_totals(cells[m], None)
                    else f"transcribe it in order{where}, or list it under excluded with a reason (shown to readers)")
            self.problem(table, ("rows", min(i, len(rows) - 1)),
                         f"table '{table.id}': the printed row on source line {m} is not transcribed: \"{_short(lines[m - 1].strip(), 120)}\".", hint + ".")
            return None
        if table.period is not None:
            near = range(max(body.start, head - 1), min(body.stop, printed[-1] + 3))
            if not any(normalise(table.period.printed) in normalise(lines[n - 1]) for n in near):
                self.problem(table, ("period", "printed"),
                             f"table '{table.id}': the period \"{_short(table.period.printed)}\" is not printed with the table "
                             f"(source lines {near.start}\u2013{near.stop - 1}).",
                             "copy the period exactly as printed in the table's heading or on the lines just after it.")
        if i < len(rows):
            self.problem(table, ("rows", i, "label") if rows[i].label is not None else ("rows", i),
                         f"table '{table.id}': row {_row_name(rows[i].label, i)} does not match the source: the printed table ends on source line {printed[-1]}.",
                         "copy each cell exactly as printed, in order after the table's heading line; remove a row the document does not print.")
            return None
        for e, entry in enumerate(table.excluded):
            if _text(entry.row) not in used:
                self.problem(table, ("excluded", e, "row"), f"table '{table.id}': the excluded row '{entry.row}' is not a printed row of the table.",
                             "name the row by its label (its first cell) or by the whole line, as printed.")
        if totals is None:
            return None
        if not totals_found:
            shown = f"; source line {totals_line} reads \"{_short(lines[totals_line - 1].strip(), 120)}\"" if totals_line else ""
            self.problem(table, ("totals", "columns"),
                         f"table '{table.id}': the totals row ({' | '.join('' if v is None else str(v) for v in typed_totals)}) is not printed in the document{shown}.",
                         "copy the printed totals row exactly; if the document prints none, remove totals.columns "
                         "(computed_totals: true shows totals computed by the build, labelled as ours).")
        return totals_found

    def row_mismatch(self, table: Table, r: int, near: int, line: str) -> None:
        row = table.rows[r]
        labelled = row.label is not None
        c = max(0, _first_mismatch(_wanted(row), _cells(line)))
        fields: tuple[str | int, ...] = ("rows", r, "values", c - labelled) if c >= labelled else ("rows", r, "label")
        self.problem(table, fields, f"table '{table.id}': row {_row_name(row.label, r)} does not match the source; source line {near} reads \"{_short(line.strip(), 120)}\".",
                     "copy each cell exactly as printed, in order after the table's heading line.")

    def check_totals(self, table: Table, printed_totals: bool | None) -> None:
        """Printed totals against the rows: a Total column against its row's number cells, the totals row
        against its columns, the grand total against every number cell. An acknowledged discrepancy
        silences its own total only (a Total column's: one row)."""
        acknowledged = {(d.total, d.row): d for d in table.discrepancies}
        used: set[tuple[str, str | None]] = set()
        numbers = [c.type == "number" for c in table.columns]
        every = sum(v for row in table.rows for c, v in enumerate(row.values) if numbers[c] and isinstance(v, int))

        def compare(what: str, printed: int, computed: int, fields: tuple[str | int, ...], row: str | None = None) -> None:
            key = (what, row)
            named = f"'{what}'" + (f", row '{row}'" if row else "")
            if printed == computed:
                if key in acknowledged:
                    self.problem(table, ("discrepancies", table.discrepancies.index(acknowledged[key])),
                                 f"table '{table.id}': a discrepancy is acknowledged for {named}, but its total ({printed}) agrees with the rows.",
                                 "remove the acknowledgement.")
                    used.add(key)
                return
            if key in acknowledged:
                used.add(key)
                return
            if row:
                described, adds, also = f"the printed total of row '{row}' (column '{what}')", "its cells add up to", f" and row: '{row}'"
            else:
                described = "the printed grand total" if what == "grand" else f"the printed total of column '{what}'"
                adds, also = "the rows add up to", ""
            self.problem(table, fields, f"table '{table.id}': {described} is {printed} but {adds} {computed}.",
                         "check the transcription against the source; if the source itself is wrong, acknowledge it under "
                         f"discrepancies with total: '{what}'{also} and a note.")

        for c, column in enumerate(table.columns):
            if column.type == "total":
                for r, row in enumerate(table.rows):
                    if isinstance(printed := row.values[c], int):
                        computed = sum(v for v, n in zip(row.values, numbers) if n and isinstance(v, int))
                        compare(column.name, printed, computed, ("rows", r, "values", c), row.label or str(r + 1))
        totals = table.totals
        if totals and totals.columns and printed_totals is not False:
            if len(totals.columns) != len(table.columns):
                self.problem(table, ("totals", "columns"), f"table '{table.id}': {len(totals.columns)} printed column totals for {len(table.columns)} columns.")
            else:
                for c, (column, printed) in enumerate(zip(table.columns, totals.columns)):
                    if printed is not None and column.type in {"number", "total"}:
                        computed = every if column.type == "total" else sum(v for row in table.rows if isinstance(v := row.values[c], int))
                        compare(column.name, printed, computed, ("totals", "columns", c))
        if totals and totals.grand is not None:
            grand = totals.grand
            self.check_citation(table, ("totals", "grand", "citation"), grand.citation)
            if grand.value not in _whole_numbers(grand.citation.quote):
                self.problem(table, ("totals", "grand", "value"), f"table '{table.id}': the grand total {grand.value} is not in its quote.",
                             "quote the passage that prints the total.")
            compare("grand", grand.value, every, ("totals", "grand", "value"))
        for d in table.discrepancies:
            if (d.total, d.row) not in used:
                named = f"'{d.total}'" + (f", row '{d.row}'" if d.row else "")
                self.problem(table, ("discrepancies", table.discrepancies.index(d)),
                             f"table '{table.id}': the acknowledged discrepancy {named} names no printed total.",
                             "use a column name with a printed total, or 'grand'" + ("; for a row, a Total column's row label or number." if d.row else "."))

    def check_findings(self) -> None:
        """A finding cross-references documents: its facts must come from at least ``finding_sources`` sources
        (briefing.yaml; 2 by default). Drawn from one document, where allowed, it compares two of its passages."""
        settings = self.content.settings
        least = settings.finding_sources if settings else 2
        sources_of = {f.id: {c.source for c in f.citations} for f in self.content.facts}
        passages_of = {f.id: {(c.source, c.quote) for c in f.citations} for f in self.content.facts}
        for table in self.content.tables:
            sources_of.update({d.id: {table.citation.source} for d in table.derived})
            passages_of.update({d.id: {(table.citation.source, table.citation.quote)} for d in table.derived})
        for finding in self.content.findings:
            refs = finding.side_facts
            cited = {s for ref in refs for s in sources_of.get(ref, set())}
            passages = {p for ref in refs for p in passages_of.get(ref, set())}
            if not all(ref in sources_of for ref in refs):
                continue
            if len(cited) < least:
                where = display_path(settings.path) if settings else "briefing.yaml"
                some = "only one source" if len(cited) == 1 else f"only {len(cited)} sources"
                self.problem(finding, ("sides",),
                             f"finding '{finding.id}' draws on {some} ({', '.join(sorted(cited))}); findings draw on at least {least} "
                             f"(finding_sources in {where}).",
                             "a finding cross-references documents: add facts from another source"
                             + (f", or set 'finding_sources: 1' in {where} to let a finding compare passages of one document."
                                if len(cited) == 1 else "."))
            elif len(passages) < 2:
                self.problem(finding, ("sides",), f"finding '{finding.id}' compares only one passage.",
                             "a finding drawn from one document compares two of its passages: add a fact citing another passage.")

    def check_charts(self) -> None:
        """Each declared chart draws what its kind needs: a table with such columns, or dated facts."""
        c = self.content
        tables = {t.id: t for t in c.tables}
        facts = {f.id: f for f in c.facts}
        topics = [t.id for t in c.settings.topics] if c.settings else None
        seen: set[str] = set()
        for chart in c.charts:
            name = f"chart '{chart.id}'"
            if chart.id in seen:
                self.problem(chart, ("id",), f"{name} is declared twice.", "give each chart its own id.")
            seen.add(chart.id)
            if chart.kind == "periods":
                self._check_periods(chart, name, facts, topics)
                continue
            for unused in ("topic", "facts"):
                if getattr(chart, unused):
                    self.problem(chart, (unused,), f"{name}: a {chart.kind} chart draws a table, not '{unused}'.",
                                 f"remove '{unused}' (only a periods chart draws facts).")
            if chart.table is None:
                self.problem(chart, ("kind",), f"{name}: a {chart.kind} chart draws a table; it names none.",
                             "add 'table: <table id>' (the tables are in " + display_path(c.root / "tables") + "/).")
                continue
            table = tables.get(chart.table)
            if table is None:
                if chart.table not in c.invalid_ids:
                    self.problem(chart, ("table",), f"{name}: unknown table '{chart.table}'.",
                                 _suggest(chart.table, list(tables)) or f"tables are in {display_path(c.root / 'tables')}/.")
                continue
            self._check_chart_columns(chart, name, table)

    def _check_periods(self, chart: Any, name: str, facts: dict[str, Any], topics: list[str] | None) -> None:
        if chart.table is not None:
            self.problem(chart, ("table",), f"{name}: a periods chart draws dated facts, not a table.",
                         "remove 'table', and name the facts with 'topic' or 'facts'.")
        if chart.title is None:
            self.problem(chart, ("kind",), f"{name}: a periods chart needs a title.", "add 'title: ...'.")
        if chart.topic is None and not chart.facts:
            self.problem(chart, ("kind",), f"{name}: a periods chart draws the facts of a topic, or facts you list; it names neither.",
                         "add 'topic: <topic id>' or 'facts: [<fact id>, ...]'.")
        if chart.topic is not None and topics is not None and chart.topic not in topics:
            self.problem(chart, ("topic",), f"{name}: unknown topic '{chart.topic}'.",
                         _suggest(chart.topic, topics) or f"topics are declared in {display_path(self.content.root / 'briefing.yaml')}.")
        for fact in (f for f in facts.values() if chart.draws(f)):
            if not fact.label:
                self.problem(fact, ("statement",), f"fact '{fact.id}' is drawn by {name} but has no label: a whole statement is too long to name a bar.",
                             f"add 'label: <a few words>' to the fact (at most {LABEL_LENGTH} characters, e.g. 'Short attachments').")
            elif len(fact.label) > LABEL_LENGTH:
                self.problem(fact, ("label",), f"fact '{fact.id}': the label has {len(fact.label)} characters; a bar of {name} shows at most {LABEL_LENGTH}.",
                             "name the period in a few words; the statement says the rest.")
        for i, ref in enumerate(chart.facts):
            fact = facts.get(ref)
            if fact is None:
                if ref not in self.content.invalid_ids:
                    self.problem(chart, ("facts", i), f"{name}: unknown fact '{ref}'.",
                                 _suggest(ref, list(facts)) or f"facts are in {display_path(self.content.root / 'facts')}/.")
            elif fact.date is None or fact.date.kind == "on":
                self.problem(chart, ("facts", i), f"{name}: fact '{ref}' has no period (a range, 'since' or 'before' date) to draw.",
                             "list facts dated as periods, e.g. 'date: 2021-08/2022-12' or 'date: since 2020-05'.")

    def _check_chart_columns(self, chart: Any, name: str, table: Table) -> None:
        by_name = {col.name: col for col in table.columns}
        for i, column in enumerate(chart.columns):
            if column not in by_name:
                self.problem(chart, ("columns", i), f"{name}: table '{table.id}' has no column '{column}'.",
                             _suggest(column, list(by_name)) or f"its columns: {', '.join(by_name)}.")
        named = [by_name[n] for n in chart.columns if n in by_name]
        if len(named) < len(chart.columns):
            return
        if chart.kind == "dots-with-intervals":
            dates = named or [col for col in table.columns if col.type == "date"]
            if len(dates) != 2 or any(col.type != "date" for col in dates):
                self.problem(chart, ("columns",) if chart.columns else ("kind",),
                             f"{name}: a dots-with-intervals chart draws two date columns of table '{table.id}'.",
                             "name them: 'columns: [<first date column>, <second date column>]'.")
            return
        numbers = named or [col for col in table.columns if col.type == "number"]
        wrong = [col.name for col in numbers if col.type != "number"]
        if wrong:
            self.problem(chart, ("columns",), f"{name}: column '{wrong[0]}' of table '{table.id}' is not a number column.",
                         "draw number columns only (a Total column is never charted).")
        elif not numbers:
            self.problem(chart, ("kind",), f"{name}: table '{table.id}' has no number column to draw.",
                         "chart a table with number columns (for two date columns: 'kind: dots-with-intervals').")
        elif chart.kind == "bars" and len(numbers) > 1:
            self.problem(chart, ("columns",) if chart.columns else ("kind",),
                         f"{name}: a bars chart draws one column; table '{table.id}' has {len(numbers)}.",
                         "name the one to draw with 'columns: [<column>]', or use grouped-bars, stacked-bars or small-multiples.")

    def run(self) -> Evidence:
        self.check_sources()
        self.check_ids()
        self.check_references()
        self.check_findings()
        self.check_charts()
        for fact in self.content.facts:
            for i, citation in enumerate(fact.citations):
                self.check_citation(fact, ("citations", i), citation)
        for question in self.content.questions:
            self.check_citation(question, ("asked",), question.asked)
        for term in self.content.terms:
            if term.citation:
                self.check_citation(term, ("citation",), term.citation)
        for caveat in self.content.caveats:
            if caveat.citation:
                self.check_citation(caveat, ("citation",), caveat.citation)
        for table in self.content.tables:  # every table's citation first: one table ends where the next one's header is
            self.check_citation(table, ("citation",), table.citation)
        for table in self.content.tables:
            self.check_table(table)
        return self.evidence


MIN_WORDS = 3
"""The fewest words a quote may have, unless it is a whole row of a table."""
_WORD = re.compile(r"\w+")
_NEGATION = re.compile(r"\b(?:no|not|never|neither|nor|none|without|unable|cannot)\b|n['\u2019]t\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_ITEM = re.compile(r"[ \t]*\d{1,2}[.)]\s")


def _is_figure(text: str, number: re.Match[str]) -> bool:
    """Whether a number an elision skips is a figure: not the digit of a name such as 'Q2', nor a list
    item's own number ('2. Since ...' at the start of a line)."""
    at = number.start()
    if at and text[at - 1].isalpha():
        return False
    line_start = text.rfind("\n", 0, at) + 1
    return not (_LIST_ITEM.match(text, line_start) and not text[line_start:at].strip())


_WHOLE_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d]|[.,]\d)")


def _whole_numbers(text: str) -> set[int]:
    """The whole numbers written in ``text``: '1,115' is 1115; '88.5' and the '88' of '188' are none."""
    return {int(m.replace(",", "")) for m in _WHOLE_NUMBER.findall(text)}


def _is_row(line: str) -> bool:
    """Whether a source line is a row of table cells (split at '|' or at tabs)."""
    return bool(line.strip()) and ("|" in line or "\t" in line.strip())


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


def _wanted(row: Row) -> list[object]:
    """The cells a row's source line must have: its label, then its values."""
    return ([row.label] if row.label is not None else []) + list(row.values)


def _is_totals(cells: list[str], label: str | None) -> bool:
    """Whether a row of cells is the totals row (its first cell the label, or else a 'Total...')."""
    first = cells[0] if cells else ""
    return first == _text(label) if label else first.lower().startswith("total")


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

