"""The PDF briefing: built once per session from the repository's content (and from a hostile copy
of tests/sample), then read back as a reader's tools would: the text of each page with PDFium (pypdfium2, in
the order Typst wrote it), the outline, links, metadata, fonts and structure tree with pypdf. Both are pure
Python wheels: no poppler-utils needed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from briefing import markdown
from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.chart_kinds import declared_charts
from briefing.charts import Chart
from briefing.cli import main
from briefing.pdf import build_pdf, document
from briefing.site import facts_by_topic

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


# -- citations -----------------------------------------------------------------------------------
def footnote_quotes(text: str, number: str, ref: str, locator: str, quote: str) -> bool:
    """Footnote ``number`` gives the source's reference, the locator and the quotation."""
    full = norm(f'{ref}, {locator}: "{quote}"')
    return f" {number} {full}" in text


def test_every_fact_appears_with_its_footnotes(repo: Built) -> None:
    assert repo.briefing.facts
    for fact in repo.briefing.facts:
        statement = norm(markdown.plain(fact.statement))
        found = re.search(re.escape(statement) + r"(\d+(?:, ?\d+)*)", repo.text)
        assert found, f"{fact.id}: statement without a footnote marker"
        numbers = re.split(r", ?", found.group(1))
        cited = repo.briefing.cited[fact.id]
        assert len(numbers) == len(cited), fact.id
        for number, c in zip(numbers, cited):
            ref = c.source.reference or c.source.title
            assert footnote_quotes(repo.text, number, ref, c.citation.locator, c.citation.quote), (fact.id, number)


def test_each_passage_is_quoted_in_full_once(repo: Built) -> None:
    answered = {q.id for q in repo.briefing.questions if q.status == "answered"}  # the PDF lists the others
    passages = {(c.source.reference or c.source.title, c.citation.locator, c.citation.quote)
                for owner, items in repo.briefing.cited.items() if owner not in answered for c in items}
    for ref, locator, quote in passages:
        assert repo.text.count(norm(f'{ref}, {locator}: "{quote}"')) == 1, quote


def test_a_repeated_citation_carries_the_first_number(repo: Built) -> None:
    repeated = 0
    for fact in repo.briefing.facts:
        statement = re.escape(norm(markdown.plain(fact.statement)))
        markers = {m.group(1).replace(" ", "") for m in re.finditer(statement + r"(\d+(?:, ?\d+)*)", repo.text)}
        assert len(markers) <= 1, (fact.id, markers)
        repeated += len(re.findall(statement + r"\d", repo.text)) > 1
    assert repeated > len(repo.briefing.facts) / 2  # facts appear in the timeline and again by topic


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


def test_every_section_is_bookmarked(repo: Built) -> None:
    b = repo.briefing
    parts = {p["part"] for p in document(b, charts=[])["parts"]}
    expected = ["Key findings", "Contents", "Facts by topic", "Sources"]
    expected += [p.meta.title for p in b.pages] + [f.title for f in b.findings] + [t.title for t in b.tables]
    expected += [label for _, label, _ in facts_by_topic(b)]
    expected += [title for part, title in (("findings", "Findings"), ("timeline", "Timeline"), ("figures", "Figures"),
                                           ("withheld", "What was withheld or not held"), ("glossary", "Glossary")) if part in parts]
    assert {"timeline", "withheld", "figures"} <= parts
    titles = [norm(title) for title in outline_titles(repo.reader.outline)]
    assert {norm(title) for title in expected} <= set(titles)
    assert titles.index("Key findings") < titles.index("Contents") < titles.index("Facts by topic") < titles.index("Sources")


def test_key_findings_fit_on_one_page(repo: Built) -> None:
    pages = {str(item.title): repo.reader.get_destination_page_number(item) for item in repo.reader.outline if not isinstance(item, list)}
    assert (pages["Key findings"], pages["Contents"]) == (1, 2)
    leads = {lead.finding for lead in repo.briefing.settings.lead_findings}
    assert leads
    for finding in repo.briefing.ranked_findings:
        assert (norm(finding.title) in norm(repo.pages[1])) == (finding.id in leads)


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


def test_cover_carries_date_and_content_version(repo: Built) -> None:
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
    chart = Chart(id="bars", title="Two bars", table="notices-by-area", svg=SVG,
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
