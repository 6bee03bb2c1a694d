"""The normaliser takes exactly three liberties: whitespace, quote marks and dashes."""

from __future__ import annotations

import pytest

from briefing.normalise import (
    char_name,
    differing_characters,
    invisible_characters,
    normalise,
    normalise_with_offsets,
    quote_parts,
    straighten,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\tb", "a b"),
        ("a \t\n  b", "a b"),
        ("a\u00a0b", "a b"),  # non-breaking space
        ("  padded  ", "padded"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("\u2018single\u2019", "'single'"),
        ("Boxster\u2019s", "Boxster's"),
        ("\u201edown\u201f", '"down"'),
        ("\u00abguillemets\u00bb", '"guillemets"'),
        ("20 \u2013 26", "20 - 26"),  # en dash
        ("a\u2014b", "a-b"),  # em dash
        ("a\u2212b", "a-b"),  # minus sign
        ("a\u2011b", "a-b"),  # non-breaking hyphen
    ],
)
def test_normalises(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Adopted", "adopted"),  # case is kept
        ("adopted.", "adopted"),  # punctuation is kept
        ("colour", "color"),  # spelling is kept
        ("ion", "on"),  # the source's typos are kept
        ("S31", "S 31"),  # spaces are not invented
    ],
)
def test_keeps_everything_else(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


def test_offsets_point_back_into_the_original() -> None:
    original = "one\t\t\u201ctwo\u201d \u2013 three"
    n = normalise_with_offsets(original)
    assert n.text == 'one "two" - three'
    start = n.text.index('"two"')
    a, b = n.span(start, start + len('"two"'))
    assert original[a:b] == "\u201ctwo\u201d"


@pytest.mark.parametrize(
    ("quote", "parts"),
    [
        ("one \u2026 two", ["one", "two"]),
        ("one [\u2026] two", ["one", "two"]),
        ("one [...] two", ["one", "two"]),
        ("\u2026 one", ["one"]),
        ("no elision...", ["no elision..."]),  # plain dots are text, not an elision
    ],
)
def test_quote_parts(quote: str, parts: list[str]) -> None:
    assert quote_parts(quote) == parts


def _one_character_at_a_time(text: str, offset: int) -> tuple[str, list[int]]:
    """What normalise_with_offsets must give, spelt out: each run of white space becomes one space at its start."""
    out, origin, in_space = [], [], False
    for i, ch in enumerate(straighten(text), start=offset):
        if not (ch.isspace() and in_space):
            out.append(" " if ch.isspace() else ch)
            origin.append(i)
        in_space = ch.isspace()
    return "".join(out), [*origin, offset + len(text)]


@pytest.mark.parametrize("offset", [0, 7])
@pytest.mark.parametrize("text", ["", " ", "  ", "a", " a ", "\n\nA \u2013 b\t\t\u201cc\u201d\r\n", "x\u00a0\u2009\u3000y\u2028z\x1c\x1dw",
                                  "end  ", "  start", "one two  three   four\n\n\nfive"])
def test_offsets_are_those_of_a_character_by_character_reading(text: str, offset: int) -> None:
    n = normalise_with_offsets(text, offset)
    assert (n.text, [n.original(i) for i in range(len(n.text) + 1)]) == _one_character_at_a_time(text, offset)
    assert n.text.strip() == normalise(text)


def test_invisible_characters_are_named_once_each_in_order_but_not_white_space() -> None:
    text = "a\u200bb\x07c\u200b\td\u00ade\n\ufeff"
    assert invisible_characters(text) == ["\u200b", "\x07", "\u00ad", "\ufeff"]
    assert invisible_characters("plain text\twith\nbreaks") == []


def test_a_character_is_named_by_its_code_point_and_unicode_name() -> None:
    assert char_name("\u0430") == "U+0430 CYRILLIC SMALL LETTER A"
    assert char_name("\x1b") == "U+001B ESCAPE"
    assert char_name("\x01") == "U+0001 (a control character)"


def test_differing_characters_names_at_most_three_differences_and_never_shared_accents() -> None:
    source = "Café policy: a b c d"
    quote = "Café policy: \u0430 \u0184 \u0441 \u0501"
    said = differing_characters(quote, source)
    assert said == ("the quote has U+0430 CYRILLIC SMALL LETTER A where the source has U+0061 LATIN SMALL LETTER A; "
                    "the quote has U+0184 LATIN CAPITAL LETTER TONE SIX where the source has U+0062 LATIN SMALL LETTER B; "
                    "the quote has U+0441 CYRILLIC SMALL LETTER ES where the source has U+0063 LATIN SMALL LETTER C")
    assert differing_characters("Café a", "Café b") == ""  # plain letters differ: that is a misquote, not a look-alike
    assert differing_characters("e\u0301", "\u00e9") == ("the quote has U+0065 LATIN SMALL LETTER E + U+0301 COMBINING ACUTE ACCENT "
                                                        "where the source has U+00E9 LATIN SMALL LETTER E WITH ACUTE")

