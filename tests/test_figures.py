"""The figures read from prose (briefing/figures.py): each written form gives its value, and any text gives
figures or none, never an exception (a statement saying "twenty-one" once raised a KeyError)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.figures import MONTHS, WORD_VALUES, Known, figures


def values(text: str) -> list[tuple[str, float | tuple[int | None, int | None, int | None]]]:
    return [(f.kind, f.date if f.kind == "date" else f.number) for f in figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("four teams", [("number", 4.0)]),
    ("88 people", [("number", 88.0)]),
    ("1,200 stops", [("number", 1200.0)]),
    ("twenty-one warnings", [("number", 21.0)]),
    ("Twenty-One warnings", [("number", 21.0)]),
    ("forty-nine", [("number", 49.0)]),
    ("12% and 12 per cent", [("percent", 12.0), ("percent", 12.0)]),
    ("£4k", [("number", 4000.0)]),
    ("1 February 2022", [("date", (2022, 2, 1))]),
    ("01/02/2022", [("date", (2022, 2, 1))]),
    ("2022-02-01", [("date", (2022, 2, 1))]),
    ("February 1, 2022", [("date", (2022, 2, 1))]),
    ("December 2021", [("date", (2021, 12, None))]),
    ("between 1 August and 26 November 2021", [("date", (2021, 8, 1)), ("date", (2021, 11, 26))]),
    ("one of the teams, a second request", []),
    ("the Mayor of Mayfair", []),
    ("fifth-floor office", [("number", 5.0)]),
])
def test_each_written_form_gives_its_value(text: str, expected: list[object]) -> None:
    assert values(text) == expected


def test_a_date_backs_the_coarser_forms_of_itself_never_finer() -> None:
    known = Known().add_text("on 1 December 2021")
    assert all(known.backs(f) for f in figures("December 2021, in 2021"))
    assert not Known().add_text("in December 2021").backs(figures("1 December 2021")[0])


_WORDS = [*WORD_VALUES, *MONTHS, *(m[:3] for m in MONTHS), "one", "sept", "per", "cent", "percent", "of", "and", "the",
          "£", "%", "-", ",", ".", "/", "st", "th", "k", "m", "S", "Q", "2021", "12", "1", "0", "31", "1,200", "\u2212", "\u00a0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.lists(st.sampled_from(["", " ", "-", "  "]), min_size=12, max_size=12),
       st.booleans())
def test_any_text_gives_figures_and_never_an_exception(words: list[str], glue: list[str], title: bool) -> None:
    text = "".join(w + g for w, g in zip(words, glue))
    text = text.title() if title else text
    found = figures(text)
    assert all(f.kind in ("number", "percent", "date") for f in found)
    assert [f.start for f in found] == sorted(f.start for f in found)
    known = Known().add_text(text)
    assert all(known.backs(f) for f in found)  # a text is evidence for every figure it writes
