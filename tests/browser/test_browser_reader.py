"""What readers do, in a real browser: leave quickly, check a citation, search, print.

The sample briefing (tests/sample) is the test bed; its facts, source and glossary are known here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import NEUTRAL_ORIGINS, Served, Watch

Context = Callable[..., tuple[Any, Watch]]
QUICK_EXIT = "a[data-quick-exit]"


@pytest.fixture
def sample(serve: Callable[[str], Served]) -> Served:
    return serve("sample")


def neutral(url: str) -> bool:
    return url.startswith(NEUTRAL_ORIGINS)


def open_page(context_for: Context, site: Served, path: str = "", **options: Any) -> tuple[Any, Watch]:
    context, watch = context_for(site, **options)
    page = context.new_page()
    page.goto(site.url(path))
    return page, watch


# -- quick exit ---------------------------------------------------------------------------------------

def test_quick_exit_is_the_first_thing_the_keyboard_reaches(sample: Served, context_for: Context) -> None:
    for path in ("", "facts/", "sources/council-foi/"):
        page, watch = open_page(context_for, sample, path)
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.matches('a[data-quick-exit]')")
        assert focused, f"{path}: the first Tab does not reach the quick exit"
        link = page.locator(QUICK_EXIT)
        assert link.is_visible() and link.inner_text().startswith("Leave this site")
        box = link.bounding_box()
        assert box is not None and box["y"] < 60, "the quick exit is not at the top of the page"
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(100)
        assert link.is_visible() and link.bounding_box()["y"] < 60, "the quick exit scrolls out of view"  # type: ignore[index]
        assert not watch.problems()


def test_quick_exit_from_the_keyboard_replaces_history_and_forgets_storage(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample)
    page.click("a[href='facts/']")
    page.wait_for_url(re.compile(r"/facts/$"))
    # Material keeps state in Web Storage under the site's path ("/.__palette", "/.__source"...)
    stored = "() => [__md_get('__visited'), __md_get('__visited', sessionStorage)]"
    page.evaluate("() => { __md_set('__visited', 1); __md_set('__visited', 1, sessionStorage); }")
    assert page.evaluate(stored) == [1, 1]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(neutral)
    assert watch.neutral, "the neutral page was not reached"
    page.go_back()
    assert page.url == sample.url(""), f"Back returned to {page.url}, not to the page before the one left"
    assert page.evaluate(stored) == [None, None], "the site's stored state survived"
    assert not watch.problems()


def test_escape_leaves(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample, "facts/")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral)
    assert not watch.problems()


def test_escape_in_the_search_closes_it_first(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample)
    page.keyboard.press("s")  # Material's shortcut: opens the search and focuses its input
    search = page.locator("input.md-search__input")
    search.wait_for(state="visible")
    page.keyboard.type("notices")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert page.url == sample.url(""), "Escape in the search box left the site"
    assert not page.locator("#__search").is_checked(), "Escape did not close the search"
    page.keyboard.press("Escape")
    page.wait_for_url(neutral)
    assert not watch.problems()


def test_quick_exit_is_a_plain_link_without_javascript(sample: Served, context_for: Context) -> None:
    page, _ = open_page(context_for, sample, "facts/", java_script_enabled=False)
    link = page.locator(QUICK_EXIT)
    assert link.get_attribute("href") == "https://www.bbc.co.uk/weather"
    assert link.is_visible()
    link.click()
    page.wait_for_url(neutral)


# -- citations ----------------------------------------------------------------------------------------

def test_citation_popover_on_hover_and_focus(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample, "facts/")
    citation = page.locator("[data-fact='twelve-notices'] .statement a.citation").first
    tip = page.locator("#citation-popover")
    citation.hover()
    assert tip.is_visible()
    assert tip.get_attribute("role") == "tooltip"
    assert citation.get_attribute("aria-describedby") == "citation-popover"
    assert "Twelve notices were issued - all in the north ward." in tip.inner_text()
    assert "01.TEST.1, Answer" in tip.inner_text()
    # hoverable: the pointer can move onto the popover
    box = tip.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(400)
    assert tip.is_visible(), "the popover closed when the pointer moved onto it"
    # dismissable: Escape closes it and does not leave the site
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.wait_for_timeout(200)
    assert page.url == sample.url("facts/"), "Escape on a popover triggered the quick exit"
    page.mouse.move(0, 500)
    # focus: from the keyboard
    citation.focus()
    assert tip.is_visible() and citation.get_attribute("aria-describedby") == "citation-popover"
    page.keyboard.press("Escape")
    assert tip.is_hidden() and page.url == sample.url("facts/")
    page.keyboard.press("Tab")
    assert tip.is_hidden() or citation.get_attribute("aria-describedby") is None
    assert not watch.problems()


def test_following_a_citation_lands_on_the_highlighted_passage(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample, "summary/", viewport={"width": 1000, "height": 600})
    citation = page.locator("article a.citation").first
    anchor = (citation.get_attribute("href") or "").split("#")[1].split(":~:")[0]
    citation.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sources/council-foi/"))
    current = page.locator("mark.cited.current")
    current.first.wait_for()
    assert anchor in (current.first.get_attribute("data-cites") or "").split()
    assert current.first.evaluate("m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"), \
        "the highlighted passage is not in view"
    assert "Twelve notices were issued" in " ".join(current.all_inner_texts())
    assert not watch.problems()


def test_without_javascript_a_citation_still_lands_on_the_passage(serve: Callable[[str], Served], context_for: Context) -> None:
    # the browser follows the text fragment (:~:text=) itself, or the anchor where there is none
    site = serve("real")
    page, _ = open_page(context_for, site, "facts/", java_script_enabled=False, viewport={"width": 1000, "height": 600})
    links = page.locator("article a.citation[href*=':~:text=']")
    assert links.count() > 10
    for i in (0, links.count() // 2, links.count() - 1):
        link = links.nth(i)
        href = link.get_attribute("href") or ""
        anchor = href.split("#")[1].split(":~:")[0]
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_url(re.compile(r"/sources/"))
        mark = page.locator(f"mark.cited[data-cites~='{anchor}']").first
        page.wait_for_function("m => { const r = m.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }",
                               arg=mark.element_handle(), timeout=3000)
        page.go_back()


def test_text_fragments_alone_find_their_passages(serve: Callable[[str], Served], context_for: Context) -> None:
    """Each text directive, without the anchor before it, brings its own passage into view (so it matched there)."""
    from bs4 import BeautifulSoup

    site = serve("real")
    soup = BeautifulSoup((site.root / "facts" / "index.html").read_text(encoding="utf-8"), "html.parser")
    targets: dict[str, list[tuple[str, str]]] = {}
    for a in soup.select("a.citation[href*=':~:text=']"):
        path, _, fragment = a["href"].partition("#")
        anchor, _, directive = fragment.partition(":~:")
        targets.setdefault(path, []).append((anchor, directive))
    page, _ = open_page(context_for, site, "", java_script_enabled=False, viewport={"width": 1000, "height": 600})
    checked = 0
    for path, cited in sorted(targets.items()):
        for anchor, directive in cited[:: max(1, len(cited) // 2)]:  # the first, the middle and the last (or fewer)
            page.goto("about:blank")  # a new document each time: a fragment change alone would not apply the directive
            page.goto(site.url("facts/") + path + "#:~:" + directive)
            mark = page.locator(f"mark.cited[data-cites~='{anchor}']").first
            page.wait_for_function("m => { const r = m.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }",
                                   arg=mark.element_handle(), timeout=3000)
            checked += 1
    assert checked >= 5


def test_a_source_lists_the_claims_that_cite_it(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample, "sources/council-foi/")
    items = page.locator("ol.cited-by li")
    assert items.count() >= 3
    facts = page.locator("ol.cited-by a.cited-by-fact")
    assert "Twelve notices were issued" in " ".join(facts.all_inner_texts())
    for i in range(items.count()):
        link = items.nth(i).locator("a").first
        anchor = (link.get_attribute("href") or "")[1:]
        link.click()
        page.wait_for_selector(f"mark.cited.current[data-cites~='{anchor}']")
    facts.first.click()
    page.wait_for_url(re.compile(r"/facts/#"))
    assert page.locator(".fact:target").is_visible()
    assert not watch.problems()


# -- search and print ---------------------------------------------------------------------------------

def search(page: Any, query: str, expected: str) -> bool:
    """Whether searching for ``query`` lists a result whose address contains ``expected``."""
    from playwright.sync_api import TimeoutError  # here: without Playwright the browser fixture skips the test
    box = page.locator("input.md-search__input")
    box.click()  # opens the search
    box.fill("")
    box.press_sequentially(query)  # Material searches on key events
    try:
        page.wait_for_function("e => [...document.querySelectorAll('.md-search-result__item a')].some(a => a.href.includes(e))",
                               arg=expected, timeout=5000)
    except TimeoutError:
        return False
    return True


def test_search_finds_facts_sources_and_glossary_terms(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample)
    assert search(page, "ward", "/facts/"), "a fact's word finds no fact"
    assert search(page, "outreach", "/sources/council-foi/"), "a word of the source finds no source"
    assert search(page, "Freedom", "/glossary/"), "a glossary meaning finds no glossary"
    assert not watch.problems()


def test_search_on_the_real_briefing(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("real")
    page, watch = open_page(context_for, site)
    assert search(page, "homelessness", "/facts/")
    assert search(page, "homelessness", "/sources/foi-22-027745/")
    assert not watch.problems()


def test_print_leaves_out_the_chrome_and_keeps_citations_readable(sample: Served, context_for: Context) -> None:
    page, watch = open_page(context_for, sample, "summary/")
    page.emulate_media(media="print")
    for selector in (QUICK_EXIT, ".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"
    citation = page.locator("article a.citation").first
    printed = citation.evaluate("a => getComputedStyle(a, '::after').content")
    assert printed == '" (01.TEST.1, Answer)"', printed
    page.pdf()  # Chromium lays the page out for paper without an error
    assert not watch.problems()


# -- hostile content ----------------------------------------------------------------------------------

def test_hostile_content_is_shown_as_text_and_never_runs(serve: Callable[[str], Served], context_for: Context) -> None:
    site = serve("hostile")
    page, watch = open_page(context_for, site)
    assert "<script>window.__pwned=1</script>" in page.locator("header").inner_text()
    assert "<script>window.__pwned=1</script>" in page.title()
    page.goto(site.url("facts/"))
    statement = page.locator("[data-fact='twelve-notices'] .statement")
    assert "<script>window.__pwned=30</script>" in statement.inner_text()
    citation = statement.locator("a.citation").first
    citation.hover()
    assert '<script>window.__pwned=103</script>' in page.locator("#citation-popover").inner_text()
    citation.click()
    page.wait_for_selector("mark.cited.current")
    for link in page.locator("a[href^='javascript:' i]").all():
        pytest.fail(f"a javascript: link: {link.evaluate('a => a.outerHTML')}")
    # search renders indexed text with innerHTML: the hostile text must arrive escaped
    assert search(page, "Twelve", "/facts/")
    assert "<script>" in page.locator(".md-search-result").inner_text()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral)
    assert page.evaluate("() => window.__pwned") is None
    assert not watch.problems()
