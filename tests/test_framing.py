"""Fair framing: voices, periods, caveats, relations and the right of reply, on the sample and the real briefing.

The refusals themselves (one message each) are fixtures in tests/errors/ (voice-*, period-*, contradicts-*,
pair-*, caveat-*, publication-*, reply-*); these tests check what readers see and what the real content must keep.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.build import build_briefing
from briefing.data import facts_json
from briefing.errors import ContentError
from briefing.site import render_site

ROOT = Path(__file__).resolve().parent.parent

CAVEATS = """\
caveats:
  - id: same-people
    text: "The notices could relate to the same people."
    applies_to: [twelve-notices, notices-by-area]
"""

REPLIES = """\
replies:
  - id: council-asked
    to: Sample Council press office
    findings: [notices-and-policy]
    question: "Why were notices issued while the scheme was not adopted?"
    sent: 2023-04-01
    response: "The council declined to comment."
  - id: council-not-yet
    to: Sample Council press office
    findings: [notices-and-policy]
    question: "Draft question the editors have not sent."
"""


def pages_of(content: Path, preview: bool = False) -> dict[str, str]:
    return {p.path: p.html for p in render_site(build_briefing(content), preview=preview)}


def test_a_caveat_shows_on_every_page_that_uses_its_figures(sample: Path) -> None:
    (sample / "caveats.yaml").write_text(CAVEATS, encoding="utf-8")
    briefing = build_briefing(sample)
    pages = {p.path: p.html for p in render_site(briefing)}
    text = "The notices could relate to the same people."
    # every page that shows the fact or the table's figures: the narrative page citing it, the finding,
    # the facts page, the answered question, the tables page, and the derived fact computed from the table
    users = [path for path, html in pages.items() if 'data-fact="twelve-notices"' in html or 'data-cites-fact="twelve-notices"' in html
             or 'data-table="notices-by-area"' in html]
    assert {"summary.md", "findings.md", "facts.md", "questions.md", "tables.md"} <= set(users)
    for path in users:
        assert text in pages[path], path
    assert [c.id for c in briefing.caveats_of["notices-total"]] == ["same-people"]  # derived from the table
    assert text not in pages["glossary.md"]
    fact = next(f for f in json.loads(facts_json(briefing))["facts"] if f["id"] == "twelve-notices")
    assert fact["caveats"] == [{"id": "same-people", "text": text}]


def test_caveats_and_replies_in_the_pdf(sample: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from briefing.pdf import build_pdf

    (sample / "caveats.yaml").write_text(CAVEATS, encoding="utf-8")
    (sample / "replies.yaml").write_text(REPLIES, encoding="utf-8")
    out = sample.parent / "b.pdf"
    out.write_bytes(build_pdf(build_briefing(sample)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert "Caveat: The notices could relate to the same people." in text
    assert "Right of reply. Put to Sample Council press office on 1 April 2023" in text
    assert "The council declined to comment." in text
    assert "Draft question the editors have not sent." not in text


def test_the_reply_register_renders_sent_entries_and_lists_unsent_ones_for_editors_only(sample: Path) -> None:
    (sample / "replies.yaml").write_text(REPLIES, encoding="utf-8")
    public = pages_of(sample)["findings.md"]
    assert "Right of reply" in public and "Put to Sample Council press office on 1 April 2023" in public
    assert "The council declined to comment." in public
    assert "Draft question the editors have not sent." not in "".join(pages_of(sample).values())
    preview = pages_of(sample, preview=True)["findings.md"]
    assert 'data-unsent-reply="council-not-yet"' in preview and "Editors only (preview): not yet sent" in preview


def test_check_lists_replies_not_yet_sent(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefing.cli import main

    (sample / "replies.yaml").write_text(REPLIES, encoding="utf-8")
    assert main(["check", "--content", "content"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["editors: reply 'council-not-yet' to Sample Council press office (findings: notices-and-policy) is not yet sent."]


def test_publication_passes_once_the_finding_was_put_to_its_subject(sample: Path) -> None:
    settings = sample / "briefing.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("prepared_by:", "publication: true\nprepared_by:"), encoding="utf-8")
    findings = sample / "findings" / "findings.yaml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("relation: qualifies", "relation: qualifies\n    subject: sample-council"),
                        encoding="utf-8")
    with pytest.raises(ContentError):
        build_briefing(sample)
    (sample / "replies.yaml").write_text(REPLIES, encoding="utf-8")
    assert build_briefing(sample).replies_to("notices-and-policy")[0].id == "council-asked"


def test_relations_are_defined_for_readers(sample: Path) -> None:
    html = pages_of(sample)["findings.md"]
    assert "the documents assert incompatible things about the same matter and period" in html.lower()
    # each relation in plain words, with its meaning, once at the top of the page (not again at every finding)
    assert ">One document qualifies another</dt><dd>One document limits, explains or complicates" in html
    assert html.count("One document limits, explains or complicates") == 1


# -- the real briefing ------------------------------------------------------------------------------------------
@pytest.fixture
def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.chdir(tmp_path)
    return content


def problems_after(content: Path, file: str, old: str, new: str) -> list[str]:
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_briefing(content)
    return [str(p) for p in caught.value.problems]


def test_the_requesters_note_can_never_read_as_the_mps_conduct(real: Path) -> None:
    found = problems_after(real, "facts/iom-evidence-gathering.yaml", "The requester's note, reprinted in the March 2023 response, says that at",
                           "The MPS says that at")
    assert len(found) == 1
    assert "fact 'internal-review-neither-confirm-nor-deny': the statement attributes words or conduct to the authority (\"The MPS says\")" in found[0]
    assert "(source 'foi-22-027745', line 17)" in found[0]


def test_the_slides_period_belongs_to_two_lines_only(real: Path) -> None:
    found = problems_after(real, "facts/slides-2021-12.yaml", '''    statement: The snapshot counts 60 "Identified sex workers"; no period is printed on this line.
    negation: The quoted line is the whole line of the slide, and it prints no period.
    kind: figure
    date: 2021-12''', '''    statement: The snapshot counts 60 "Identified sex workers".
    kind: figure
    date: 2021-08-01/2021-11-26''')
    line = _line(real, "facts/slides-2021-12.yaml", "date: 2021-08-01/2021-11-26", after='60 "Identified')
    assert found == [(f"content/facts/slides-2021-12.yaml:{line}: "
                     "fact 'slides-60-identified-sex-workers' is dated 2021-08-01/2021-11-26, but row 'Identified sex workers' of table "
                     "'team-performance-2021', which it quotes (source line 61), prints no period beside its figure. Hint: a figure has only "
                     "the period printed beside it: date the fact by its source's publication (2021-12), or leave the date out.")]


def _line(content: Path, file: str, text: str, after: str) -> int:
    lines = (content / file).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if text in lines[i]) + 1


def test_the_real_briefing_declares_voices_and_cites_them() -> None:
    briefing = build_briefing(ROOT / "content")
    note = briefing.cited["internal-review-neither-confirm-nor-deny"][0]
    assert note.voice_name == "requester" and note.match.first_line == 17
    press = briefing.cited["week-of-action-55-arrests"][0]
    assert press.voice_name == "reprint"
    data = json.loads(facts_json(briefing))
    assert all("voice" in c for f in data["facts"] for c in f["citations"])
    assert not [f for f in briefing.findings if f.relation == "contradicts" and len(f.pair) != 2]
    assert {r.id for r in briefing.replies if r.sent is None} == {"mps-iom-approach-and-database", "mps-cpw-cpn-nationalities", "mps-draft-dpia"}
    assert "same-individuals" in {c.id for c in briefing.caveats_of["foi-027379-data-in-attachments"]}
