"""End to end: build the real briefing and the sample, then check the HTML by its structure."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import CONTENTS, ROOT, build_site

from briefing.build import build_briefing
from briefing.normalise import normalise, quote_parts
from briefing.sources import Capture


@pytest.fixture(scope="module", params=["real", "sample"])
def site(request: pytest.FixtureRequest, built_site: Callable[[str], Path]) -> Path:
    return built_site(request.param)


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {str(p.relative_to(site)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in site.rglob("*.html")}


def resolve(page: str, href: str) -> tuple[str, str]:
    """The site file a relative href from ``page`` points at, and its fragment (without a text directive)."""
    parts = urlsplit(href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)) if parts.path else page
    if parts.path.endswith("/") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html")
    return target.removeprefix("./"), parts.fragment.split(":~:")[0]


def test_every_claim_has_a_citation(site: Path) -> None:
    claims = 0
    for name, soup in pages(site).items():
        for claim in soup.select("[data-fact]"):
            claims += 1
            assert claim.select("a.citation"), f"{name}: claim {claim['data-fact']} has no citation"
    assert claims > 0


def test_every_citation_lands_on_a_highlighted_passage(site: Path) -> None:
    html = pages(site)
    seen = 0
    for name, soup in html.items():
        for link in soup.select("a.citation"):
            seen += 1
            target, anchor = resolve(name, link["href"])
            assert target in html, f"{name}: {link['href']} points at a missing page"
            page = html[target]
            landing = page.find(id=anchor)
            assert landing is not None and "cite-anchor" in landing.get("class", []), f"{name}: no anchor {anchor} in {target}"
            marks = [m for m in page.select("mark.cited") if anchor in m["data-cites"].split()]
            assert marks, f"{name}: the passage {anchor} in {target} is not highlighted"
            # the highlighted text is exactly the quote (its parts, for an elided quote)
            marked = normalise("".join(m.get_text() for m in marks)).replace(" ", "")
            assert marked == "".join(quote_parts(link["data-quote"])).replace(" ", ""), f"{name}: {anchor}"
    assert seen > 0


def test_sources_hide_the_chrome_and_list_what_cites_them(site: Path) -> None:
    html = pages(site)
    for name, soup in html.items():
        if not name.startswith("sources/") or name == "sources/index.html":
            continue
        numbers = [int(line["id"][1:]) for line in soup.select(".document .line")]
        assert numbers and numbers == list(range(numbers[0], numbers[-1] + 1))
        chrome = soup.select(".chrome .line")
        assert numbers[0] == len(chrome) + 1, f"{name}: the document must start after the chrome"
        for item in soup.select("ol.cited-by li a[href^='#']"):
            assert soup.find(id=item["href"][1:]) is not None


def test_facts_json(site: Path) -> None:
    data = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    content = CONTENTS["sample" if site.parent.name.startswith("sample") else "real"]
    briefing = build_briefing(content)
    captures = {s.id: Capture.read(s) for s in briefing.sources}
    assert {f["id"] for f in data["facts"]} == {f.id for f in briefing.facts}
    for fact in data["facts"]:
        assert set(fact) >= {"id", "statement", "date", "citations"}
        assert fact["citations"], fact["id"]
        for citation in fact["citations"]:
            assert set(citation) >= {"source", "reference", "locator", "quote", "url"}
            assert captures[citation["source"]].find(citation["quote"]) is not None
            target, anchor = resolve("index.html", citation["url"])
            assert anchor in (site / target).read_text(encoding="utf-8")
    for source in data["sources"]:
        assert set(source) >= {"id", "reference", "title", "kind", "url", "sha256"}


def test_no_asset_from_another_origin(site: Path) -> None:
    for name, soup in pages(site).items():
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if value:
                    assert not urlsplit(value).netloc and not value.startswith("//"), f"{name}: {tag} loads {value}"


def test_hostile_markdown_is_escaped(sample_site_with_hostile_statement: BeautifulSoup) -> None:
    fact = sample_site_with_hostile_statement.select_one('[data-fact="twelve-notices"] .statement')
    assert fact is not None
    assert fact.find("script") is None and fact.find("img") is None
    assert "<script>alert(1)</script>" in fact.get_text()
    assert not any(a.get("href", "").startswith("javascript:") for a in fact.find_all("a"))


@pytest.fixture(scope="module")
def sample_site_with_hostile_statement(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    import shutil

    base = tmp_path_factory.mktemp("hostile")
    content = base / "content"
    shutil.copytree(CONTENTS["sample"], content)
    facts = content / "facts" / "council.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "statement: Twelve notices were issued, all in the north ward.",
        "statement: 'Twelve <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))'",
    ), encoding="utf-8")
    result = build_site(content, base / "site")
    assert result.returncode == 0, result.stderr
    return BeautifulSoup((base / "site" / "facts" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_links_between_narrative_pages_resolve(site: Path) -> None:
    html = pages(site)
    for name, soup in html.items():
        for link in soup.select(".narrative a[href]"):
            href = link["href"]
            if urlsplit(href).scheme or "citation" in link.get("class", []) or "fact-link" in link.get("class", []):
                continue
            target, anchor = resolve(name, href)
            assert target in html, f"{name}: {href} does not resolve"
            assert not anchor or html[target].find(id=anchor) is not None, f"{name}: {href}"


@pytest.mark.parametrize("limit", [25, 0])
def test_the_sidebar_lists_sources_only_while_they_are_few(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond site.NAV_SOURCES sources the sidebar links their index only, and their pages are built outside the nav
    (MkDocs' strict build refuses a page that is neither in the nav nor marked so)."""
    from briefing import site
    from briefing.mkdocs.events import navigation

    monkeypatch.setattr(site, "NAV_SOURCES", limit)
    briefing = build_briefing(ROOT / "content")
    pages = site.render_site(briefing, [])
    sources = next(item["Sources"] for item in navigation(briefing, pages) if "Sources" in item)
    source_pages = [p for p in pages if p.path.startswith("sources/") and p.path != "sources/index.md"]
    assert len(source_pages) == len(briefing.sources) == 5
    if limit:
        assert len(sources) == 1 + len(briefing.sources) and all(p.in_nav for p in source_pages)
    else:
        assert sources == ["sources/index.md"] and not any(p.in_nav for p in source_pages)
        index = next(p for p in pages if p.path == "sources/index.md").html
        assert all(f'href="{s.id}/"' in index for s in briefing.sources)  # each reachable from the index


def test_a_tables_dates_link_to_their_rows_and_give_its_caveats_once(site: Path) -> None:
    """A timeline date taken from a table names its table, links to its own row there, and the table's caveats
    are shown at its first date only (the timeline once gave them again under each of its rows)."""
    html = pages(site)
    entries = html["timeline/index.html"].select("li:has(> [data-table-event])")
    with_caveats: dict[str, int] = {}
    for entry in entries:
        table = entry.select_one("[data-table-event]")["data-table-event"]
        link = entry.select_one(".entry-from a[href]")
        target, anchor = resolve("timeline/index.html", link["href"])
        row = html[target].find(id=anchor)
        assert row is not None and row.name == "tr" and anchor.startswith(f"{table}-row-"), link["href"]
        assert "of the table)" not in entry.get_text()
        with_caveats[table] = with_caveats.get(table, 0) + (entry.select_one("aside.caveats") is not None)
    assert all(n <= 1 for n in with_caveats.values()), with_caveats
    assert entries or site.parent.name.startswith("sample"), "the real briefing has a table of dates"


def test_the_withheld_page_gives_a_note_said_alike_once(site: Path) -> None:
    """A note the editors wrote alike for several questions of one response is given at its first question; the
    rows after it say "as for Qn above" and link to that row (the page once repeated one note in eight rows)."""
    page = pages(site).get("withheld/index.html")
    if page is None:
        assert site.parent.name.startswith("sample")
        return
    notes = [n.get_text(" ", strip=True) for n in page.select(".withheld-table .question-note")]
    said = [n for n in notes if not n.startswith("Note: as for ")]
    assert len(said) == len(set(said)), [n for n in said if said.count(n) > 1]
    for link in page.select(".question-note a[href^='#withheld-']"):
        row = page.find(id=link["href"][1:])
        assert row is not None and row.name == "tr" and row.select_one(".question-note") is not None, link["href"]
    assert len(notes) > len(said) or site.parent.name.startswith("sample"), "the real briefing has notes said alike"


def test_search_results_hold_no_citation_markers(site: Path) -> None:
    """A citation's marker and its words for screen readers ("[12] source: ..., slide ...; the authority's answer")
    stay out of the search index: results once read as a run of them between the sentences."""
    import re

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    noisy = [d["location"] for d in docs if re.search(r"\[\d+\]\s*source:", d["text"])]
    assert not noisy, noisy[:5]
    assert any("sex work" in d["text"] or "notices" in d["text"] for d in docs)  # the text itself is indexed
