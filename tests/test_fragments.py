"""Text fragments for citation links: added only where they can only match the cited passage."""

from __future__ import annotations

from urllib.parse import unquote

from briefing.fragments import text_directive

DOC = (
    "Reference: 01.TEST.1\n"
    "The council said twelve notices were issued - all in the north ward, in 2022.\n"
    "See above answer.\n"
    "See above answer.\n"
    "The scheme was not adopted after consultation\n"
    "with outreach teams and the police, who agreed.\n"
)


def span(text: str, part: str) -> tuple[int, int]:
    start = DOC.index(part)
    return start, start + len(part)


def terms(directive: str) -> list[list[str]]:
    assert directive.startswith(":~:")
    return [[unquote(t) for t in d.removeprefix("text=").split(",")] for d in directive[3:].split("&")]


def test_a_short_passage_is_its_own_term_and_dashes_and_commas_are_encoded() -> None:
    directive = text_directive(DOC, [span(DOC, "issued - all in the north")])
    assert "%2D" in directive and "-" not in directive.removeprefix(":~:text=")
    assert terms(directive) == [["issued - all in the north"]]


def test_a_long_passage_across_lines_gets_a_start_and_an_end() -> None:
    directive = text_directive(DOC, [span(DOC, "The scheme was not adopted after consultation\nwith outreach teams and the police, who agreed.")])
    [[start, end]] = terms(directive)
    assert "\n" not in start and "\n" not in end  # a term never crosses a line of the document
    assert DOC.index(start) < DOC.index(end)
    assert start.startswith("The scheme") and end.endswith("who agreed.")


def test_an_elided_quote_gets_one_directive_per_part() -> None:
    directive = text_directive(DOC, [span(DOC, "twelve notices were issued"), span(DOC, "in the north ward, in 2022.")])
    assert len(terms(directive)) == 2


def test_no_directive_where_the_words_occur_twice_or_elsewhere_on_the_page() -> None:
    second = DOC.index("See above answer.", DOC.index("See above answer.") + 1)
    assert text_directive(DOC, [(second, second + len("See above answer."))]) == ""
    assert text_directive(DOC, [span(DOC, "01.TEST.1")], elsewhere=["Source 01.TEST.1"]) == ""
