"""The PDF briefing: built once per session from the repository's content (and from a hostile copy
of tests/sample), then read back as a reader's tools would: the text of each page with PDFium (pypdfium2, in
the order Typst wrote it), the outline, links, metadata, fonts and structure tree with pypdf. Both are pure
Python wheels: no poppler-utils needed."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from briefing import markdown
from briefing.assemble import Briefing, Cited
from briefing.build import build_briefing
from briefing.chart_kinds import declared_charts, period_facts
from briefing.charts import Chart
from briefing.cli import main
from briefing.pdf import build_pdf, document, event_name
from briefing.schema import RELATION_WORDS, Fact
from briefing.site import by_date

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "sample"
EPOCH = "1700000000"


def page_texts(path: Path) -> list[str]:
    """The text of each page, in the order Typst wrote it (as ``pdftotext -raw`` reads it).

    PDFium starts a new line wherever the font size changes, so a run of footnote markers ("10,11,12",
    raised digits and smaller commas) comes out one piece a line. A line break is kept only where the
    characters either side of it do not share a line (their boxes do not overlap vertically)."""
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [_page_text(page.get_textpage()) for page in pdf]
    finally:
        pdf.close()


def _page_text(textpage: pypdfium2.PdfTextPage) -> str:
    text = textpage.get_text_range()
    assert len(text) == textpage.count_chars(), "characters outside the BMP: the indices below would be off"

    def box(i: int, step: int) -> tuple[float, float] | None:
        """(bottom, top) of the nearest visible character from ``i`` in direction ``step``."""
        while 0 <= i < len(text) and text[i].isspace():
            i += step
        if not 0 <= i < len(text):
            return None
        _, bottom, _, top = textpage.get_charbox(i)
        return bottom, top

    pieces, start = [], 0
    for m in re.finditer("\r\n", text):
        before, after = box(m.start() - 1, -1), box(m.end(), 1)
        same_line = before and after and before[0] < after[1] and after[0] < before[1]
        pieces += [text[start : m.start()], "" if same_line else "\n"]
        start = m.end()
    return "".join(pieces + [text[start:]])


def norm(text: str) -> str:
    """Whitespace collapsed and quote marks made plain, as on both sides of every comparison."""
    text = text.replace("\ufffe", "-")  # PDFium's mark for a hyphen that ends a line
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=/) |(?<=\)) (?=\()", "", text).strip()  # a line may break after a slash, or between ")(" as in 40(2)(3A)


class Built:
    def __init__(self, briefing: Briefing, pdf: bytes, path: Path) -> None:
        self.briefing, self.pdf, self.path = briefing, pdf, path
        path.write_bytes(pdf)
        self.pages = page_texts(path)
        self.text = norm(" ".join(self.pages))
        self.reader = PdfReader(path)


def build(content: Path, out: Path, charts: list[Chart] | None = None) -> Built:
    """The PDF of ``content``; by default with the charts it declares (content/charts.yaml)."""
    briefing = build_briefing(content)
    if charts is None:
        charts = declared_charts(briefing, None)
    return Built(briefing, build_pdf(briefing, charts=charts), out)


@pytest.fixture(scope="module", autouse=True)
def fixed_date() -> Any:  # module, not session: the date must not leak into later modules' builds
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(ROOT / "content", tmp_path_factory.mktemp("repo") / "briefing.pdf")


# -- every fact once, every passage quoted once ------------------------------------------------------
def full_form(ref: str, locator: str, c: Cited) -> str:
    """How a passage is quoted in full: reference, locator and the quotation (a table row as its cells)."""
    quoted = "(table row) " + " ".join(c.cells) if c.cells else f'"{c.citation.quote}"'
    return norm(f"{ref}, {locator}: {quoted}")


def test_every_fact_statement_is_printed_exactly_once(repo: Built) -> None:
    assert repo.briefing.facts
    for fact in repo.briefing.facts:
        statement = norm(markdown.plain(fact.statement))
        assert repo.text.count(statement) == 1, (fact.id, repo.text.count(statement))


def test_key_events_say_what_happened(repo: Built) -> None:
    """Each key event is named (its fact's label, else its statement cut short) beside its fact's number."""
    events = next(p for p in document(repo.briefing, charts=[])["parts"] if p["part"] == "timeline")["entries"]
    named = [(e["event"], e["fact"]) for e in events if e["fact"] is not None]
    assert named
    for event, number in named:
        assert event and norm(f"{event} · fact {number} (p.") in repo.text, (event, number)


def test_an_event_without_a_label_is_its_statement_cut_short() -> None:
    fact = Fact.model_validate({"id": "ff", "date": "2021-05", "kind": "event", "statement": "The “IOM style” team ran.",
                                "citations": [{"source": "ss", "locator": "p. 1", "quote": "ran"}]})
    assert event_name(fact, limit=12) == "The “IOM”…"
    assert event_name(fact) == "The “IOM style” team…"


def test_the_register_numbers_the_facts_in_date_order(repo: Built) -> None:
    register = next(p for p in document(repo.briefing, charts=[])["parts"] if p["part"] == "register")
    entries = [f for group in register["groups"] for f in group["facts"]]
    assert [f["number"] for f in entries] == list(range(1, len(repo.briefing.facts) + 1))
    dated = [f for f in by_date(repo.briefing.facts) if f.date]
    assert dated == sorted(dated, key=lambda f: f.date.sort_key() if f.date else ())
    for number, fact in enumerate(by_date(repo.briefing.facts), start=1):  # each statement under its number
        assert re.search(rf"\b{number} {re.escape(fact.date.display() if fact.date else '')}", repo.text), (number, fact.id)


def test_each_passage_is_quoted_in_full_once(repo: Built) -> None:
    questions = {q.id for q in repo.briefing.questions}  # each question is quoted where it is listed
    passages = {(c.source.reference or c.source.title, c.citation.locator, c.citation.quote): c
                for owner, items in repo.briefing.cited.items() if owner not in questions for c in items}
    for (ref, locator, quote), c in passages.items():
        assert repo.text.count(full_form(ref, markdown.typographic(locator), c)) == 1, quote
    for q in repo.briefing.questions:
        if q.status != "answered":
            assert norm(f'"{q.asked.quote}"') in repo.text, q.id


def test_a_passage_cited_again_is_given_in_short_where_it_is_cited(repo: Built) -> None:
    """Not 'see note 3': its reference and locator, on the page that cites it again, with the page
    where it is quoted in full."""
    pages = [norm(page) for page in repo.pages]
    quoted_on = {}
    for items in repo.briefing.cited.values():
        for c in items:
            full = full_form(c.source.reference or c.source.title, markdown.typographic(c.citation.locator), c)
            quoted_on[full] = next((n for n, text in enumerate(pages, start=1) if full in text), None)
    shorts = re.findall(r"\((?:\d+ passages, )?quoted on pp?\. ([\d, ]+)\)", repo.text)
    assert len(shorts) > 50
    assert {int(n) for pages in shorts for n in pages.split(",")} <= {n for n in quoted_on.values() if n}
    assert "see note" not in repo.text.lower()


def test_facts_are_referred_to_by_number_and_page(repo: Built) -> None:
    """Findings, key events, the topic index and the withheld answers give facts by number, linked to the register."""
    for title in ("Findings", "Key events", "Topic index", "What was withheld or not held"):
        assert re.search(r"facts? \d+(, \d+)* \(p\. \d+\)", section_text(repo, title)), title
    links = [a for page in repo.reader.pages for a in (page.get("/Annots") or []) if "/Dest" in a.get_object() or
             ("/A" in a.get_object() and "/D" in a["/A"])]
    assert len(links) > len(repo.briefing.facts)


def test_a_key_events_period_wraps_after_its_dash_never_inside_a_date(repo: Built) -> None:
    """'29 May 2021 – 25 / November 2022' split a date over two lines of the narrow date column."""
    page = next(page for t, page, _ in outline_pages(repo) if t == "Key events")
    events = repo.pages[page - 1]  # its lines as laid out (section_text joins them)
    assert re.search(r"\d{4} –\s*\n\d{1,2} \w+ \d{4}", events), "a period of the real briefing's key events wraps"
    assert not re.search(r"– \d{1,2}\s*\n", events), events


# -- nothing a reader should not see ----------------------------------------------------------------
def test_no_internal_id_and_no_pipe_joined_row(repo: Built) -> None:
    b = repo.briefing
    ids = {f.id for f in b.facts} | {f.id for f in b.findings} | {t.id for t in b.tables} | {q.id for q in b.questions}
    ids |= {s.id for s in b.sources if "-" in s.id} | {c.id for c in b.caveats} | {s.capture for s in b.sources}
    words = set(re.findall(r"[\w./-]+", repo.text))
    assert not ids & words, sorted(ids & words)
    assert " | " not in repo.text and not re.search(r"\w \|\s*$", repo.text)


def test_withheld_answers_are_said_once(repo: Built) -> None:
    withheld = section_text(repo, "What was withheld or not held")
    answers = re.findall(r"The response(?:, to all \d+)?: (.{40})", withheld)
    assert answers and len(answers) == len(set(answers)) or len(answers) - len(set(answers)) < len(answers) / 4
    assert "The response, to all" in withheld


def test_chart_data_is_printed_once(repo: Built) -> None:
    figures = next(p for p in document(repo.briefing)["parts"] if p["part"] == "figures")
    drawn = {c["table"]["title"] for c in figures["charts"] if c["table"]}
    assert drawn and not drawn & {t["title"] for t in figures["tables"]}
    figures_text = section_text(repo, "Figures")
    for table in repo.briefing.tables:  # each transcribed table's rows once (a row printed twice in the source, twice)
        rows = Counter(norm(" ".join([*([row.label + (f" (period printed: {row.period.printed})" if row.period else "")] if row.label else []),
                                      *("" if v is None else str(v) for v in row.values)])) for row in table.rows)
        for cells, n in rows.items():
            if " " not in cells:  # a single word may be written elsewhere too
                continue
            assert figures_text.count(f" {cells} ") == n, (table.id, cells)


# -- the bottom line ------------------------------------------------------------------------------
def test_pages_1_and_2_give_the_bottom_line(repo: Built) -> None:
    s = repo.briefing.settings
    first, second = norm(repo.pages[0]), norm(repo.pages[0] + " " + repo.pages[1])
    assert s.headline and norm(markdown.typographic(s.headline)) in first
    assert s.standfirst and norm(markdown.plain(s.standfirst))[:80] in first
    titles = {f.id: norm(markdown.typographic(f.title)) for f in repo.briefing.findings}
    positions = [second.index(titles[lead.finding]) for lead in s.lead_findings]
    assert positions == sorted(positions)  # the editors' order
    for lead in s.lead_findings:
        assert norm(markdown.plain(lead.why))[:60] in second
    for figure in s.key_figures:
        assert norm(f"{figure.figure} {markdown.typographic(figure.label)}") in second
    assert "Questions councillors may wish to ask" in second and "The briefing's own words" in second
    for question in s.questions_to_ask:
        assert norm(markdown.plain(question.question))[:60] in second
    assert second.index("Questions councillors") < second.index("How to read this briefing")


def test_the_main_finding_is_on_pages_1_to_3(repo: Built) -> None:
    opening = norm(" ".join(repo.pages[:3]))
    for words in ('"IOM style evidence gathering"', '"not adopted"', "Master Work Return Database", "88"):
        assert words in opening, words


def test_findings_are_ranked_and_their_relation_said_in_plain_words(repo: Built) -> None:
    text = section_text(repo, "Findings")
    positions = [text.index(norm(f"{n}. {markdown.typographic(f.title)}"))
                 for n, f in enumerate(repo.briefing.ranked_findings, start=1)]
    assert positions == sorted(positions)
    for f in repo.briefing.findings:
        assert norm(RELATION_WORDS[f.relation]) in text


def test_at_most_40_pages(repo: Built) -> None:
    assert len(repo.pages) <= 40


def test_footnotes_link_to_the_canonical_source(repo: Built) -> None:
    links = {str(a["/A"]["/URI"]) for page in repo.reader.pages for a in (page.get("/Annots") or [])
             if "/A" in a.get_object() and "/URI" in a["/A"]}
    cited_urls = {c.source.url for items in repo.briefing.cited.values() for c in items if c.source.url}
    assert cited_urls and cited_urls <= links


# -- structure -----------------------------------------------------------------------------------
def outline_titles(outline: list[Any]) -> list[str]:
    titles: list[str] = []
    for item in outline:
        titles += outline_titles(item) if isinstance(item, list) else [str(item.title)]
    return titles


PARTS = ["Contents", "Findings", "Key events", "Caveats", "Fact register", "Topic index", "Figures",
         "What was withheld or not held", "Glossary", "Sources"]


def outline_pages(built: Built) -> list[tuple[str, int, float]]:
    """Each bookmark: its title, page (from 1) and the height of its heading's top on the page."""
    found: list[tuple[str, int, float]] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((norm(str(item.title)), built.reader.get_destination_page_number(item) + 1, float(item.top or 0)))
    walk(built.reader.outline)
    return found


def section_text(built: Built, title: str) -> str:
    """The text of a part, from its heading to the next part's."""
    heads = [(t, page) for t, page, _ in outline_pages(built) if t in PARTS]
    start = next(page for t, page in heads if t == title)
    end = next((page for t, page in heads if page > start), len(built.pages))
    text = norm(" ".join(built.pages[start - 1 : end]))
    return text[text.index(title):]


def test_every_section_is_bookmarked(repo: Built) -> None:
    b = repo.briefing
    titles = [t for t, _, _ in outline_pages(repo)]
    drawn = {c.table for c in declared_charts(b, None)}
    expected = [norm(markdown.typographic(b.settings.headline or b.settings.title)), *PARTS]
    expected += [norm(p.meta.title) for p in b.pages] + [norm(t.title) for t in b.tables if t.id not in drawn]
    expected += [norm(f"{n}. {markdown.typographic(f.title)}") for n, f in enumerate(b.ranked_findings, start=1)]
    assert set(expected) <= set(titles), set(expected) - set(titles)
    assert [t for t in titles if t in PARTS] == PARTS  # in reading order


# -- layout ---------------------------------------------------------------------------------------
def font_sizes(path: Path) -> list[tuple[int, str, float]]:
    """(page, character, font size) of every visible character."""
    found = []
    pdf = pypdfium2.PdfDocument(path)
    try:
        for n, page in enumerate(pdf, start=1):
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                char = textpage.get_text_range(i, 1)
                if not char.isspace():
                    found.append((n, char, pypdfium2.raw.FPDFText_GetFontSize(textpage.raw, i)))
    finally:
        pdf.close()
    return found


def test_no_text_under_8_5_pt(repo: Built) -> None:
    """Notes, labels and chart text included; only the raised commas between footnote markers are smaller."""
    small = [(page, char, size) for page, char, size in font_sizes(repo.path) if size < 8.45 and char not in ",0123456789"]
    assert not small, small[:10]


def test_a_heading_is_never_left_at_the_foot_of_a_page(repo: Built) -> None:
    bottom = 22 / 25.4 * 72  # the template's bottom margin
    for title, page, top in outline_pages(repo):
        assert top > bottom + 60, (title, page, top)  # room below for the heading and lines of its text


def test_a_part_heading_and_its_intro_keep_the_first_block_that_follows(repo: Built) -> None:
    """Under each part heading (set at 19 pt) its page has body text beyond the intro (at most about 190
    characters): a heading and intro alone at a page's foot, above its footnotes, had 141."""
    after: list[tuple[int, str, int]] = []
    for page, char, size in font_sizes(repo.path):
        if size >= 18:
            if not after or after[-1][0] != page or after[-1][2]:
                after.append((page, "", 0))
            after[-1] = (page, after[-1][1] + char, 0)
        elif after and after[-1][0] == page and 9.5 <= size < 18:
            after[-1] = (page, after[-1][1], after[-1][2] + 1)
    assert {"Findings", "Keyevents", "Factregister"} <= {title for _, title, _ in after}
    short = [(page, title, n) for page, title, n in after if n < 220 and not title.isdigit()]  # a key figure is not a part
    assert not short, short


def test_no_near_empty_pages(repo: Built) -> None:
    pdf = pypdfium2.PdfDocument(repo.path)
    try:
        for n, page in enumerate(list(pdf)[:-1], start=1):
            _, height = page.get_size()
            textpage = page.get_textpage()
            lows = [textpage.get_charbox(i)[1] for i in range(textpage.count_chars()) if not textpage.get_text_range(i, 1).isspace()]
            body = [y for y in lows if 22 / 25.4 * 72 < y < height - 24 / 25.4 * 72]
            assert body and min(body) < height / 2, f"page {n} is less than half full"
    finally:
        pdf.close()


def test_every_page_says_page_n_of_m(repo: Built) -> None:
    total = len(repo.reader.pages)
    assert total == len(repo.pages) > 4
    for n, text in enumerate(repo.pages, start=1):
        assert f"Page {n} of {total}" in text


def test_metadata_tags_and_pdf_ua(repo: Built) -> None:
    meta = repo.reader.metadata
    assert meta is not None and meta.title == markdown.typographic(repo.briefing.settings.title)
    assert meta.author == markdown.typographic(repo.briefing.settings.prepared_by)
    assert repo.briefing.settings.topics[0].label in str(meta.get("/Keywords"))
    root = repo.reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"<pdfuaid:part>1</pdfuaid:part>" in root["/Metadata"].get_object().get_data()
    assert str(root["/Lang"]).startswith("en")


def test_fonts_are_the_bundled_ones(repo: Built) -> None:
    fonts = {str(f["/BaseFont"]).split("+")[-1] for page in repo.reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all(name.startswith(("LibertinusSerif", "DejaVuSans", "NewCM")) for name in fonts), fonts


def test_page_1_carries_date_and_content_version(repo: Built) -> None:
    cover = norm(repo.pages[0])
    version = document(repo.briefing, charts=[])["meta"]["version"]
    assert "14 November 2023" in cover  # SOURCE_DATE_EPOCH=1700000000
    assert re.fullmatch(r"[0-9a-f]{12}", version) and version in cover
    assert repo.briefing.settings.prepared_by in cover


def test_same_content_same_bytes(repo: Built, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "content"  # another folder: no path may leak into the PDF
    shutil.copytree(ROOT / "content", copy)
    assert build(copy, tmp_path / "again.pdf").pdf == repo.pdf


# -- charts and images ---------------------------------------------------------------------------
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" role="img" aria-label="bars">'
       '<rect x="10" y="40" width="30" height="60" fill="#1b365d"/><rect x="60" y="10" width="30" height="90" fill="#b3412f"/>'
       '<text x="10" y="20" font-family="Libertinus Serif" font-size="10">Bars</text></svg>')


def alt_texts(node: Any, depth: int = 0) -> list[str]:
    """Every /Alt in the structure tree."""
    if isinstance(node, IndirectObject):
        node = node.get_object()
    if depth > 60 or not isinstance(node, (DictionaryObject, ArrayObject)):
        return []
    if isinstance(node, ArrayObject):
        return [a for item in node for a in alt_texts(item, depth + 1)]
    found = [str(node["/Alt"])] if "/Alt" in node else []
    return found + alt_texts(node.get("/K"), depth + 1)


@pytest.fixture(scope="module")
def charted(tmp_path_factory: pytest.TempPathFactory) -> Built:
    chart = Chart(id="bars", title="Two bars", table="", svg=SVG,  # drawn from facts: its data is printed under it
                  alt="Two bars: the second is taller.", caption="Two bars, drawn from a table.",
                  columns=("Bar", "Height"), rows=(("First", 60), ("Second", 90)))
    return build(SAMPLE, tmp_path_factory.mktemp("charted") / "briefing.pdf", charts=[chart])


def image_xobjects(reader: PdfReader) -> list[Any]:
    """Raster images anywhere in the PDF, including inside the form XObjects that hold the SVG drawings."""
    found, todo, seen = [], [page["/Resources"] for page in reader.pages], set()
    while todo:
        resources = todo.pop().get_object()
        for ref in (resources.get("/XObject") or {}).values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            elif "/Resources" in xobject:
                todo.append(xobject["/Resources"])
    return found


def test_charts_are_vectors_with_alt_text_and_data(charted: Built) -> None:
    assert "Two bars" in charted.text and "Second 90" in charted.text
    assert image_xobjects(charted.reader) == []
    assert "Two bars: the second is taller." in alt_texts(charted.reader.trailer["/Root"]["/StructTreeRoot"])


def test_the_briefing_charts_are_in_the_pdf(repo: Built) -> None:
    drawn = declared_charts(repo.briefing, None)
    assert len(drawn) == 4
    alts = alt_texts(repo.reader.trailer["/Root"]["/StructTreeRoot"])
    for chart in drawn:
        assert norm(markdown.typographic(chart.title)) in repo.text and chart.alt in alts


def test_charts_are_set_in_the_documents_type_and_fit_the_page(repo: Built) -> None:
    figures = next(p for p in document(repo.briefing)["parts"] if p["part"] == "figures")
    for chart in figures["charts"]:
        assert "Libertinus Serif" in chart["svg"] and "DejaVu" not in chart["svg"], chart["title"]
        assert 0 < chart["width"] <= (210 - 44) / 25.4 * 72
    periods = [c for c in figures["charts"] if c["title"] == next(d.title for d in repo.briefing.charts if d.kind == "periods")]
    assert len(periods) == 1
    drawn = period_facts(repo.briefing.facts, next(d for d in repo.briefing.charts if d.kind == "periods"))
    assert drawn and all(f.label and html.escape(f.label, quote=False) in periods[0]["svg"] for f in drawn)  # as on the site
    assert "Fact 1:" not in periods[0]["svg"]
    assert [c["name"] for c in periods[0]["columns"]] == ["Fact", "Bar", "Period"]
    assert not any(re.search(r"\d{4}-\d\d", v) for row in periods[0]["rows"] for v in row["values"])  # dates in words


def test_without_lead_findings_the_bottom_line_lists_every_finding(charted: Built) -> None:
    assert not charted.briefing.settings.lead_findings and charted.briefing.findings
    opening = norm(" ".join(charted.pages[:2]))
    for finding in charted.briefing.findings:
        assert norm(markdown.typographic(finding.title)) in opening.split("Contents")[0]


def test_no_raster_images(repo: Built) -> None:
    assert image_xobjects(repo.reader) == []


# -- hostile content -----------------------------------------------------------------------------
HOSTILE = r'#read("/etc/passwd") #import "evil.typ": * $x^2$ <label> @ref ] * _ \ <b>bold</b> {{ x }} #(1+1)'


def inject(folder: Path) -> list[str]:
    """Write HOSTILE, tagged with where it went, into every free-text field of the sample; quotes are left alone."""
    planted: list[str] = []

    def plant(where: str) -> str:
        planted.append(f"{where}: {HOSTILE}")
        return planted[-1]

    def edit(name: str, change: Any) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def settings(d: Any) -> None:
        d["title"], d["subtitle"], d["prepared_by"] = plant("title"), plant("subtitle"), plant("prepared by")
        d["topics"][0]["label"] = plant("topic")

    def facts(d: Any) -> None:
        for i, fact in enumerate(d["facts"]):
            fact["statement"] = plant(f"statement {i}")
            fact["citations"][0]["locator"] = plant(f"locator {i}")

    def findings(d: Any) -> None:
        d["findings"][0]["title"] = plant("finding")
        d["findings"][0]["sides"][0]["label"] = plant("side")
        d["findings"][0]["analysis"] = plant("analysis") + " [@twelve-notices; @scheme-not-adopted]"

    def table(d: Any) -> None:
        d["title"], d["description"] = plant("table"), plant("table description")

    def source(d: Any) -> None:
        d["title"], d["notes"] = plant("source title"), [plant("source note")]

    def glossary(d: Any) -> None:
        d["terms"][0]["term"], d["terms"][0]["meaning"] = plant("term"), plant("meaning")

    def entities(d: Any) -> None:
        d["entities"][0]["name"] = plant("entity")
        d["entities"][0]["description"] = plant("entity description") + " [@twelve-notices]"

    def questions(d: Any) -> None:
        q = d["questions"][0]
        q["status"], q["exemptions"], q["note"] = "refused", [plant("exemption")], plant("question note") + " [@twelve-notices]"

    edit("briefing.yaml", settings)
    edit("facts/council.yaml", facts)
    edit("findings/findings.yaml", findings)
    edit("tables/notices-by-area.yaml", table)
    edit("sources/council-foi.yaml", source)
    edit("glossary.yaml", glossary)
    edit("entities.yaml", entities)
    edit("questions/council-foi.yaml", questions)
    summary = folder / "pages" / "summary.md"  # the PDF's executive summary opens with it
    summary.write_text(summary.read_text(encoding="utf-8").replace(
        "Twelve notices were issued [@twelve-notices].", plant("summary page") + " [@twelve-notices]"), encoding="utf-8")
    title = plant("page title")
    (folder / "pages" / "more.md").write_text(
        f"---\ntitle: {json.dumps(title)}\n---\n{plant('page')} [@twelve-notices]\n\n## {plant('page heading')}\n",
        encoding="utf-8")
    return planted


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[str]]:
    folder = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(SAMPLE, folder)
    planted = inject(folder)
    # The hostile text quotes "/etc/passwd" and writes figures no quote gives: the claims check rightly refuses it
    # (tests/errors/claim-*). This test is about typesetting such text, so it builds the PDF without that stage.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("briefing.build.check_claims", lambda *args: None)
        return build(folder, folder.parent / "briefing.pdf", charts=[]), planted


def test_hostile_content_is_printed_literally(hostile: tuple[Built, list[str]]) -> None:
    built, planted = hostile
    squeezed = re.sub(r"\s", "", built.text)  # narrow columns wrap text after any "/"
    for text in planted:
        assert re.sub(r"\s", "", norm(text)) in squeezed, text
    assert "root:" not in built.text  # /etc/passwd was not read
    assert built.reader.metadata is not None and norm(built.reader.metadata.title) == planted[0]
    assert next(p for p in planted if p.startswith("page title")) in map(norm, outline_titles(built.reader.outline))


def test_markdown_runs_keep_syntax_as_text() -> None:
    runs = markdown.runs(HOSTILE + " *emphasis* [@a-fact; @editorial]")
    assert runs[0] == {"text": HOSTILE.replace('"', "\u201c", 1).replace('"', "\u201d", 1)
                       .replace('"', "\u201c", 1).replace('"', "\u201d", 1) + " "}
    assert runs[1] == {"text": "emphasis", "emph": True}
    assert runs[-1] == {"cite": ["a-fact", "editorial"]}


# -- the command ----------------------------------------------------------------------------------
def test_cli_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "b.pdf"
    assert main(["pdf", "--content", str(SAMPLE), "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-") and "wrote" in capsys.readouterr().out
