"""The small rules under verify's checks (which numbers a grand total's quote prints, which skipped
numbers are figures), and what readers are shown of a table's checks."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT

from briefing.build import build_briefing
from briefing.pdf import build_pdf, document
from briefing.site import render_site
from briefing.validate import read_content
from briefing.verify import _NUMBER, _is_figure, _suggest, _whole_numbers, verify

SAMPLE = ROOT / "tests" / "sample"


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
    ("\n2. Since the commencement", []),                 # a list item on the second line of the text
    ("a\nb\n2. Since the commencement", []),             # its line starts after the last line break, not the first
])
def test_figures_an_elision_may_not_skip(text: str, figures: list[str]) -> None:
    assert [m.group() for m in _NUMBER.finditer(text) if _is_figure(text, m)] == figures
    assert all(re.fullmatch(r"[\d.,]+", f) for f in figures)


def test_at_most_three_suggestions_the_closest_first() -> None:
    known = ["notices-a", "notices", "notice-b", "notices-c", "zzz"]
    assert _suggest("notice", known) == "did you mean 'notices' or 'notice-b' or 'notices-c'?"
    assert _suggest("ab", ["abcdef"]) == "did you mean 'abcdef'?"  # similarity 0.5, the least suggested
    assert _suggest("ab", ["abcdefg"]) == ""


ANNEX = "Warnings by month, as printed in the annex\nMonth | |\nMay | 2 |\nJune | 4 |\nJuly | 1 |\n"
TABLE = """id: warnings-by-month
title: "Warnings by month"
citation:
  source: council-annex
  locator: Annex
  quote: "Month | |"
row_header: Month
columns:
  - name: Warnings
    printed: false
rows:
  - label: May
    values: [2]
  - label: July
    values: [1]
excluded:
  - row: June
    reason: The annex prints it twice elsewhere; kept out here for the test.
computed_totals: true
"""


@pytest.fixture(scope="module")
def annexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with one more table: a heading the document does not print, an excluded row, computed totals."""
    folder = tmp_path_factory.mktemp("annexed") / "content"
    shutil.copytree(SAMPLE, folder)
    (folder / "sources" / "council-annex.txt").write_text(ANNEX, encoding="utf-8")
    sha = hashlib.sha256(ANNEX.encode()).hexdigest()
    (folder / "sources" / "council-annex.yaml").write_text(
        f"id: council-annex\ntitle: An annex\nkind: report\nauthority: Sample Council\npublished: 2023-03\n"
        f"capture: council-annex.txt\nsha256: {sha}\n", encoding="utf-8")
    (folder / "tables" / "warnings-by-month.yaml").write_text(TABLE, encoding="utf-8")
    return folder


def test_readers_see_excluded_rows_our_headings_and_our_totals(annexed: Path) -> None:
    briefing = build_briefing(annexed)
    page = next(p for p in render_site(briefing) if p.path == "tables.md")
    html = BeautifulSoup(page.html, "html.parser")
    table = html.select_one('table[data-table="warnings-by-month"]')
    assert table is not None
    assert table.select_one("thead").get_text(" ", strip=True) == "Month Warnings (our heading: none printed)"
    assert table.select_one("tfoot").get_text(" ", strip=True) == "Total (computed by us, not printed) 3"
    assert "\u201cJune\u201d: The annex prints it twice elsewhere" in html.select_one("ul.excluded-rows").get_text()
    printed = html.select_one('table[data-table="notices-by-area"] tfoot')
    assert printed is not None and printed.get_text(" ", strip=True) == "Totals (as printed) 12 7"
    figures = next(p for p in document(briefing, charts=[])["parts"] if p["part"] == "figures")
    data = next(t for t in figures["tables"] if t["title"] == "Warnings by month")
    assert data["totals"] == {"label": "Total (computed by us, not printed)", "values": ["3"]}
    assert data["columns"][0]["name"] == "Warnings (our heading: none printed)"
    assert data["excluded"] == [{"row": "June", "reason": "The annex prints it twice elsewhere; kept out here for the test."}]
    assert build_pdf(briefing, charts=[]).startswith(b"%PDF")  # the template's excluded rows compile


NOTES = "Notes on the annex\nBefore June | 4 | more\n\nJune | 4 |\nJuly | 1 |\n"


def test_a_short_quote_is_evidence_as_the_whole_row_it_is_not_where_it_is_first_found(tmp_path: Path) -> None:
    """"June | 4 |" (two words) is first found inside line 2, a longer row: it is evidence only as line 4,
    the row it is whole, which follows a blank line."""
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    (folder / "sources" / "council-notes.txt").write_text(NOTES, encoding="utf-8")
    sha = hashlib.sha256(NOTES.encode()).hexdigest()
    (folder / "sources" / "council-notes.yaml").write_text(
        f"id: council-notes\ntitle: Notes\nkind: report\nauthority: Sample Council\npublished: 2023-03\n"
        f"capture: council-notes.txt\nsha256: {sha}\n", encoding="utf-8")
    (folder / "facts" / "notes.yaml").write_text(
        "facts:\n  - id: four-in-june\n    statement: Four warnings were given in June.\n    kind: figure\n    date: 2022-06\n"
        "    citations:\n      - {source: council-notes, locator: Notes, quote: 'June | 4 |'}\n"
        "  - id: one-in-july\n    statement: One warning was given in July.\n    kind: figure\n    date: 2022-07\n"
        "    citations:\n      - {source: council-notes, locator: Notes, quote: 'July | 1 |'}\n", encoding="utf-8")
    content, problems = read_content(folder)
    evidence = verify(content, problems)
    assert [p.message for p in problems.items] == []
    found = {c.quote: (m.first_line, m.last_line, [NOTES[a:b] for a, b in m.spans])
             for c, m in evidence.matches.items() if c.source == "council-notes"}
    assert found == {"June | 4 |": (4, 4, ["June | 4 |"]), "July | 1 |": (5, 5, ["July | 1 |"])}
