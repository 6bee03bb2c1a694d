"""The small rules under verify's checks: which numbers a grand total's quote prints, which skipped
numbers are figures."""

from __future__ import annotations

import re

import pytest

from briefing.verify import _NUMBER, _is_figure, _whole_numbers


@pytest.mark.parametrize(("quote", "numbers"), [
    ("A total of 88 sex workers", {88}),
    ("A total of 1,115 were issued.", {1115}),
    ("An average of 88.5 a month", set()),       # not a whole number: neither 88 nor 5
    ("A total of 188 were issued.", {188}),       # 88 is not in it
    ("Between 2021 and 2022, 12 in all.", {2021, 2022, 12}),
    ("Dated 30.12.2022", set()),
    ("1,11 is no number", set()),
])
def test_whole_numbers(quote: str, numbers: set[int]) -> None:
    assert _whole_numbers(quote) == numbers


@pytest.mark.parametrize(("text", "figures"), [
    ("the Data Protection Act 2018.", ["2018"]),
    ("ethnicity.\n2. Since the commencement", []),        # a list item's own number
    ("Q2 - Since the commencement", []),                  # the digit of a name
    ("ethnicity. 2. Since", ["2"]),                       # not at the start of a line: a figure
    ("in 12 cases\n3) and 4,000 more", ["12", "4,000"]),
])
def test_figures_an_elision_may_not_skip(text: str, figures: list[str]) -> None:
    assert [m.group() for m in _NUMBER.finditer(text) if _is_figure(text, m)] == figures
    assert all(re.fullmatch(r"[\d.,]+", f) for f in figures)
