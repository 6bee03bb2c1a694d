"""Render the website's pages from the Briefing: a dict of page path -> HTML body.

Pure functions: no MkDocs here. ``mkdocs_hook`` hands the result to MkDocs as generated files.
Every claim element carries ``data-fact``; every citation is ``<a class="citation">`` linking
to the highlighted passage on its source's page.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import markdown
from .assemble import Briefing, Cited, term_id
from .charts import Chart
from .dates import When
from .schema import Fact


@dataclass
class SitePage:
    """One generated page: its title, its HTML body and its table of contents."""

    path: str
    title: str
    html: str
    toc: list[dict[str, object]] = field(default_factory=list)
    description: str | None = None


def url_of(path: str) -> str:
    """The URL of a page file under MkDocs' directory URLs: facts.md -> facts/, index.md -> ''."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def relative(from_path: str, to_url: str) -> str:
    """A link from the page at ``from_path`` to a site-relative URL (which may carry #anchor)."""
    target, _, anchor = to_url.partition("#")
    base = url_of(from_path) or "."
    rel = posixpath.relpath(target or ".", base)
    rel = "" if rel == "." else rel + ("/" if target.endswith("/") else "")
    if not rel and not anchor:
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


class Renderer:
    def __init__(self, briefing: Briefing, charts: Sequence[Chart] = ()) -> None:
        self.b = briefing
        self.charts = list(charts)
        self.env = Environment(
            loader=PackageLoader("briefing", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["when"] = lambda w: w.display() if isinstance(w, When) else ""
        self.env.filters["tojson_attr"] = lambda v: json.dumps(v, ensure_ascii=False)
        self.facts = briefing.fact_by_id
        self.topics = {t.id: t.label for t in briefing.settings.topics}
        self.fact_topic = {f.id: (f.topics[0] if f.topics else "") for f in briefing.facts}
        self.table_ids = {t.id for t in briefing.tables}
        self.term_id = term_id

    def facts_about(self, entity_id: str) -> list[Fact]:
        return _by_date([f for f in self.b.facts if entity_id in f.entities])

    # -- links -----------------------------------------------------------------
    def fact_url(self, fact_id: str) -> str:
        return f"facts/#{fact_id}"

    def citation_links(self, page: str, cited: list[Cited], first: int = 1) -> Markup:
        links = [
            self.env.get_template("citation.html.j2").render(c=c, n=n, href=relative(page, c.source_url))
            for n, c in enumerate(cited, start=first)
        ]
        return Markup("".join(s.strip() for s in links))

    def cite_marker(self, page: str) -> Callable[[list[str]], str]:
        """How a [@fact-id] marker in Markdown is shown on ``page``: the fact's citations."""
        def cite(ids: list[str]) -> str:
            links = []
            for fact_id in ids:
                if fact_id == "editorial":
                    links.append('<span class="editorial-mark">Editorial</span>')
                    continue
                fact_href = escape(relative(page, self.fact_url(fact_id)))
                links.append(
                    f'<span class="cite-group" data-cites-fact="{escape(fact_id)}">'
                    f'{self.citation_links(page, self.b.cited[fact_id])}'
                    f'<a class="fact-link" href="{fact_href}" aria-label="The fact: {escape(fact_id)}">\u2197</a></span>'
                )
            return "".join(links)
        return cite

    def charts_of(self, table_id: str) -> list[Chart]:
        return [c for c in self.charts if c.table == table_id]

    def chart_svg(self, chart: Chart) -> Markup:
        """The chart's SVG, named by its heading and described by its text alternative on the page."""
        attrs = f'<svg aria-labelledby="{escape(chart.id)}" aria-describedby="{escape(chart.id)}-alt"'
        return Markup(attrs + chart.svg.removeprefix("<svg"))

    def inline(self, page: str, text: str) -> Markup:
        return markdown.inline(text, self.cite_marker(page))

    def render(self, template: str, page: str, **context: object) -> str:
        return self.env.get_template(template).render(
            b=self.b, page=page, r=self, rel=lambda url: relative(page, url), **context
        )

    # -- pages -----------------------------------------------------------------
    def home(self) -> SitePage:
        return SitePage("index.md", self.b.settings.title, self.render("home.html.j2", "index.md"))

    def facts_page(self) -> SitePage:
        groups: list[tuple[str, str, list[Fact]]] = []
        for topic in self.b.settings.topics:
            items = [f for f in self.b.facts if self.fact_topic[f.id] == topic.id]
            if items:
                groups.append((f"topic-{topic.id}", topic.label, _by_date(items)))
        rest = [f for f in self.b.facts if not self.fact_topic[f.id]]
        if rest:
            groups.append(("topic-other", "Other facts", _by_date(rest)))
        toc = [{"level": 2, "id": gid, "name": str(escape(label)), "children": []} for gid, label, _ in groups]
        html = self.render("facts.html.j2", "facts.md", groups=groups)
        return SitePage("facts.md", "Facts", html, toc, "Every curated fact, with its verified citations.")

    def source_page(self, source_id: str) -> SitePage:
        source = next(s for s in self.b.sources if s.id == source_id)
        capture = self.b.captures[source_id]
        cited = self.b.cited_in(source_id)
        path = f"sources/{source_id}.md"
        lines = _highlighted_lines(capture.text, cited, capture.body_lines())
        chrome = capture.lines()[: source.body.first_line - 1]
        html = self.render("source.html.j2", path, source=source, capture=capture, cited=cited, lines=lines, chrome=chrome)
        toc = [{"level": 2, "id": i, "name": n, "children": []}
               for i, n in (("about", "About this source"), ("document", "The document"), ("cited-by", "Cited by"))]
        return SitePage(path, source.title, html, toc, f"{source.reference or source.title}: the archived document.")

    def sources_index(self) -> SitePage:
        return SitePage("sources/index.md", "Sources", self.render("sources.html.j2", "sources/index.md"),
                        description="The archived documents every claim is checked against.")

    def tables_page(self) -> SitePage:
        toc = [{"level": 2, "id": t.id, "name": str(escape(t.title)), "children": []} for t in self.b.tables]
        return SitePage("tables.md", "Tables", self.render("tables.html.j2", "tables.md"), toc,
                        "Tables transcribed from the documents, with their printed totals checked.")

    def figures_page(self) -> SitePage:
        toc = [{"level": 2, "id": c.id, "name": str(escape(c.title)), "children": []} for c in self.charts]
        return SitePage("figures.md", "Figures", self.render("figures.html.j2", "figures.md"), toc,
                        "Charts drawn from the verified tables and facts, each with its data and sources.")

    def findings_page(self) -> SitePage:
        toc = [{"level": 2, "id": f.id, "name": str(escape(f.title)), "children": []} for f in self.b.findings]
        return SitePage("findings.md", "Findings", self.render("findings.html.j2", "findings.md"), toc,
                        "Where the documents agree, qualify or contradict one another.")

    def entities_page(self) -> SitePage:
        return SitePage("entities.md", "Entities", self.render("entities.html.j2", "entities.md"),
                        description="Operations, organisations, units, laws and databases named in the documents.")

    def glossary_page(self) -> SitePage:
        return SitePage("glossary.md", "Glossary", self.render("glossary.html.j2", "glossary.md"),
                        description="Abbreviations used in the documents.")

    def narrative(self) -> list[SitePage]:
        pages = []
        for p in self.b.pages:
            path = f"{p.slug}.md"
            rendered = markdown.page(p.body, self.cite_marker(path))
            html = f'<div class="narrative">\n{rendered.html}</div>\n'
            pages.append(SitePage(path, p.meta.title, html, rendered.toc, p.meta.description))
        return pages

    def pages(self) -> list[SitePage]:
        pages = [self.home(), *self.narrative()]
        if self.b.findings:
            pages.append(self.findings_page())
        if self.charts:
            pages.append(self.figures_page())
        pages.append(self.facts_page())
        if self.b.tables:
            pages.append(self.tables_page())
        pages.append(self.sources_index())
        pages += [self.source_page(s.id) for s in self.b.sources]
        if self.b.entities:
            pages.append(self.entities_page())
        if self.b.terms:
            pages.append(self.glossary_page())
        return pages


def _by_date(facts: list[Fact]) -> list[Fact]:
    dated = sorted((f for f in facts if f.date), key=lambda f: f.date.sort_key() if f.date else ())
    return dated + [f for f in facts if not f.date]


@dataclass
class Line:
    number: int
    html: Markup


def _highlighted_lines(text: str, cited: list[Cited], numbers: range) -> list[Line]:
    """The document's lines as HTML, cited passages wrapped in <mark>, an anchor at each quote's start."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    result = []
    for number in numbers:
        a, b = starts[number - 1], starts[number - 1] + len(lines[number - 1].rstrip("\r\n"))
        cuts = {a, b}
        anchors: dict[int, list[str]] = {}
        for c in cited:
            for s, e in c.match.spans:
                if s < b and e > a:
                    cuts.update({max(s, a), min(e, b)})
            if a <= c.match.spans[0][0] < b or (number == c.match.first_line and c.match.spans[0][0] == b):
                anchors.setdefault(c.match.spans[0][0], []).append(c.anchor)
        cuts.update(k for k in anchors if a <= k <= b)
        points = sorted(cuts)
        out = []
        for s, e in pairwise(points):
            for anchor in anchors.get(s, []):
                out.append(f'<span class="cite-anchor" id="{escape(anchor)}"></span>')
            covering = [c.anchor for c in cited if any(cs <= s and e <= ce for cs, ce in c.match.spans)]
            piece = escape(text[s:e])
            if covering:
                out.append(f'<mark class="cited" data-cites="{escape(" ".join(covering))}">{piece}</mark>')
            else:
                out.append(str(piece))
        result.append(Line(number, Markup("".join(out))))
    return result


def render_site(briefing: Briefing, charts: Sequence[Chart] = ()) -> list[SitePage]:
    return Renderer(briefing, charts).pages()


def asset_files() -> dict[str, bytes]:
    folder = Path(__file__).parent / "assets"
    return {f"assets/{p.name}": p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
