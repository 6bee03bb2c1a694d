"""The PDF briefing: the verified model as plain data, laid out by a Typst template.

``document()`` turns the Briefing into JSON-ready data; ``pdf/briefing.typ`` reads it with Typst's
``json()`` and lays it out. Content never becomes Typst code: Markdown fields arrive as runs of
text (``markdown.runs``) that the template prints as text, so ``#read(...)``, ``$math$``,
``<label>`` or ``@ref`` written in content appear as written. ``build_pdf()`` compiles with
Typst's bundled fonts and the charts' font shipped in ``briefing/fonts`` (never the machine's), as
PDF/UA-1, stamped with the content's own date, so the same content gives the same bytes anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import typst

from . import markdown
from .assemble import Briefing, Cited, Entry
from .charts import FONT_STACK, Chart, project_charts
from .dates import PartialDate, When
from .derive import computed_totals
from .errors import BriefingError
from .glyphs import FONT_DIR
from .schema import RELATION_WORDS, Caveat, Fact, Finding, Source, Table
from .site import STATUS, by_date
from .validate import LAYOUT, Page, term_id

TEMPLATE = Path(__file__).parent / "pdf" / "briefing.typ"
TEXT_WIDTH = (210 - 2 * 22) / 25.4 * 72
"""The template's text width in points (A4, 22 mm margins)."""
Data = dict[str, Any]
t = markdown.typographic  # plain-text fields get the curly quotes Markdown fields get

RELATIONS = {"contradicts": "Contradicts", "qualifies": "Qualifies", "supports": "Supports", "unanswered": "Unanswered"}
SOURCE_KINDS = {"foi-response": "FOI response", "slides": "Slides", "minutes": "Minutes", "press-release": "Press release",
                "report": "Report", "web-page": "Web page", "letter": "Letter", "other": "Document"}


class Document:
    """The data the template lays out. Each fact is printed once, numbered, in the fact register (in
    date order); everything else that lists facts (findings, key events, the topic index, the withheld
    answers, the bottom line) refers to them by number, and the template adds the page. Footnotes are
    collected once per cited passage (source, locator, quote) under a key: the template quotes the
    passage in full at its first citation and gives reference and locator at every later one."""

    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.facts = briefing.fact_by_id
        self.sources = briefing.source_by_id
        self.notes: dict[str, Data] = {}
        self._keys: dict[tuple[str, str, str], str] = {}
        self.register = by_date(briefing.facts)
        self.number = {f.id: n for n, f in enumerate(self.register, start=1)}
        """Each fact's number in the register: what every other part refers to it by."""
        self.caveat_number = {c.id: n for n, c in enumerate(briefing.caveats, start=1)}

    # -- citations ---------------------------------------------------------------------------
    def note(self, cited: Cited) -> str:
        """The key of the passage ``cited`` quotes; a passage not in the authority's own voice says whose words it is."""
        source, citation = cited.source, cited.citation
        ident = (source.id, citation.locator, citation.quote)
        if ident not in self._keys:
            key = f"n{len(self._keys) + 1}"
            self._keys[ident] = key
            self.notes[key] = {"ref": source.reference or t(source.title), "locator": t(citation.locator),
                               "quote": citation.quote, "cells": list(cited.cells) if cited.cells is not None else None, "url": source.url,
                               "voice": t(cited.voice_label) if cited.voice else None}
        return self._keys[ident]

    def notes_of(self, owner: str) -> list[str]:
        """The footnote keys of what supports a fact, a table or a glossary term."""
        return [self.note(c) for c in self.b.cited.get(owner, [])]

    def caveat_refs(self, caveats: list[Caveat]) -> list[int]:
        """Caveats are printed once, numbered, before the register; everything they apply to refers to them."""
        return [self.caveat_number[c.id] for c in caveats]

    def fact_refs(self, ids: list[str], ordered: bool = True) -> list[int]:
        """Facts by their numbers in the register, in its (date) order unless the order says something (a pair)."""
        numbers = list(dict.fromkeys(self.number[i] for i in ids if i in self.number))
        return sorted(numbers) if ordered else numbers

    def text(self, text: str, refs: bool = False) -> list[Data]:
        """Inline Markdown as runs, its [@fact-id] markers turned into the facts' footnotes (``refs``:
        into references to the facts' numbers in the register, as the bottom line gives them)."""
        return self.resolve(markdown.runs(text), refs)

    def resolve(self, runs: list[Data], refs: bool = False) -> list[Data]:
        out: list[Data] = []
        for run in runs:
            if "cite" in run:
                if out and "text" in out[-1] and set(out[-1]) <= {"text", "emph", "strong"}:
                    out[-1]["text"] = out[-1]["text"].rstrip()  # the marker follows the word it supports
                if markdown.EDITORIAL in run["cite"]:
                    out.append({"editorial": True})
                cited = [fact_id for fact_id in run["cite"] if fact_id != markdown.EDITORIAL]
                if refs:
                    if numbers := self.fact_refs(cited):
                        out.append({"facts": numbers})
                    continue
                keys = [key for fact_id in cited for key in self.notes_of(fact_id)]
                if keys:
                    out.append({"notes": keys})
                continue
            if not str(run.get("link", "")).startswith(("https://", "http://", "mailto:")):
                run.pop("link", None)  # a site-relative link means nothing on paper
            out.append(run)
        return out

    def blocks(self, blocks: list[Data]) -> list[Data]:
        """Blocks of a narrative page, their runs resolved like ``text``."""
        for block in blocks:
            if "runs" in block:
                block["runs"] = self.resolve(block["runs"])
            if block["kind"] == "heading":  # a heading is not a claim, and the outline must not carry footnotes
                block["runs"] = [r for r in block["runs"] if "text" in r]
            if block["kind"] == "table":
                block["header"] = [self.resolve(cell) for cell in block["header"]]
                block["rows"] = [[self.resolve(cell) for cell in row] for row in block["rows"]]
            for inner in ([block["blocks"]] if "blocks" in block else []) + block.get("items", []):
                self.blocks(inner)
        return blocks

    def page(self, page: Page) -> list[Data]:
        """A narrative page's blocks, without a leading level-1 heading (the section's own title replaces it)."""
        blocks = markdown.blocks(page.body)
        if blocks and blocks[0]["kind"] == "heading" and blocks[0]["level"] == 1:
            blocks = blocks[1:]
        return self.blocks(blocks)

    # -- the parts of the briefing ---------------------------------------------------------------
    def fact(self, fact: Fact) -> Data:
        """A fact as the register prints it, the one place its statement appears."""
        return {"number": self.number[fact.id], "date": fact.date.display() if fact.date else None, "kind": fact.kind,
                "key": fact.key_event, "text": self.text(fact.statement), "notes": self.notes_of(fact.id),
                "caveats": self.caveat_refs(self.b.caveats_of.get(fact.id, []))}

    def register_groups(self) -> list[Data]:
        """The register in date order, under a heading for each year (undated facts last)."""
        groups: list[Data] = []
        for fact in self.register:
            label = str(fact.date.sort_key()[0].year) if fact.date else "Undated"
            if not groups or groups[-1]["label"] != label:
                groups.append({"label": label, "facts": []})
            groups[-1]["facts"].append(self.fact(fact))
        return groups

    def finding(self, finding: Finding) -> Data:
        return {
            "id": finding.id,
            "title": t(finding.title),
            "relation": finding.relation,
            "relation_label": RELATIONS[finding.relation],
            "relation_words": t(RELATION_WORDS[finding.relation]),
            "analysis": self.text(finding.analysis),
            "pair": self.fact_refs(list(finding.pair), ordered=False),
            "sides": [{"label": t(side.label), "facts": self.fact_refs(list(side.facts))} for side in finding.sides],
            "caveats": self.caveat_refs(self.b.caveats_in([*finding.side_facts, *markdown.markers(finding.analysis)])),
            "replies": [{"to": t(r.to), "sent": r.sent.display() if r.sent else "", "question": self.text(r.question),
                         "response": self.text(r.response) if r.response else None,
                         "no_response_by": r.no_response_by.display() if r.no_response_by else None} for r in self.b.replies_to(finding.id)],
            "unreplied": bool(finding.subject and finding.relation in {"contradicts", "qualifies"} and not self.b.replies_to(finding.id)),
        }

    def bottom_line(self) -> Data:
        """Pages 1-2: the headline and standfirst, the lead findings with why each matters, the key
        figures, the questions to ask (the briefing's own words), then how to read the notes. The facts
        they rest on are referred to by number: their passages are quoted in the register."""
        s = self.b.settings
        by_id = {f.id: f for f in self.b.findings}
        why = {item.finding: item.why for item in s.lead_findings}
        chosen = [by_id[i] for i in why if i in by_id] if why else self.b.ranked_findings  # none named: every finding
        lead = [{"id": f.id, "title": t(f.title), "relation": f.relation, "relation_label": RELATIONS[f.relation],
                 "why": self.text(why[f.id], refs=True) if f.id in why else []} for f in chosen]
        return {
            "part": "bottom-line",
            "headline": t(s.headline) if s.headline else t(s.title),
            "standfirst": self.text(s.standfirst, refs=True) if s.standfirst else None,
            "lead": lead,
            "more": max(0, len(self.b.findings) - len(lead)),
            "figures": [{"figure": t(k.figure), "label": t(k.label), "facts": self.fact_refs([k.fact])} for k in s.key_figures],
            "questions": [{"question": self.text(q.question, refs=True), "facts": self.fact_refs(list(q.facts))} for q in s.questions_to_ask],
            "glance": self.at_a_glance(),
        }

    def table(self, table: Table) -> Data:
        notes = self.notes_of(table.id)
        totals = table.totals
        computed = computed_totals(table)
        source = self.b.cited[table.id][0]
        return {
            "id": table.id,
            "title": t(table.title),
            "description": self.text(table.description, refs=True) if table.description else None,
            "source": f"{source.source.reference or source.source.title}, {source.citation.locator}",
            "row_header": table.row_header or ("" if any(r.label for r in table.rows) else None),
            "columns": [{"name": c.name if c.printed else f"{c.name} (our heading: none printed)", "number": c.type in {"number", "total"}}
                        for c in table.columns],
            "rows": [{"label": (r.label or "") + (f" (period printed: {r.period.printed})" if r.period else ""),
                      "values": ["" if v is None else str(v) for v in r.values]} for r in table.rows],
            "period": t(table.period.printed) if table.period else None,
            "caveats": self.caveat_refs(self.b.caveats_of.get(table.id, [])),
            "totals": {"label": f"{totals.label or 'Total'} (as printed)", "values": ["" if v is None else str(v) for v in totals.columns]}
            if totals and totals.columns else
            {"label": "Total (computed by us, not printed)", "values": ["" if v is None else str(v) for v in computed]} if computed else None,
            "excluded": [{"row": e.row, "reason": t(e.reason)} for e in table.excluded],
            "notes": notes[:1],
            "checked": bool(totals),
            "grand": {"value": str(totals.grand.value), "notes": notes[1:]} if totals and totals.grand else None,
            "discrepancies": [{"total": d.total + (f", row {d.row}" if d.row else ""), "note": self.text(d.note, refs=True)} for d in table.discrepancies],
        }

    def chart(self, chart: Chart, tables: dict[str, Data]) -> Data:
        """A chart; drawn from a transcribed table, it is followed by that table (its data, printed once),
        otherwise by a table of what it draws, where facts are given by their number in the register."""
        columns, rows = list(chart.columns), [list(row) for row in chart.rows]
        if any(d.id == chart.id and d.kind == "periods" for d in self.b.charts):
            # each fact's number beside its bar's label and its period in words (not as ISO dates, nor its statement:
            # the register prints it)
            at = {column: i for i, column in enumerate(columns)}
            columns = ["Fact", "Bar", "Period"]
            rows = [[row[at["Fact"]], t(self.facts[str(row[at["Fact"]])].label or ""), row[at["Period"]]] for row in rows]
        for i in reversed(range(len(columns))):
            values = [row[i] for row in rows if row[i] is not None]
            if values and all(isinstance(v, str) and v in self.number for v in values):  # fact ids: their numbers
                for row in rows:
                    row[i] = None if row[i] is None else self.number[str(row[i])]
            elif values and all(isinstance(v, str) and v in self._statements for v in values):  # printed in the register
                columns.pop(i)
                for row in rows:
                    row.pop(i)
        cells = [[row[i] for row in rows if row[i] is not None] for i in range(len(columns))]
        numeric = [bool(column) and all(isinstance(v, (int, float)) for v in column) for column in cells]
        data: Data = {"title": t(chart.title), "svg": in_document_type(chart.svg), "width": natural_width(chart.svg), "alt": chart.alt,
                      "caption": self.text(chart.caption, refs=True),
                      "table": tables.pop(chart.table, None),
                      "columns": [{"name": str(c), "number": n} for c, n in zip(columns, numeric, strict=True)],
                      "rows": [{"label": "", "values": ["" if v is None else str(v) for v in row]} for row in rows],
                      "notes": self.notes_of(chart.table)[:1],
                      "caveats": self.caveat_refs(self.b.caveats_of.get(chart.table, []) if chart.table else
                                                  self.b.caveats_in(markdown.markers(chart.caption)))}
        return data

    @cached_property
    def _statements(self) -> set[str]:
        return {markdown.plain(f.statement) for f in self.b.facts}

    def entry(self, entry: Entry) -> Data:
        """A key event: a fact, by its number (the register states it), or a date from a table or a document's publication."""
        if entry.fact in self.number:
            fact = self.facts[entry.fact]
            return {"date": entry.when.display(), "kind": fact.kind, "fact": self.number[entry.fact], "event": event_name(fact),
                    "findings": self.findings_of.get(entry.fact, []), "text": None, "notes": []}
        kind = {"table": "table", "publication": "published"}.get(entry.kind, entry.kind)
        return {"date": entry.when.display(), "kind": kind, "fact": None, "event": None, "findings": [], "text": self.text(entry.text),
                "notes": [self.note(c) for c in entry.cited]}

    @cached_property
    def findings_of(self) -> dict[str, list[Data]]:
        """The findings (number in the ranking, id) whose sides set out each fact."""
        found: dict[str, list[Data]] = {}
        for n, finding in enumerate(self.b.ranked_findings, start=1):
            for fact_id in dict.fromkeys(finding.side_facts):
                found.setdefault(fact_id, []).append({"number": n, "id": finding.id})
        return found

    def index(self) -> list[Data]:
        """The topic index: under every topic a fact is filed under, its number."""
        by_topic: dict[str, list[int]] = {topic.id: [] for topic in self.b.settings.topics}
        other: list[int] = []
        for fact in self.register:
            for topic in fact.topics or [""]:
                by_topic.get(topic, other).append(self.number[fact.id])
        groups = [{"label": t(topic.label), "facts": by_topic[topic.id]} for topic in self.b.settings.topics if by_topic[topic.id]]
        return groups + ([{"label": "Other facts", "facts": other}] if other else [])

    def withheld(self) -> list[Data]:
        """The questions not answered in full, grouped by the response that records them; consecutive
        questions with the same status, exemptions and answer are one group, the answer said once. Each
        question is quoted where it is listed; what the response says is given by the facts' numbers."""
        groups: dict[str, Data] = {}
        for q in self.b.questions:
            if q.status == "answered":
                continue
            source = self.sources[q.asked.source]
            group = groups.setdefault(source.id, {"ref": source.reference or t(source.title), "title": t(source.title), "answers": []})
            answer = {"status": q.status, "status_label": STATUS[q.status], "exemptions": list(q.exemptions),
                      "answer": self.fact_refs(list(q.answer)), "note": self.text(q.note, refs=True) if q.note else None}
            asked = {"number": q.number, "asked": q.asked.quote}
            same = group["answers"][-1] if group["answers"] else None
            if same is not None and {k: same[k] for k in answer} == answer:
                same["questions"].append(asked)
            else:
                group["answers"].append({**answer, "questions": [asked]})
        return [groups[s.id] for s in self.b.sources if s.id in groups]

    def at_a_glance(self) -> list[list[str]]:
        """What the briefing rests on, in figures: label and value pairs for the summary."""
        b = self.b
        dates = sorted((s.published for s in b.sources), key=When.sort_key)
        rows = [["Documents", f"{len(b.sources)} archived" + (f", published {dates[0].display()} to {dates[-1].display()}" if dates else "")],
                ["Facts", f"{len(b.facts)}, with {sum(len(c) for c in b.cited.values())} quotations checked against the archived documents"]]
        if b.tables:
            rows.append(["Tables", f"{len(b.tables)} transcribed from the documents, printed totals checked"])
        if b.questions:
            by_status = Counter(q.status for q in b.questions)
            counts = ", ".join(f"{n} {STATUS[status].lower()}" for status, n in sorted(by_status.items(), key=lambda i: -i[1]))
            rows.append(["FOI questions", f"{len(b.questions)}: {counts}"])
        return rows

    def source(self, source: Source) -> Data:
        return {"ref": source.reference or "", "title": t(source.title), "authority": t(source.authority),
                "kind": SOURCE_KINDS[source.kind], "published": source.published.display(),
                "covers": source.covers.display() if source.covers else None, "url": source.url,
                "sha256": source.sha256, "caveats": [t(note) for note in source.notes]}

    def data(self, edition: str, version: str, charts: list[Chart]) -> Data:
        b, s = self.b, self.b.settings
        lang, _, region = s.language.partition("-")
        data: Data = {"meta": {
            "title": t(s.title), "subtitle": t(s.subtitle) if s.subtitle else None, "prepared_by": t(s.prepared_by), "date": edition, "version": version,
            "lang": lang.lower(), "region": region.upper() or None, "keywords": [t(topic.label) for topic in s.topics],
            "page_digits": len(str(len(b.facts) // 4 + 5)),  # about as many as the PDF has: this briefing, 39 pages for 182 facts
            "counts": {"sources": len(b.sources), "facts": len(b.facts), "tables": len(b.tables), "findings": len(b.findings),
                       "citations": sum(len(c) for c in b.cited.values())},
        }}
        # The parts in reading order; the template lays them out in this order, each one's fields in
        # the order they are written here, so that the first citation of each passage can be found.
        parts: list[Data] = [self.bottom_line()]
        parts += [{"part": "page", "title": t(p.meta.title), "blocks": self.page(p),
                   "caveats": self.caveat_refs(b.caveats_in(markdown.markers(p.body)))} for p in b.pages]
        if b.findings:
            parts.append({"part": "findings", "findings": [self.finding(f) for f in b.ranked_findings]})
        if key := [self.entry(e) for e in b.timeline if e.key]:
            parts.append({"part": "timeline", "entries": key})
        if b.caveats:
            parts.append({"part": "caveats", "caveats": [{"number": self.caveat_number[c.id], "text": self.text(c.text),
                                                          "notes": self.notes_of(f"caveat-{c.id}")} for c in b.caveats]})
        parts.append({"part": "register", "groups": self.register_groups()})
        parts.append({"part": "index", "topics": self.index()})
        if b.tables or charts:
            tables = {table.id: self.table(table) for table in b.tables}
            drawn = [self.chart(c, tables) for c in charts]
            parts.append({"part": "figures", "charts": drawn, "tables": list(tables.values())})
        if withheld := self.withheld():
            parts.append({"part": "withheld", "asked": len(b.questions),
                          "answered": sum(q.status == "answered" for q in b.questions), "requests": withheld})
        if b.terms or b.entities:
            parts.append({"part": "glossary",
                          "terms": [{"term": term.term, "meaning": t(term.meaning), "notes": self.notes_of(term_id(term))} for term in b.terms],
                          "entities": [{"name": t(e.name), "kind": e.kind, "aliases": list(e.aliases),
                                        "text": self.text(e.description, refs=True) if e.description else []} for e in b.entities]})
        parts.append({"part": "sources", "sources": [self.source(src) for src in b.sources]})
        data["parts"] = number_notes(parts)
        data["notes"] = self.notes
        return data


def event_name(fact: Fact, limit: int = 90) -> str:
    """What happened, as the key events name it: the fact's label, else its statement cut short at a word
    (always cut, so that the register stays the one place the statement is printed in full)."""
    if fact.label:
        return t(fact.label)
    words, kept = markdown.plain(fact.statement).split(), ""
    for word in words[:-1]:
        if len(kept) + len(word) + 1 > limit:
            break
        kept = f"{kept} {word}".lstrip()
    kept = (kept or words[0][: max(len(words[0]) - 1, 1)]).rstrip(",;:.–—")
    return kept + ("\u201d" if kept.count("\u201c") > kept.count("\u201d") else "") + "\u2026"


def in_document_type(svg: str) -> str:
    """The charts are measured and drawn in DejaVu Sans for the site; on paper their text is set in the
    document's own serif, a size up (it is narrower, so every label still fits where Vega placed it)."""
    return svg.replace('font-family="' + FONT_STACK + '"', 'font-family="Libertinus Serif"').replace('font-size="12px"', 'font-size="13px"')


def natural_width(svg: str) -> float:
    """The chart's width on paper in points (a CSS pixel is 0.75 pt), never wider than the text."""
    found = re.search(r'<svg[^>]*\swidth="([0-9.]+)"', svg)
    return min(float(found.group(1)) * 0.75, TEXT_WIDTH) if found else TEXT_WIDTH


SCOPES = {"requests", "findings", "facts", "blocks", "terms", "entities", "caveats", "charts", "tables", "entries"}
"""Lists whose every item is a unit a reader takes in at once: in one, a passage cited again carries the
number of its note there instead of another note."""


def number_notes(parts: list[Data]) -> list[Data]:
    """Decide, in reading order, how each citation shows: the first citation of a passage gets its
    footnote (reference, locator, quotation); a later one a short footnote (reference and locator),
    or, within one unit (``SCOPES``: a fact, a finding, a request's questions...), the number of the
    note that unit already has. Every ``"notes": [key, ...]`` becomes ``[{"key", "first": bool,
    "seen": n, "same": m or None}, ...]`` (the n-th citation of that passage, repeating the m-th); the
    template labels the first footnote ``note-KEY`` and each short one ``note-KEY-n``."""
    seen: Counter[str] = Counter()

    def mark(key: str, scope: dict[str, int]) -> Data:
        seen[key] += 1
        same = scope.get(key)
        scope.setdefault(key, seen[key])
        return {"key": key, "first": seen[key] == 1, "seen": seen[key], "same": same}

    def walk(node: Any, scope: dict[str, int], name: str = "") -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "notes":
                    node[key] = [mark(k, scope) for k in value]
                else:
                    walk(value, scope, key)
        elif isinstance(node, list):
            for item in node:
                walk(item, {} if name in SCOPES and isinstance(item, dict) else scope)

    walk(parts, {})
    return parts


def edition(briefing: Briefing) -> tuple[str, datetime]:
    """The date the PDF carries, shown and as its timestamp: ``SOURCE_DATE_EPOCH`` when set (``make
    site`` sets it to the last change to content/), otherwise the newest source's publication date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise BriefingError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}.") from None
        return PartialDate(moment.year, moment.month, moment.day).display(), moment
    latest = max((s.published for s in briefing.sources), key=When.sort_key, default=None)
    if latest is None:
        return "", datetime(1980, 1, 1, tzinfo=UTC)
    day = latest.sort_key()[1]
    return latest.display(), datetime(day.year, day.month, day.day, tzinfo=UTC)


def content_version(briefing: Briefing) -> str:
    """A short fingerprint of every content file and capture: two PDFs with the same version were
    built from the same content."""
    root = briefing.settings.path.parent
    files = {p: p.read_bytes() for pattern in LAYOUT for p in root.glob(pattern)}
    files.update({c.path: c.data for c in briefing.captures.values()})
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix().encode()
        digest.update(b"%d:%s%d:" % (len(name), name, len(files[path])) + files[path])
    return digest.hexdigest()[:12]


def document(briefing: Briefing, charts: list[Chart] | None = None) -> Data:
    """Everything the template shows, as JSON-ready data."""
    if charts is None:  # those of the project beside the content folder
        charts, _ = project_charts(briefing, briefing.settings.path.parent.parent)
    return Document(briefing).data(edition(briefing)[0], content_version(briefing), charts)


def build_pdf(briefing: Briefing, charts: list[Chart] | None = None) -> bytes:
    """The briefing as PDF bytes: A4, tagged PDF/UA-1, the project's fonts only, reproducible.
    ``charts`` defaults to those of the project's ``build_charts.py`` (beside the content folder, else the working folder's)."""
    data = document(briefing, charts)
    try:
        pdf, warnings = typst.compile_with_warnings(
            TEMPLATE, root=TEMPLATE.parent, font_paths=[FONT_DIR], ignore_system_fonts=True, pdf_standards=["ua-1"],
            sys_inputs={"briefing": json.dumps(data, ensure_ascii=False)}, timestamp=int(edition(briefing)[1].timestamp()),
        )
    except typst.TypstError as exc:
        raise BriefingError(f"the PDF could not be laid out: {exc.message} {' '.join(exc.hints)}".strip()) from exc
    if warnings:
        raise BriefingError("the PDF layout gave warnings: " + "; ".join(w.message for w in warnings))
    return pdf


def write_pdf(briefing: Briefing, path: Path, charts: list[Chart] | None = None) -> Path:
    """Build the PDF and write it at ``path`` (only once it is complete)."""
    return save_pdf(build_pdf(briefing, charts), path)


def save_pdf(pdf: bytes, path: Path) -> Path:
    """Write a built PDF at ``path``, replacing any earlier one only once it is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
