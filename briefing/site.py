"""Render the website's pages from the Briefing: a dict of page path -> HTML body.

Pure functions: no MkDocs here. ``briefing.mkdocs`` hands the result to MkDocs as generated files.
Every claim element carries ``data-fact``; every citation is ``<a class="citation">`` linking
to the highlighted passage on its source's page.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import markdown
from .assemble import Briefing, Cited, Entry, row_anchor
from .charts import Chart
from .dates import When
from .derive import computed_totals
from .errors import Problem, display_path
from .fragments import text_directive
from .framing import unsent
from .highlight import Line, highlighted_lines
from .schema import RELATION_WORDS, RELATIONS, Fact, Finding, Question, Reply, Table
from .validate import Page, term_id

_MARK_ROLES = re.compile(r'\s(?:role="graphics-[a-z]+"|aria-roledescription="[^"]*")')

#: How each answer status is shown to readers.
STATUS = {
    "answered": "Answered",
    "partly-answered": "Partly answered",
    "refused": "Refused",
    "neither-confirm-nor-deny": "Neither confirmed nor denied",
    "not-held": "Not held",
    "not-recorded": "Not recorded",
    "not-answered": "Not answered",
}

#: How each kind of source is named to readers.
KIND_LABELS = {"foi-response": "Freedom of Information response", "slides": "Slide deck", "press-release": "Press release",
               "web-page": "Web page"}

#: How the withheld page groups the questions not fully answered: key -> (heading, what the group means).
WITHHELD_GROUPS = {
    "exempt": ("Withheld under an exemption", "The response answers in part or not at all and cites an exemption of the Freedom of Information Act for what it withholds."),
    "neither": ("Neither confirmed nor denied", "The response will not say whether the information exists."),
    "not-held": ("Not held or not recorded", "The response says the information is not held, or not recorded in the form asked for."),
    "not-answered": ("Not answered", "The response does not answer the question and gives no exemption for it."),
    "partly": ("Partly answered, no exemption cited", "The response answers part of the question and cites no exemption for the rest."),
}


def withheld_group(q: Question) -> str:
    if q.exemptions:
        return "exempt"
    return {"neither-confirm-nor-deny": "neither", "not-held": "not-held", "not-recorded": "not-held",
            "not-answered": "not-answered"}.get(q.status, "partly")


#: What the sections of the Freedom of Information Act 2000 most cited in refusals cover.
FOIA_SECTIONS = {12: "cost of compliance", 14: "vexatious request", 21: "reasonably accessible elsewhere", 22: "intended for future publication",
                 23: "security bodies", 24: "national security", 30: "investigations", 31: "law enforcement", 38: "health and safety",
                 40: "personal information", 41: "information provided in confidence", 42: "legal professional privilege", 43: "commercial interests"}


NAV_SOURCES = 25
"""The sidebar lists each source while there are at most this many; beyond, only the sources' index, which
lists them all (as for entities). Every page carries the whole sidebar: the 500 sources of the 100x benchmark
briefing put 500 links on each of its 6,100 pages, a list no reader can use, rendered 6,100 times."""


@dataclass
class SitePage:
    """One generated page: its title, its HTML body and its table of contents."""

    path: str
    title: str
    html: str
    toc: list[dict[str, object]] = field(default_factory=list)
    description: str | None = None
    in_nav: bool = True

    def at(self, path: str) -> SitePage:
        """The same page served at another path (the preview's problems page stands in for every page)."""
        return SitePage(path, self.title, self.html, self.toc, self.description, path == "index.md")


def url_of(path: str) -> str:
    """The URL of a page file under MkDocs' directory URLs: facts.md -> facts/, index.md -> ''."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


@functools.lru_cache(maxsize=65536)
def relative(from_path: str, to_url: str) -> str:
    """A link from the page at ``from_path`` to a site-relative URL (which may carry #anchor)."""
    target, _, anchor = to_url.partition("#")
    here = [p for p in url_of(from_path).split("/") if p]
    there = [p for p in target.split("/") if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    rel = "/".join(parts) + ("/" if parts and (target.endswith("/") or parts[-1] == "..") else "")
    if not rel and not anchor:
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def href(url: str) -> str:
    """An address from the content as a valid URL for href: characters a URL may not hold (quotes, angle
    brackets, spaces) percent-encoded. Autoescape already keeps them inert; this keeps the page valid HTML."""
    return urllib.parse.quote(url, safe=_URL_SAFE)


@functools.cache
def environment() -> Environment:
    """The templates, compiled once per process (the preview re-imports the package when they change)."""
    env = Environment(
        loader=PackageLoader("briefing", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["when"] = lambda w: w.display() if isinstance(w, When) else ""
    env.filters["href"] = href
    return env


@dataclass(frozen=True)
class Block:
    """A template rendered for one item of a page (``Renderer.block``), and the numbers its citations were given."""

    html: str
    numbered: tuple[tuple[str, int], ...]

    def numbers_hold(self, numbers: dict[str, int]) -> bool:
        """Whether its citations get the same numbers after ``numbers`` (a passage cited again keeps its number)."""
        new: dict[str, int] = {}
        for anchor, n in self.numbered:
            had = numbers.get(anchor) or new.setdefault(anchor, len(numbers) + len(new) + 1)
            if had != n:
                return False
        return True


class Renderer:
    def __init__(self, briefing: Briefing, charts: Sequence[Chart] = (), preview: bool = False) -> None:
        self.b = briefing
        self.preview = preview
        self.charts = list(charts)
        self.env = environment()
        self.citation_template = self.env.get_template("citation.html.j2")
        self.facts = briefing.fact_by_id
        self.topics = {t.id: t.label for t in briefing.settings.topics}
        self.fact_topic = {f.id: (f.topics[0] if f.topics else "") for f in briefing.facts}
        self.table_ids = {t.id for t in briefing.tables}
        self.table_titles = {t.id: t.title for t in briefing.tables}
        self.term_id = term_id
        self.row_anchor = row_anchor
        self.abbreviations = {t.term: t.meaning for t in briefing.terms if t.term.isupper() and len(t.term) > 1}
        self.abbreviator = markdown.Abbreviations(self.abbreviations)
        self.status = STATUS
        self.relations = RELATIONS
        self.relation_words = RELATION_WORDS
        self.numbers: dict[str, dict[str, int]] = {}
        self._fragments: dict[str, str] = {}
        self.blocks: dict[tuple[str, str, str], Block] = {}
        """Each block this renderer rendered or reused (``block``), for the next one."""
        self._last_blocks: dict[tuple[str, str, str], Block] = {}
        self._edited: frozenset[str] = frozenset()
        self._numbered: list[tuple[str, int]] | None = None
        # Indexes built in one pass, so that no page scans every fact (quadratic at scale).
        self.entity_by_id = {e.id: e for e in briefing.entities}
        self.source_by_id = briefing.source_by_id
        self.question_by_id = {q.id: q for q in briefing.questions}
        self.term_by_id = {term_id(t): t for t in briefing.terms}
        self.caveat_by_id = {c.id: c for c in briefing.caveats}
        self.facts_of_entity: dict[str, list[Fact]] = defaultdict(list)
        for f in briefing.facts:
            for entity_id in dict.fromkeys(f.entities):
                self.facts_of_entity[entity_id].append(f)
        self.entries_of_entity: dict[str, list[Entry]] = defaultdict(list)
        for e in briefing.timeline:
            for entity_id in dict.fromkeys(self.facts[e.fact].entities if e.fact else ()):
                self.entries_of_entity[entity_id].append(e)

    def unsent_for(self, finding_id: str) -> list[Reply]:
        """Editors' list (preview only): questions on a finding not yet put to its subject."""
        return [r for r in unsent(self.b.replies) if finding_id in r.findings] if self.preview else []

    @staticmethod
    def finding_facts(finding: Finding) -> list[str]:
        """Every fact a finding uses: on its sides and in its analysis."""
        return [*finding.side_facts, *markdown.markers(finding.analysis)]

    def chart_facts(self, chart: Chart) -> list[str]:
        """The facts a chart drawn from facts uses (its caption's citations and its 'Fact' column)."""
        column = chart.columns.index("Fact") if "Fact" in chart.columns else None
        return [*markdown.markers(chart.caption), *(str(row[column]) for row in chart.rows if column is not None)]

    def page_caveats(self, page: str, text: str) -> str:
        """The caveats of every fact a narrative page cites, shown at its foot."""
        caveats = self.b.caveats_in([ref for ref in markdown.markers(text) if ref in self.facts])
        return self.env.get_template("caveats.html.j2").render(b=self.b, page=page, r=self, caveats=caveats) if caveats else ""

    def facts_about(self, entity_id: str) -> list[Fact]:
        return by_date(self.facts_of_entity.get(entity_id, []))

    # -- links -----------------------------------------------------------------
    def fact_url(self, fact_id: str) -> str:
        return f"facts/#{fact_id}"

    def citation_links(self, page: str, cited: list[Cited]) -> Markup:
        """Citation links, numbered through the page; a passage cited again keeps its number."""
        numbers = self.numbers.setdefault(page, {})
        links = []
        for c in cited:
            n = numbers.setdefault(c.anchor, len(numbers) + 1)
            if self._numbered is not None:
                self._numbered.append((c.anchor, n))
            href = relative(page, c.source_url) + self.text_fragment(c)
            links.append(self.citation_template.render(c=c, n=n, href=href).strip())
        return Markup("".join(links))

    def sourced(self, page: str, cited: list[Cited]) -> Markup:
        """Cited passages named in words, each with its marker: '01.FOI.22.027745, Q2[1]' (a table's or chart's source)."""
        return Markup("; ").join(Markup('{}, <span class="cited-locator">{}{}</span>').format(
            c.source.reference or c.source.title, c.citation.locator, self.citation_links(page, [c])) for c in cited)

    @functools.cached_property
    def _page_text(self) -> list[str]:
        """Text a source page shows before the document: a text fragment must not match it."""
        b = self.b
        return [b.settings.title, *(p.meta.title for p in b.pages),
                *(v for s in b.sources for v in (s.title, s.reference or "", s.authority, *s.notes))]

    def text_fragment(self, c: Cited) -> str:
        """``:~:text=`` for the cited passage, where it is unambiguous (see briefing.fragments)."""
        if c.anchor not in self._fragments:
            self._fragments[c.anchor] = text_directive(self.b.captures[c.source.id].text, c.match.spans, self._page_text)
        return self._fragments[c.anchor]

    def cite_marker(self, page: str) -> Callable[[list[str]], str]:
        """How a [@fact-id] marker in Markdown is shown on ``page``: the fact's citations, one focusable marker
        each (the preview they open links on to the passage; the facts page lists every fact)."""
        def cite(ids: list[str]) -> str:
            links = []
            for fact_id in ids:
                if fact_id == "editorial":
                    links.append('<span class="editorial-mark">Editorial</span>')
                    continue
                links.append(
                    f'<span class="cite-group" data-cites-fact="{escape(fact_id)}">'
                    f'{self.citation_links(page, self.b.cited[fact_id])}</span>'
                )
            return "".join(links)
        return cite

    def owner_link(self, page: str, owner: str) -> tuple[str, Markup]:
        """Where a citation's owner is shown to readers, and the words of a link to it: a fact by its
        statement, a table by its title, a question by its number and source, a term by itself."""
        if owner in self.facts:
            return relative(page, self.fact_url(owner)), self.inline(page, self.facts[owner].statement)
        if owner in self.table_ids:
            return relative(page, f"tables/#{owner}"), Markup(escape(self.table_titles[owner]))
        if owner in self.question_by_id:
            q = self.question_by_id[owner]
            source = self.source_by_id[q.asked.source]
            return relative(page, f"questions/#{owner}"), Markup(escape(f"Question {q.number.removeprefix('Q')} of {source.reference or source.title}"))
        term = self.term_by_id.get(owner)
        if term is not None:
            return relative(page, f"glossary/#{owner}"), Markup(escape(f"Glossary: {term.term}"))
        caveat = self.caveat_by_id.get(owner.removeprefix("caveat-"))
        return relative(page, "facts/"), Markup(escape("Caveat: " + (markdown.plain(caveat.text) if caveat else "")))

    @staticmethod
    def kind_label(kind: str) -> str:
        """A source's kind in words: foi-response -> 'FOI response'."""
        return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())

    @staticmethod
    def short_url(url: str) -> str:
        """An address as link text: its host and path, without the scheme (the href keeps the whole address)."""
        return url.split("://", 1)[-1].rstrip("/")

    def cite(self, page: str, fact_ids: list[str]) -> Markup:
        """The citations of ``fact_ids`` on ``page``, as a [@a; @b] marker shows them (for a template)."""
        return Markup(self.cite_marker(page)(fact_ids))

    def page_link(self, page: str, href: str) -> str:
        """A link written in a narrative page to another page's file (``method.md#anchor``), made relative."""
        target, _, anchor = href.partition("#")
        if "/" in target or not target.endswith(".md") or ":" in target:
            return href
        return relative(page, url_of(target) + (f"#{anchor}" if anchor else ""))

    @staticmethod
    def computed_totals(table: Table) -> list[int | None] | None:
        return computed_totals(table)

    def charts_of(self, table_id: str) -> list[Chart]:
        return [c for c in self.charts if c.table == table_id]

    def chart_svg(self, chart: Chart) -> Markup:
        """The chart's SVG, named by its heading and described by its text alternative on the page.

        The SVG is one image (role="img"): the roles Vega gives its marks inside it (graphics-symbol,
        unlabelled) are removed, as assistive technology would only meet them as unnamed images."""
        attrs = f'<svg aria-labelledby="{escape(chart.id)}" aria-describedby="{escape(chart.id)}-alt"'
        head, _, body = chart.svg.removeprefix("<svg").partition(">")
        return Markup(attrs + head + ">" + _MARK_ROLES.sub("", body))

    @staticmethod
    def chart_width(chart: Chart) -> int:
        """The drawn width of a chart's SVG, in CSS pixels (0 if it gives none)."""
        m = re.search(r'<svg[^>]*?\swidth="(\d+(?:\.\d+)?)', chart.svg)
        return round(float(m.group(1))) if m else 0

    def inline(self, page: str, text: str) -> Markup:
        return self.abbreviate(markdown.inline(text, self.cite_marker(page)))

    @staticmethod
    def plain(text: str) -> str:
        """The words of inline Markdown, without markup or citation markers (for a link's text)."""
        return markdown.plain(text)

    @staticmethod
    def typographic(text: str) -> str:
        """A plain-text field (a title, a label) with curly quotes and apostrophes, as Markdown fields get them."""
        return markdown.typographic(text)

    def abbr(self, text: str) -> Markup:
        """Plain text, escaped, with its abbreviations explained."""
        return self.abbreviate(str(escape(text)))

    def abbreviate(self, html: str) -> Markup:
        """Abbreviations from the glossary explained where they appear (<abbr title>)."""
        return Markup(self.abbreviator(html))

    def entries_about(self, entity_id: str) -> list[Entry]:
        return list(self.entries_of_entity.get(entity_id, []))

    def reuse_blocks(self, blocks: dict[tuple[str, str, str], Block], edited: set[str]) -> None:
        """Let ``block`` reuse ``blocks`` of a renderer of the same Briefing but for the facts and timeline entries
        ``edited`` (``briefing/rerender.py``)."""
        self._last_blocks, self._edited = blocks, frozenset(edited)

    def block(self, template: str, page: str, item: str, **context: object) -> Markup:
        """``template`` rendered for one item of a page (a fact, a timeline entry, a finding, a question): as the last renderer's, if it
        was given one by ``reuse_blocks`` that did not show an edited item (every place a fact or entry is shown
        names its id) and its citations get the same numbers here; else rendered."""
        key = (template, page, item)
        numbers = self.numbers.setdefault(page, {})
        last = self._last_blocks.get(key)
        if last is not None and item not in self._edited and not any(i in last.html for i in self._edited) and last.numbers_hold(numbers):
            numbers.update(last.numbered)
            if self._numbered is not None:
                self._numbered.extend(last.numbered)
            self.blocks[key] = last
            return Markup(last.html)
        outer, self._numbered = self._numbered, []
        try:
            html = self.render(template, page, **context)
        finally:
            numbered, self._numbered = self._numbered, outer
        if outer is not None:
            outer.extend(numbered)
        self.blocks[key] = Block(html, tuple(numbered))
        return Markup(html)

    def render(self, template: str, page: str, **context: object) -> str:
        return self.env.get_template(template).render(
            b=self.b, page=page, r=self, rel=lambda url: relative(page, url), **context
        )

    # -- pages -----------------------------------------------------------------
    def lead_findings(self) -> list[tuple[Finding, str | None]]:
        """The findings the home page leads with, in the editors' order, each with why it matters: the lead
        findings of briefing.yaml, or the first three findings when it names none."""
        leads = [(f, self.b.why(f.id)) for f in self.b.ranked_findings if self.b.why(f.id) is not None]
        return leads or [(f, None) for f in self.b.ranked_findings[:3]]

    def home(self) -> SitePage:
        from .pdf import edition  # the date the PDF carries: the site's byline gives the same one

        shown, moment = edition(self.b)
        words = shown.split()  # '2 December 2026', 'March 2023' or '2023': the machine-readable date as precise, no more
        iso = moment.strftime({3: "%Y-%m-%d", 2: "%Y-%m"}.get(len(words), "%Y"))
        method = next((p for p in self.b.pages if p.slug == "method"), None)  # "How every claim is verified"
        html = self.render("home.html.j2", "index.md", edition=shown, edition_iso=iso, method=method)
        s = self.b.settings
        description = summary_of(markdown.plain(s.standfirst)) if s.standfirst else s.subtitle
        return SitePage("index.md", s.title, html, description=description)

    def facts_page(self) -> SitePage:
        groups = facts_by_topic(self.b)
        toc = [{"level": 2, "id": gid, "name": str(escape(label)), "children": []} for gid, label, _ in groups]
        html = self.render("facts.html.j2", "facts.md", groups=groups)
        return SitePage("facts.md", "Facts", html, toc, "Every curated fact, with its verified citations.")

    def source_page(self, source_id: str) -> SitePage:
        source = self.source_by_id[source_id]
        capture = self.b.captures[source_id]
        cited = self.b.cited_in(source_id)
        path = f"sources/{source_id}.md"
        lines = [Line(line.number, self.abbreviate(line.html)) for line in highlighted_lines(capture, cited, capture.body_lines())]
        chrome = capture.lines()[: source.body.first_line - 1]
        about = f"{self.kind_label(source.kind)} issued by {source.authority}, published {source.published.display()}"
        html = self.render("source.html.j2", path, source=source, capture=capture, cited=cited, lines=lines, chrome=chrome, about=about)
        toc = [{"level": 2, "id": i, "name": n, "children": []}
               for i, n in (("about", "About this source"), ("document", "The document"), ("cited-by", "Cited by"))]
        return SitePage(path, source.title, html, toc, f"{about}: its archived text, with each passage this briefing cites highlighted.",
                        in_nav=len(self.b.sources) <= NAV_SOURCES)

    def sources_index(self) -> SitePage:
        return SitePage("sources/index.md", "Sources", self.render("sources.html.j2", "sources/index.md"),
                        description="The archived documents every claim is checked against.")

    def tables_page(self) -> SitePage:
        toc = [{"level": 2, "id": t.id, "name": str(escape(markdown.typographic(t.title))), "children": []} for t in self.b.tables]
        return SitePage("tables.md", "Tables", self.render("tables.html.j2", "tables.md"), toc,
                        "Tables transcribed from the documents, with their printed totals checked.")

    def figures_page(self) -> SitePage:
        toc = [{"level": 2, "id": c.id, "name": str(escape(markdown.typographic(c.title))), "children": []} for c in self.charts]
        return SitePage("figures.md", "Figures", self.render("figures.html.j2", "figures.md"), toc,
                        "Charts drawn from the verified tables and facts, each with its data and sources.")

    def findings_page(self) -> SitePage:
        toc = [{"level": 2, "id": f.id, "name": str(escape(markdown.typographic(f.title))), "children": []} for f in self.b.ranked_findings]
        return SitePage("findings.md", "Findings", self.render("findings.html.j2", "findings.md"), toc,
                        "Where the documents agree, qualify or contradict one another.")

    def entities_page(self) -> SitePage:
        return SitePage("entities/index.md", "Entities", self.render("entities.html.j2", "entities/index.md"),
                        description="Operations, organisations, units, laws and databases named in the documents.")

    def entity_page(self, entity_id: str) -> SitePage:
        entity = self.entity_by_id[entity_id]
        path = f"entities/{entity.id}.md"
        html = self.render("entity.html.j2", path, e=entity, related=self.facts_about(entity.id), entries=self.entries_about(entity.id))
        toc = [{"level": 2, "id": i, "name": n, "children": []} for i, n in (("facts", "Facts"), ("timeline", "On the timeline"))]
        return SitePage(path, entity.name, html, toc, f"{entity.name}: every fact and timeline entry that concerns it.", in_nav=False)

    def timeline_page(self) -> SitePage:
        topics = sorted({t for e in self.b.timeline for t in e.topics}, key=lambda t: self.topics.get(t, t))
        years = sorted({e.when.start.year for e in self.b.timeline})
        toc = [{"level": 2, "id": f"y{y}", "name": str(y), "children": []} for y in years]
        keys = sum(1 for e in self.b.timeline if e.key)
        first_of: dict[str, str] = {}  # a table's caveats are shown at its first date only, not at each of its rows
        for e in self.b.timeline:
            if e.table:
                first_of.setdefault(e.table, e.id)
        html = self.render("timeline.html.j2", "timeline.md", topics=topics, years=years, keys=keys, first_of=first_of)
        return SitePage("timeline.md", "Timeline", html, toc,
                        "Every dated event in the documents, at the precision the documents give, each cited.")

    def withheld_page(self) -> SitePage:
        """The questions not fully answered, grouped by what was withheld and why: a view of its own, one row
        per question linking to it on the questions page (which quotes it in full)."""
        groups: dict[str, list[Question]] = {key: [] for key in WITHHELD_GROUPS}
        for q in self.b.questions:
            if q.status != "answered":
                groups[withheld_group(q)].append(q)
        shown = [(key, WITHHELD_GROUPS[key], qs) for key, qs in groups.items() if qs]
        toc = [{"level": 2, "id": key, "name": str(escape(heading)), "children": []} for key, (heading, _), _ in shown]
        note_of: dict[str, Question] = {}  # a note said alike for several questions of a group: given once, then referred to
        for _, _, qs in shown:
            first: dict[tuple[str, str], Question] = {}
            for q in qs:
                if q.note:
                    earlier = first.setdefault((q.asked.source, q.note), q)
                    if earlier is not q:
                        note_of[q.id] = earlier
        html = self.render("withheld.html.j2", "withheld.md", groups=shown, note_of=note_of)
        return SitePage("withheld.md", "Withheld, not held, not answered", html, toc,
                        "What the police withheld, did not hold, did not record or did not answer, grouped by the reason each response gives.")

    @staticmethod
    def exemption_words(exemption: str) -> str:
        """An exemption as the response names it, with what the section covers: 'Section 40(2) (personal information)'."""
        m = re.match(r"(?i)section\s*(\d+)", exemption)
        words = FOIA_SECTIONS.get(int(m.group(1))) if m else None
        return f"{exemption} ({words})" if words else exemption

    @staticmethod
    def asked_briefly(quote: str, words: int = 18) -> str:
        """The start of a question's text, for a row that links to the question in full."""
        parts = quote.split()
        return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")

    def questions_page(self, withheld_only: bool) -> SitePage:
        if withheld_only:
            return self.withheld_page()
        path = "withheld.md" if withheld_only else "questions.md"
        questions = [q for q in self.b.questions if not withheld_only or q.status != "answered"]
        of_source: dict[str, list[Question]] = defaultdict(list)
        for q in questions:
            of_source[q.asked.source].append(q)
        by_source = [(s, of_source[s.id]) for s in self.b.sources if of_source.get(s.id)]
        toc = [{"level": 2, "id": f"from-{s.id}", "name": str(escape(s.reference or s.title)), "children": []} for s, _ in by_source]
        html = self.render("questions.html.j2", path, by_source=by_source, withheld_only=withheld_only)
        if withheld_only:
            return SitePage(path, "Withheld, not held, not answered", html, toc,
                            "What the police withheld, did not hold, did not record or did not answer, with the reason each response gives.")
        return SitePage(path, "Questions and answers", html, toc, "Every question put in the FOI requests, with the status of its answer.")

    def glossary_page(self) -> SitePage:
        return SitePage("glossary.md", "Glossary", self.render("glossary.html.j2", "glossary.md"),
                        description="Abbreviations used in the documents.")

    def narrative_page(self, p: Page) -> SitePage:
        path = f"{p.slug}.md"
        rendered = markdown.page(p.body, self.cite_marker(path), link=functools.partial(self.page_link, path))
        html = f'<div class="narrative">\n{self.abbreviate(rendered.html)}{self.page_caveats(path, p.body)}</div>\n'
        return SitePage(path, p.meta.title, html, rendered.toc, p.meta.description)

    def pages(self) -> list[SitePage]:
        return [self.finished(make()) for _, make in self.makers()]

    @staticmethod
    def finished(page: SitePage) -> SitePage:
        """A rendered page with its abbreviations explained at their first use, not at every use."""
        page.html = markdown.first_use_only(page.html)
        return page

    def makers(self) -> list[tuple[str, Callable[[], SitePage]]]:
        """Every page, in the site's order: its path, and how to render it (``briefing/rerender.py`` renders some only)."""
        b, p = self.b, functools.partial
        makers: list[tuple[str, Callable[[], SitePage]]] = [("index.md", self.home)]
        makers += [(f"{page.slug}.md", p(self.narrative_page, page)) for page in b.pages]
        if b.findings:
            makers.append(("findings.md", self.findings_page))
        if self.charts:
            makers.append(("figures.md", self.figures_page))
        makers.append(("timeline.md", self.timeline_page))
        if b.questions:
            makers += [("questions.md", p(self.questions_page, False)), ("withheld.md", p(self.questions_page, True))]
        makers.append(("facts.md", self.facts_page))
        if b.tables:
            makers.append(("tables.md", self.tables_page))
        makers.append(("sources/index.md", self.sources_index))
        makers += [(f"sources/{s.id}.md", p(self.source_page, s.id)) for s in b.sources]
        if b.entities:
            makers.append(("entities/index.md", self.entities_page))
            makers += [(f"entities/{e.id}.md", p(self.entity_page, e.id)) for e in b.entities]
        if b.terms:
            makers.append(("glossary.md", self.glossary_page))
        return makers


def summary_of(text: str, limit: int = 300) -> str:
    """Plain text as a page description: the spaces left where citations were closed up, cut after the last
    whole sentence that fits in ``limit`` characters (search results and link previews show about that much)."""
    text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind("? ", 0, limit))
    return text[: cut + 1] if cut > 0 else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def facts_by_topic(briefing: Briefing) -> list[tuple[str, str, list[Fact]]]:
    """Facts grouped under their first topic, in the settings' order, each group by date:
    (anchor id, topic label, facts); facts without a topic come last, as 'Other facts'."""
    by_topic: dict[str, list[Fact]] = defaultdict(list)  # one pass, not one per topic
    for f in briefing.facts:
        by_topic[f.topics[0] if f.topics else ""].append(f)
    groups: list[tuple[str, str, list[Fact]]] = []
    for topic in briefing.settings.topics:
        items = by_topic.get(topic.id, [])
        if items:
            groups.append((f"topic-{topic.id}", topic.label, by_date(items)))
    rest = by_topic.get("", [])
    if rest:
        groups.append(("topic-other", "Other facts", by_date(rest)))
    return groups


def by_date(facts: list[Fact]) -> list[Fact]:
    """Dated facts in date order, then undated ones in their written order."""
    dated = sorted((f for f in facts if f.date), key=lambda f: f.date.sort_key() if f.date else ())
    return dated + [f for f in facts if not f.date]


def problems_page(problems: list[Problem]) -> SitePage:
    """What the editors' preview shows, on every page, while the content has problems."""
    html = environment().get_template("problems.html.j2").render(problems=[(f"{display_path(p.path)}:{p.line}:", p) for p in problems])
    return SitePage("index.md", "Content problems", html, description="The content has problems; the site is not built.")


def render_site(briefing: Briefing, charts: Sequence[Chart] = (), preview: bool = False) -> list[SitePage]:
    """Every page; ``preview`` (the editors' `mkdocs serve`) adds the editors' list of questions not yet sent."""
    return Renderer(briefing, charts, preview).pages()


def quick_exit_html(url: str) -> str:
    """The "Leave this site" link every page starts with (a plain link to the neutral page without JavaScript)."""
    return environment().get_template("quick-exit.html.j2").render(url=url).strip()


def asset_files() -> dict[str, bytes]:
    folder = Path(__file__).parent / "assets"
    return {f"assets/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
