"""Abbreviations are explained where they appear, the longest term first, as a plain alternation would."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from briefing.markdown import Abbreviations

TERMS = {t: t.lower() for t in ["CP", "CPW", "CPWS", "NA", "NAS", "No Trace PNC", "PNC", "S31", "S3", "Section 40(2)", "EC2A", "A&E"]}


def _alternation(terms: dict[str, str]) -> re.Pattern[str]:
    """The definition: every term, longest first, tried in turn."""
    return re.compile(r"(?<![\w.])(?<!\w-)(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                      + r")(?=s?(?!\w|[.-]\w))")


@pytest.mark.parametrize("text", [
    "CPW and CPWs and CPWS and CPW's and CPWx and CP", "NA NAS NASs NA's NAN", "a No Trace PNC, a PNC, No Trace PN",
    "S31 S3 S311 S3s", "under Section 40(2) and Section 40(3)", "EC2A 4LT", "A&E, A&Es", "",
    "01.FOI.22.027745, 01-CPW-22, CPW.2, CPW-3, CPW-", "(CPW) [NA] CPW/CPN",
])
def test_abbreviations_match_like_the_longest_first_alternation(text: str) -> None:
    expected = _alternation(TERMS).sub(lambda m: f'<abbr title="{escape(TERMS[m.group(1)])}">{m.group(1)}</abbr>', text)
    assert Abbreviations(TERMS)(text) == expected


def test_text_inside_tags_code_and_abbr_is_left_alone() -> None:
    html = '<a title="CPW">CPW</a> <code>CPW</code> <abbr title="x">CPW</abbr>'
    assert Abbreviations(TERMS)(html) == '<a title="CPW"><abbr title="cpw">CPW</abbr></a> <code>CPW</code> <abbr title="x">CPW</abbr>'
