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
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typst

from . import markdown
from .assemble import Briefing, Entry
from .charts import Chart, project_charts
from .dates import PartialDate, When
from .derive import computed_totals
from .errors import BriefingError
from .glyphs import FONT_DIR
from .schema import RELATIONS as RELATION_MEANINGS
from .schema import Caveat, Citation, Fact, Finding, Source, Table
from .site import STATUS, facts_by_topic
from .validate import LAYOUT, Page, term_id

TEMPLATE = Path(__file__).parent / "pdf" / "briefing.typ"
Data = dict[str, Any]
t = markdown.typographic  # plain-text fields get the curly quotes Markdown fields get

RELATIONS = {"contradicts": "Contradicts", "qualifies": "Qualifies", "supports": "Supports", "unanswered": "Unanswered"}
SOURCE_KINDS = {"foi-response": "FOI response", "slides": "Slides", "minutes": "Minutes", "press-release": "Press release",
                "report": "Report", "web-page": "Web page", "letter": "Letter", "other": "Document"}


class Document:
    """The data the template lays out. Footnotes are collected once per cited passage (source,
    locator, quote) under a key; the template numbers them and refers repeats back to the first."""

    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.facts = briefing.fact_by_id
        self.sources = briefing.source_by_id
        self.notes: dict[str, Data] = {}
        self._keys: dict[tuple[str, str, str], str] = {}

    # -- citations ---------------------------------------------------------------------------
    def note(self, source: Source, citation: Citation, voice: str | None = None) -> str:
        ident = (source.id, citation.locator, citation.quote)
        if ident not in self._keys:
            key = f"n{len(self._keys) + 1}"
            self._keys[ident] = key
            self.notes[key] = {"ref": source.reference or t(source.title), "locator": t(citation.locator),
                               "quote": citation.quote, "url": source.url, "voice": voice}
        return self._keys[ident]

    def notes_of(self, owner: str) -> list[str]:
        """The footnote keys of what supports a fact, a table or a glossary term; a passage not in the
        authority's own voice says whose words it is."""
        return [self.note(c.source, c.citation, t(c.voice_label) if c.voice else None) for c in self.b.cited.get(owner, [])]

    def caveats(self, caveats: list[Caveat]) -> list[list[Data]]:
        return [self.text(c.text) + ([{"notes": self.notes_of(f"caveat-{c.id}")}] if f"caveat-{c.id}" in self.b.cited else [])
                for c in caveats]

    def text(self, text: str) -> list[Data]:
        """Inline Markdown as runs, its [@fact-id] markers turned into the facts' footnotes."""
        return self.resolve(markdown.runs(text))

    def resolve(self, runs: list[Data]) -> list[Data]:
        out: list[Data] = []
        for run in runs:
            if "cite" in run:
                if out and "text" in out[-1] and set(out[-1]) <= {"text", "emph", "strong"}:
                    out[-1]["text"] = out[-1]["text"].rstrip()  # the marker follows the word it supports
                if markdown.EDITORIAL in run["cite"]:
                    out.append({"editorial": True})
                keys = [key for fact_id in run["cite"] if fact_id != markdown.EDITORIAL for key in self.notes_of(fact_id)]
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
        return {"date": fact.date.display() if fact.date else None, "kind": fact.kind,
                "text": self.text(fact.statement), "notes": self.notes_of(fact.id),
                "caveats": self.caveats(self.b.caveats_of.get(fact.id, []))}

    def finding(self, finding: Finding) -> Data:
        return {
            "id": finding.id,
            "title": t(finding.title),
            "relation": finding.relation,
            "relation_label": RELATIONS[finding.relation],
            "definition": t(RELATION_MEANINGS[finding.relation]),
            "analysis": self.text(finding.analysis),
            "pair": [self.text(self.facts[i].statement) for i in finding.pair if i in self.facts],
            "sides": [{"label": t(side.label), "facts": [self.fact(self.facts[i]) for i in side.facts if i in self.facts]}
                      for side in finding.sides],
            "caveats": self.caveats(self.b.caveats_in([*(i for side in finding.sides for i in side.facts), *markdown.markers(finding.analysis)])),
            "replies": [{"to": t(r.to), "sent": r.sent.display() if r.sent else "", "question": self.text(r.question),
                         "response": self.text(r.response) if r.response else None,
                         "no_response_by": r.no_response_by.display() if r.no_response_by else None} for r in self.b.replies_to(finding.id)],
            "unreplied": bool(finding.subject and finding.relation in {"contradicts", "qualifies"} and not self.b.replies_to(finding.id)),
        }

    def key_findings(self) -> list[Data]:
        leads = {lead.finding for lead in self.b.settings.lead_findings}  # each one a finding: validate.check_settings
        chosen = [f for f in self.b.ranked_findings if f.id in leads] or self.b.ranked_findings
        return [{"id": f.id, "title": t(f.title), "relation": f.relation, "relation_label": RELATIONS[f.relation]} for f in chosen]

    def table(self, table: Table) -> Data:
        notes = self.notes_of(table.id)
        totals = table.totals
        computed = computed_totals(table)
        source = self.b.cited[table.id][0]
        return {
            "title": t(table.title),
            "description": self.text(table.description) if table.description else None,
            "source": f"{source.source.reference or source.source.title}, {source.citation.locator}",
            "row_header": table.row_header or ("" if any(r.label for r in table.rows) else None),
            "columns": [{"name": c.name if c.printed else f"{c.name} (our heading: none printed)", "number": c.type in {"number", "total"}}
                        for c in table.columns],
            "rows": [{"label": (r.label or "") + (f" (period printed: {r.period.printed})" if r.period else ""),
                      "values": ["" if v is None else str(v) for v in r.values]} for r in table.rows],
            "period": t(table.period.printed) if table.period else None,
            "caveats": self.caveats(self.b.caveats_of.get(table.id, [])),
            "totals": {"label": f"{totals.label or 'Total'} (as printed)", "values": ["" if v is None else str(v) for v in totals.columns]}
            if totals and totals.columns else
            {"label": "Total (computed by us, not printed)", "values": ["" if v is None else str(v) for v in computed]} if computed else None,
            "excluded": [{"row": e.row, "reason": t(e.reason)} for e in table.excluded],
            "notes": notes[:1],
            "checked": bool(totals),
            "grand": {"value": str(totals.grand.value), "notes": notes[1:]} if totals and totals.grand else None,
            "discrepancies": [{"total": d.total + (f", row {d.row}" if d.row else ""), "note": self.text(d.note)} for d in table.discrepancies],
        }

    def chart(self, chart: Chart) -> Data:
        cells = [[row[i] for row in chart.rows if row[i] is not None] for i in range(len(chart.columns))]
        numeric = [bool(column) and all(isinstance(v, (int, float)) for v in column) for column in cells]
        return {"title": t(chart.title), "svg": chart.svg, "alt": chart.alt, "caption": self.text(chart.caption),
                "columns": [{"name": str(c), "number": n} for c, n in zip(chart.columns, numeric, strict=True)],
                "rows": [{"label": "", "values": ["" if v is None else str(v) for v in row]} for row in chart.rows],
                "notes": self.notes_of(chart.table)[:1],
                "caveats": self.caveats(self.b.caveats_of.get(chart.table, []) if chart.table else
                                        self.b.caveats_in(markdown.markers(chart.caption)))}

    def entry(self, entry: Entry) -> Data:
        """A timeline entry: a dated fact, a date from a table, or a document's publication."""
        kind = self.facts[entry.fact].kind if entry.fact in self.facts else {"table": "table", "publication": "published"}[entry.kind]
        return {"date": entry.when.display(), "kind": kind, "text": self.text(entry.text),
                "notes": [self.note(c.source, c.citation, t(c.voice_label) if c.voice else None) for c in entry.cited],
                "caveats": self.caveats(self.b.caveats_of.get(entry.fact or entry.table or "", []))}

    def withheld(self) -> list[Data]:
        """The questions not answered in full, grouped by the response that records them."""
        groups: dict[str, Data] = {}
        for q in self.b.questions:
            if q.status == "answered":
                continue
            source = self.sources[q.asked.source]
            group = groups.setdefault(source.id, {"ref": source.reference or t(source.title), "title": t(source.title), "questions": []})
            group["questions"].append({
                "number": q.number, "status": q.status, "status_label": STATUS[q.status], "exemptions": list(q.exemptions),
                "asked": q.asked.quote, "notes": self.notes_of(q.id),
                "answer": [self.fact(self.facts[i]) for i in q.answer if i in self.facts],
                "note": self.text(q.note) if q.note else None,
            })
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
                "capture": source.capture, "sha256": source.sha256, "caveats": [t(note) for note in source.notes]}

    def data(self, edition: str, version: str, charts: list[Chart]) -> Data:
        b, s = self.b, self.b.settings
        lang, _, region = s.language.partition("-")
        data: Data = {"meta": {
            "title": t(s.title), "subtitle": t(s.subtitle) if s.subtitle else None, "prepared_by": t(s.prepared_by), "date": edition, "version": version,
            "lang": lang.lower(), "region": region.upper() or None, "keywords": [t(topic.label) for topic in s.topics],
            "counts": {"sources": len(b.sources), "facts": len(b.facts), "tables": len(b.tables), "findings": len(b.findings),
                       "citations": sum(len(c) for c in b.cited.values())},
        }}
        # The parts in reading order; the template lays them out in this order, each one's fields in
        # the order they are written here, so that the first citation of each passage can be found.
        parts: list[Data] = [{"part": "summary", "findings": self.key_findings(), "glance": self.at_a_glance()}]
        parts += [{"part": "page", "title": t(p.meta.title), "blocks": self.page(p),
                   "caveats": self.caveats(b.caveats_in(markdown.markers(p.body)))} for p in b.pages]
        if b.findings:
            parts.append({"part": "findings", "findings": [self.finding(f) for f in b.findings]})
        if b.timeline:
            parts.append({"part": "timeline", "entries": [self.entry(e) for e in b.timeline]})
        parts.append({"part": "facts", "topics": [{"label": t(label), "facts": [self.fact(f) for f in facts]}
                                                  for _, label, facts in facts_by_topic(b)]})
        if b.tables or charts:
            parts.append({"part": "figures", "charts": [self.chart(c) for c in charts], "tables": [self.table(t) for t in b.tables]})
        if withheld := self.withheld():
            parts.append({"part": "withheld", "asked": len(b.questions),
                          "answered": sum(q.status == "answered" for q in b.questions), "requests": withheld})
        if b.terms or b.entities:
            parts.append({"part": "glossary",
                          "terms": [{"term": term.term, "meaning": t(term.meaning), "notes": self.notes_of(term_id(term))} for term in b.terms],
                          "entities": [{"name": t(e.name), "kind": e.kind, "aliases": list(e.aliases),
                                        "text": self.text(e.description) if e.description else []} for e in b.entities]})
        parts.append({"part": "sources", "sources": [self.source(src) for src in b.sources]})
        data["parts"] = number_notes(parts)
        data["notes"] = self.notes
        return data


def number_notes(parts: list[Data]) -> list[Data]:
    """Decide, in reading order, how each citation shows: the first citation of a passage gets its
    footnote (reference, locator, quotation); every later one carries that footnote's number, linked
    to it, instead of repeating the text. Every ``"notes": [key, ...]`` becomes
    ``[{"key", "first": bool}, ...]``; the template labels each first footnote ``note-KEY``."""
    seen: set[str] = set()

    def mark(key: str) -> Data:
        first = key not in seen
        seen.add(key)
        return {"key": key, "first": first}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name == "notes":
                    node[name] = [mark(key) for key in value]
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(parts)
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
