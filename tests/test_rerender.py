"""The preview's pages after an edit (briefing/rerender.py): rendering again only the pages an edited fact appears on
gives, page by page, the pages a full render of the edited Briefing gives; an edit that moves a fact renders all.

The edits are made to the Briefing itself (its facts, their verified citations, the timeline), so that any pair of
Briefings is tried, not only those an editor's YAML would give."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.assemble import Briefing
from briefing.build import build_briefing
from briefing.rerender import Rendered, render_again
from briefing.site import SitePage, render_site

CONTENT = Path(__file__).resolve().parent.parent / "content"


@functools.cache
def briefing() -> Briefing:
    return build_briefing(CONTENT)


@functools.cache
def first() -> Rendered:
    return render_again(briefing(), preview=True)


def shown(pages: list[SitePage]) -> list[tuple[object, ...]]:
    return [(p.path, p.title, p.html, p.toc, p.description, p.in_nav) for p in pages]


def with_fact(b: Briefing, index: int, **changes: object) -> Briefing:
    facts = list(b.facts)
    facts[index] = facts[index].model_copy(update=changes)
    return dataclasses.replace(b, facts=facts)


def statement(b: Briefing, index: int, words: str) -> Briefing:
    return with_fact(b, index, statement=f"{words} {b.facts[index].statement}")


def entities(b: Briefing, index: int, words: str) -> Briefing:
    others = [e.id for e in b.entities if e.id not in b.facts[index].entities]
    return with_fact(b, index, entities=[*b.facts[index].entities, others[len(words) % len(others)]])


def dropped_entities(b: Briefing, index: int, words: str) -> Briefing:
    return with_fact(b, index, entities=b.facts[index].entities[1:])


def key_event(b: Briefing, index: int, words: str) -> Briefing:
    return with_fact(b, index, key_event=not b.facts[index].key_event)


def citation_dropped(b: Briefing, index: int, words: str) -> Briefing:
    fact_id = b.facts[index].id
    return dataclasses.replace(b, cited={**b.cited, fact_id: b.cited[fact_id][1:] or b.cited[fact_id]})


def entry_text(b: Briefing, index: int, words: str) -> Briefing:
    timeline = list(b.timeline)
    n = index % len(timeline)
    timeline[n] = dataclasses.replace(timeline[n], text=f"{words} {timeline[n].text}")
    return dataclasses.replace(b, timeline=timeline)


def caveat_dropped(b: Briefing, index: int, words: str) -> Briefing:
    with_caveats = [k for k in b.caveats_of if b.caveats_of[k]]
    owner = with_caveats[index % len(with_caveats)]
    return dataclasses.replace(b, caveats_of={**b.caveats_of, owner: b.caveats_of[owner][1:]})


EDITS = [statement, entities, dropped_entities, key_event, citation_dropped, entry_text, caveat_dropped]
WORDS = st.text(alphabet="abcdefghij *_`[]", min_size=1, max_size=12).map(lambda s: "Edited " + s)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(min_value=0, max_value=10_000), WORDS), min_size=1, max_size=3))
def test_pages_rendered_again_after_any_edit_are_a_full_renders(edits: list[tuple[object, int, str]]) -> None:
    edited, again = briefing(), first()
    for edit, index, words in edits:  # one save after another: each starts from the pages (and blocks) of the last
        edited = edit(edited, index % len(edited.facts), words)  # type: ignore[operator]
        again = render_again(edited, preview=True, last=again)
    assert shown(again.pages) == shown(render_site(edited, preview=True))


def test_a_statement_edit_renders_only_the_pages_that_show_the_fact() -> None:
    b = briefing()
    index = next(i for i, f in enumerate(b.facts) if f.entities and f.date)
    again = render_again(statement(b, index, "Edited"), preview=True, last=first())
    fact_id = b.facts[index].id
    showing = [p.path for p in first().pages if fact_id in p.html]
    assert {"facts.md", "timeline.md", f"entities/{b.facts[index].entities[0]}.md"} <= set(showing)
    assert again.again == len(showing) < len(again.pages) / 4
    assert [p is q for p, q in zip(again.pages, first().pages, strict=True)].count(True) == len(again.pages) - len(showing)
    other = next(f.id for f in b.facts if f.id != fact_id and fact_id not in first().blocks["fact.html.j2", "facts.md", f.id].html)
    assert again.blocks["fact.html.j2", "facts.md", other] is first().blocks["fact.html.j2", "facts.md", other]  # not rendered again
    assert again.blocks["fact.html.j2", "facts.md", fact_id] is not first().blocks["fact.html.j2", "facts.md", fact_id]


def test_an_edit_that_moves_a_fact_renders_every_page() -> None:
    b = briefing()
    index = next(i for i, f in enumerate(b.facts) if f.entities)
    other_topic = next(t.id for t in b.settings.topics if t.id not in b.facts[index].topics)
    for moved in (entities(b, index, ""), key_event(b, index, ""), with_fact(b, index, topics=[other_topic])):
        assert render_again(moved, preview=True, last=first()).again == len(first().pages)


def test_nothing_changed_renders_nothing_and_a_setting_renders_all() -> None:
    b = briefing()
    assert render_again(b, preview=True, last=first()).again == 0
    retitled = dataclasses.replace(b, settings=b.settings.model_copy(update={"subtitle": "Another subtitle"}))
    assert render_again(retitled, preview=True, last=first()).again == len(first().pages)
