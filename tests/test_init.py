"""`briefing init`, end to end, as a new user would: in a temporary folder outside this repository, with the
installed package only (its commands, no PYTHONPATH, no file of this repository), a second, unrelated
investigation from one document: check, archive the document, facts, a table, a finding comparing two passages
of the one document, a chart declared in YAML, `mkdocs build --strict`, an edit seen under `mkdocs serve`,
and nothing of this briefing in the new site's pages, data or PDF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from sitebuild import ROOT, free_port, running, wait_for

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "BRIEFING_PDF")} | {"NO_MKDOCS_2_WARNING": "1"}
"""No SOURCE_DATE_EPOCH: the PDF must be dated from the investigation's own content."""

DOCUMENT = """\
Harbour Town Council
Licensing Committee, minutes of the meeting of 14 May 2024
Item 4. Street outreach grant
The committee noted that the outreach grant was cut by half in April 2023.
Members heard that the outreach service now opens two evenings a week.
Item 5. Notices issued
Quarter | Notices |
January to March | 4 |
April to June | 9 |
Total | 13 |
The chair said the committee would review the notices at its next meeting.
"""

FACTS = """\
# yaml-language-server: $schema=../schema/facts.schema.json
facts:
  - id: grant-cut
    statement: The outreach grant was cut by half in April 2023.
    kind: event
    date: 2023-04
    topics: [documents]
    citations:
      - source: committee-minutes
        locator: Item 4
        quote: "the outreach grant was cut by half in April 2023"
  - id: service-two-evenings
    statement: The outreach service now opens two evenings a week.
    kind: statement
    date: 2024-05-14
    topics: [documents]
    citations:
      - source: committee-minutes
        locator: Item 4
        quote: "the outreach service now opens two evenings a week"
"""

TABLE = """\
# yaml-language-server: $schema=../schema/table.schema.json
id: notices-by-quarter
title: "Notices issued, by quarter"
citation:
  source: committee-minutes
  locator: Item 5
  quote: "Quarter | Notices |"
row_header: Quarter
columns:
  - name: Notices
rows:
  - label: January to March
    values: [4]
  - label: April to June
    values: [9]
totals:
  label: Total
  columns: [13]
topics: [documents]
"""

FINDING = """\
# yaml-language-server: $schema=../schema/findings.schema.json
findings:
  - id: less-outreach
    title: "Less outreach after the grant was cut"
    relation: supports
    sides:
      - label: Funding
        facts: [grant-cut]
      - label: Service
        facts: [service-two-evenings]
    analysis: "The grant was cut by half [@grant-cut]; the service now opens two evenings a week [@service-two-evenings]."
"""

CHARTS = """\
# yaml-language-server: $schema=schema/charts.schema.json
charts:
  - id: notices-by-quarter
    table: notices-by-quarter
    kind: bars
    sort: as-printed
    caption: "Notices issued in each quarter, as the minutes print them."
"""

THIS_BRIEFING = ("Boxster", "MPS", "Metropolitan", "Enfield", "Haringey", "IOM")


def run(*command: str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    tool, *rest = command
    result = subprocess.run([str(BIN / tool), *rest], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if ok:
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def investigation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new investigation made by `briefing init`, its one document archived with `briefing new source`, and
    facts, a table, a finding and a chart written by hand."""
    work = tmp_path_factory.mktemp("elsewhere")
    assert ROOT not in work.parents
    result = run("briefing", "init", "harbour", "--title", "Harbour outreach: what the minutes show", cwd=work)
    assert "harbour" in result.stdout
    folder = work / "harbour"
    assert run("briefing", "check", cwd=folder).stdout.startswith("ok: 0 sources")

    (work / "minutes.txt").write_text(DOCUMENT, encoding="utf-8")
    run("briefing", "new", "source", str(work / "minutes.txt"), "--id", "committee-minutes", cwd=folder)
    source = folder / "content" / "sources" / "committee-minutes.yaml"
    edit(source, 'title: ""', 'title: "Licensing Committee minutes, 14 May 2024"')
    edit(source, 'authority: ""', 'authority: "Harbour Town Council"')
    edit(source, "# published: 2023-03", "published: 2024-05-14")
    edit(source, "kind: other", "kind: minutes")
    content = folder / "content"
    (content / "facts").mkdir()
    (content / "facts" / "minutes.yaml").write_text(FACTS, encoding="utf-8")
    (content / "tables").mkdir()
    (content / "tables" / "notices-by-quarter.yaml").write_text(TABLE, encoding="utf-8")
    (content / "findings").mkdir()
    (content / "findings" / "outreach.yaml").write_text(FINDING, encoding="utf-8")
    (content / "charts.yaml").write_text(CHARTS, encoding="utf-8")
    return folder


def test_init_writes_a_site_that_checks_at_once(tmp_path: Path) -> None:
    run("briefing", "init", "new", cwd=tmp_path)
    folder = tmp_path / "new"
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts} >= {
        "mkdocs.yml", "README.md", ".gitignore", "content/briefing.yaml", "content/entities.yaml", "content/glossary.yaml",
        "content/pages/summary.md", "content/charts.yaml", "content/schema/facts.schema.json", "content/schema/charts.schema.json"}
    assert "plugins:\n  - search\n  - briefing" in (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert run("briefing", "check", cwd=folder).stdout.startswith("ok: ")
    again = run("briefing", "init", "new", cwd=tmp_path, ok=False)
    assert again.returncode == 1 and "is not empty" in again.stderr and "Traceback" not in again.stderr


def test_the_policy_of_one_source_is_a_setting(investigation: Path) -> None:
    """A finding comparing two passages of one document: refused by default, allowed by `finding_sources: 1`."""
    refused = run("briefing", "check", cwd=investigation, ok=False)
    assert refused.returncode == 1
    assert ("content/findings/outreach.yaml:7: finding 'less-outreach' draws on only one source (committee-minutes); findings "
            "draw on at least 2 (finding_sources in content/briefing.yaml)") in refused.stderr
    edit(investigation / "content" / "briefing.yaml", "# finding_sources: 2", "finding_sources: 1")
    assert run("briefing", "check", cwd=investigation).stdout.startswith("ok: 1 sources, 2 facts, 1 tables")


def test_hints_name_the_real_content_folder(tmp_path: Path) -> None:
    run("briefing", "init", "other", cwd=tmp_path)
    folder = tmp_path / "other"
    (folder / "content").rename(folder / "evidence")
    summary = folder / "evidence" / "pages" / "summary.md"
    edit(summary, "rests on. [@editorial]", "rests on. [@no-such-fact]")
    result = run("briefing", "check", "--content", "evidence", cwd=folder, ok=False)
    assert "evidence/pages/summary.md:9: unknown fact 'no-such-fact'. Hint: facts are in evidence/facts/." in result.stderr
    assert "content/" not in result.stderr


@pytest.fixture(scope="module")
def built(investigation: Path) -> Path:
    settings = investigation / "content" / "briefing.yaml"
    if "# finding_sources: 2" in settings.read_text(encoding="utf-8"):
        edit(settings, "# finding_sources: 2", "finding_sources: 1")
    result = run("mkdocs", "build", "--strict", cwd=investigation)
    assert "WARNING" not in result.stderr, result.stderr
    return investigation / "site"


def test_the_new_site_is_built(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "Harbour outreach: what the minutes show" in home
    assert "quick-exit" in home and "Content-Security-Policy" in home  # the package's overrides and hardening, no custom_dir
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    assert {f["id"] for f in facts["facts"]} >= {"grant-cut", "service-two-evenings"}
    assert (built / "findings" / "index.html").is_file()
    figures = (built / "figures" / "index.html").read_text(encoding="utf-8")
    assert 'data-chart="notices-by-quarter"' in figures and (built / "charts" / "notices-by-quarter.csv").is_file()


def test_nothing_of_this_briefing_in_the_new_site(built: Path) -> None:
    theme = {built / "assets" / "javascripts", built / "assets" / "stylesheets"}  # Material's own files
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".txt", ".js", ".css", ".svg") and not theme & set(path.parents):
            text = path.read_text(encoding="utf-8")
            found = [w for w in THIS_BRIEFING if w in text]
            assert not found, f"{path.relative_to(built)} mentions {found}"
    pdf = pypdfium2.PdfDocument(built / "briefing.pdf")
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "Harbour outreach" in text
    assert not [w for w in THIS_BRIEFING if w in text]


def test_the_pdf_is_dated_by_the_investigations_own_content(built: Path) -> None:
    """Not by this repository's history, nor the clock: by the newest source's publication (14 May 2024)."""
    created = PdfReader(built / "briefing.pdf").metadata.creation_date  # type: ignore[union-attr]
    assert created is not None and created.astimezone(UTC).date() == datetime(2024, 5, 14, tzinfo=UTC).date()


def test_an_edit_is_served_by_mkdocs_serve(built: Path, investigation: Path) -> None:
    port = free_port()
    with running([str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"], investigation, env=ENV):
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/facts/", lambda t: "now opens two evenings a week" in t)
        edit(investigation / "content" / "facts" / "minutes.yaml", "statement: The outreach service now opens two evenings a week.",
             "statement: The outreach service opens on two evenings a week only.")
        wait_for(f"{base}/facts/", lambda t: "opens on two evenings a week only" in t)
