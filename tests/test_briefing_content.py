"""The real briefing: every FOI question has an answer status, every dated event is on the
timeline with a citation, every abbreviation of the documents is in the glossary, and key
passages of the documents are quoted from the right source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT

from briefing.assemble import Briefing
from briefing.build import build_briefing

ABBREVIATIONS = ["BCU", "NA", "LBE", "LBH", "VAWG", "VAWAG", "SARA", "ISVA", "IOM", "PNC", "BWV", "UC", "CPS", "ASB", "CPW", "CPN", "CBO", "NRM", "NCCU", "DPIA", "ICO", "TSG", "TPA", "LRO", "NPCC", "SWLO", "MPS", "FOI", "FOIA"]


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return build_briefing(ROOT / "content")


@pytest.fixture
def site(built_sites: dict[str, Path]) -> Path:
    return built_sites["real"]


def test_every_numbered_question_has_a_status(briefing: Briefing) -> None:
    for source in briefing.sources:
        if source.kind != "foi-response":
            continue
        text = briefing.captures[source.id].text
        asked = set(re.findall(r"^(Q\d+[a-z]?)\s*[-:]", text, re.MULTILINE))
        recorded = {q.number.split()[0] for q in briefing.questions if q.asked.source == source.id}
        assert asked <= recorded, f"{source.reference}: no answer status for {sorted(asked - recorded)}"


def test_questions_page_shows_every_status(briefing: Briefing, site: Path) -> None:
    soup = BeautifulSoup((site / "questions" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for question in briefing.questions:
        section = soup.find(id=question.id)
        assert section is not None, question.id
        assert section["data-status"] == question.status
        assert section.select_one(".answer-status").get_text(strip=True)
        assert section.select("a.citation")
    withheld = BeautifulSoup((site / "withheld" / "index.html").read_text(encoding="utf-8"), "html.parser")
    # the withheld page is its own view: a row per question not fully answered, grouped by reason, linking to it
    assert not withheld.select("section.question"), "the withheld page repeats the questions page"
    rows = withheld.select("table.withheld-table tr[data-question]")
    assert {str(tr["data-question"]) for tr in rows} == {q.id for q in briefing.questions if q.status != "answered"}
    assert all(tr.select_one(f'a[href="../questions/#{tr["data-question"]}"]') for tr in rows)


def test_timeline_has_every_dated_event_cited(briefing: Briefing, site: Path) -> None:
    soup = BeautifulSoup((site / "timeline" / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = {li["id"]: li for li in soup.select("li.entry")}
    dated = [f for f in briefing.facts if f.date]
    assert dated and all(f.id in entries for f in dated)
    for table in briefing.tables:
        for event in table.events:
            column = [c.name for c in table.columns].index(event.column)
            for r, row in enumerate(table.rows, start=1):
                if row.values[column] is not None:
                    assert f"{table.id}-row-{r}-{column + 1}" in entries
    for source in briefing.sources:
        assert f"published-{source.id}" in entries
    for entry_id, li in entries.items():
        cited = li.select("a.citation") or li.select(".entry-publication a[href*='sources/']")
        assert cited, f"timeline entry {entry_id} has no citation"


def test_timeline_keeps_the_precision_of_dates(site: Path) -> None:
    text = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "since May 2020" in text
    assert "January \u2013 March 2021" in text
    assert "December 2021" in text


def test_glossary_has_every_abbreviation_of_the_documents(briefing: Briefing) -> None:
    terms = {t.term for t in briefing.terms}
    assert not [a for a in ABBREVIATIONS if a not in terms]


def test_abbreviations_are_explained_where_they_appear(site: Path) -> None:
    soup = BeautifulSoup((site / "summary" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(a.get_text() == "MPS" and a.get("title") for a in soup.select(".narrative abbr"))


@pytest.mark.parametrize(
    ("source", "passage"),
    [
        ("slides-2021-12", "IOM style evidence gathering on problem sex workers"),
        ("slides-2021-12", "Sex worker arrests limited to No Trace PNC"),
        ("slides-2021-12", "Phone data collected to ascertain patterns of control or evidence of trafficking"),
        ("foi-22-027745", "this approach was not adopted"),
        ("foi-22-027745", "A total of 88 sex workers have been identified"),
        ("foi-22-027745", "Operation Boxster removes officers from the area which they conduct their outreach"),
        ("foi-22-027745", "Operation Boxster does not ban sex workers from large areas"),
        ("foi-22-027745", "after numerous contacts and warnings"),
        ("foi-22-027745", "since May 2020 no referrals have been made"),
        ("foi-22-027379", "Operation Boxster did not run between January and March 2021"),
        ("foi-22-027379", "the counting of sex workers seen by the officers only commenced from August 2021"),
        ("foi-22-027379", "the MPS does not hold a DPIA for Operation Boxster at this time"),
        ("foi-22-027379", "data from June 2020 until December 2020 is not available"),
        ("foi-22-022752", "Fifteen people were searched in total"),
        ("foi-22-022752", "55 arrests were made"),
        ("foi-23-033350", "The MPS does not have any Sex Work Liaison Officers"),
        ("foi-23-033350", "Operation Evergreen"),
    ],
)
def test_key_passages_are_cited_from_their_source(briefing: Briefing, source: str, passage: str) -> None:
    quotes = [c.citation.quote for cited in briefing.cited.values() for c in cited if c.source.id == source]
    norm = lambda s: " ".join(s.replace("\u2019", "'").split())
    assert any(norm(passage) in norm(q) for q in quotes), passage
