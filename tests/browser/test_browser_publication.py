"""The site as a published investigation, checked by structure in a real browser (issue: the public website
reads like a published investigation, not an archive).

The real briefing (content/) and the sample (tests/sample) are built once; every page is visited at a
desktop width (1280 px) or on a 390 px phone with touch, as each check needs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Served, Watch, open_context
from sitebuild import CONTENTS

from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.markdown import typographic
from briefing.schema import RELATION_WORDS

Context = Callable[..., tuple[Any, Watch]]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@functools.cache
def briefing_of(name: str) -> Briefing:
    return build_briefing(CONTENTS[name])


def internal_ids(b: Briefing) -> set[str]:
    """Ids readers must never see: those of facts, sources, tables, questions, findings and entities. Only ids with
    a hyphen are looked for (a one-word id such as 'mps' is also an ordinary word of the text)."""
    ids = {f.id for f in b.facts} | {s.id for s in b.sources} | {t.id for t in b.tables} | {q.id for q in b.questions}
    ids |= {f.id for f in b.findings} | {e.id for e in b.entities}
    return {i for i in ids if "-" in i}


#: What a reader meets on a page: its visible text and the accessible names of its links and controls,
#: outside the archived documents themselves (whose text is the source's, ids and pipes included).
READER_TEXT = """() => {
  const skip = el => el.closest('.document, .chrome, .md-search, [hidden]');
  const article = document.querySelector('article');
  const clone = article.cloneNode(true);
  clone.querySelectorAll('.document, .chrome').forEach(e => e.remove());
  const names = [];
  for (const el of document.querySelectorAll('a, button, input, label, [aria-label], [role=img], svg[aria-labelledby]')) {
    if (skip(el)) continue;
    const label = el.getAttribute('aria-label');
    if (label) names.push(label);
    if (el.localName === 'a' || el.localName === 'button') names.push(el.textContent);
  }
  document.body.appendChild(clone);
  clone.style.position = 'absolute';
  const text = clone.innerText;
  clone.remove();
  return {text: text + '\\n' + document.title, names: names};
}"""


@pytest.fixture(params=["real", "sample"])
def site(request: pytest.FixtureRequest, serve: Callable[[str], Served]) -> Served:
    return serve(str(request.param))


#: Everything the checks of every page need, gathered in one visit (the checks below share it: one visit per
#: page and viewport, not one per check).
SURVEY = """() => {
  const reader = (READER)();
  const found = {fact_link: !!document.querySelector('a.fact-link'), extra: [], small: [], hidden_abbr: 0};
  for (const g of document.querySelectorAll('.cite-group')) {
    const extra = [...g.querySelectorAll('a, button, [tabindex]')].filter(e => !e.matches('a.citation'));
    if (extra.length) found.extra.push(extra[0].outerHTML.slice(0, 80));
  }
  for (const a of document.querySelectorAll('article a.citation')) {
    if (a.closest('[hidden], details:not([open])')) continue;
    const r = a.getBoundingClientRect();
    if (r.width < 23.5 || r.height < 23.5) { found.small.push(`${a.textContent} is ${r.width}x${r.height} px`); break; }
  }
  found.abbrs = [...document.querySelectorAll('article abbr[title]')].map(a => a.textContent);
  found.hidden_abbr = document.querySelectorAll('.visually-hidden abbr').length;
  found.width = document.documentElement.scrollWidth;
  const t = document.querySelector('.md-header__topic .md-ellipsis');
  found.title_cut = t && t.scrollWidth > t.clientWidth + 1 ? t.textContent.trim() : null;
  found.clipped = [...document.querySelectorAll('.chart-graphic')].filter(c => c.scrollWidth > c.clientWidth + 1
    && getComputedStyle(c).overflowX === 'visible').length;
  found.description = document.querySelector('meta[name=description]')?.content || '';
  found.og_image = document.querySelector('meta[property="og:image"]')?.content || '';
  found.og_image_url = found.og_image && new URL(found.og_image, location.href).href;
  found.og_title = document.querySelector('meta[property="og:title"]')?.content || '';
  found.og_description = document.querySelector('meta[property="og:description"]')?.content || '';
  found.title = document.title;
  return Object.assign(found, reader);
}""".replace("READER", READER_TEXT.strip())

_surveys: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}


def survey(browser: Any, site: Served, device: str) -> dict[str, dict[str, Any]]:
    """What every page of ``site`` shows on ``device`` ('desktop' or 'phone'), by page path; gathered once per module."""
    key = (site.name, device)
    if key not in _surveys:
        context, _ = open_context(browser, site, **(DESKTOP if device == "desktop" else PHONE))
        page = context.new_page()
        seen: dict[str, dict[str, Any]] = {}
        for path in site.pages():
            if path.startswith("search/") or path == "404.html":
                continue
            page.goto(site.url(path))
            seen[path or "index"] = page.evaluate(SURVEY)
        context.close()
        _surveys[key] = seen
    return _surveys[key]


def problems_of(pages: dict[str, dict[str, Any]], check: Callable[[dict[str, Any]], list[str]]) -> list[str]:
    return [f"{path}: {p}" for path, seen in pages.items() for p in check(seen)]


# -- 1. the home page -------------------------------------------------------------------------------------

def test_home_page_tells_the_story_above_the_fold(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("real")
    b = briefing_of("real")
    context, watch = context_for(site, **DESKTOP)
    page = context.new_page()
    page.goto(site.url())
    h1 = page.locator("article h1")
    assert h1.count() == 1
    assert h1.inner_text().strip() == typographic(b.settings.headline or b.settings.title)
    byline = page.locator(".byline")
    assert b.settings.prepared_by in byline.inner_text()
    assert re.fullmatch(r"\d{4}(-\d\d){0,2}", byline.locator("time").get_attribute("datetime") or "")
    assert byline.locator("a[href$='briefing.pdf']").count() == 1
    assert page.locator(".standfirst a.citation").count() >= 1
    leads = page.locator("ol.lead-findings > li.lead-finding")
    assert [leads.nth(i).get_attribute("data-finding") for i in range(leads.count())] == [lead.finding for lead in b.settings.lead_findings]
    for i in range(leads.count()):
        assert leads.nth(i).locator("h3 a[href*='findings/#']").count() == 1  # a link to its evidence
        assert leads.nth(i).locator(".why a.citation").count() >= 1
    figures = page.locator("li.key-figure")
    assert figures.count() == len(b.settings.key_figures)
    for i in range(figures.count()):
        assert figures.nth(i).locator("a.citation").count() >= 1, "a key figure is not cited"
    assert "verified" in page.locator(".how-verified").inner_text() or "check" in page.locator(".how-verified").inner_text()
    assert page.title() == typographic(b.settings.title) or page.title() == b.settings.title, "the home page's title repeats itself"
    assert not watch.problems()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_headline_byline_and_lead_finding_above_the_fold(serve: Callable[[str], Served], context_for: Context,
                                                         device: str, scheme: str) -> None:
    """On the first screen (1280 x 900, or a 390 x 844 phone), light and dark: the whole headline, the byline and
    the first lead finding's headline, by their bounding boxes."""
    options = DESKTOP if device == "desktop" else PHONE
    context, watch = context_for(serve("real"), color_scheme=scheme, **options)
    page = context.new_page()
    page.goto(serve("real").url())
    fold = options["viewport"]["height"]  # type: ignore[index]
    for selector in ("article h1", ".byline", "ol.lead-findings > li.lead-finding h3"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= fold, f"{selector} is not all above the fold ({box})"
    assert not watch.problems()


# -- 2. findings ------------------------------------------------------------------------------------------

def test_findings_ranked_with_the_relation_in_plain_words_explained_once(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("real")
    b = briefing_of("real")
    context, _ = context_for(site, **DESKTOP)
    page = context.new_page()
    page.goto(site.url("findings/"))
    sections = page.locator("section.finding")
    assert [sections.nth(i).get_attribute("data-finding") for i in range(sections.count())] == [f.id for f in b.ranked_findings]
    for i in range(sections.count()):
        relation = sections.nth(i).get_attribute("data-relation") or ""
        assert sections.nth(i).locator(".relation-words").first.inner_text().strip().lower() == RELATION_WORDS[relation].lower()
    text = page.locator("article").inner_text()
    for relation in {f.relation for f in b.findings}:
        assert text.count("Relation:") == 0
        assert page.locator(f"dl.relation-definitions dt.relation-{relation}").count() == 1  # explained once


# -- 3. typography: tables and source pages -----------------------------------------------------------------

def test_tables_are_styled(site: Served, context_for: Context) -> None:
    context, _ = context_for(site, **DESKTOP)
    page = context.new_page()
    page.goto(site.url("tables/"))
    style = page.evaluate("""() => {
      const t = document.querySelector('table.transcribed');
      const th = t.querySelector('thead th'), td = t.querySelector('tbody td'), cap = t.querySelector('caption');
      const s = e => getComputedStyle(e);
      return {thPad: parseFloat(s(th).paddingLeft), tdPad: parseFloat(s(td).paddingLeft), rule: parseFloat(s(td).borderBottomWidth),
              head: s(th).textAlign, caption: s(cap).textAlign, captionSide: s(cap).captionSide};
    }""")
    assert style["thPad"] >= 6 and style["tdPad"] >= 6, style
    assert style["rule"] >= 1, style
    assert style["head"] in ("left", "start"), style
    assert style["caption"] in ("left", "start") and style["captionSide"] == "top", style


def test_source_pages_are_titled_by_their_documents(site: Served, context_for: Context) -> None:
    b = briefing_of(site.name)
    context, _ = context_for(site, **DESKTOP)
    page = context.new_page()
    for source in b.sources:
        page.goto(site.url(f"sources/{source.id}/"))
        assert page.locator("article h1").inner_text().strip() == source.title
        card = page.locator("dl.source-meta")
        assert card.is_visible()
        if source.reference:
            assert source.reference in card.inner_text()
        assert source.sha256[:12] in card.inner_text()
        assert source.sha256 not in card.inner_text(), "the full fingerprint is in the reader's face"
        card.locator("details.fingerprint summary").click()
        assert source.sha256 in card.inner_text(), "the full fingerprint is not there on demand"


# -- 4. no ids or machine syntax --------------------------------------------------------------------------

def test_no_internal_id_or_machine_syntax_reaches_readers(site: Served, browser: Any) -> None:
    ids = internal_ids(briefing_of(site.name))
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")

    def check(seen: dict[str, Any]) -> list[str]:
        found = [f"id in the text: {m.group(0)}" for m in pattern.finditer(seen["text"])]
        found += [f"id in an accessible name: {n.strip()[:80]}" for n in seen["names"] if pattern.search(n)]
        found += [f"pipes of a table row: {line[:80]}" for line in seen["text"].splitlines() if " | " in line]
        found += [f"a citation marker left as syntax: {m.group(0)}" for m in re.finditer(r"\[@[^\]]*\]", seen["text"])]
        return found[:5]

    problems = problems_of(survey(browser, site, "desktop"), check)
    assert not problems, "\n".join(problems)


# -- 5. citations ----------------------------------------------------------------------------------------

def test_one_focusable_marker_per_citation_big_enough_to_tap(site: Served, browser: Any) -> None:
    def check(seen: dict[str, Any]) -> list[str]:
        return ((["a second link beside a citation (a.fact-link)"] if seen["fact_link"] else [])
                + [f"a citation group holds another control: {e}" for e in seen["extra"][:1]]
                + [f"citation {e}" for e in seen["small"]])

    problems = problems_of(survey(browser, site, "phone"), check)
    assert not problems, "\n".join(problems)


def test_first_tap_on_a_citation_opens_its_preview(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("sample")
    context, watch = context_for(site, **PHONE)
    page = context.new_page()
    page.goto(site.url("facts/"))
    citation = page.locator("article a.citation").first
    tip = page.locator("#citation-popover")
    citation.tap()
    page.wait_for_timeout(200)
    assert page.url == site.url("facts/"), "the first tap left the page instead of previewing"
    assert tip.is_visible()
    go = tip.locator("a.citation-popover__open")
    assert go.get_attribute("href") == citation.get_attribute("href")
    go.tap()
    page.wait_for_url(re.compile(r"/sources/"))
    page.wait_for_selector("mark.cited.current")
    page.go_back()
    page.locator("article a.citation").first.tap()
    assert tip.is_visible()
    page.locator("article h1").tap()  # a tap elsewhere closes it
    assert tip.is_hidden()
    assert not watch.problems()


# -- 6. abbreviations ----------------------------------------------------------------------------------

def test_abbreviations_are_explained_once_per_page(site: Served, browser: Any) -> None:
    def check(seen: dict[str, Any]) -> list[str]:
        terms = seen["abbrs"]
        repeated = sorted({t for t in terms if terms.count(t) > 1})
        return ([f"explained more than once: {', '.join(repeated)}"] if repeated else []) + (
            [f"{seen['hidden_abbr']} abbreviations explained only in text a screen reader meets"] if seen["hidden_abbr"] else [])

    problems = problems_of(survey(browser, site, "desktop"), check)
    assert not problems, "\n".join(problems)


# -- 7 and 10. phones and keyboards ---------------------------------------------------------------------------

def test_nothing_is_wider_than_a_phone(site: Served, browser: Any) -> None:
    def check(seen: dict[str, Any]) -> list[str]:
        found = [f"the page is {seen['width']} px wide on a 390 px phone"] if seen["width"] > 390 else []
        found += [f"the site title is cut: {seen['title_cut']}"] if seen["title_cut"] else []
        found += [f"{seen['clipped']} charts clipped without a way to scroll"] if seen["clipped"] else []
        return found

    problems = problems_of(survey(browser, site, "phone"), check)
    assert not problems, "\n".join(problems)


def test_skip_link_on_every_page_and_no_focus_in_the_closed_menu(site: Served, context_for: Context) -> None:
    context, _ = context_for(site, **PHONE)
    page = context.new_page()
    for path in ["", "facts/", "glossary/", *[p for p in site.pages() if p.startswith("entities/")][:2]]:
        page.goto(site.url(path))
        skip = page.locator("a.md-skip")
        assert skip.count() == 1, f"{path or 'index'}: no skip link"
        target = (skip.get_attribute("href") or "#").lstrip("#")
        assert page.locator(f"#{target}").count() == 1, f"{path or 'index'}: the skip link leads nowhere"
        for _ in range(12):
            page.keyboard.press("Tab")
            inside = page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
            assert not inside, f"{path or 'index'}: focus went into the closed menu"


def test_every_page_has_a_description_and_a_local_preview_image(site: Served, browser: Any) -> None:
    """Each page's link preview is its own: og:title and og:description the page's title and description, and
    og:image a PNG of the site (each page of the navigation its own card, the others the home page's)."""
    def check(seen: dict[str, Any]) -> list[str]:
        found = [] if seen["description"].strip() else ["no description"]
        if seen["og_description"] != seen["description"]:
            found.append(f"og:description {seen['og_description']!r} is not the page's description")
        if not seen["og_image"] or re.match(r"https?://", seen["og_image"]):
            found.append(f"og:image not the site's own: {seen['og_image']!r}")
        parts = [p.strip() for p in seen["title"].split(" - ")]
        if len(parts) != len(set(parts)):
            found.append(f"title repeats itself: {seen['title']}")
        if seen["og_title"] != parts[0]:
            found.append(f"og:title {seen['og_title']!r} is not the page's title {parts[0]!r}")
        return found

    pages = survey(browser, site, "desktop")
    problems = problems_of(pages, check)
    assert not problems, "\n".join(problems)
    cards = {path: seen["og_image_url"] for path, seen in pages.items()}
    for path in ("index", "findings/", "timeline/"):
        assert path in cards, f"no page {path}"
    assert len({cards["index"], cards["findings/"], cards["timeline/"]}) == 3, "sections share one preview card"
    for url in set(cards.values()):
        assert url.startswith(site.origin + "/assets/cards/"), url
        relative = url.removeprefix(site.origin + "/")
        assert (site.root / relative).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{relative} is not a PNG"


# -- 8. the timeline ----------------------------------------------------------------------------------

def test_timeline_key_events_small_filters_no_empty_years(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("real")
    b = briefing_of("real")
    context, _ = context_for(site, **PHONE)
    page = context.new_page()
    page.goto(site.url("timeline/"))
    keys = [e.id for e in b.timeline if e.key]
    assert keys, "the real briefing marks key events"
    assert page.locator("li.entry.entry-key").count() == len(keys)
    assert page.locator("li.entry.entry-key .key-label").count() == len(keys)
    filter_box = page.locator(".timeline-filter").bounding_box()
    assert filter_box is not None and filter_box["height"] < 120, f"the filters fill the phone's screen: {filter_box}"
    assert "The fact" not in page.locator("article").inner_text()
    page.locator(".timeline-filter summary").click()
    page.locator("input[data-key-only]").check()
    shown = page.evaluate("() => [...document.querySelectorAll('li.entry')].filter(li => li.offsetParent !== null).map(li => li.id)")
    assert sorted(shown) == sorted(keys)
    page.locator("input[data-key-only]").uncheck()
    boxes = page.locator(".timeline-filter input[type=checkbox][value]")
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    empty = page.evaluate("""() => [...document.querySelectorAll('.timeline-page h2')].filter(h => h.offsetParent !== null
      && !h.closest('.timeline-year').querySelector('li.entry:not([hidden])')).map(h => h.textContent)""")
    assert not empty, f"year headings with no entry under them: {empty}"


# -- 9. the withheld page ---------------------------------------------------------------------------------

def test_withheld_page_is_its_own_grouped_view(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("real")
    b = briefing_of("real")
    context, _ = context_for(site, **DESKTOP)
    page = context.new_page()
    page.goto(site.url("withheld/"))
    assert page.locator("blockquote.asked, section.question").count() == 0, "the withheld page repeats the questions page"
    rows = page.locator("table.withheld-table tbody tr")
    assert rows.count() == sum(1 for q in b.questions if q.status != "answered")
    groups = page.locator("section.withheld-group")
    assert groups.count() >= 2
    for i in range(rows.count()):
        href = rows.nth(i).locator("a").first.get_attribute("href") or ""
        assert "questions/#" in href


def test_on_a_phone_rows_read_and_a_linked_fact_starts_below_the_header(serve: Callable[[str], Served], context_for: Context) -> None:
    """On a 390 px phone: no cell of the withheld page's table is squeezed (its three columns once left the status and
    its note one letter wide); a fact a link lands on starts below the two-line header, which still names the site
    once the page is scrolled; a fact's caveat reads smaller than its statement."""
    site = serve("real")
    b = briefing_of("real")
    context, _ = context_for(site, **PHONE)
    page = context.new_page()
    page.goto(site.url("withheld/"))
    widths = page.eval_on_selector_all("table.withheld-table tbody :is(th, td)", "cells => cells.map(c => c.getBoundingClientRect().width)")
    assert widths and min(widths) > 300, f"cells as narrow as {min(widths):.0f} px"
    fact = next(f for f in b.facts if b.caveats_of.get(f.id))
    page.goto(site.url(f"facts/#{fact.id}"))
    page.wait_for_timeout(300)
    header = page.eval_on_selector(".md-header", "h => h.getBoundingClientRect().bottom")
    top = page.eval_on_selector(f"[id='{fact.id}']", "a => a.getBoundingClientRect().top")
    assert top >= header, f"the fact starts at {top:.0f} px, under the header, which ends at {header:.0f} px"
    title = page.eval_on_selector(".md-header__topic", "t => [getComputedStyle(t).opacity, t.textContent.trim()]")
    assert title == ["1", b.settings.title], title
    sizes = page.eval_on_selector(f"[id='{fact.id}']", """a => [a.querySelector('.statement'), a.querySelector('aside.caveats li')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes[1] < sizes[0], f"caveat {sizes[1]} px, statement {sizes[0]} px"


def test_a_cited_passage_offers_a_way_back_to_its_claim(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("sample")
    context, watch = context_for(site, **DESKTOP)
    page = context.new_page()
    page.goto(site.url("facts/"))
    statement = page.locator("article .fact .statement").first
    claim = statement.inner_text().split("[")[0].strip()
    statement.locator("a.citation").first.click()
    page.wait_for_selector("mark.cited.current")
    back = page.locator(".document .passage-return a")
    assert back.count() == 1
    assert back.is_visible()
    page.go_back()
    page.go_forward()
    page.wait_for_selector(".document .passage-return a")
    page.locator(".document .passage-return a").click()
    page.wait_for_url(re.compile(r"/facts/#"))
    assert claim[:30] in page.locator(".fact:target .statement").inner_text()
    assert not watch.problems()
