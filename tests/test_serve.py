"""The editors' preview: `mkdocs serve` shows an edit, shows a content error with file and line,
and shows the page again once the error is fixed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitebuild import ROOT, build_site, fetch, serving, wait_for, write_config

SAMPLE = ROOT / "tests" / "sample"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    with serving(write_config(content, tmp_path / "site")) as base:
        yield base, content


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_error_and_recovery(preview: tuple[str, Path]) -> None:
    base, content = preview
    facts = content / "facts" / "council.yaml"
    wait_for(f"{base}/facts/", lambda t: "Twelve notices were issued" in t)

    _edit(facts, "statement: Twelve notices were issued, all in the north ward.",
          "statement: Twelve notices were issued, every one in the north ward.")
    wait_for(f"{base}/facts/", lambda t: "every one in the north ward" in t)

    _edit(facts, 'quote: "No data is held before May 2020."', 'quote: "No data is kept before May 2020."')
    page = wait_for(f"{base}/facts/", lambda t: "Content problems" in t)
    assert "council.yaml:28:" in page, page[page.find("content-problems"):][:1500]  # the file and line of the broken quote
    assert "quote not found in source" in page and "nearest passage" in page
    assert "every one in the north ward" not in page  # no stale page that looks valid
    assert "Content problems" in fetch(f"{base}/")

    _edit(facts, 'quote: "No data is kept before May 2020."', 'quote: "No data is held before May 2020."')
    page = wait_for(f"{base}/facts/", lambda t: "every one in the north ward" in t)
    assert "Content problems" not in page


def test_preview_remembers_only_what_did_not_change(preview: tuple[str, Path], tmp_path: Path) -> None:
    """The preview reuses unchanged pages' search entries (briefing/mkdocs/preview.py): after an edit, its
    search index is the one a full build of the same content writes."""
    base, content = preview
    wait_for(f"{base}/facts/", lambda t: "Twelve notices were issued" in t)
    _edit(content / "facts" / "council.yaml", "statement: Twelve notices were issued, all in the north ward.",
          "statement: Twelve notices were issued, all of them in the north ward.")
    wait_for(f"{base}/facts/", lambda t: "all of them in the north ward" in t)
    served = json.loads(fetch(f"{base}/search/search_index.json"))
    assert any("all of them in the north ward" in doc["text"] for doc in served["docs"])

    built = build_site(content, tmp_path / "built")
    assert built.returncode == 0, built.stderr
    assert served == json.loads((tmp_path / "built" / "search" / "search_index.json").read_text(encoding="utf-8"))
