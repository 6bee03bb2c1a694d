"""The README's path for a new editor: archive a source, add a cited fact, see both on the site
and on the timeline, without touching any Python."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import build_site

from briefing.cli import main


def test_new_source_and_fact_reach_the_site(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = tmp_path / "minutes.txt"
    capture.write_text("Cookie banner\nMinutes of the panel, 14 March 2023\nThe panel agreed to review the notices.\n", encoding="utf-8")

    # 1. archive it
    assert main(["new", "source", str(capture), "--id", "panel-minutes", "--content", "content"]) == 0
    metadata = sample / "sources" / "panel-minutes.yaml"
    assert (sample / "sources" / "panel-minutes.txt").read_bytes() == capture.read_bytes()
    # the skeleton is not valid until the editor fills it in, and says what is missing
    assert main(["check", "--content", "content"]) == 1
    assert "missing required field 'published'" in capsys.readouterr().err

    # 2. fill in the metadata as the README says
    text = metadata.read_text(encoding="utf-8")
    text = (text.replace('title: ""', 'title: "Minutes of the panel"').replace('authority: ""', "authority: Sample Council")
            .replace("kind: other", "kind: minutes").replace("# published: 2023-03", "published: 2023-03-14")
            .replace("first_line: 1", "first_line: 2"))
    metadata.write_text(text, encoding="utf-8")

    # 3. find the passage, then cite it in a new fact
    assert main(["find", "panel-minutes", "agreed to review the notices", "--content", "content"]) == 0
    assert "found at line 3" in capsys.readouterr().out
    with (sample / "facts" / "panel.yaml").open("w", encoding="utf-8") as f:
        f.write(
            "facts:\n"
            "  - id: panel-agreed-review\n"
            "    statement: The panel agreed to review the notices.\n"
            "    kind: event\n"
            "    date: 2023-03-14\n"
            "    topics: [notices]\n"
            "    citations:\n"
            "      - source: panel-minutes\n"
            "        locator: Minutes\n"
            "        quote: \"The panel agreed to review the notices.\"\n"
        )
    assert main(["check", "--content", "content"]) == 0

    # 4. build: the source has its page, the fact its citation, the timeline its entry
    result = build_site(sample, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    source = BeautifulSoup((site / "sources" / "panel-minutes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert source.find(id="cite-panel-agreed-review-1") is not None
    timeline = BeautifulSoup((site / "timeline" / "index.html").read_text(encoding="utf-8"), "html.parser")
    entry = timeline.find(id="panel-agreed-review")
    assert entry is not None and "14 March 2023" in entry.get_text() and entry.select("a.citation")
    assert timeline.find(id="published-panel-minutes") is not None
