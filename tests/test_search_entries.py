"""The preview's search entries, kept section by section (briefing/mkdocs/search_entries.py): after any edit, the
entries of a page are those Material's own parse of the whole page makes, entry for entry, and only the changed
sections are parsed again."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex

from briefing.mkdocs.search_entries import SearchEntries

WORDS = st.sampled_from(["fact", "88 people", "IOM", "&amp;", "a\nb", " ", "\n", "", "x &lt; y", "é"])

# Pieces of HTML, well-formed or not, as pages and hostile content may hold them: headings with and without ids at the
# top level and nested, paragraphs and lists Material keeps, excluded and skipped elements, unclosed and stray tags.
BLOCKS = st.one_of(
    st.builds(lambda n, i, w: f'<h{n} id="{i}">{w}<a class="headerlink" href="#{i}">¶</a></h{n}>\n',
              st.integers(1, 6), st.sampled_from(["a", "b", "topic-1", "y2021"]), WORDS),
    st.builds(lambda n, w: f"<h{n}>{w}</h{n}>\n", st.integers(1, 6), WORDS),
    st.builds(lambda w: f"<p>{w}</p>\n", WORDS),
    st.builds(lambda w, v: f'<article class="fact" id="f"><p class="statement">{w}<a data-search-exclude>[1]</a></p>{v}</article>\n', WORDS, WORDS),
    st.builds(lambda w: f'<div><h3 id="nested">{w}</h3>{w}</div>\n', WORDS),
    st.builds(lambda n, w, v: f'<section class="finding"><h{n} id="f{n}">{w}</h{n}><p>{v}</p><h3 id="side">{w}</h3>{v}</section>\n',
              st.integers(2, 3), WORDS, WORDS),
    st.builds(lambda w: f"<ul><li>{w}</li><li></li></ul>\n", WORDS),
    st.builds(lambda w: f"<pre><code>{w}  {w}</code></pre>\n", WORDS),
    st.builds(lambda w: f'<section data-search-exclude><h2 id="hidden">{w}</h2><p>{w}</p></section>\n', WORDS),
    st.builds(lambda w: f"<script>var s = '<h2 id=\"x\">{w}</h2>';</script>\n", WORDS),
    st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<span data-search-exclude>", "</span>", "<br>", "<!-- c -->", "<sup>1</sup>", "text"]),
)
PAGES = st.lists(BLOCKS, max_size=12)


def page(html: str, title: str = "Facts") -> Any:
    return SimpleNamespace(url="facts/", title=title, meta={"title": title}, toc=[], content=html)


def material(html: str) -> list[dict[str, Any]]:
    index = SearchIndex()
    index.add_entry_from_context(page(html))
    return list(index.entries)


def remembering() -> tuple[SearchEntries, SearchIndex]:
    entries, index = SearchEntries(), SearchIndex()
    entries._index = index
    return entries, index


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions=st.lists(PAGES, min_size=1, max_size=4), edits=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 2), BLOCKS), max_size=3),
       wrapped=st.booleans())
def test_after_any_edits_a_pages_entries_are_materials_own(versions: list[list[str]], edits: list[tuple[int, int, str]], wrapped: bool) -> None:
    """``wrapped``: in one div, as the site's pages are."""
    entries, _ = remembering()
    blocks = versions[0]
    pages = [blocks, *versions[1:]]
    for where, how, block in edits:  # small edits of the first version too: a block replaced, inserted or removed
        edited = list(blocks)
        at = min(where, len(edited))
        if how == 0 and at < len(edited):
            edited[at] = block
        elif how == 1:
            edited.insert(at, block)
        elif edited:
            del edited[min(at, len(edited) - 1)]
        pages.append(edited)
        blocks = edited
    for blocks in pages:
        html = "".join(blocks) if not wrapped else '<div class="briefing-page">\n' + "".join(blocks) + "</div>\n"
        assert entries.entries(page(html)) == material(html)


def test_a_paragraph_left_open_before_a_heading_and_closed_after_an_edit() -> None:
    """Found by the property test: the closing of a <p> opened before a chunk's heading is Material's business with
    an earlier section (it looked for the <p> in a section the partial parse does not have)."""
    entries, _ = remembering()
    heading = '<h1 id="a">fact<a class="headerlink" href="#a">¶</a></h1>\n'
    for html in ["<p>" + heading, "<p>fact</p>\n" + heading, "<p>" + heading + "</p>x", "<p>" + heading]:
        assert entries.entries(page(html)) == material(html)


def facts_page(statements: list[str]) -> str:
    topics = [statements[i:i + 10] for i in range(0, len(statements), 10)]
    return '<div class="briefing-page"><p>Every fact below.</p>\n' + "".join(
        f'<h2 id="topic-{n}">Topic {n}</h2>\n' + "".join(f'<article class="fact"><p class="statement">{s}</p></article>\n' for s in facts)
        for n, facts in enumerate(topics)) + "</div>\n"


def test_a_one_fact_edit_parses_only_its_section() -> None:
    entries, _ = remembering()
    statements = [f"Fact number {n} says something." for n in range(200)]
    html = facts_page(statements)
    assert entries.entries(page(html)) == material(html)
    assert entries.parsed == len(html)
    entries.parsed = 0
    statements[57] = "Fact number 57 now says 89, not 88."
    edited = facts_page(statements)
    assert entries.entries(page(edited)) == material(edited)
    assert 0 < entries.parsed < len(edited) / 10  # one topic's section of twenty
    entries.parsed = 0
    assert entries.entries(page(edited)) == material(edited)
    assert entries.parsed == 0  # unchanged: nothing parsed


def test_another_title_or_table_of_contents_parses_the_page_again() -> None:
    entries, _ = remembering()
    html = facts_page(["One.", "Two."])
    entries.entries(page(html))
    entries.parsed = 0
    assert entries.entries(page(html, title="Other")) == [
        {**e, "title": "Other"} if e["title"] == "Facts" else e for e in material(html)]
    assert entries.parsed == len(html)


def test_excluded_pages_have_no_entries() -> None:
    entries, _ = remembering()
    excluded = page("<h1>Hidden</h1><p>text</p>")
    excluded.meta["search"] = {"exclude": True}
    assert entries.entries(excluded) == []
